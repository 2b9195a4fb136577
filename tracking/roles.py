"""Curators edit timeline events. `cases.roles.ensure_groups` resets the Curators group after
every migrate; this app is installed after `cases`, so its handler runs afterwards and adds its
model. Subscriptions (personal data) are not given to curators: only administrators see them."""

from django.contrib.auth.models import Group, Permission

from cases.roles import CURATORS


def grant_curators(**kwargs) -> None:
    curators, _ = Group.objects.get_or_create(name=CURATORS)
    curators.permissions.add(
        *Permission.objects.filter(content_type__app_label="tracking", content_type__model="timelineevent")
    )

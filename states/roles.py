"""Curators edit the States data (missions, Council terms, sessions, resolutions, statements).

`cases.roles.ensure_groups` resets the Curators group's permissions after every migrate; this app
is installed after `cases`, so its own post_migrate handler runs afterwards and adds its models.
"""

from django.contrib.auth.models import Group, Permission

from cases.roles import CURATORS

STATES_MODELS = [
    "permanentmission",
    "councilmembership",
    "session",
    "resolution",
    "sponsorship",
    "statement",
]


def grant_curators(**kwargs) -> None:
    curators, _ = Group.objects.get_or_create(name=CURATORS)
    curators.permissions.add(
        *Permission.objects.filter(content_type__app_label="states", content_type__model__in=STATES_MODELS)
    )

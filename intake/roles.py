"""Who may do what with intake: the Curators group (cases.roles) triages, decrypts, makes cases
and prepares the annual submission. Researchers get nothing here."""

from django.contrib.auth.models import Group, Permission

from cases.roles import CURATORS

CURATOR_PERMISSIONS = [
    "view_submission",
    "change_submission",
    "delete_submission",
    "decrypt_submission",
    "prepare_annual_submission",
]


def grant_curators(**kwargs) -> None:
    curators, _ = Group.objects.get_or_create(name=CURATORS)
    curators.permissions.add(
        *Permission.objects.filter(content_type__app_label="intake", codename__in=CURATOR_PERMISSIONS)
    )

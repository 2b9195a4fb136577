"""Curators (cases.roles.CURATORS) upload reports and review what is read from them."""

from django.contrib.auth.models import Group, Permission

from cases.roles import CURATORS

CURATOR_PERMISSIONS = [
    "view_ingestjob",
    "add_ingestjob",
    "change_ingestjob",
    "view_candidatecase",
    "change_candidatecase",
    "view_candidatelink",
    "change_candidatelink",
    "view_extractedspan",
]


def grant_curators(**kwargs) -> None:
    curators, _ = Group.objects.get_or_create(name=CURATORS)
    curators.permissions.add(
        *Permission.objects.filter(content_type__app_label="ingest", codename__in=CURATOR_PERMISSIONS)
    )

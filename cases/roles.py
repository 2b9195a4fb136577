"""Staff roles as Django groups, created after every migrate so they never drift from code."""

from django.contrib.auth.models import Group, Permission

CURATORS = "Curators"
RESEARCHERS = "Researchers"

_CURATOR_MODELS = [
    "case",
    "victim",
    "mention",
    "report",
    "paragraph",
    "mechanism",
    "reprisaltype",
    "victimrole",
]


def ensure_groups(**kwargs) -> None:
    curators, _ = Group.objects.get_or_create(name=CURATORS)
    perms = Permission.objects.filter(
        content_type__app_label="cases", content_type__model__in=_CURATOR_MODELS
    )
    curators.permissions.set([*perms, *Permission.objects.filter(codename="view_restricted")])
    Group.objects.get_or_create(name=RESEARCHERS)

"""Roles as Django groups, created (and their permissions reset) after every migrate so they never
drift from this file. docs/security.md has the table; in short:

| Role          | Group            | What it may do                                                   |
| ------------- | ---------------- | ---------------------------------------------------------------- |
| anonymous     | —                | published public cases                                           |
| researcher    | `Researchers`    | + the restricted/confidential records an AccessGrant opens       |
| editor        | `Curators`       | edits case data, publishes, sees drafts and every restricted     |
|               |                  | record (confidential ones only through a grant); other apps add  |
|               |                  | their own editing permissions to this group                       |
| reviewer      | `Reviewers`      | reads case data, every restricted record and the audit log;      |
|               |                  | changes nothing                                                   |
| administrator | `Administrators` | manages accounts, groups, access grants, second factors and      |
|               |                  | login lockouts; reads the audit log; may override a victim's      |
|               |                  | consent with a recorded reason (superusers: everything)           |

The editor group keeps its historical name "Curators": four apps and existing databases add
people and permissions to it by that name (`CURATORS`; `EDITORS` is the same group).

Confidential records are never opened by a role: only by an AccessGrant for the record or its
country (or to superusers) — see cases/visibility.py.
"""

from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

# Role names, as recorded in the audit log.
ANONYMOUS = "anonymous"
RESEARCHER = "researcher"
EDITOR = "editor"
REVIEWER = "reviewer"
ADMINISTRATOR = "administrator"

# Group names.
RESEARCHERS = "Researchers"
CURATORS = "Curators"
EDITORS = CURATORS
REVIEWERS = "Reviewers"
ADMINISTRATORS = "Administrators"

_CURATOR_MODELS = [
    "case",
    "victim",
    "mention",
    "report",
    "paragraph",
    "mechanism",
    "reprisaltype",
    "victimrole",
    "consent",
]
# Only administrators may override a victim's consent (cases/consent.py); curators record it.
OVERRIDE_CONSENT = "override_consent"

# Apps whose permissions the groups below refer to; created first, since this handler runs
# when the cases app has migrated, possibly before the apps listed after it.
_APPS_REFERRED_TO = ["auth", "cases", "audit", "accounts", "otp_totp"]


def _perms(*conditions: Q):
    query = Q()
    for condition in conditions:
        query |= condition
    return Permission.objects.filter(query)


def _codenames(app_label: str, *codenames: str) -> Q:
    return Q(content_type__app_label=app_label, codename__in=codenames)


def _ensure_permissions(using: str = "default") -> None:
    from django.contrib.auth.management import create_permissions

    for label in _APPS_REFERRED_TO:
        try:
            config = global_apps.get_app_config(label)
        except LookupError:
            continue
        create_permissions(config, verbosity=0, using=using)


def ensure_groups(using: str = "default", **kwargs) -> None:
    """Create the role groups and set their permissions (connected to post_migrate)."""
    _ensure_permissions(using)
    audit_view = _codenames("audit", "view_auditevent")

    curators, _ = Group.objects.get_or_create(name=CURATORS)
    curators.permissions.set(
        _perms(
            Q(content_type__app_label="cases", content_type__model__in=_CURATOR_MODELS)
            & ~Q(codename=OVERRIDE_CONSENT),
            _codenames("cases", "view_restricted"),
            audit_view,
        )
    )

    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS)
    reviewers.permissions.set(
        _perms(
            Q(
                content_type__app_label="cases",
                content_type__model__in=[*_CURATOR_MODELS, "accessgrant", "country"],
                codename__startswith="view_",
            ),
            audit_view,
        )
    )

    administrators, _ = Group.objects.get_or_create(name=ADMINISTRATORS)
    administrators.permissions.set(
        _perms(
            Q(content_type__app_label="auth", content_type__model__in=["user", "group"]),
            Q(content_type__app_label="cases", content_type__model="accessgrant"),
            _codenames("cases", "view_case", "view_country", OVERRIDE_CONSENT),
            Q(content_type__app_label="otp_totp", codename__in=["view_totpdevice", "delete_totpdevice"]),
            Q(
                content_type__app_label="accounts",
                codename__in=["view_loginthrottle", "delete_loginthrottle"],
            ),
            audit_view,
        )
    )

    Group.objects.get_or_create(name=RESEARCHERS)


_ROLE_OF_GROUP = [(ADMINISTRATORS, ADMINISTRATOR), (CURATORS, EDITOR), (REVIEWERS, REVIEWER)]


def roles_of(user) -> list[str]:
    """The roles `user` holds, highest first (as recorded in the audit log)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return [ANONYMOUS]
    names = set(user.groups.values_list("name", flat=True))
    roles = [role for group, role in _ROLE_OF_GROUP if group in names]
    if user.is_superuser and ADMINISTRATOR not in roles:
        roles.insert(0, ADMINISTRATOR)
    return roles or [RESEARCHER]

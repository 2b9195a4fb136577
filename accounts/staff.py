"""Creating staff accounts with a role, in one step (`manage.py create_staff`, the admin's "Add
user" form).

A role is a group (cases/roles.py, campaigns/roles.py). A new account gets no password: it gets
a link to choose one (the password-reset link, queued through the mailer), so no password ever
travels by e-mail, chat or terminal history.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from campaigns.roles import CAMPAIGNERS
from cases.roles import ADMINISTRATORS, CURATORS, REVIEWERS

# Role name (as typed on the command line) -> group.
ROLE_GROUPS = {
    "curator": CURATORS,
    "reviewer": REVIEWERS,
    "campaigner": CAMPAIGNERS,
    "administrator": ADMINISTRATORS,
}
ROLE_CHOICES = [
    ("curator", _("curator: edits, reviews reports, publishes, triages intake")),
    ("reviewer", _("reviewer: reads case data and the audit log, changes nothing")),
    ("campaigner", _("campaigner: runs campaigns, sees supporters' data")),
    ("administrator", _("administrator: manages accounts, roles and access grants")),
]


def set_roles(user, roles: list[str]) -> None:
    """Give `user` exactly these staff roles (other groups, e.g. Researchers, are kept)."""
    unknown = set(roles) - set(ROLE_GROUPS)
    if unknown:
        raise ValueError(f"unknown role(s): {', '.join(sorted(unknown))}")
    role_groups = Group.objects.filter(name__in=ROLE_GROUPS.values())
    user.groups.remove(*role_groups)
    user.groups.add(*Group.objects.filter(name__in=[ROLE_GROUPS[role] for role in roles]))


@transaction.atomic
def create_staff(email: str, roles: list[str], *, username: str = "") -> tuple[object, bool]:
    """The staff account for `email` with these roles: created (without a password) or, when an
    account already uses that username, given the roles. Returns (user, created)."""
    validate_email(email)
    if not roles:
        raise ValidationError(_("Choose at least one role."))
    User = get_user_model()
    username = username or email
    user, created = User.objects.get_or_create(username=username, defaults={"email": email, "is_staff": True})
    if created:
        user.set_unusable_password()
    user.is_staff = True
    user.is_active = True
    user.email = user.email or email
    user.save()
    set_roles(user, roles)
    return user, created


def password_link(user) -> str:
    """The absolute address where `user` chooses a password (valid PASSWORD_RESET_TIMEOUT)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})


def queue_welcome(user) -> None:
    """Queue the welcome message with the link to choose a password."""
    from mailer.services import queue_email

    queue_email(
        "accounts/email/welcome_staff",
        to=user.email,
        context={
            "username": user.get_username(),
            "link": password_link(user),
            "hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600),
        },
        category="staff-welcome",
    )

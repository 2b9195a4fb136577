"""Creating staff with a role: `manage.py create_staff` and the admin's "Add user" form."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from campaigns.roles import CAMPAIGNERS
from cases.roles import CURATORS, RESEARCHERS, REVIEWERS
from mailer.models import OutboundEmail

User = get_user_model()


def _groups(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def _run(*args) -> str:
    out = StringIO()
    call_command("create_staff", *args, stdout=out)
    return out.getvalue()


def test_the_command_creates_a_curator_who_chooses_a_password_by_link(client, db):
    _run("amina@example.org", "--role", "curator")
    user = User.objects.get(username="amina@example.org")
    assert user.is_staff and not user.is_superuser and _groups(user) == {CURATORS}
    assert not user.has_usable_password()
    message = OutboundEmail.objects.get(to="amina@example.org", category="staff-welcome")
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+)", message.body_text).group(1)
    form = client.get(link, follow=True)
    new = "a much longer passphrase 4 us"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


def test_several_roles_a_username_and_the_link_printed(db):
    out = _run(
        "li@example.org", "--role", "reviewer", "--role", "campaigner", "--username", "li", "--no-email"
    )
    user = User.objects.get(username="li")
    assert _groups(user) == {REVIEWERS, CAMPAIGNERS}
    assert "/accounts/reset/" in out and not OutboundEmail.objects.exists()


def test_an_existing_account_gets_the_role_and_keeps_its_password_and_other_groups(researcher):
    _run(researcher.email, "--role", "curator", "--username", researcher.username)
    researcher.refresh_from_db()
    assert researcher.is_staff and _groups(researcher) == {RESEARCHERS, CURATORS}
    assert researcher.check_password("correct horse battery staple")
    assert not OutboundEmail.objects.exists()


@pytest.mark.parametrize(
    "args",
    [("not-an-address", "--role", "curator"), ("x@example.org", "--role", "overlord"), ("x@example.org",)],
)
def test_bad_input_is_refused_and_creates_nothing(db, args):
    with pytest.raises((CommandError, SystemExit)):
        _run(*args)
    assert not User.objects.filter(email__in=["not-an-address", "x@example.org"]).exists()


def test_the_admin_creates_staff_with_a_role(client, administrator):
    client.force_login(administrator)
    page = client.get("/admin/auth/user/add/").content.decode()
    assert 'name="roles"' in page and 'value="curator"' in page
    response = client.post(
        "/admin/auth/user/add/",
        {"username": "omar", "email": "omar@example.org", "roles": ["curator"], "usable_password": "false"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="omar")
    assert user.is_staff and _groups(user) == {CURATORS} and not user.has_usable_password()
    assert OutboundEmail.objects.filter(to="omar@example.org", category="staff-welcome").exists()


def test_the_admin_asks_for_an_address_when_there_is_no_password(client, administrator):
    client.force_login(administrator)
    response = client.post(
        "/admin/auth/user/add/", {"username": "nobody", "roles": ["curator"], "usable_password": "false"}
    )
    assert response.status_code == 200 and "to send the link" in response.content.decode()
    assert not User.objects.filter(username="nobody").exists()

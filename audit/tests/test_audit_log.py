"""The audit log: every change of case data, every view or export of a non-public record, who
and in which role; append-only in the model, the queryset, the database and the admin."""

import pytest
from django.contrib.auth.models import Group
from django.db import DatabaseError, connection, transaction

from audit.context import acting_as
from audit.models import AppendOnlyError, AuditEvent
from audit.services import record_access
from cases.models import AccessGrant, Case, Country
from cases.roles import REVIEWERS
from cases.tests.factories import CaseFactory, UserFactory, VictimFactory
from cases.visibility import Visibility

MARKER = "Qwxauditmarker"


def _events(**filters):
    return list(AuditEvent.objects.filter(**filters).order_by("id"))


def test_changes_to_a_case_are_recorded_with_who_and_role(curator):
    with acting_as(curator):
        case = CaseFactory(title=f"{MARKER} title", visibility=Visibility.CONFIDENTIAL)
        case.title = f"{MARKER} changed"
        case.status = Case.Status.RESOLVED
        case.save()
        victim = VictimFactory(case=case, name=f"{MARKER} person")
        case_pk, public_id = case.pk, case.public_id
        case.delete()
    events = _events(case_pk=case_pk)
    actions = [(e.object_type, e.action) for e in events]
    assert ("cases.case", "create") in actions
    assert ("cases.case", "update") in actions
    assert ("cases.victim", "create") in actions
    assert ("cases.victim", "delete") in actions  # deleted with its case
    assert actions[-1] == ("cases.case", "delete")
    update = next(e for e in events if e.action == "update" and e.object_type == "cases.case")
    assert update.summary.startswith("changed: ") and {"title", "status"} <= set(
        update.summary.removeprefix("changed: ").split(", ")
    )
    for event in events:
        assert event.username == "curator" and event.role == "editor" and event.user_id == curator.pk
        # Names and texts of the record never enter the log, which other staff read.
        assert MARKER not in event.summary
    assert {e.public_id for e in events if e.object_type == "cases.case"} == {public_id}
    assert victim.pk  # created


def test_many_to_many_and_group_changes_are_recorded(administrator):
    user = UserFactory(username="promoted")
    with acting_as(administrator):
        user.groups.add(Group.objects.get(name=REVIEWERS))
        case = CaseFactory(mechanisms=["upr"])
    group_event = _events(object_type="auth.user", object_id=str(user.pk), action="update")[-1]
    assert group_event.summary.endswith("groups: added 1")
    assert group_event.role == "administrator"
    assert any(e.summary.startswith("mechanisms: added") for e in _events(case_pk=case.pk))


def test_grants_are_recorded(administrator, researcher):
    with acting_as(administrator):
        AccessGrant.objects.create(
            user=researcher, country=Country.objects.get(iso2="DJ"), level="confidential"
        )
    assert _events(object_type="cases.accessgrant", action="create")


def test_unchanged_saves_and_bookkeeping_columns_are_not_recorded(curator):
    case = CaseFactory()
    before = AuditEvent.objects.count()
    Case.objects.get(pk=case.pk).save()
    assert AuditEvent.objects.count() == before


def test_views_and_exports_of_non_public_cases_are_recorded(partner):
    public = CaseFactory(visibility=Visibility.PUBLIC)
    restricted = CaseFactory(visibility=Visibility.RESTRICTED, country=Country.objects.get(iso2="DJ"))
    confidential = CaseFactory(visibility=Visibility.CONFIDENTIAL, country=Country.objects.get(iso2="DJ"))
    assert record_access(partner, public, "view") == 0
    assert record_access(partner, confidential, "view", via="/cases/x/") == 1
    visible = Case.objects.visible_to(partner).order_by("pk")
    assert record_access(partner, visible, "export", via="cases.csv") == 2
    assert record_access(partner, visible[:1], "export") == 0  # the public one comes first
    assert record_access(partner, [public, restricted], "view") == 1
    view = _events(action="view", case_pk=confidential.pk)[0]
    assert (view.username, view.role, view.visibility, view.via) == (
        "partner",
        "researcher",
        "confidential",
        "/cases/x/",
    )
    exported = {e.case_pk for e in _events(action="export")}
    assert exported == {restricted.pk, confidential.pk}
    with pytest.raises(ValueError):
        record_access(partner, confidential, "update")


def test_sign_ins_are_recorded(client, curator):
    client.post("/admin/login/", {"username": "curator", "password": "wrong"})
    client.post("/admin/login/", {"username": "no-such-name", "password": "wrong"})
    client.post("/admin/login/", {"username": "curator", "password": "correct horse battery staple"})
    failed = _events(action="login_failed")
    assert [e.object_id for e in failed] == [str(curator.pk), ""]
    assert "no-such-name" not in repr([e.summary for e in failed])
    assert _events(action="login", user_id=curator.pk)


# --- append-only ------------------------------------------------------------------------------


@pytest.fixture
def event(db):
    return AuditEvent.objects.create(action="view", object_type="cases.case", object_id="1", role="editor")


def test_the_model_refuses_changes(event):
    event.summary = "tampered"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(summary="tampered")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).summary == ""


@pytest.mark.parametrize(
    "sql",
    ["UPDATE audit_auditevent SET summary = 'tampered'", "DELETE FROM audit_auditevent"],
)
def test_the_database_refuses_changes(event, sql):
    if connection.vendor not in ("sqlite", "postgresql"):
        pytest.skip("triggers exist on SQLite and PostgreSQL only")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert AuditEvent.objects.filter(pk=event.pk, summary="").exists()


def test_postgresql_refuses_truncate(event):
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE triggers exist on PostgreSQL only")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("TRUNCATE audit_auditevent")


# --- the admin ---------------------------------------------------------------------------------


def test_the_admin_is_read_only_for_everyone(client, administrator, event):
    client.force_login(administrator)
    assert client.get("/admin/audit/auditevent/").status_code == 200
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
    page = client.get(f"/admin/audit/auditevent/{event.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.post(f"/admin/audit/auditevent/{event.pk}/change/", {"summary": "x"}).status_code == 403
    assert client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_readers_see_only_events_of_cases_they_may_see(client, curator):
    hidden = CaseFactory(title="Hidden", visibility=Visibility.CONFIDENTIAL)
    shown = CaseFactory(title="Shown", visibility=Visibility.RESTRICTED)
    client.force_login(curator)
    body = client.get("/admin/audit/auditevent/?action__exact=create").content.decode()
    assert shown.public_id in body
    assert hidden.public_id not in body


def test_researchers_cannot_read_the_log(client, researcher):
    researcher.is_staff = True
    researcher.save()
    client.force_login(researcher)
    assert client.get("/admin/audit/auditevent/").status_code == 403

"""The suppression list and consent records move from campaigns to the mailer, and follows gain
a hash and a token, without losing a row: an erased supporter must stay suppressed."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from mailer.addresses import email_hash

BEFORE = [("mailer", "0001_initial"), ("campaigns", "0001_initial"), ("tracking", "0001_initial")]
AFTER = [
    ("mailer", "0003_copy_suppression_and_consent_from_campaigns"),
    ("campaigns", "0002_suppression_and_consent_moved_to_mailer"),
    ("tracking", "0002_follows_are_collected_addresses"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_rows_survive_the_move():
    old = _migrate(BEFORE)
    try:
        old.get_model("campaigns", "Suppression").objects.create(email_hash="a" * 64, reason="erasure")
        old.get_model("campaigns", "ConsentRecord").objects.create(
            email_hash="b" * 64,
            purpose="petition",
            reference="petition:x/y",
            text="I agree",
            version="2",
            page="/p/",
        )
        old.get_model("tracking", "Subscription").objects.create(
            email="ana@example.org", kind="search", query="q=x"
        )
        old.get_model("tracking", "Subscription").objects.create(
            email="bo@example.org", kind="search", query="q=y"
        )
        created = old.get_model("campaigns", "Suppression").objects.get().created_at

        new = _migrate(AFTER)
        suppression = new.get_model("mailer", "Suppression").objects.get()
        assert (suppression.email_hash, suppression.reason, suppression.created_at) == (
            "a" * 64,
            "erasure",
            created,
        )
        consent = new.get_model("mailer", "ConsentRecord").objects.get()
        assert (consent.email_hash, consent.text, consent.version, consent.page) == (
            "b" * 64,
            "I agree",
            "2",
            "/p/",
        )
        follows = list(new.get_model("tracking", "Subscription").objects.order_by("email"))
        assert [f.email_hash for f in follows] == [
            email_hash("ana@example.org"),
            email_hash("bo@example.org"),
        ]
        assert len({f.token for f in follows}) == 2 and all(len(f.token) >= 43 for f in follows)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

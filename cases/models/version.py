import secrets
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models
from django.db.models.functions import Now

# The tokens read during one read-only request (see one_version_per_request), per database.
_tokens_of_this_request: ContextVar[dict | None] = ContextVar("data_version_tokens", default=None)


@contextmanager
def one_version_per_request():
    """Within it, DataVersion.current() reads each database's token once: the facets, the page,
    the snippets and the search's vocabulary of a page then share one data version (and one
    round trip). For requests that do not write (cases/middleware.py): a request that writes
    must see the token its own writes made."""
    reset = _tokens_of_this_request.set({})
    try:
        yield
    finally:
        _tokens_of_this_request.reset(reset)


class DataVersion(models.Model):
    """One row whose token changes, by database trigger, whenever anything a case list, count or
    facet or API representation depends on changes (cases, victims, reports and their
    paragraphs, mentions, taxonomies, countries, access grants).

    Caches of derived figures (cases/facet_index.py) are keyed by this token. It is a random
    number rather than a counter so that a rolled-back transaction, which restores the previous
    token together with the previous data, can never leave a token that later means other data.
    The triggers live in the database, not in Django signals, so bulk updates, raw SQL and other
    programs writing to the database change it too.
    """

    token = models.BigIntegerField(default=0)

    class Meta:
        default_permissions = ()

    def __str__(self):
        return f"data version {self.token}"

    @classmethod
    def current(cls, using: str = "default") -> int:
        tokens = _tokens_of_this_request.get()
        if tokens is not None and using in tokens:
            return tokens[using]
        token = cls.read_now(using)
        if tokens is not None:
            tokens[using] = token
        return token

    @classmethod
    def read_now(cls, using: str) -> int:
        """The token in the database now, whatever this request read before."""
        token = cls.objects.using(using).filter(pk=1).values_list("token", flat=True).first()
        if token is None:
            # The row is created by the migration; only emptying every table (`flush`, as test
            # suites do) removes it. Without it the triggers would change nothing.
            token = (
                cls.objects.using(using)
                .get_or_create(pk=1, defaults={"token": secrets.randbits(62)})[0]
                .token
            )
            # The facet indexes' change log was emptied too: no index may be patched from it.
            from cases.facet_changes import record_every_case

            record_every_case(using)
        return token


class FacetChange(models.Model):
    """A case whose facet values (country, status, years, vocabularies, victims' genders and
    roles) may have changed, written by database triggers (migration 0008), so that the facet
    index of a new data version is the previous one patched for these cases instead of a full
    read of every case (cases/facet_changes.py). `case_id` is empty when something every case
    depends on changed (a report's year, a country's region, a vocabulary): a full rebuild.

    Rows are kept a day (FACET_CHANGES_KEPT_HOURS) and pruned when an index is patched."""

    case_id = models.BigIntegerField(null=True)
    created_at = models.DateTimeField(db_default=Now(), db_index=True)

    class Meta:
        default_permissions = ()

    def __str__(self):
        return f"facet change of case {self.case_id}" if self.case_id else "facet change of every case"

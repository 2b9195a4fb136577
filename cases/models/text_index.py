from django.db import models
from django.db.models import FloatField, Func, Lookup


class FtsDocumentField(models.TextField):
    """The hidden column an FTS5 table has under its own name: the left side of MATCH and the
    first argument of bm25()."""


@FtsDocumentField.register_lookup
class Fts5Match(Lookup):
    lookup_name = "fts5_match"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class Bm25(Func):
    """FTS5's relevance of a matched row, higher is better; the weights favour the title, then
    the victims' names, then the body text."""

    function = "bm25"
    template = "-%(function)s(%(expressions)s, 10.0, 5.0, 1.0)"
    output_field = FloatField()


class CaseTextIndex(models.Model):
    """SQLite only: the FTS5 table over each case's title, names and text (created and kept in
    sync by the triggers of migration 0002; PostgreSQL searches `Case.search_vector` instead).

    Declared as a model so that a search is a join the ORM aliases correctly in every nested
    query, and the rank is computed once per matched row in that join rather than by a
    correlated subquery per row.
    """

    case = models.OneToOneField(
        "cases.Case",
        primary_key=True,
        db_column="rowid",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="text_index",
    )
    document = FtsDocumentField(db_column="cases_case_fts")

    class Meta:
        managed = False
        db_table = "cases_case_fts"
        default_permissions = ()

    def __str__(self):
        return f"text index of case {self.pk}"


class SearchNameKey(models.Model):
    """The spellings of victims' names and case titles, keyed by their transliteration key
    (ingest.services.link.phonetic): "al-Abdouli" is stored as the words "al abdouli" under the
    key "alabduli", so that "alabdouli", "Al Abdouli" and a one-letter typo find it. Kept by
    cases.search.index.refresh_cases; a spelling no case uses any more only costs a wasted
    alternative in a query (never a wrong result), so rows are added, not pruned."""

    key = models.CharField(max_length=120, db_index=True)
    words = models.CharField(max_length=200)

    class Meta:
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=["key", "words"], name="search_name_key_unique")]

    def __str__(self):
        return f"{self.key}: {self.words}"

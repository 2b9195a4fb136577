"""The visibility rule on staff surfaces: admin pages, pickers, autocompletes, inlines, read-only
fields, history and compare pages, and the staff pages of the other apps (intake, ingest review).

Every model that refers to a case (a foreign key or a many-to-many to `cases.Case`) is shown
through `Case.objects.visible_to(request.user)`: a case the user may not see is never listed,
named, counted, offered in a picker or accepted from a submitted form, and a record that belongs
to such a case answers like a missing one. Staff choose cases by search (an autocomplete that
matches the title or the public id), never by typing a walkable integer into a raw-id field.
cases/tests/test_staff_surfaces.py and the role crawl in test_visibility_gate.py check it.
"""

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from .models import Case

HIDDEN_CASE = _("a case you do not have access to")


def visible_cases(user):
    return Case.objects.visible_to(user)


def visible_case_ids(user, ids) -> set[int]:
    """Which of these case ids `user` may see."""
    ids = {pk for pk in ids if pk is not None}
    if not ids:
        return set()
    return set(visible_cases(user).filter(pk__in=ids).values_list("pk", flat=True))


def shown_case(user, case):
    """`case` if `user` may see it, otherwise None (as if there were no case)."""
    if case is None or not visible_case_ids(user, [case.pk]):
        return None
    return case


def attach_shown_cases(user, rows, field: str = "case", attr: str = "shown_case"):
    """Sets `row.<attr>` to the row's case when `user` may see it, else None, for a list of rows
    (one query for the whole list). Templates show `shown_case`, never `case`."""
    rows = list(rows)
    visible = visible_case_ids(user, [getattr(row, f"{field}_id") for row in rows])
    for row in rows:
        case_id = getattr(row, f"{field}_id")
        setattr(row, attr, getattr(row, field) if case_id in visible else None)
    return rows


def case_fields(model) -> tuple[list[str], list[str]]:
    """The names of `model`'s foreign keys and many-to-many fields to cases."""
    foreign, many = [], []
    for field in model._meta.get_fields():
        if not field.concrete or field.related_model is not Case:
            continue
        (many if field.many_to_many else foreign).append(field.name)
    return foreign, many


HIDDEN_RECORDS = _("records of cases you do not have access to")


def cases_a_deletion_reaches(collector) -> set[int]:
    """The ids of the cases whose own records (the case, its victims, mentions, links) a
    deletion collected by `collector` (django.contrib.admin.utils.NestedObjects) would delete, or
    that protect them from it (the confirmation page lists both)."""
    found: set[int] = set()

    def add(model, rows):
        if model is Case:
            found.update(row.pk for row in rows)
            return
        for name in case_fields(model)[0]:
            found.update(getattr(row, f"{name}_id") for row in rows)

    for model, rows in collector.data.items():
        add(model, rows)
    protected: dict = {}
    for row in collector.protected:  # records that stop the deletion are shown, so they count
        protected.setdefault(type(row), []).append(row)
    for model, rows in protected.items():
        add(model, rows)
    for queryset in collector.fast_deletes:
        foreign = case_fields(queryset.model)[0]
        if queryset.model is Case:
            found.update(queryset.values_list("pk", flat=True))
        for name in foreign:
            found.update(queryset.values_list(f"{name}_id", flat=True))
    found.discard(None)
    return found


class HiddenCasesProtectDeletionMixin:
    """A deletion that would take records of cases the user may not see with it (deleting a
    report deletes every mention of it) is refused, and its confirmation page neither lists nor
    counts those records: Django shows "records of cases you do not have access to" as the
    protected objects, and a protected deletion is never carried out."""

    def get_deleted_objects(self, objs, request):
        from django.contrib.admin.utils import NestedObjects
        from django.db import router

        collector = NestedObjects(using=router.db_for_write(self.model))
        collector.collect(objs)
        reached = cases_a_deletion_reaches(collector)
        if reached - visible_case_ids(request.user, reached):
            return [str(obj) for obj in objs], {}, set(), [HIDDEN_RECORDS]
        return super().get_deleted_objects(objs, request)


class CaseGatedAdminMixin(HiddenCasesProtectDeletionMixin):
    """For a ModelAdmin or an inline whose model refers to cases.

    - `case_row_field` (a foreign key to Case): the row itself exists for a user only when that
      case is visible to them: lists, change, delete and history pages, inlines.
    - Every picker of cases (select, autocomplete, many-to-many) offers only visible cases, and
      a submitted id of a hidden case is refused exactly like an id that does not exist.
    - `case_display_fields` (foreign keys to Case): each row is marked with whether the user may
      see that case, for the read-only displays made by `gated_case_display`.
    - Saving keeps the many-to-many links to cases the user cannot see, untouched.
    """

    case_row_field: str | None = None
    case_display_fields: tuple[str, ...] = ()

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        visible = visible_cases(request.user)
        if self.case_row_field:
            queryset = queryset.filter(**{f"{self.case_row_field}__in": visible.values("pk")})
        for field in self.case_display_fields:
            queryset = queryset.annotate(
                **{f"_visible_{field}": Exists(visible.filter(pk=OuterRef(f"{field}_id")))}
            )
        return queryset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Case:
            kwargs["queryset"] = visible_cases(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.related_model is Case:
            kwargs["queryset"] = visible_cases(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        kept = {}
        if change:
            for name in case_fields(self.model)[1]:
                if name in form.fields:
                    kept[name] = list(
                        getattr(form.instance, name)
                        .exclude(pk__in=visible_cases(request.user).values("pk"))
                        .values_list("pk", flat=True)
                    )
        super().save_related(request, form, formsets, change)
        for name, hidden in kept.items():
            if hidden:
                getattr(form.instance, name).add(*hidden)


def gated_case_display(field: str, description):
    """A read-only column or field (of a CaseGatedAdminMixin listing `field` in
    `case_display_fields`) that shows the case to those who may see it, and "a case you do not
    have access to" to the others: never its title or id. Unmarked rows count as hidden."""

    @admin.display(description=description)
    def display(self, obj):
        if getattr(obj, f"{field}_id", None) is None:
            return "—"
        if not getattr(obj, f"_visible_{field}", False):
            return HIDDEN_CASE
        case = getattr(obj, field)
        return f"{case.public_id} — {case.title}"

    return display

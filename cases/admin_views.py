"""Back-office pieces that are more than ModelAdmin options: the version history with its
"changed fields" column and compare view, and the CSV import page.

The history views go through the same visibility gate as the change form: a curator who may
not see a case may not see its history, compare its versions or restore one either. For a record
that belongs to a case (a victim, a mention, a timeline event), a version saved while it belonged
to a case the user may not see is not shown (an event moved from a public case to a confidential
one keeps its old versions hidden from those who may not see the confidential case, and the
reverse); lists of cases in a version (a statement's "cases raised") name only visible cases.
"""

import difflib
import re
from datetime import date, datetime

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_noop, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject, ModelChange, ModelDelta, to_historic
from simple_history.template_utils import HistoricalRecordContextHelper
from simple_history.utils import get_m2m_reverse_field_name

from endreprisals.edit_versions import VersionedAdminMixin

from .staff_gate import HiddenCasesProtectDeletionMixin, case_fields, visible_case_ids

# Word-level highlighting is quadratic in the worst case; beyond this many tokens the compare
# view shows the two texts side by side without marking the changed words.
_MAX_DIFF_TOKENS = 20_000
_TOKENS = re.compile(r"(\s+)")

# Stored untranslated in the history table; the history list shows it through gettext.
REASON_RESTORED = gettext_noop("Restored an earlier version")


class HistoricM2MInitialForm(forms.ModelForm):
    """On simple-history's "revert" page the form's instance is rebuilt from a historical
    record, but a rebuilt instance reads many-to-many values from the live tables. Take them
    from the historical record instead, so restoring a version restores its vocabularies too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        historic = to_historic(self.instance)
        if historic is None:
            return
        for field in getattr(historic, "_history_m2m_fields", []):
            if field.name in self.fields:
                attname = f"{get_m2m_reverse_field_name(field)}_id"
                rows = getattr(historic, field.name).all()
                self.initial[field.name] = [getattr(row, attname) for row in rows]


class _ContextHelper(HistoricalRecordContextHelper):
    """Values in the history list as people read them: choice labels, local dates, names."""

    def prepare_delta_change_value(self, change, value):
        return _display_value(self.model._meta.get_field(change.field), value) or "—"


class VersionHistoryAdmin(HiddenCasesProtectDeletionMixin, VersionedAdminMixin, SimpleHistoryAdmin):
    """simple-history's admin with a "changed fields" column, a compare view, and visibility
    checks on every history page."""

    form = HistoricM2MInitialForm
    object_history_template = "admin/cases/object_history.html"
    object_history_list_template = "admin/cases/object_history_list.html"
    history_compare_template = "admin/cases/history_compare.html"
    history_list_per_page = 50
    # Fields outside the edit form whose changes the history should still show.
    history_extra_diff_fields: tuple[str, ...] = ()

    # -- visibility ----------------------------------------------------------------------

    @property
    def history_case_field(self) -> str | None:
        """The foreign key to the case a record belongs to, if any: its versions are shown
        only while that case is visible."""
        foreign = case_fields(self.model)[0]
        return foreign[0] if foreign else None

    def visible_history(self, request, records):
        field = self.history_case_field
        if field is None:
            return records
        from .models import Case

        return records.filter(**{f"{field}_id__in": Case.objects.visible_to(request.user).values("pk")})

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        records = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return self.visible_history(request, records)

    def _record_visible(self, record, visible_ids) -> bool:
        field = self.history_case_field
        return field is None or getattr(record, f"{field}_id") in visible_ids

    def deleted_history_visible(self, request, instance) -> bool:
        """Whether `request.user` may see the history of a deleted object (rebuilt from its
        last historical record). Gated models override this."""
        return True

    def history_subject(self, request, object_id):
        """The object whose history is asked for: the live object if the user may see it,
        otherwise (for deleted objects) its last recorded state. 404 in every other case,
        exactly as for an object that never existed."""
        obj = self.get_object(request, object_id)
        if obj is not None:
            return obj
        try:
            if self.model._default_manager.filter(pk=object_id).exists():
                raise Http404  # exists, but not for this user
            records = self._history_records(request, object_id)
            latest = records.order_by("-history_date", "-history_id").first()
        except (ValueError, TypeError, ValidationError):
            raise Http404 from None
        if latest is None:
            raise Http404
        instance = latest.instance
        if not self.deleted_history_visible(request, instance):
            raise Http404
        return instance

    def _history_records(self, request, object_id):
        manager = getattr(self.model, self.model._meta.simple_history_manager_attribute)
        return self.visible_history(request, manager.filter(**{self.model._meta.pk.attname: object_id}))

    def history_view(self, request, object_id, extra_context=None):
        self.history_subject(request, unquote(object_id))
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        subject = self.history_subject(request, unquote(object_id))
        if not str(version_id).isdigit():
            raise Http404
        if not self._history_records(request, unquote(object_id)).filter(history_id=version_id).exists():
            raise Http404  # a version saved while the record belonged to a hidden case
        # simple-history saves a POSTed revert without checking the change permission.
        if request.method == "POST" and not self.has_change_permission(request, subject):
            raise PermissionDenied
        request._restoring_version = version_id
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        if getattr(request, "_restoring_version", None):
            obj._change_reason = REASON_RESTORED
        super().save_model(request, obj, form, change)

    # -- the "changed fields" column -----------------------------------------------------

    def get_historical_record_context_helper(self, request, historical_record):
        return _ContextHelper(self.model, historical_record)

    def history_diff_fields(self, record) -> list[str]:
        editable = [f.name for f in record.tracked_fields if f.editable]
        m2m = [f.name for f in record._history_m2m_fields]
        return [*editable, *m2m]

    def diff_records(self, request, new, old) -> ModelDelta:
        """`new.diff_against(old)`, plus the `history_extra_diff_fields` that diff_against
        skips because they are not editable (it reads values through model_to_dict); lists of
        cases keep only the cases `request.user` may see."""
        fields = self.history_diff_fields(new)
        delta = new.diff_against(old, included_fields=fields, foreign_keys_are_objs=True)
        extra = [
            ModelChange(name, getattr(old, name), getattr(new, name))
            for name in self.history_extra_diff_fields
            if getattr(old, name) != getattr(new, name)
        ]
        changes = self._without_hidden_cases(request, [*delta.changes, *extra])
        if changes == delta.changes:
            return delta
        changes = sorted(changes, key=lambda change: change.field)
        return ModelDelta(changes, [change.field for change in changes], old, new)

    def _without_hidden_cases(self, request, changes) -> list[ModelChange]:
        """Many-to-many changes to cases with the hidden cases left out of both sides; a change
        that only concerned hidden cases is no change at all for this user."""
        many = set(case_fields(self.model)[1])
        if not many or not any(change.field in many for change in changes):
            return changes
        out = []
        for change in changes:
            if change.field not in many:
                out.append(change)
                continue
            related = get_m2m_reverse_field_name(self.model._meta.get_field(change.field))

            def case_pk(row, related=related):
                value = row[related]
                return getattr(value, "pk", value)

            rows = [*(change.old or []), *(change.new or [])]
            visible = visible_case_ids(request.user, [case_pk(row) for row in rows])
            old = [row for row in change.old or [] if case_pk(row) in visible]
            new = [row for row in change.new or [] if case_pk(row) in visible]
            if sorted(map(case_pk, old)) != sorted(map(case_pk, new)):
                out.append(ModelChange(change.field, old, new))
        return out

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """Compare each record with the one before it (`prev_record`), also across page
        boundaries, and list the changed fields by their labels. A version before one saved
        under a hidden case is not compared with: the record is shown as if it began there."""
        pairs = [(record, record.prev_record) for record in historical_records]
        field = self.history_case_field
        visible_ids = (
            visible_case_ids(request.user, [getattr(p, f"{field}_id") for _r, p in pairs if p is not None])
            if field
            else set()
        )
        for record, previous in pairs:
            if previous is not None and not self._record_visible(previous, visible_ids):
                previous = None
            record.is_first_version = previous is None
            if previous is None:
                record.changed_fields = []
                record.history_delta_changes = []
                continue
            delta = self.diff_records(request, record, previous)
            helper = self.get_historical_record_context_helper(request, record)
            record.history_delta_changes = helper.context_for_delta_changes(delta)
            record.changed_fields = [change["field"] for change in record.history_delta_changes]

    # -- the compare view ----------------------------------------------------------------

    def get_urls(self):
        opts = self.model._meta
        compare = path(
            "<path:object_id>/history/compare/",
            self.admin_site.admin_view(self.history_compare_view),
            name=f"{opts.app_label}_{opts.model_name}_history_compare",
        )
        # Before simple-history's "<id>/history/<version>/", which would also match.
        return [compare, *super().get_urls()]

    def _version(self, records, value):
        if value in (None, ""):
            return None
        if not str(value).isdigit():
            raise Http404
        record = records.filter(history_id=int(value)).first()
        if record is None:
            raise Http404
        return record

    def history_compare_view(self, request, object_id, extra_context=None):
        request.current_app = self.admin_site.name
        object_id = unquote(object_id)
        subject = self.history_subject(request, object_id)
        if not self.has_view_history_or_change_history_permission(request, subject):
            raise PermissionDenied
        records = self._history_records(request, object_id).select_related("history_user")
        new = self._version(records, request.GET.get("new")) or records.first()
        old = self._version(records, request.GET.get("old"))
        if new is None:
            raise Http404
        if old is None:
            old = new.prev_record
            if old is not None and not records.filter(history_id=old.history_id).exists():
                old = None  # saved while the record belonged to a hidden case
        if old is not None and (old.history_date, old.history_id) > (new.history_date, new.history_id):
            old, new = new, old
        rows = []
        if old is not None and old.history_id != new.history_id:
            for change in self.diff_records(request, new, old).changes:
                field = self.model._meta.get_field(change.field)
                old_html, new_html = _compare_values(field, change.old, change.new)
                rows.append({"label": capfirst(field.verbose_name), "old": old_html, "new": new_html})
        opts = self.model._meta
        prefix = f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}"
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Compare versions: %s") % subject,
            "subtitle": None,
            "opts": opts,
            "app_label": opts.app_label,
            "module_name": capfirst(opts.verbose_name_plural),
            "object": subject,
            "old": old,
            "new": new,
            "rows": rows,
            "history_url": reverse(f"{prefix}_history", args=[subject.pk]),
            "revert_url_name": f"{prefix}_simple_history",
            "revert_disabled": self.revert_disabled(request, subject),
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.history_compare_template, context)


def _compare_values(field, old, new):
    """HTML for the old and new value of one field, changed words marked in text fields."""
    old_text, new_text = _display_value(field, old), _display_value(field, new)
    if isinstance(field, models.CharField | models.TextField) and not field.choices:
        return word_diff(old_text, new_text)
    return escape(old_text), escape(new_text)


def _display_value(field, value) -> str:
    if value is None or value == "" or value == []:
        return ""
    if isinstance(field, models.ManyToManyField):
        related = get_m2m_reverse_field_name(field)
        return ", ".join(sorted(str(row[related]) for row in value))
    if isinstance(value, DeletedObject):
        return gettext("deleted %(model)s #%(pk)s") % {
            "model": value.model._meta.verbose_name,
            "pk": value.pk,
        }
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "DATE_FORMAT")
    return str(value)


def word_diff(old: str, new: str):
    """Both texts as HTML, with removed words in <del> and added words in <ins>."""
    a, b = _TOKENS.split(old), _TOKENS.split(new)
    if len(a) + len(b) > _MAX_DIFF_TOKENS:
        return escape(old), escape(new)
    old_parts, new_parts = [], []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = "".join(a[i1:i2]), "".join(b[j1:j2])
        if tag == "equal":
            old_parts.append(escape(removed))
            new_parts.append(escape(added))
            continue
        if removed:
            old_parts.append(_mark_change("del", removed))
        if added:
            new_parts.append(_mark_change("ins", added))
    return mark_safe("".join(old_parts)), mark_safe("".join(new_parts))  # noqa: S308 (parts escaped)


def _mark_change(tag: str, text: str):
    """`text` in <del> or <ins>, with its surrounding whitespace left outside the mark."""
    core = text.strip()
    if not core:
        return escape(text)
    start = text.index(core)
    lead, trail = text[:start], text[start + len(core) :]
    return format_html("{}<{}>{}</{}>{}", lead, tag, core, tag, trail)


# -- CSV import --------------------------------------------------------------------------


class CaseImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, comma-separated, with a header line, in the columns of the case download."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    dry_run = forms.BooleanField(
        label=_("Only check the file"),
        required=False,
        help_text=_("Report what the import would do, and save nothing."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(
                _("The file is %(size)s; the largest file accepted is %(limit)s."),
                code="too_large",
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            )
        if upload.size == 0:
            raise ValidationError(_("The file is empty."), code="empty")
        return upload


def case_import_view(model_admin, request):
    """Upload a CSV of cases (cases/importer.py); show its errors and warnings by line number,
    or its counts."""
    if not (model_admin.has_add_permission(request) and model_admin.has_change_permission(request)):
        raise PermissionDenied
    opts = model_admin.model._meta
    result = None
    if request.method == "POST":
        form = CaseImportForm(request.POST, request.FILES)
        if form.is_valid():
            from .importer import import_cases_csv

            dry_run = form.cleaned_data["dry_run"]
            result = import_cases_csv(form.cleaned_data["file"], user=request.user, dry_run=dry_run)
            if result.ok and not result.warnings and not dry_run:
                messages.success(request, import_summary(result))
                return HttpResponseRedirect(reverse(f"{model_admin.admin_site.name}:cases_case_changelist"))
    else:
        form = CaseImportForm()
    context = {
        **model_admin.admin_site.each_context(request),
        "title": gettext("Import cases from CSV"),
        "subtitle": None,
        "opts": opts,
        "app_label": opts.app_label,
        "form": form,
        "result": result,
        "warnings": getattr(result, "warnings", []),
        "summary": import_summary(result) if result is not None and result.ok else "",
        "max_size": filesizeformat(settings.IMPORT_MAX_BYTES),
    }
    return TemplateResponse(request, "admin/cases/case/import.html", context)


def import_summary(result) -> str:
    counts = {
        "created": ngettext("%d case created", "%d cases created", result.created) % result.created,
        "updated": ngettext("%d updated", "%d updated", result.updated) % result.updated,
        "unchanged": ngettext("%d unchanged", "%d unchanged", result.unchanged) % result.unchanged,
    }
    if getattr(result, "dry_run", False):
        return (
            gettext(
                "The file is valid. Importing it would give: %(created)s, %(updated)s, %(unchanged)s. "
                "Nothing was saved."
            )
            % counts
        )
    return gettext("Import finished: %(created)s, %(updated)s, %(unchanged)s.") % counts


def view_on_site(request, content_type_id, object_id):
    """The admin's "View on site" redirect, behind the visibility gate for cases.

    Django's own shortcut view redirects any staff member to any object's public URL by primary
    key, which would reveal the public id of a confidential case. Cases go through the gate and
    answer 404 like a missing object; other models keep Django's behaviour.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.contenttypes.views import shortcut

    from .models import Case

    if not (request.user.is_active and request.user.is_staff):
        raise Http404
    content_type = ContentType.objects.filter(pk=content_type_id).first()
    if content_type is not None and content_type.model_class() is Case:
        case = Case.objects.visible_to(request.user).filter(pk=object_id).first()
        if case is None:
            raise Http404
        return HttpResponseRedirect(case.get_absolute_url())
    return shortcut(request, content_type_id, object_id)

"""Optimistic locking for every staff edit form: a save from a stale form is refused, nothing is
silently undone.

A form carries, in a hidden field, the version of what it was rendered from: a digest per
edited value (the record's fields, its many-to-many lists, and the rows of its inline forms).
On save, inside the transaction and with the row locked (select_for_update where the database
has it; SQLite's IMMEDIATE transactions serialise writers anyway), the versions are compared
with the saved values. Any value someone else changed since the form was rendered refuses the
save: the form comes back with everything the user typed, a list of the other person's changes
(field, their value, your value) and a fresh version, so saving again is a decision made
knowing what it replaces. Digests, not a version column: no migration on every model, and the
conflict names the fields that moved.

- `VersionedFormMixin`: for any form (staff views such as intake triage); the form provides
  `read_edit_state(lock)`.
- `VersionedAdminMixin`: for every ModelAdmin with a change form (and simple-history's revert
  page, which goes through the same form); the record and its inlines are read again by pk.
"""

import base64
import binascii
import contextlib
import datetime
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connections, models, router, transaction
from django.utils import formats
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

VERSION_FIELD = "edit_version"
# Values whose change is a conflict like any other but whose content is never put in a message.
SECRET_FIELDS = frozenset({"password", "key", "secret", "token"})


@dataclass(frozen=True)
class EditValue:
    """One saved value of a record as a form edits it."""

    label: str
    canonical: str  # what the digest is taken of
    field: models.Field | None
    value: Any  # a python value, a pk, or a list of pks for relations
    user: Any = None  # whose eyes the value is shown to (relations go through visibility)

    def digest(self) -> str:
        return hashlib.sha256(self.canonical.encode()).hexdigest()[:16]

    def display(self) -> str:
        return display_value(self.field, self.value, self.user)


State = dict[str, EditValue]


def _visible(model, user):
    """Related records as `user` may see them: models with a visibility rule go through it."""
    queryset = model._default_manager.all()
    if hasattr(queryset, "visible_to"):
        queryset = queryset.visible_to(user)
    return queryset


def display_value(field, value, user=None) -> str:
    """A value as a person reads it; related records the user may not see are counted, not named."""
    if value is None or value == "" or value == []:
        return "—"
    if field is not None and field.is_relation:
        pks = value if isinstance(value, list | tuple | set) else [value]
        pks = [getattr(pk, "pk", pk) for pk in pks]
        shown = list(_visible(field.related_model, user).filter(pk__in=pks))
        names = sorted(str(obj) for obj in shown)
        hidden = len(set(map(str, pks))) - len(shown)
        if hidden > 0:
            names.append(
                ngettext("%(count)d record you cannot see", "%(count)d records you cannot see", hidden)
                % {"count": hidden}
            )
        return ", ".join(names) or "—"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return formats.localize(value)
    return str(value)


def _canonical(field, obj) -> tuple[str, Any]:
    if field.many_to_many:
        pks = sorted(str(pk) for pk in getattr(obj, field.name).values_list("pk", flat=True))
        return json.dumps(pks), pks
    if field.is_relation:
        value = getattr(obj, field.attname)
        return json.dumps(None if value is None else str(value)), value
    value = field.value_from_object(obj)
    text = field.value_to_string(obj)
    if not isinstance(text, str):  # a JSONField gives its value back as is
        text = json.dumps(text, sort_keys=True, default=str)
    return text, value


def _model_field(obj, name):
    """`name`'s model field, or None for a form-only field (e.g. a password confirmation)."""
    try:
        return obj._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def record_state(obj, field_names, *, prefix="", label_prefix="", user=None) -> State:
    """The values of `obj`'s model fields among `field_names`, keyed `<prefix><name>`."""
    state = {}
    for name in field_names:
        field = _model_field(obj, name)
        if field is None or not getattr(field, "concrete", False) or field.auto_created:
            continue
        canonical, value = _canonical(field, obj)
        label = capfirst(field.verbose_name)
        if name in SECRET_FIELDS:  # compared, never shown back (a password hash, a key)
            field, value = None, gettext("(not shown)")
        state[prefix + name] = EditValue(label_prefix + label, canonical, field, value, user)
    return state


def encode(state: State) -> str:
    digests = {key: entry.digest() for key, entry in sorted(state.items())}
    return base64.urlsafe_b64encode(json.dumps(digests, separators=(",", ":")).encode()).decode()


def decode(token: str) -> dict[str, str] | None:
    try:
        digests = json.loads(base64.urlsafe_b64decode(token.encode()))
    except (ValueError, binascii.Error, UnicodeError):
        return None
    return digests if isinstance(digests, dict) else None


@dataclass(frozen=True)
class Conflict:
    key: str
    label: str
    theirs: str  # the value saved now, as the user may see it
    gone: bool = False


def conflicts(digests: dict[str, str], current: State) -> list[Conflict]:
    """Values changed since the form's version. Rows added since are not conflicts: a stale
    form does not touch them."""
    found = []
    for key, digest in digests.items():
        entry = current.get(key)
        if entry is None:
            if key.endswith("#"):  # an inline row's marker: the row was deleted meanwhile
                found.append(Conflict(key, key, "", gone=True))
            continue
        if entry.digest() != digest:
            found.append(Conflict(key, entry.label, entry.display()))
    return found


class VersionedFormMixin:
    """A form that refuses to save over changes made since it was rendered.

    Subclasses (or the admin mixin) provide `read_edit_state(lock: bool) -> State | None`, the
    saved values this form edits (None: nothing to compare, e.g. an add form). The check runs
    in `clean()`, so it must be validated inside the transaction that saves."""

    edit_conflicts: list[Conflict] = []
    edit_user = None  # whose eyes related values are shown to

    def read_edit_state(self, lock: bool) -> State | None:
        raise NotImplementedError

    def submitted_display(self, key: str) -> str | None:
        """What this form submitted for `key`, as a person reads it (None: not in this form)."""
        if key.rsplit(".", 1)[-1] in SECRET_FIELDS:
            return None
        entry_field = self._state_fields.get(key)
        if key in self.fields and hasattr(self, "cleaned_data") and key in self.cleaned_data:
            value = self.cleaned_data[key]
            if entry_field is not None and entry_field.many_to_many:
                value = [getattr(v, "pk", v) for v in value or []]
            return display_value(entry_field, value, getattr(self, "edit_user", None))
        return None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[VERSION_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.edit_conflicts = []
        self._state_fields = {}
        if not self.is_bound:
            state = self.read_edit_state(lock=False)
            if state is not None:
                self.initial[VERSION_FIELD] = encode(state)

    def clean(self):
        cleaned = super().clean()
        token = self.data.get(self.add_prefix(VERSION_FIELD))
        if not token:
            # Only a form not rendered by our pages (a script) comes without a version.
            return cleaned
        state = self.read_edit_state(lock=True)
        if state is None:
            return cleaned
        self._state_fields = {key: entry.field for key, entry in state.items()}
        digests = decode(token)
        if digests is None:
            raise ValidationError(_("This form is damaged; reload the page."), code="bad_version")
        found = conflicts(digests, state)
        if not found:
            return cleaned
        self.edit_conflicts = found
        # The next save, made knowing what it replaces, is compared with what is saved now.
        self.data = self.data.copy()
        self.data[self.add_prefix(VERSION_FIELD)] = encode(state)
        raise ValidationError(self.conflict_messages(found), code="stale_edit")

    def conflict_messages(self, found: list[Conflict]) -> list[str]:
        lines = [
            gettext(
                "Someone else saved this record after you opened it, so nothing was saved. Their "
                "changes are listed below and the form still shows yours: save again to replace "
                "theirs with yours, or reload the page to start from theirs."
            )
        ]
        for conflict in found:
            if conflict.gone:
                lines.append(gettext("A row you edited below has been deleted by someone else."))
                continue
            yours = self.submitted_display(conflict.key)
            if yours is None:
                lines.append(
                    gettext("%(field)s: changed by someone else to “%(theirs)s”.")
                    % {"field": conflict.label, "theirs": conflict.theirs}
                )
            else:
                lines.append(
                    gettext("%(field)s: their value “%(theirs)s”, your value “%(yours)s”.")
                    % {"field": conflict.label, "theirs": conflict.theirs, "yours": yours}
                )
        return lines


def lock_row(model, pk):
    """The saved row, locked until the end of the transaction where the database can (SQLite
    has no row locks: its IMMEDIATE transactions hold the write lock from their start)."""
    queryset = model._default_manager.filter(pk=pk)
    connection = connections[router.db_for_write(model)]
    if connection.features.has_select_for_update and connection.in_atomic_block:
        queryset = queryset.select_for_update()
    return queryset.first()


class VersionedAdminMixin:
    """Every ModelAdmin with a change form uses this (a test enumerates the registry): the change
    form and the revert page carry the version of the record and of its inline rows."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        if obj is None or obj.pk is None:
            return form_class
        model_admin, pk = self, obj.pk

        def read_edit_state(form, lock):
            return model_admin.edit_state(request, pk, form_class.base_fields, lock=lock)

        return type(form_class)(
            form_class.__name__,
            (VersionedFormMixin, form_class),
            {
                "read_edit_state": read_edit_state,
                "submitted_display": _admin_submitted_display,
                "edit_user": request.user,
                "__module__": form_class.__module__,
            },
        )

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history's revert page saves outside a transaction; the check and the save
        # must share one.
        # Its form has no inline rows, so only the record's own values are compared.
        request._edit_versions_without_inlines = True
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)

    def edit_state(self, request, pk, form_fields, *, lock) -> State:
        """The saved values the change form edits: the record's, and its inline rows'."""
        obj = lock_row(self.model, pk) if lock else self.model._default_manager.filter(pk=pk).first()
        if obj is None:
            return {}
        state = record_state(obj, list(form_fields), user=request.user)
        inlines = [] if getattr(request, "_edit_versions_without_inlines", False) else None
        for inline in self.get_inline_instances(request, obj) if inlines is None else inlines:
            formset_class = inline.get_formset(request, obj)
            prefix = formset_class.get_default_prefix()
            formset = formset_class(instance=obj, queryset=inline.get_queryset(request), prefix=prefix)
            names = [n for n in formset.form.base_fields if n not in {"id", "DELETE", formset.fk.name}]
            for row in formset.get_queryset():
                row_prefix = f"{prefix}-{row.pk}."
                label = f"{capfirst(row._meta.verbose_name)} “{row}”: "
                state[row_prefix + "#"] = EditValue(label, "row", None, None, request.user)
                state.update(
                    record_state(row, names, prefix=row_prefix, label_prefix=label, user=request.user)
                )
        return state


def capfirst(text) -> str:
    text = str(text)
    return text[:1].upper() + text[1:]


def _admin_submitted_display(form, key):
    """The main form's values come from its cleaned data; an inline row's from the POST (its
    formset is validated after the main form)."""
    if "." not in key or key.rsplit(".", 1)[-1] in SECRET_FIELDS:
        return VersionedFormMixin.submitted_display(form, key)
    row_key, name = key.rsplit(".", 1)
    prefix, _sep, pk = row_key.rpartition("-")
    field = form._state_fields.get(key)
    if field is None:
        return None
    data = form.data
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", 0))
    except ValueError:
        return None
    for index in range(min(total, 1000)):
        if str(data.get(f"{prefix}-{index}-id", "")) != pk:
            continue
        raw_name = f"{prefix}-{index}-{name}"
        if field.many_to_many:
            value = data.getlist(raw_name) if hasattr(data, "getlist") else data.get(raw_name)
        elif isinstance(field, models.BooleanField):
            value = raw_name in data
        else:
            value = data.get(raw_name)
            if value not in (None, "") and not field.is_relation:
                with contextlib.suppress(ValidationError):  # shown as typed
                    value = field.to_python(value)
        return display_value(field, value, form.edit_user)
    return None

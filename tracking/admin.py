"""Curators add and edit timeline events (report mentions are not typed here: they come from the
cases' mentions). Like every admin page on cases, the list, the forms and the history go
through the visibility gate: an event of a case the user may not see does not exist for them.
"""

from django.contrib import admin
from django.db import models
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from cases.models import Case
from endreprisals.edit_versions import VersionedAdminMixin

from .models import Subscription, TimelineEvent


def _visible_cases(request):
    return Case.objects.visible_to(request.user)


@admin.register(TimelineEvent)
class TimelineEventAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["date", "kind", "case", "response", "outcome", "created_by"]
    list_select_related = ["case", "created_by"]
    list_filter = ["kind", "response", "outcome"]
    search_fields = ["case__title", "case__public_id", "note", "source_citation"]
    date_hierarchy = "date"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    autocomplete_fields = ["case", "mechanism", "state"]
    fields = [
        "case",
        ("date", "date_precision"),
        "kind",
        ("response", "outcome"),
        ("mechanism", "state"),
        "note",
        ("source_url", "source_citation"),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "case":
            kwargs["queryset"] = _visible_cases(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def _check_visible(self, request, object_id):
        history = TimelineEvent.history.filter(id=object_id).values_list("case_id", flat=True)
        if not _visible_cases(request).filter(pk__in=list(history)).exists():
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._check_visible(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._check_visible(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    """For answering a subscriber's request (access, deletion): read-only, deletable."""

    list_display = ["email", "kind", "case", "country", "query", "confirmed_at", "last_digest_at"]
    list_filter = ["kind"]
    search_fields = ["email"]
    readonly_fields = [f.name for f in Subscription._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

"""Curators add and edit timeline events (report mentions are not typed here: they come from the
cases' mentions). Like every admin page on cases, the list, the forms and the history go
through the visibility gate: an event of a case the user may not see does not exist for them.
"""

from django.contrib import admin
from django.db import models

from cases.admin_views import VersionHistoryAdmin
from cases.staff_gate import CaseGatedAdminMixin

from .models import Subscription, TimelineEvent


@admin.register(TimelineEvent)
class TimelineEventAdmin(CaseGatedAdminMixin, VersionHistoryAdmin):
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

    # The gate: an event exists for a user when its case is visible to them; its history shows
    # only the versions saved while it belonged to such a case (VersionHistoryAdmin).
    case_row_field = "case"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


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

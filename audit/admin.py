"""The audit log in the admin: readable by staff with `audit.view_auditevent` (editors, reviewers,
administrators), changeable by nobody, superusers included. A reader sees the events of cases
they may see (the visibility gate) and events that concern no case; superusers see all."""

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "username",
        "role",
        "action",
        "object_type",
        "object_id",
        "public_id",
        "summary",
    ]
    list_filter = ["action", "object_type", "role", "visibility"]
    search_fields = ["username", "public_id", "object_id", "summary"]
    search_help_text = _("Search by user name, public id, object key or summary.")
    date_hierarchy = "created_at"
    list_per_page = 100
    actions = None
    fields = [
        "created_at",
        ("user_id", "username", "role"),
        "action",
        ("object_type", "object_id"),
        ("public_id", "case_pk", "visibility"),
        "summary",
        "via",
    ]
    readonly_fields = [name for entry in fields for name in (entry if isinstance(entry, tuple) else (entry,))]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        from cases.models import Case

        visible = Case.objects.visible_to(request.user).values("pk")
        return queryset.filter(Q(case_pk__isnull=True) | Q(case_pk__in=visible))

    def has_view_permission(self, request, obj=None):
        return (
            request.user.is_active
            and request.user.is_staff
            and request.user.has_perm("audit.view_auditevent")
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

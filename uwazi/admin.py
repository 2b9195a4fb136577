"""Provenance, read-only: what each import run read, and each record's original cells. Records
are shown only for cases the user can see (cases.visibility)."""

from django.contrib import admin

from .models import ImportRun, SourceRecord


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = ["filename", "imported_at", "user", "rows", "created", "updated", "unchanged", "merged"]
    readonly_fields = [f.name for f in ImportRun._meta.fields]


@admin.register(SourceRecord)
class SourceRecordAdmin(ReadOnlyAdmin):
    list_display = ["key", "title", "case", "last_run"]
    list_select_related = ["case", "last_run"]
    search_fields = ["key", "title", "case__public_id"]
    readonly_fields = [f.name for f in SourceRecord._meta.fields]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

from django.contrib import admin

from endreprisals.edit_versions import VersionedAdminMixin

from .models import CandidateCase, CandidateLink, IngestJob


@admin.register(IngestJob)
class IngestJobAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["filename", "status", "report", "candidate_count", "created_at", "created_by"]
    list_filter = ["status", "file_format"]
    search_fields = ["filename", "checksum", "report__symbol"]
    exclude = ["source"]
    readonly_fields = [
        f.name
        for f in IngestJob._meta.get_fields()
        if f.concrete and not f.many_to_many and f.name not in {"id", "source"}
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("source")  # the file itself can be 20 MB

    def has_add_permission(self, request):
        return False  # uploads go through the ingestion page, which checks the file


class CandidateLinkInline(admin.TabularInline):
    model = CandidateLink
    fk_name = "candidate"
    extra = 0
    fields = ["target_case", "target_candidate", "method", "confidence", "evidence", "status"]
    readonly_fields = ["target_case", "target_candidate", "method", "confidence", "evidence"]


@admin.register(CandidateCase)
class CandidateCaseAdmin(VersionedAdminMixin, admin.ModelAdmin):
    """For looking things up; decisions are made on the review page (ingest:candidate)."""

    list_display = ["title", "report", "section", "kind", "country", "status", "confidence"]
    list_filter = ["status", "kind", "section"]
    search_fields = ["title", "report__symbol"]
    readonly_fields = ["job", "report", "case", "reviewed_by", "reviewed_at", "paragraphs"]
    inlines = [CandidateLinkInline]

    def has_add_permission(self, request):
        return False

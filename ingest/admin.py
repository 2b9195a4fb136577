from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cases.staff_gate import HIDDEN_CASE, CaseGatedAdminMixin, gated_case_display
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


class CandidateLinkInline(CaseGatedAdminMixin, admin.TabularInline):
    """A proposed link to a case the user may not see names neither the case nor the evidence
    (which quotes that case's victims, e.g. "X ≈ X (100/100)")."""

    model = CandidateLink
    fk_name = "candidate"
    extra = 0
    fields = ["target", "target_candidate", "method", "confidence", "shown_evidence", "status"]
    readonly_fields = ["target", "target_candidate", "method", "confidence", "shown_evidence"]
    case_display_fields = ("target_case",)

    target = gated_case_display("target_case", _("target case"))

    @admin.display(description=_("evidence"))
    def shown_evidence(self, obj):
        if obj.target_case_id is not None and not getattr(obj, "_visible_target_case", False):
            return HIDDEN_CASE
        return obj.evidence


@admin.register(CandidateCase)
class CandidateCaseAdmin(VersionedAdminMixin, CaseGatedAdminMixin, admin.ModelAdmin):
    """For looking things up; decisions are made on the review page (ingest:candidate)."""

    list_display = ["title", "report", "section", "kind", "country", "status", "confidence"]
    list_filter = ["status", "kind", "section"]
    search_fields = ["title", "report__symbol"]
    readonly_fields = ["job", "report", "shown_case", "reviewed_by", "reviewed_at", "paragraphs"]
    exclude = ["case"]
    inlines = [CandidateLinkInline]
    case_display_fields = ("case",)

    shown_case = gated_case_display("case", _("case"))

    def has_add_permission(self, request):
        return False

"""A read-only view of the sealed submissions for administrators (listing, and deletion when a
submission must be destroyed). Triage, decryption and cases go through the staff pages at
/intake/staff/, which enforce the rules in intake.services."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cases.staff_gate import CaseGatedAdminMixin, gated_case_display

from .models import Submission


@admin.register(Submission)
class SubmissionAdmin(CaseGatedAdminMixin, admin.ModelAdmin):
    list_display = ("reference", "received_on", "status", "case_id_display", "staff_page")
    list_filter = ("status", "received_on")
    search_fields = ("reference",)
    list_select_related = ("case",)
    fields = (
        "reference",
        "received_on",
        "status",
        "status_changed_on",
        "key_fingerprint",
        "case_id_display",
        "staff_page",
    )
    readonly_fields = fields
    case_display_fields = ("case",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    # The case made from the submission, to those who may see it (CaseGatedAdminMixin).
    case_id_display = gated_case_display("case", _("case"))

    @admin.display(description=_("staff page"))
    def staff_page(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("intake:staff-detail", args=[obj.reference]), _("open")
        )

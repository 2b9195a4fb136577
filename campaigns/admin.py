"""Admin for campaigns. Supporter rows (signatures, letters, subscriptions) are read-only here:
they are created only by supporters themselves, with double opt-in."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cases.staff_gate import CaseGatedAdminMixin

from . import bounces
from .models import (
    ActionSubmission,
    Campaign,
    CampaignUpdate,
    ConsentRecord,
    EmailAction,
    FeaturedCase,
    Mailing,
    MailingList,
    MissionAddress,
    MissionMessage,
    MissionReply,
    Petition,
    Signature,
    Subscription,
    Suppression,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class FeaturedCaseInline(CaseGatedAdminMixin, admin.TabularInline):
    """Featured cases are chosen by search (title or public id) among the cases the user may
    see; the features of other cases are neither shown nor changed."""

    model = FeaturedCase
    extra = 0
    autocomplete_fields = ["case"]
    case_row_field = "case"


class UpdateInline(admin.StackedInline):
    model = CampaignUpdate
    extra = 0
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "starts_on", "ends_on", "is_published", "staff_page"]
    list_filter = ["is_published"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [FeaturedCaseInline, UpdateInline]

    @admin.display(description=_("delivery and exports"))
    def staff_page(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("campaigns:staff"), _("open"))


@admin.register(CampaignUpdate)
class CampaignUpdateAdmin(admin.ModelAdmin):
    list_display = ["title", "campaign", "is_milestone", "published_at"]
    list_filter = ["campaign", "is_milestone"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(EmailAction)
class EmailActionAdmin(CaseGatedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "campaign", "city", "is_open", "deliveries"]
    list_filter = ["campaign", "is_open"]
    # The cases in the letter are chosen by search among the cases the user may see.
    autocomplete_fields = ["cases"]
    raw_id_fields = ["resolution"]

    @admin.display(description=_("counts per State"))
    def deliveries(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("campaigns:staff-action", args=[obj.pk]), _("open"))


@admin.register(Petition)
class PetitionAdmin(admin.ModelAdmin):
    list_display = ["title", "campaign", "is_open", "exports"]
    list_filter = ["campaign", "is_open"]

    @admin.display(description=_("confirmed signatures"))
    def exports(self, obj):
        return format_html(
            '<a href="{}">CSV</a> · <a href="{}">{}</a>',
            reverse("campaigns:staff-signatures-csv", args=[obj.pk]),
            reverse("campaigns:staff-signatures-print", args=[obj.pk]),
            _("printable"),
        )


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdmin):
    list_display = ["petition", "name", "country", "status", "created_at", "confirmed_at", "reminded_at"]
    list_filter = ["petition", "status"]
    search_fields = ["name", "email"]
    exclude = ["token"]


@admin.register(ActionSubmission)
class ActionSubmissionAdmin(ReadOnlyAdmin):
    list_display = ["action", "name", "country", "status", "personalised", "created_at", "confirmed_at"]
    list_filter = ["action", "status", "personalised"]
    search_fields = ["name", "email"]
    exclude = ["token"]


@admin.register(MissionMessage)
class MissionMessageAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "action", "country", "address", "variant", "state", "not_before"]
    list_filter = ["action", "state", "variant", "country"]
    search_fields = ["address", "country__name"]


@admin.register(MissionAddress)
class MissionAddressAdmin(admin.ModelAdmin):
    list_display = ["address", "bounce_count", "last_bounce_at", "paused_at"]
    list_filter = [("paused_at", admin.EmptyFieldListFilter)]
    search_fields = ["address"]
    readonly_fields = ["address", "bounce_count", "last_bounce_at", "last_error", "paused_at"]
    actions = ["resume_addresses"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Resume: reset the bounce count and send the held messages"))
    def resume_addresses(self, request, queryset):
        total = sum(bounces.resume(health.address) for health in queryset)
        self.message_user(request, _("%(n)d held message(s) queued again.") % {"n": total}, messages.SUCCESS)


@admin.register(MissionReply)
class MissionReplyAdmin(admin.ModelAdmin):
    list_display = ["action", "country", "received_on", "source", "verified", "created_at"]
    list_filter = ["action", "source", "verified"]
    readonly_fields = ["submission", "logged_by", "source"]
    actions = ["mark_checked"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.source = MissionReply.Source.STAFF
            obj.logged_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Mark as checked (counts on the campaign page)"))
    def mark_checked(self, request, queryset):
        queryset.update(verified=True)


@admin.register(MailingList)
class MailingListAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "consent_version"]


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyAdmin):
    list_display = ["mailing_list", "email", "status", "created_at", "confirmed_at", "unsubscribed_at"]
    list_filter = ["mailing_list", "status"]
    search_fields = ["email"]
    exclude = ["token"]


@admin.register(Mailing)
class MailingAdmin(admin.ModelAdmin):
    list_display = ["subject", "mailing_list", "status", "dry_run_count", "started_at", "send_page"]
    list_filter = ["status"]
    readonly_fields = ["status", "dry_run_count", "dry_run_at", "started_at", "finished_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status != Mailing.Status.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    @admin.display(description=_("dry run and sending"))
    def send_page(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("campaigns:staff-mailing", args=[obj.pk]), _("open")
        )


@admin.register(ConsentRecord)
class ConsentRecordAdmin(ReadOnlyAdmin):
    list_display = ["purpose", "reference", "version", "page", "given_at", "confirmed_at"]
    list_filter = ["purpose", "version"]


@admin.register(Suppression)
class SuppressionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "reason", "created_at"]

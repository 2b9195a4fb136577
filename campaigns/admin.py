"""Admin for campaigns. Supporter rows (signatures, letters, subscriptions) are read-only here:
they are created only by supporters themselves, with double opt-in."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases import consent
from cases.admin_consent import (
    OVERRIDE_FIELD,
    ConsentCheckedForm,
    ConsentOverrideAdminMixin,
    cases_consent,
)
from cases.models import Case
from cases.staff_gate import CaseGatedAdminMixin
from endreprisals.edit_versions import VersionedAdminMixin

from . import bounces
from .models import (
    ActionSubmission,
    Campaign,
    CampaignUpdate,
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
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class FeaturedCaseForm(ConsentCheckedForm):
    """Featuring a case shows it, and the campaign's words about it, to the campaign's readers:
    every victim's consent must allow it (cases/consent.py)."""

    class Meta:
        model = FeaturedCase
        fields = ["case", "position", "blurb"]

    def clean(self):
        cleaned = super().clean()
        case = cleaned.get("case")
        if case is not None and not cleaned.get("DELETE") and {"case", "blurb"} & set(self.changed_data):
            where = gettext("the campaign's text about the case")
            self.check_consent(case, consent.Step.FEATURE, extra_texts=[(where, cleaned.get("blurb") or "")])
        return cleaned


class FeaturedCaseInline(CaseGatedAdminMixin, admin.TabularInline):
    """Featured cases are chosen by search (title or public id) among the cases the user may
    see; the features of other cases are neither shown nor changed."""

    model = FeaturedCase
    form = FeaturedCaseForm
    extra = 0
    autocomplete_fields = ["case"]
    case_row_field = "case"
    fields = ["case", "position", "blurb"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # The campaign form's override reason (administrators only; enforce checks again).
        formset.form = type(
            "FeaturedCaseRequestForm",
            (formset.form,),
            {"user": request.user, "override_reason": request.POST.get(OVERRIDE_FIELD, "")},
        )
        return formset


class CampaignForm(ConsentCheckedForm):
    class Meta:
        model = Campaign
        fields = "__all__"


class EmailActionForm(ConsentCheckedForm):
    """A case in a letter goes to the States' missions, and is shown to every supporter who
    writes: every victim's consent must allow it."""

    class Meta:
        model = EmailAction
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        cases = cleaned.get("cases")
        if cases is not None:
            before = set(self.instance.cases.values_list("pk", flat=True)) if self.instance.pk else set()
            added = cases.exclude(pk__in=before)
            self.check_consent(added, consent.Step.LETTER)
        return cleaned


class UpdateInline(admin.StackedInline):
    model = CampaignUpdate
    extra = 0
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Campaign)
class CampaignAdmin(VersionedAdminMixin, ConsentOverrideAdminMixin, admin.ModelAdmin):
    form = CampaignForm
    list_display = ["title", "slug", "starts_on", "ends_on", "is_published", "staff_page"]
    list_filter = ["is_published"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [FeaturedCaseInline, UpdateInline]

    readonly_fields = ["featured_consent"]

    @admin.display(description=_("consent given for the featured cases"))
    def featured_consent(self, obj):
        return cases_consent(Case.objects.filter(campaign_features__campaign=obj) if obj.pk else None)

    @admin.display(description=_("delivery and exports"))
    def staff_page(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("campaigns:staff"), _("open"))


@admin.register(CampaignUpdate)
class CampaignUpdateAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "campaign", "is_milestone", "published_at"]
    list_filter = ["campaign", "is_milestone"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(EmailAction)
class EmailActionAdmin(VersionedAdminMixin, CaseGatedAdminMixin, ConsentOverrideAdminMixin, admin.ModelAdmin):
    form = EmailActionForm
    list_display = ["title", "campaign", "city", "is_open", "deliveries"]
    list_filter = ["campaign", "is_open"]
    # The cases in the letter are chosen by search among the cases the user may see.
    autocomplete_fields = ["cases"]
    raw_id_fields = ["resolution"]

    readonly_fields = ["letter_consent"]

    @admin.display(description=_("consent given for the cases in the letter"))
    def letter_consent(self, obj):
        return cases_consent(obj.cases.all() if obj.pk else None)

    @admin.display(description=_("counts per State"))
    def deliveries(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("campaigns:staff-action", args=[obj.pk]), _("open"))


@admin.register(Petition)
class PetitionAdmin(VersionedAdminMixin, admin.ModelAdmin):
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
class MissionAddressAdmin(VersionedAdminMixin, admin.ModelAdmin):
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
class MissionReplyAdmin(VersionedAdminMixin, admin.ModelAdmin):
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
class MailingListAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "consent_version"]


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyAdmin):
    list_display = ["mailing_list", "email", "status", "created_at", "confirmed_at", "unsubscribed_at"]
    list_filter = ["mailing_list", "status"]
    search_fields = ["email"]
    exclude = ["token"]


@admin.register(Mailing)
class MailingAdmin(VersionedAdminMixin, admin.ModelAdmin):
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

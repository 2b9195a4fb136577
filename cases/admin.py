"""The curators' back office.

Every admin page that lists or opens cases (and their victims and mentions) goes through the
visibility gate, `visible_to(request.user)`: a curator without a grant does not see another
country's confidential cases here either, and opening one by its address answers as if it did
not exist. History, compare and restore pages check the same rule (cases/admin_views.py).

Publishing is separate from editing: `published_at` is never editable in a form; it changes
only through cases/publishing.py (the "Publish" and "Withdraw" actions and buttons).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, Q
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from audit.services import record_access
from endreprisals.edit_versions import VersionedAdminMixin

from . import consent, publishing
from .admin_consent import (
    OVERRIDE_FIELD,
    CaseConsentForm,
    ConsentInline,
    VictimConsentForm,
    consent_overview,
    publish_confirmation,
)
from .admin_views import HistoricM2MInitialForm, VersionHistoryAdmin, case_import_view
from .models import (
    AccessGrant,
    Case,
    Country,
    Mechanism,
    Mention,
    Paragraph,
    Report,
    ReprisalType,
    Victim,
    VictimRole,
)
from .search.admin import IndexedSearchMixin
from .visibility import Visibility

EDITING_PUBLISHED_HELP = _(
    "Publishing is a separate step from editing: use the Publish and Withdraw buttons (or the "
    "actions on the list of cases). Saving changes to a published case keeps it published, and "
    "the public site shows the current version at once. Restoring an earlier version from the "
    "history does not change whether the case is published, nor its victims and mentions."
)


# The lists of cases, victims and mentions: newest first, the primary key's order, so a page is
# read along an index; their models' orderings (incident date, the case's, the report year's)
# made the database sort every visible row for each page (~0.5 s at 100,000 cases). Without the
# full count, a filtered page counts its matches only, not every visible row as well.
LARGE_LIST = (["-pk"], False)


def _visible_cases(request):
    return Case.objects.visible_to(request.user)


class MentionForm(forms.ModelForm):
    """A mention's report can be left empty when a paragraph is chosen: it is the paragraph's
    report. A paragraph from another report is an error."""

    class Meta:
        model = Mention
        fields = ["report", "paragraph", "kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "report" in self.fields:
            self.fields["report"].required = False

    def clean(self):
        cleaned = super().clean()
        report, paragraph = cleaned.get("report"), cleaned.get("paragraph")
        if paragraph is not None and report is None:
            cleaned["report"] = paragraph.report
            self.instance.report = paragraph.report
        elif paragraph is not None and paragraph.report_id != report.pk:
            self.add_error(
                "paragraph",
                _("This paragraph belongs to %(symbol)s, not to the chosen report.")
                % {"symbol": paragraph.report.symbol},
            )
        elif report is None and "report" not in self.errors:
            self.add_error("report", _("Choose a report, a paragraph, or both."))
        return cleaned


class GatedToCaseInlineMixin:
    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


class CaseAdminForm(CaseConsentForm, HistoricM2MInitialForm):
    pass


class VictimAdminForm(VictimConsentForm, HistoricM2MInitialForm):
    pass


class VictimInline(GatedToCaseInlineMixin, admin.StackedInline):
    model = Victim
    form = VictimAdminForm
    extra = 0
    fields = [
        ("kind", "gender"),
        ("name", "description"),
        "roles",
        ("is_minor", "is_foreign_national", "is_civil_servant"),
    ]
    autocomplete_fields = ["roles"]


class MentionInline(GatedToCaseInlineMixin, admin.TabularInline):
    model = Mention
    form = MentionForm
    extra = 0
    fields = ["report", "paragraph", "kind"]
    autocomplete_fields = ["report", "paragraph"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("report", "paragraph__report")


class PublishedFilter(admin.SimpleListFilter):
    title = _("publication")
    parameter_name = "published"

    def lookups(self, request, model_admin):
        return [("yes", _("published")), ("no", _("not published"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(published_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(published_at__isnull=True)
        return queryset


@admin.register(Case)
class CaseAdmin(IndexedSearchMixin, VersionHistoryAdmin):
    list_display = [
        "public_id",
        "title",
        "country",
        "status",
        "visibility",
        "is_published",
        "is_demo",
        "updated_at",
    ]
    list_display_links = ["public_id", "title"]
    list_select_related = ["country"]
    list_filter = [
        PublishedFilter,
        "visibility",
        "status",
        ("country", admin.RelatedOnlyFieldListFilter),
        "perpetrator_kind",
        "mechanisms",
        "reprisal_types",
        "is_demo",
    ]
    search_fields = ["title", "public_id", "victims__name", "victims__description"]
    search_help_text = _("Search by title, public id or victim name.")
    list_per_page = 50
    ordering, show_full_result_count = LARGE_LIST
    form = CaseAdminForm
    readonly_fields = ["public_id", "publication_state", "consent_given", "created_at", "updated_at"]
    fieldsets = [
        (
            _("Consent given"),
            {
                "fields": ["consent_given"],
                "description": _(
                    "What each victim agreed to. Publishing, making the case public or restricted, "
                    "featuring it, putting it in a letter or in the annual submission are refused "
                    "when they would break it."
                ),
            },
        ),
        (None, {"fields": ["title", "country", "summary", "language"]}),
        (
            _("Incident"),
            {
                "fields": [
                    ("incident_date", "incident_date_precision"),
                    "perpetrator_kind",
                    "status",
                    "government_response",
                ]
            },
        ),
        (_("Classification"), {"fields": ["mechanisms", "reprisal_types"]}),
        (
            _("Visibility and publication"),
            {
                "fields": [
                    "visibility",
                    "is_demo",
                    "publication_state",
                    "public_id",
                    ("created_at", "updated_at"),
                ],
                "description": EDITING_PUBLISHED_HELP,
            },
        ),
    ]
    filter_horizontal = ["mechanisms", "reprisal_types"]
    inlines = [VictimInline, MentionInline]
    actions = ["publish_selected", "unpublish_selected"]
    history_extra_diff_fields = ("published_at",)

    # -- the visibility gate -------------------------------------------------------------

    def get_queryset(self, request):
        # get_object() reads through this too, so an invisible case "does not exist" here.
        return super().get_queryset(request).visible_to(request.user)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and consent.can_override(request.user):
            fieldsets = [*fieldsets, (_("Override the consent"), {"fields": [OVERRIDE_FIELD]})]
        return fieldsets

    def deleted_history_visible(self, request, instance):
        # A deleted case's grants are gone with it, so the rule cannot be re-checked.
        return request.user.is_superuser

    # -- columns -------------------------------------------------------------------------

    @admin.display(boolean=True, description=_("published"), ordering="published_at")
    def is_published(self, obj):
        return obj.is_published

    @admin.display(description=_("consent"))
    def consent_given(self, obj):
        return consent_overview(obj)

    @admin.display(description=_("publication"))
    def publication_state(self, obj):
        if obj is None or obj.pk is None:
            return gettext("Not published. Save the case, then use the Publish button.")
        if obj.published_at is None:
            return gettext("Not published.")
        text = gettext("Published since %(date)s.") % {
            "date": _format_datetime(obj.published_at),
        }
        if obj.visibility != Visibility.PUBLIC:
            text += " " + gettext("Only people allowed to see %(level)s cases can see it.") % {
                "level": obj.get_visibility_display()
            }
        return text

    # -- saving --------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if change:
            # Only cases/publishing.py changes publication, and restoring an earlier version
            # (whose record carries that version's published_at) must not either.
            obj.published_at = (
                _visible_cases(request).filter(pk=obj.pk).values_list("published_at", flat=True).first()
            )
        else:
            obj.published_at = None
        super().save_model(request, obj, form, change)

    # -- publishing ----------------------------------------------------------------------

    def has_publish_permission(self, request, obj=None):
        return publishing.can_publish(request.user) and self.has_change_permission(request, obj)

    @admin.action(permissions=["publish"], description=_("Publish selected cases"))
    def publish_selected(self, request, queryset):
        done = 0
        for case in queryset:
            try:
                done += publishing.publish(case, request.user)
            except consent.ConsentRefused as refused:
                self.message_user(request, f"{case.public_id}: {refused}", messages.ERROR)
        self.message_user(
            request,
            ngettext("%(count)d case published.", "%(count)d cases published.", done) % {"count": done},
            messages.SUCCESS,
        )

    @admin.action(permissions=["publish"], description=_("Withdraw selected from publication"))
    def unpublish_selected(self, request, queryset):
        done = sum(publishing.unpublish(case, request.user) for case in queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d case withdrawn from publication.",
                "%(count)d cases withdrawn from publication.",
                done,
            )
            % {"count": done},
            messages.SUCCESS,
        )

    def publication_view(self, request, object_id, publish):
        if request.method != "POST" and not publish:
            return HttpResponseNotAllowed(["POST"])
        case = self.get_object(request, unquote(object_id))
        if case is None:
            raise Http404
        if not self.has_publish_permission(request, case):
            raise PermissionDenied
        if publish:
            # The confirmation page shows every victim's consent before anything is published.
            return publish_confirmation(self, request, case)
        changed = publishing.unpublish(case, request.user)
        message = (
            gettext("“%(case)s” has been withdrawn from publication.")
            if changed
            else gettext("“%(case)s” was not published.")
        )
        self.message_user(request, message % {"case": case}, messages.SUCCESS if changed else messages.INFO)
        return HttpResponseRedirect(reverse(f"{self.admin_site.name}:cases_case_change", args=[case.pk]))

    def publish_view(self, request, object_id):
        return self.publication_view(request, object_id, publish=True)

    def unpublish_view(self, request, object_id):
        return self.publication_view(request, object_id, publish=False)

    def import_view(self, request):
        return case_import_view(self, request)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_view), name="cases_case_import"),
            path("<path:object_id>/publish/", wrap(self.publish_view), name="cases_case_publish"),
            path("<path:object_id>/unpublish/", wrap(self.unpublish_view), name="cases_case_unpublish"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_import": self.has_add_permission(request) and self.has_change_permission(request),
        }
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        case = self.get_object(request, unquote(object_id))
        if case is not None:  # a hidden or missing case falls through to "does not exist"
            record_access(request.user, case, "view", via="admin")
        extra_context = {**(extra_context or {}), "can_publish": self.has_publish_permission(request)}
        return super().change_view(request, object_id, form_url, extra_context)


def _format_datetime(value):
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


class GatedToCaseAdmin(VersionHistoryAdmin):
    """Victims and mentions: visible when their case is, and attachable only to such cases."""

    autocomplete_fields = ["case"]
    ordering, show_full_result_count = LARGE_LIST

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "case":
            kwargs["queryset"] = _visible_cases(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def deleted_history_visible(self, request, instance):
        return _visible_cases(request).filter(pk=instance.case_id).exists()


@admin.register(Victim)
class VictimAdmin(IndexedSearchMixin, GatedToCaseAdmin):
    indexed_search_case = "case"
    form = VictimAdminForm
    inlines = [ConsentInline]
    list_display = ["display_name", "case", "kind", "gender"]
    list_select_related = ["case"]
    list_filter = ["kind", "gender", "roles"]
    search_fields = ["name", "description", "case__title", "case__public_id"]
    fields = [
        "case",
        ("kind", "gender"),
        ("name", "description"),
        "roles",
        ("is_minor", "is_foreign_national", "is_civil_servant"),
    ]
    autocomplete_fields = ["case", "roles"]

    @admin.display(description=_("name"), ordering="name")
    def display_name(self, obj):
        return obj.display_name


@admin.register(Mention)
class MentionAdmin(GatedToCaseAdmin):
    form = MentionForm
    list_display = ["__str__", "case", "report", "kind"]
    list_select_related = ["case", "report", "paragraph__report"]
    list_filter = ["kind", "report"]
    search_fields = ["case__title", "case__public_id", "report__symbol"]
    fields = ["case", "report", "paragraph", "kind"]
    autocomplete_fields = ["case", "report", "paragraph"]


@admin.register(Report)
class ReportAdmin(VersionHistoryAdmin):
    list_display = ["symbol", "year", "session", "published_on", "paragraph_count", "is_demo"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_filter = ["year", "is_demo"]
    search_fields = ["symbol", "title"]
    readonly_fields = ["paragraph_count"]
    fields = [
        ("symbol", "year", "session"),
        "title",
        ("period_start", "period_end", "published_on"),
        "source_url",
        "source_checksum",
        "is_demo",
        "paragraph_count",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_paragraphs=Count("paragraphs"))

    @admin.display(description=_("paragraphs"), ordering="_paragraphs")
    def paragraph_count(self, obj):
        count = getattr(obj, "_paragraphs", None)
        if count is None:
            count = obj.paragraphs.count() if obj.pk else 0
        if not obj.pk:
            return count
        url = reverse("admin:cases_paragraph_changelist") + f"?report__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, count)


@admin.register(Paragraph)
class ParagraphAdmin(VersionHistoryAdmin):
    list_display = ["__str__", "report", "section", "number", "country"]
    list_filter = ["section", "report"]
    search_fields = ["report__symbol", "country_heading", "country__name", "text"]
    search_help_text = _(
        "Search by report symbol, country or text; a number (e.g. 12 or ¶12) finds that paragraph."
    )
    autocomplete_fields = ["report"]
    fields = ["report", ("section", "number"), ("country_heading", "country"), "text"]
    ordering = ["-report__year", "report__symbol", "section", "number"]

    def get_queryset(self, request):
        # The report makes __str__ (here and in the paragraph picker); the country is a column.
        # Both are joined here: the change list ignores list_select_related once the queryset
        # has a select_related, which cost one query per row for the country.
        return super().get_queryset(request).select_related("report", "country")

    def get_search_results(self, request, queryset, search_term):
        # Digits (optionally after "¶") are paragraph numbers; a term with a "/" is (part of) a
        # report symbol, matched against the symbols only: searched in every paragraph's text
        # too, it cost the paragraph picker ~2 s at 100,000 cases. The other words are searched.
        terms = search_term.split()
        numbers = [int(t.lstrip("¶")) for t in terms if t.lstrip("¶").isdigit()]
        symbols = [t for t in terms if "/" in t]
        words = [t for t in terms if not t.lstrip("¶").isdigit() and "/" not in t]
        queryset, may_have_duplicates = super().get_search_results(request, queryset, " ".join(words))
        for symbol in symbols:
            queryset = queryset.filter(report__symbol__icontains=symbol)
        if numbers:
            queryset = queryset.filter(number__in=numbers)
        return queryset, may_have_duplicates


@admin.register(Country)
class CountryAdmin(VersionedAdminMixin, admin.ModelAdmin):
    """Reference data loaded from cases/reference/countries.csv: curators may look, only
    administrators may adjust a short name, and nobody adds or deletes here."""

    list_display = ["name", "short_name", "iso2", "iso3", "region", "status"]
    list_filter = ["region", "status"]
    search_fields = ["name", "short_name", "iso2", "iso3"]
    readonly_fields = ["iso2", "iso3", "numeric", "name", "status", "region"]
    fields = [("iso2", "iso3", "numeric"), "name", "short_name", ("status", "region")]

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or request.user.has_perm("cases.view_case")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TermAdmin(VersionHistoryAdmin):
    list_display = ["name", "slug", "sort_order"]
    list_editable = ["sort_order"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Mechanism)
class MechanismAdmin(TermAdmin):
    list_display = ["name", "abbreviation", "group", "slug", "sort_order"]
    list_filter = ["group"]
    search_fields = ["name", "abbreviation", "slug"]


@admin.register(ReprisalType)
class ReprisalTypeAdmin(TermAdmin):
    pass


@admin.register(VictimRole)
class VictimRoleAdmin(TermAdmin):
    pass


@admin.register(AccessGrant)
class AccessGrantAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "scope", "level", "note", "created_at"]
    list_select_related = ["user", "case", "country"]
    list_filter = ["level"]
    search_fields = ["user__username", "user__email", "case__title", "case__public_id", "country__name"]
    autocomplete_fields = ["user", "case", "country"]
    fields = ["user", "case", "country", "level", "note"]

    def get_queryset(self, request):
        # Grants on single cases are listed only where the case itself is visible.
        qs = super().get_queryset(request)
        return qs.filter(Q(case__isnull=True) | Q(case__in=_visible_cases(request).values("pk")))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "case":
            kwargs["queryset"] = _visible_cases(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("scope"))
    def scope(self, obj):
        return obj.case or obj.country

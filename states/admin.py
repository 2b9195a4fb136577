from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.admin_views import VersionHistoryAdmin
from cases.staff_gate import CaseGatedAdminMixin

from .models import CouncilMembership, PermanentMission, Resolution, Session, Sponsorship, Statement


class StatesAdmin(VersionHistoryAdmin):
    # Addresses typed without a scheme are taken as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(PermanentMission)
class PermanentMissionAdmin(StatesAdmin):
    list_display = ("name", "country", "city", "email", "updated_at")
    list_filter = ("city", "country__region")
    search_fields = ("name", "country__name", "country__short_name", "email")
    autocomplete_fields = ("country",)


@admin.register(CouncilMembership)
class CouncilMembershipAdmin(StatesAdmin):
    list_display = ("country", "regional_group", "start_date", "end_date", "election_year", "note")
    list_filter = ("regional_group", "election_year")
    search_fields = ("country__name", "country__short_name", "note", "source")
    autocomplete_fields = ("country",)
    date_hierarchy = "start_date"


@admin.register(Session)
class SessionAdmin(StatesAdmin):
    list_display = ("title", "body", "number", "start_date", "end_date")
    list_filter = ("body",)
    search_fields = ("title", "note")


class SponsorshipInline(admin.TabularInline):
    model = Sponsorship
    extra = 1
    autocomplete_fields = ("country",)


@admin.register(Resolution)
class ResolutionAdmin(StatesAdmin):
    list_display = ("symbol", "title", "adoption_date", "adopted_by", "sponsor_count")
    list_filter = ("adopted_by", "on_reprisals")
    search_fields = ("symbol", "title")
    inlines = [SponsorshipInline]

    @admin.display(description=_("sponsors and co-sponsors"))
    def sponsor_count(self, obj):
        return obj.sponsorships.count()


@admin.register(Sponsorship)
class SponsorshipAdmin(StatesAdmin):
    list_display = ("country", "resolution", "role")
    list_filter = ("role", "resolution")
    search_fields = ("country__name", "resolution__symbol")
    autocomplete_fields = ("country",)


@admin.register(Statement)
class StatementAdmin(CaseGatedAdminMixin, StatesAdmin):
    list_display = ("__str__", "kind", "date", "joined_count_reported")
    list_filter = ("kind", "session")
    search_fields = ("title", "summary", "situations", "speaker__name")
    autocomplete_fields = ("speaker", "leads", "joined_by", "raised_cases")
    fieldsets = (
        (None, {"fields": ("session", "kind", "date", "title", "summary")}),
        (_("States"), {"fields": ("speaker", "leads", "joined_by", "joined_count_reported")}),
        (_("Raised"), {"fields": ("raised_cases", "situations")}),
        (_("Source"), {"fields": ("source_url", "note")}),
    )
    # The visibility gate (CaseGatedAdminMixin): a curator picks among, and sees, only the
    # cases they may see, in the form and in the history; links to cases hidden from them are
    # kept untouched when they save.

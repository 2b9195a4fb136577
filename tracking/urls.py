"""Included before cases.urls, so /cases/silent/, /cases/feed/ … resolve before
/cases/<public_id>/ (public ids have no vowels, so none of these words can be one)."""

from django.urls import path

from mailer.confirmation import confirm

from . import feeds
from .services.subscriptions import FOLLOW
from .views import analysis, follow, follow_up

app_name = "tracking"
urlpatterns = [
    path("cases/silent/", follow_up.silent, name="silent"),
    path("cases/silent.csv", follow_up.silent, {"fmt": "csv"}, name="silent-csv"),
    path("cases/recurring/", follow_up.recurring_cases, name="recurring"),
    path("cases/recurring.csv", follow_up.recurring_cases, {"fmt": "csv"}, name="recurring-csv"),
    path("cases/feed/", feeds.SearchFeed(), name="search-feed"),
    path("cases/follow/", follow.follow_search, name="follow-search"),
    path("cases/<str:public_id>/feed/", feeds.CaseFeed(), name="case-feed"),
    path("cases/<str:public_id>/follow/", follow.follow_case, name="follow-case"),
    path("countries/<str:iso2>/feed/", feeds.CountryFeed(), name="country-feed"),
    path("countries/<str:iso2>/follow/", follow.follow_country, name="follow-country"),
    # The one confirmation view (mailer.confirmation), at the follows' address.
    path("follow/confirm/<str:token>/", confirm, {"kind": FOLLOW}, name="confirm"),
    path("follow/unsubscribe/<str:token>/", follow.unsubscribe, name="unsubscribe"),
    path("analysis/", analysis.index, name="analysis"),
    path("analysis/<slug:chart>/", analysis.chart_page, name="chart"),
    path("analysis/<slug:chart>.svg", analysis.chart_svg, name="chart-svg"),
    path("analysis/<slug:chart>.csv", analysis.chart_csv, name="chart-csv"),
]

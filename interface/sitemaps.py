"""sitemap.xml: the public pages a search engine may list — only what an anonymous reader sees
(the visibility rule with no user), in English addresses (each page links its other languages
with hreflang). Large sections are split into pages of SITEMAP_PAGE addresses by Django's
sitemap index."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from cases.models import Case, Country, Report

SITEMAP_PAGE = 10_000


class PagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return [
            "cases:home",
            "cases:list",
            "cases:countries",
            "cases:reports",
            "cases:about-data",
            "states:list",
            "states:who-to-ask",
            "states:sessions",
            "tracking:analysis",
            "campaigns:list",
            "intake:submit",
        ]

    def location(self, item):
        return reverse(item)


class CaseSitemap(Sitemap):
    limit = SITEMAP_PAGE

    def items(self):
        return Case.objects.visible_to(AnonymousUser()).only("public_id", "updated_at").order_by("pk")

    def lastmod(self, case):
        return case.updated_at


class CountrySitemap(Sitemap):
    def items(self):
        visible = Case.objects.visible_to(AnonymousUser())
        return Country.objects.filter(pk__in=visible.values("country")).order_by("iso2")


class ReportSitemap(Sitemap):
    def items(self):
        return Report.objects.order_by("year", "symbol")


class CampaignSitemap(Sitemap):
    def items(self):
        from campaigns.models import Campaign

        return Campaign.objects.published().order_by("pk")


SITEMAPS = {
    "pages": PagesSitemap,
    "cases": CaseSitemap,
    "countries": CountrySitemap,
    "reports": ReportSitemap,
    "campaigns": CampaignSitemap,
}

"""Atom feeds of campaign updates: all campaigns, or one. Only published updates of published
campaigns; no supporter data and no case data beyond what the update's own text says."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from interface.feeds import PlainTextAtom1Feed

from .models import Campaign, CampaignUpdate


def _published_updates():
    return CampaignUpdate.objects.filter(
        campaign__is_published=True, published_at__isnull=False, published_at__lte=timezone.now()
    ).select_related("campaign")


class AllUpdatesFeed(Feed):
    feed_type = PlainTextAtom1Feed
    title = _("#EndReprisals campaign updates")
    subtitle = _("News from the campaigns against reprisals for cooperating with the United Nations.")

    def link(self):
        return reverse("campaigns:list")

    def items(self):
        return _published_updates().order_by("-published_at")[:50]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.published_at)

    def item_categories(self, item):
        return [item.campaign.title]


class CampaignUpdatesFeed(AllUpdatesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Campaign.objects.published(), slug=slug)

    def title(self, obj):
        return _("%(campaign)s — updates") % {"campaign": obj.title}

    def subtitle(self, obj):
        return obj.tagline

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return _published_updates().filter(campaign=obj).order_by("-published_at")[:50]

"""Share links for a case: plain links to each network's own compose page, prefilled with a
short text and the case's address. Nothing is loaded from those sites (no widget, script,
image or font); the browser contacts them only when the person follows a link."""

from urllib.parse import quote, urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _


def share_text(case) -> str:
    return _(
        "%(title)s (%(country)s): punished for cooperating with the UN. Reprisals must end. #EndReprisals"
    ) % {
        "title": case.title,
        "country": case.country.display_name,
    }


def share_links(case) -> dict:
    url = settings.SITE_URL + case.get_absolute_url()
    text = share_text(case)
    return {
        "url": url,
        "text": f"{text} {url}",
        "x": "https://twitter.com/intent/tweet?" + urlencode({"text": text, "url": url}),
        "bluesky": "https://bsky.app/intent/compose?" + urlencode({"text": f"{text} {url}"}),
        "mastodon": reverse("campaigns:share-mastodon", args=[case.public_id]),
        "email": "mailto:?subject=" + quote(case.title) + "&body=" + quote(f"{text}\n\n{url}"),
    }

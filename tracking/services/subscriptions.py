"""Following by e-mail, with double opt-in and one-click unsubscribe.

A follow is an address we collect like any other (`mailer.models.CollectedAddress`): the same
honeypot and rate limit on the form (tracking/views/follow.py), a consent record, the one
confirmation path (`mailer.confirmation`, kind FOLLOW below) with its random stored token, the
suppression list, and the registry of personal data (tracking/personal_data.py).

- `subscribe` records the address (pending) with the consent given, and queues a confirmation
  e-mail. It answers the same whether the address was new, pending, already confirmed or
  suppressed, so the form reveals nothing about who follows what; at most one confirmation per
  subscription per day is sent, and an address may have at most MAX_PENDING_PER_EMAIL pending
  subscriptions (so the form cannot be used to flood someone's mailbox).
- The confirmation link opens a page with a button; only its POST confirms (mail scanners that
  prefetch links do not); it expires after CONFIRM_MAX_AGE.
- The unsubscribe link carries the same token. Links mailed before the one token scheme were
  signed (`django.core.signing`, pk and a tag of the address): they are still honoured.
- Unsubscribing deletes the row. Unconfirmed rows are deleted after CONFIRM_MAX_AGE by
  `send_digests` (purge_unconfirmed).
- Digests only ever list public, published cases (`Case.objects.visible_to(ANONYMOUS)`).
"""

import datetime
import hashlib
from dataclasses import dataclass

from django.core import signing
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.filters import CaseQuery, filter_cases
from cases.models import Case, Country
from cases.visibility import ANONYMOUS
from mailer.addresses import is_suppressed, normalise_email
from mailer.confirmation import Confirmable, register
from mailer.consent import confirm_consent, record_consent
from mailer.models import ConsentRecord
from mailer.services import queue_email

from ..models import Subscription

CONFIRM_MAX_AGE = datetime.timedelta(days=7)
MAX_PENDING_PER_EMAIL = 5
# What a follower agrees to (shown by the form's checkbox, kept in the consent record).
CONSENT_TEXT = gettext_lazy(
    "I agree to receive e-mail digests of these changes and to EndReprisals keeping my address "
    "and language for that until I unsubscribe."
)
CONSENT_VERSION = "1"
# Salts of the signed links mailed before the one token scheme (still honoured).
_CONFIRM_SALT = "tracking.subscription.confirm"
_UNSUBSCRIBE_SALT = "tracking.subscription.unsubscribe"


@dataclass
class Scope:
    """What a subscription or a feed follows."""

    kind: str
    case: Case | None = None
    country: Country | None = None
    query: str = ""  # canonical search parameters

    @classmethod
    def of(cls, subscription: Subscription) -> "Scope":
        return cls(subscription.kind, subscription.case, subscription.country, subscription.query)

    @classmethod
    def for_search(cls, query: CaseQuery) -> "Scope":
        return cls(Subscription.Kind.SEARCH, query=canonical_query(query))

    def case_query(self) -> CaseQuery:
        return CaseQuery.from_querydict(QueryDict(self.query))

    def public_cases(self):
        """The cases this scope covers that anyone may see (raises InvalidQuery for a search
        whose parameters are no longer valid)."""
        cases = Case.objects.visible_to(ANONYMOUS)
        if self.kind == Subscription.Kind.CASE:
            return cases.filter(pk=self.case.pk)
        if self.kind == Subscription.Kind.COUNTRY:
            return cases.filter(country=self.country)
        return filter_cases(cases, self.case_query())

    @property
    def label(self) -> str:
        if self.kind == Subscription.Kind.CASE:
            return _("the case “%(title)s”") % {"title": self.case.title}
        if self.kind == Subscription.Kind.COUNTRY:
            return _("cases in %(country)s") % {"country": self.country.display_name}
        pairs = QueryDict(self.query).lists() if self.query else []
        description = "; ".join(f"{k}: {' / '.join(v)}" for k, v in pairs)
        if not description:
            return _("all cases")
        return _("cases matching %(search)s") % {"search": description}

    @property
    def page_url(self) -> str:
        if self.kind == Subscription.Kind.CASE:
            return self.case.get_absolute_url()
        if self.kind == Subscription.Kind.COUNTRY:
            return self.country.get_absolute_url()
        return reverse("cases:list") + (f"?{self.query}" if self.query else "")

    @property
    def feed_url(self) -> str:
        if self.kind == Subscription.Kind.CASE:
            return reverse("tracking:case-feed", args=[self.case.public_id])
        if self.kind == Subscription.Kind.COUNTRY:
            return reverse("tracking:country-feed", args=[self.country.iso2.lower()])
        return reverse("tracking:search-feed") + (f"?{self.query}" if self.query else "")

    @property
    def follow_url(self) -> str:
        if self.kind == Subscription.Kind.CASE:
            return reverse("tracking:follow-case", args=[self.case.public_id])
        if self.kind == Subscription.Kind.COUNTRY:
            return reverse("tracking:follow-country", args=[self.country.iso2.lower()])
        return reverse("tracking:follow-search") + (f"?{self.query}" if self.query else "")


def canonical_query(query: CaseQuery) -> str:
    """The search parameters that select cases (not the sort order), in a stable order."""
    return urlencode(sorted((k, v) for k, v in query.to_params() if k != "sort"))


def _email_tag(email: str) -> str:
    return hashlib.sha256(email.encode()).hexdigest()[:16]


def _from_signed_token(token: str, salt: str, max_age=None) -> Subscription | None:
    """A follow from a link mailed before the one token scheme (signed pk and address tag)."""
    try:
        pk, tag = signing.loads(token, salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    subscription = Subscription.objects.filter(pk=pk).select_related("case", "country").first()
    if subscription is None or _email_tag(subscription.email) != tag:
        return None
    return subscription


def subscription_to_end(token: str) -> Subscription | None:
    """The follow an unsubscribe link names (its token, or an old signed link)."""
    subscription = Subscription.objects.filter(token=token).select_related("case", "country").first()
    return subscription or _from_signed_token(token, _UNSUBSCRIBE_SALT)


def reference(scope: "Scope") -> str:
    """What a follow's consent is about, e.g. follow:case/XYZ, follow:country/DJ, follow:search/…"""
    if scope.kind == Subscription.Kind.CASE:
        return f"follow:case/{scope.case.public_id}"
    if scope.kind == Subscription.Kind.COUNTRY:
        return f"follow:country/{scope.country.iso2}"
    return f"follow:search/{scope.query}"[:200]


def absolute(path: str) -> str:
    from django.conf import settings

    return settings.SITE_URL + path


def unsubscribe_url(subscription: Subscription) -> str:
    return absolute(reverse("tracking:unsubscribe", args=[subscription.token]))


def unsubscribe_headers(subscription: Subscription) -> dict[str, str]:
    """RFC 2369 List-Unsubscribe with RFC 8058 one-click POST."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(subscription)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def subscribe(email: str, scope: Scope, language: str, page: str = "") -> Subscription | None:
    """Record a pending subscription with its consent and queue its confirmation e-mail (see
    the module docstring)."""
    email = normalise_email(email)
    if is_suppressed(email):  # erased: store nothing (the page answers the same)
        return None
    lookup = {"email": email, "kind": scope.kind}
    if scope.kind == Subscription.Kind.CASE:
        lookup["case"] = scope.case
    elif scope.kind == Subscription.Kind.COUNTRY:
        lookup["country"] = scope.country
    else:
        lookup["query"] = scope.query
    subscription = Subscription.objects.filter(**lookup).first()
    if subscription is None:
        pending = Subscription.objects.filter(email=email, confirmed_at__isnull=True).count()
        if pending >= MAX_PENDING_PER_EMAIL:
            return None
        try:
            with transaction.atomic():
                subscription = Subscription.objects.create(**lookup, language=language[:8])
                record_consent(
                    email,
                    ConsentRecord.Purpose.FOLLOW,
                    reference(scope),
                    CONSENT_TEXT,
                    CONSENT_VERSION,
                    page or scope.follow_url,
                )
        except IntegrityError:  # the same request twice at once
            subscription = Subscription.objects.filter(**lookup).first()
    if subscription is None or subscription.is_confirmed:
        return subscription
    queue_email(
        "tracking/email/confirm",
        to=email,
        context={
            "scope_label": scope.label,
            "confirm_url": absolute(reverse("tracking:confirm", args=[subscription.token])),
            "days": CONFIRM_MAX_AGE.days,
        },
        category="tracking-confirm",
        dedupe_key=f"tracking-confirm:{subscription.pk}:{timezone.now().date().isoformat()}",
        language=subscription.language,
    )
    return subscription


def confirm(subscription: Subscription) -> bool:
    """Confirm once; digests then report changes from this moment on. False if already done."""
    now = timezone.now()
    with transaction.atomic():
        done = Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(
            confirmed_at=now, last_digest_at=now
        )
        if done:
            confirm_consent(
                subscription.email_hash, ConsentRecord.Purpose.FOLLOW, reference(Scope.of(subscription)), now
            )
    subscription.refresh_from_db()
    return bool(done)


def unsubscribe(subscription: Subscription) -> None:
    Subscription.objects.filter(pk=subscription.pk).delete()


def purge_unconfirmed(now=None) -> int:
    """Delete follows never confirmed in time, and the consent they recorded."""
    now = now or timezone.now()
    with transaction.atomic():
        stale = Subscription.objects.filter(confirmed_at__isnull=True, created_at__lt=now - CONFIRM_MAX_AGE)
        hashes = set(stale.values_list("email_hash", flat=True))
        deleted, _counts = stale.delete()
        ConsentRecord.objects.filter(
            email_hash__in=hashes,
            purpose=ConsentRecord.Purpose.FOLLOW,
            confirmed_at__isnull=True,
            given_at__lt=now - CONFIRM_MAX_AGE,
        ).delete()
    return deleted


def _confirm_page(subscription: Subscription) -> dict:
    return {
        "title": _("Confirm your subscription"),
        "what": _("your e-mail digests of changes to %(what)s") % {"what": Scope.of(subscription).label},
        "button": _("Confirm"),
    }


FOLLOW = register(
    Confirmable(
        kind="follow",
        model=Subscription,
        related=("case", "country"),
        valid_for=lambda: CONFIRM_MAX_AGE,
        confirm=confirm,
        page=_confirm_page,
        done_url=lambda s: Scope.of(s).page_url,
        restart_url=lambda s: Scope.of(s).follow_url,
        thanks=gettext_lazy(
            "Subscription confirmed: you will receive a digest when something changes, at most once a "
            "day. Each message has a link to unsubscribe."
        ),
        legacy=lambda token: _from_signed_token(token, _CONFIRM_SALT, max_age=CONFIRM_MAX_AGE),
    )
)

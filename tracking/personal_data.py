"""Follows by e-mail, in the one registry of personal data (mailer/personal_data.py)."""

from mailer.personal_data import Holding, iso, register

from .models import Subscription
from .services.subscriptions import Scope


def _follow(s: Subscription) -> dict:
    return {
        "follows": str(Scope.of(s).label),
        "email": s.email,
        "language": s.language,
        "requested_at": iso(s.created_at),
        "confirmed_at": iso(s.confirmed_at),
        "changes_sent_up_to": iso(s.last_digest_at),
    }


register(
    Holding(
        model=Subscription,
        section="follows",
        rows=lambda address, key: Subscription.objects.filter(email_hash=key).select_related(
            "case", "country"
        ),
        export=_follow,
    )
)

"""E-mail subscriptions to a case, a country or a saved search.

The minimum personal data: the address (with its keyed hash), the language to write in, and
dates. No name, no address of the requester's machine, no history table (an unsubscribed
address is deleted, not archived). Like every address we collect, a follow is a
`mailer.models.CollectedAddress`: one random token for its links, confirmed through the one
confirmation path (`mailer.confirmation`), with a consent record.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mailer.models import CollectedAddress


class Subscription(CollectedAddress):
    class Kind(models.TextChoices):
        CASE = "case", _("case")
        COUNTRY = "country", _("country or territory")
        SEARCH = "search", _("saved search")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="subscriptions"
    )
    country = models.ForeignKey(
        "cases.Country", on_delete=models.CASCADE, null=True, blank=True, related_name="subscriptions"
    )
    query = models.CharField(
        _("search parameters"), max_length=2000, blank=True, help_text=_("As in the address of /cases/.")
    )
    language = models.CharField(_("language"), max_length=8, default="en")
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    last_digest_at = models.DateTimeField(
        _("changes sent up to"),
        null=True,
        blank=True,
        help_text=_("The next digest reports changes after this moment."),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("e-mail subscription")
        verbose_name_plural = _("e-mail subscriptions")
        indexes = [
            models.Index(fields=["confirmed_at", "last_digest_at"], name="tracking_sub_due"),
            models.Index(fields=["email_hash"], name="tracking_sub_email_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="case", case__isnull=False, country__isnull=True, query="")
                    | Q(kind="country", case__isnull=True, country__isnull=False, query="")
                    | Q(kind="search", case__isnull=True, country__isnull=True)
                ),
                name="subscription_one_scope",
            ),
            models.UniqueConstraint(
                fields=["email", "case"], condition=Q(kind="case"), name="sub_unique_case"
            ),
            models.UniqueConstraint(
                fields=["email", "country"], condition=Q(kind="country"), name="sub_unique_country"
            ),
            models.UniqueConstraint(
                fields=["email", "query"], condition=Q(kind="search"), name="sub_unique_search"
            ),
        ]

    def __str__(self):
        return f"{self.email} → {self.get_kind_display()}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

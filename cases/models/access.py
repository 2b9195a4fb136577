from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..visibility import Visibility


class AccessGrant(models.Model):
    """Lets one user see restricted or confidential cases: one case, or every case of a country.

    A grant at the confidential level also opens restricted records of the same scope.
    """

    class Level(models.TextChoices):
        RESTRICTED = Visibility.RESTRICTED.value, _("restricted")
        CONFIDENTIAL = Visibility.CONFIDENTIAL.value, _("confidential")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_grants")
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="grants"
    )
    country = models.ForeignKey(
        "cases.Country", on_delete=models.CASCADE, null=True, blank=True, related_name="grants"
    )
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    note = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("access grant")
        verbose_name_plural = _("access grants")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(case__isnull=False, country__isnull=True)
                    | models.Q(case__isnull=True, country__isnull=False)
                ),
                name="grant_one_scope",
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.case or self.country} ({self.level})"

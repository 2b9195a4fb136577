"""The one visibility rule. Every surface that shows cases, or anything derived from them,
goes through `Case.objects.visible_to(user)` (or `get_case_for_user`) — pages, search, facet
counts, headline figures, exports, feeds and the API. tests/test_visibility_gate.py enforces it.
"""

from django.db import models
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    PUBLIC = "public", _("public")
    RESTRICTED = "restricted", _("restricted")
    CONFIDENTIAL = "confidential", _("confidential")


def case_visibility_q(user) -> Q:
    """The condition a case must meet for `user` to see it."""
    published = Q(published_at__isnull=False)
    public = Q(visibility=Visibility.PUBLIC)
    if user is None or not user.is_authenticated or not user.is_active:
        return published & public
    if user.is_superuser:
        return Q()
    from .models import AccessGrant  # local import: models import this module

    # Curators see drafts of whatever they may otherwise see; everyone else only published.
    state = Q() if user.has_perm("cases.change_case") else published
    levels = public
    if user.has_perm("cases.view_restricted"):
        levels |= Q(visibility=Visibility.RESTRICTED)
    grants = AccessGrant.objects.filter(user=user)
    for level, opening in (
        (Visibility.RESTRICTED, [Visibility.RESTRICTED, Visibility.CONFIDENTIAL]),
        (Visibility.CONFIDENTIAL, [Visibility.CONFIDENTIAL]),
    ):
        scoped = grants.filter(level__in=opening)
        levels |= Q(visibility=level) & (
            Q(pk__in=scoped.filter(case__isnull=False).values("case_id"))
            | Q(country_id__in=scoped.filter(country__isnull=False).values("country_id"))
        )
    return state & levels


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(case_visibility_q(user))


class RelatedToCaseQuerySet(models.QuerySet):
    """For rows that belong to a case (victims, mentions): visible when their case is."""

    def visible_to(self, user):
        from .models import Case

        return self.filter(case__in=Case.objects.visible_to(user).values("pk"))


def get_case_for_user(user, public_id: str):
    """The case with this public id if `user` may see it; otherwise 404, exactly as if it did
    not exist."""
    from .models import Case

    return get_object_or_404(Case.objects.visible_to(user), public_id=public_id)

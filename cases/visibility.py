"""The one visibility rule. Every surface that shows cases, or anything derived from them,
goes through `Case.objects.visible_to(user)` (or `get_case_for_user`) — pages, search, facet
counts, headline figures, exports, feeds, the API, and every staff surface: admin lists,
pickers, autocompletes, history and compare pages, intake and review pages (cases/staff_gate.py).
tests/test_visibility_gate.py enforces it: a crawl as every role, and an allow-list of the
modules that may query cases without the rule.

`user` is always someone: a person (`request.user`), `ANONYMOUS` (what the public may see:
digests, feeds, public campaign pages) or `SYSTEM` (a command run by the operator with full
rights, such as `manage.py import_cases`). `None` used to mean "anonymous" in one place and
"everything" in another (the CSV import); it now only ever means ANONYMOUS (the safe reading), and
project code names the actor (test_visibility_gate checks that no module passes None).
"""

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    PUBLIC = "public", _("public")
    RESTRICTED = "restricted", _("restricted")
    CONFIDENTIAL = "confidential", _("confidential")


class SystemActor:
    """The operator's own commands (imports, maintenance): every case, and every permission.
    Never a request's user; only code run from the command line passes it."""

    is_authenticated = is_active = is_staff = is_superuser = True
    pk = id = None

    def has_perm(self, perm, obj=None) -> bool:
        return True

    def get_username(self) -> str:
        return "system"

    def __repr__(self) -> str:
        return "SYSTEM"


# What a visitor who is not signed in may see.
ANONYMOUS = AnonymousUser()
SYSTEM = SystemActor()


def case_visibility_q(user) -> Q:
    """The condition a case must meet for `user` to see it."""
    if user is None:
        user = ANONYMOUS  # never "everything": that is SYSTEM, named
    if user is SYSTEM:
        return Q()
    published = Q(published_at__isnull=False)
    public = Q(visibility=Visibility.PUBLIC)
    if not user.is_authenticated or not user.is_active:
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

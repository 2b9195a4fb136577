"""Who must use a second factor: anyone who can see more than the public does."""

from django.conf import settings


def requires_two_factor(user) -> bool:
    """True for superusers, staff (the admin holds supporters' data and intake), holders of any
    access grant (restricted or confidential) and anyone allowed every restricted record."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.is_staff:
        return True
    from cases.models import AccessGrant

    return user.has_perm("cases.view_restricted") or AccessGrant.objects.filter(user=user).exists()


def two_factor_enforced() -> bool:
    return bool(settings.TWO_FACTOR_REQUIRED)

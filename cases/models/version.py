import secrets

from django.db import models


class DataVersion(models.Model):
    """One row whose token changes, by database trigger, whenever anything a case list, count or
    facet or API representation depends on changes (cases, victims, reports and their
    paragraphs, mentions, taxonomies, countries, access grants).

    Caches of derived figures (cases/facet_index.py) are keyed by this token. It is a random
    number rather than a counter so that a rolled-back transaction, which restores the previous
    token together with the previous data, can never leave a token that later means other data.
    The triggers live in the database, not in Django signals, so bulk updates, raw SQL and other
    programs writing to the database change it too.
    """

    token = models.BigIntegerField(default=0)

    class Meta:
        default_permissions = ()

    def __str__(self):
        return f"data version {self.token}"

    @classmethod
    def current(cls, using: str = "default") -> int:
        token = cls.objects.using(using).filter(pk=1).values_list("token", flat=True).first()
        if token is None:
            # The row is created by the migration; only emptying every table (`flush`, as test
            # suites do) removes it. Without it the triggers would change nothing.
            token = (
                cls.objects.using(using)
                .get_or_create(pk=1, defaults={"token": secrets.randbits(62)})[0]
                .token
            )
        return token

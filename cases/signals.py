"""Keep each case's search columns current when its text, victims or sources change."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .models import Case, Mention, Paragraph, Victim
from .search.index import refresh_soon


def _refresh(case_ids):
    # Inside the caller's transaction, so the index never disagrees with committed data;
    # bulk work wraps itself in batched_refresh() to re-index once at the end.
    ids = [pk for pk in case_ids if pk]
    if ids:
        refresh_soon(ids)


@receiver(post_save, sender=Case)
def case_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _refresh([instance.pk])


@receiver([post_save, post_delete], sender=Victim)
@receiver([post_save, post_delete], sender=Mention)
def case_part_changed(sender, instance, raw=False, **kwargs):
    if not raw and Case.objects.filter(pk=instance.case_id).exists():
        _refresh([instance.case_id])


@receiver(post_save, sender=Paragraph)
def paragraph_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _refresh(Mention.objects.filter(paragraph=instance).values_list("case_id", flat=True))


@receiver(m2m_changed, sender=Case.mechanisms.through)
@receiver(m2m_changed, sender=Case.reprisal_types.through)
def case_vocabulary_changed(sender, instance, action, reverse, pk_set, **kwargs):
    # The index holds each case's mechanisms and reprisal types (in English, for searches in
    # every language: cases/search/lexicon.py).
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    _refresh(list(pk_set or []) if reverse else [instance.pk])

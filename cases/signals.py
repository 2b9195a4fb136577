"""Keep each case's search columns current when its text, victims or sources change."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Case, Mention, Paragraph, Victim
from .search.index import refresh_cases


def _refresh(case_ids):
    # Immediately, inside the caller's transaction: the index can never disagree with the
    # committed data. Bulk loaders bypass signals and call refresh_cases() once instead.
    ids = [pk for pk in case_ids if pk]
    if ids:
        refresh_cases(ids)


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

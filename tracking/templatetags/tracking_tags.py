"""Template helpers for the pages other apps own (the case page includes
tracking/_case_timeline.html, which loads its data through `case_follow_up`)."""

from django import template
from django.utils.translation import gettext as _

from ..services.timeline import follow_up

register = template.Library()


@register.simple_tag
def case_follow_up(case):
    """Timeline, derived status, last heard of and report years of a case the page already
    showed (so already checked against the visibility gate)."""
    return follow_up(case)


@register.filter
def entry_date(entry):
    """A timeline date at its known precision, in words ("2021", "March 2021", "5 March 2021")."""
    from django.utils.formats import date_format

    if entry.precision == "year":
        return str(entry.date.year)
    if entry.precision == "month":
        return date_format(entry.date, "YEAR_MONTH_FORMAT")
    return date_format(entry.date, "DATE_FORMAT")


@register.simple_tag
def years_label(years):
    return ", ".join(str(y) for y in years) if years else _("none yet")

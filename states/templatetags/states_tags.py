"""Template tags for pages outside this app.

On the case page:

    {% load states_tags %}{% states_that_raised case %}

renders the States that raised the case, where and when (nothing when none did, or when the
viewer may not see the case).
"""

from django import template

from .. import services

register = template.Library()


@register.inclusion_tag("states/_raised_case.html", takes_context=True)
def states_that_raised(context, case):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"raised": services.states_that_raised(case, user), "case": case}


@register.filter
def state_url(country) -> str:
    """The State page of a country (lower-case ISO code)."""
    from django.urls import reverse

    return reverse("states:detail", args=[country.iso2.lower()])

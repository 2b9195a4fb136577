"""The letter a supporter sends to one State's mission, built from the action's template.

Only public, published cases ever appear in a letter: the cases come through the visibility
gate as an anonymous visitor sees them, whoever the supporter is.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from cases.models import Case, Country
from cases.visibility import ANONYMOUS
from states.services import states_that_raised


def letter_cases(action) -> list[Case]:
    """The action's cases that anybody may see, in the campaign's featured order."""
    cases = list(
        Case.objects.visible_to(ANONYMOUS)
        .filter(email_actions=action)
        .select_related("country")
        .order_by("title")
    )
    order = dict(action.campaign.featured.values_list("case_id", "position"))
    return sorted(cases, key=lambda c: (order.get(c.pk, 10_000), c.title))


def raisers_of(case: Case) -> set[int]:
    """Ids of the States that raised `case` (spoke, led or joined a statement naming it),
    from the States app's raised-by data, as the public sees it."""
    ids: set[int] = set()
    for row in states_that_raised(case, ANONYMOUS):
        ids.update(state.pk for state in row["states"])
        ids.update(state.pk for state in row["joined_by"])
    return ids


def state_raised_case(state: Country, case: Case, raisers: dict[int, set[int]] | None = None) -> bool:
    """The single decision between the thank-you and the ask variant of a case paragraph."""
    known = raisers.get(case.pk) if raisers is not None else None
    if known is None:
        known = raisers_of(case)
        if raisers is not None:
            raisers[case.pk] = known
    return state.pk in known


def fill(template: str, values: dict[str, str]) -> str:
    """Replace the known {placeholders} only; anything else in braces is left as written."""
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), template)


def normalise_text(text: str) -> str:
    return " ".join((text or "").split())


def is_template_text(action, body: str) -> bool:
    return normalise_text(body) == normalise_text(action.letter_body)


@dataclass
class Letter:
    state: Country
    subject: str
    text: str
    variant: str  # "ask", "thanks" or "mixed"


def compose(
    action,
    state: Country,
    *,
    body: str,
    name: str,
    supporter_country: str,
    cases: list[Case],
    raisers: dict[int, set[int]] | None = None,
    mission=None,
) -> Letter:
    values = {"state": state.display_name}
    paragraphs = []
    raised_flags = []
    for case in cases:
        raised = state_raised_case(state, case, raisers)
        raised_flags.append(raised)
        template = action.thanks_paragraph if raised else action.ask_paragraph
        paragraphs.append(
            fill(
                template,
                {
                    **values,
                    "case": case.title,
                    "country": case.country.display_name,
                    "case_url": settings.SITE_URL + case.get_absolute_url(),
                },
            ).strip()
        )
    if raised_flags and all(raised_flags):
        variant = "thanks"
    elif any(raised_flags):
        variant = "mixed"
    else:
        variant = "ask"
    if mission is not None and mission.name:
        greeting = _("To the %(mission)s,") % {"mission": mission.name}
    else:
        greeting = _("To the Permanent Mission of %(state)s to the United Nations,") % {"state": state.name}
    signature = name.strip()
    if supporter_country:
        signature += "\n" + supporter_country
    parts = [greeting, fill(body, values).strip(), *paragraphs, _("Yours sincerely,") + "\n" + signature]
    text = "\n\n".join(part for part in parts if part)
    return Letter(state=state, subject=fill(action.subject, values), text=text, variant=variant)

"""The one consent rule: what a victim agreed to holds for every step that widens who reads a case.

    problems = consent.violations(case, consent.Step.PUBLISH)
    consent.enforce(cases, consent.Step.FEATURE, user=request.user, override_reason=reason)

Steps that widen the audience (publishing, making a case public or restricted, featuring it in a
campaign, putting it in a letter) need, for every victim with recorded consent:

- consent to publication ("named" or "anonymised"); "keep confidential" refuses the step;
- for "anonymised": no name in the victim record, and the name nowhere in what readers see;
- none of the details not to be disclosed in what readers see (for every victim).

The annual submission to the Secretary-General needs consent to share with the UN.

`enforce` refuses a step that breaks consent (`ConsentRefused`, with the reasons). Only a user
with `cases.override_consent` (administrators) may go ahead anyway, and only with a reason,
which is written to the audit log. Reasons never quote the name or the withheld details: they
are shown to staff and written to the log, which readers who cannot see the victim may read.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from unidecode import unidecode

from .models import Case, Consent
from .visibility import Visibility

OVERRIDE_PERMISSION = "cases.override_consent"
MAX_REASON = 300


class Step(models.TextChoices):
    PUBLISH = "publish", gettext_lazy("publish")
    MAKE_PUBLIC = "make_public", gettext_lazy("make public")
    MAKE_RESTRICTED = "make_restricted", gettext_lazy("make restricted")
    ANNUAL = "annual", gettext_lazy("include in the annual submission to the UN")
    FEATURE = "feature", gettext_lazy("feature in a campaign")
    LETTER = "letter", gettext_lazy("add to a letter")


# Steps after which more people read the case than the staff who may see it now.
WIDENING = {Step.PUBLISH, Step.MAKE_PUBLIC, Step.MAKE_RESTRICTED, Step.FEATURE, Step.LETTER}

VISIBILITY_STEP = {Visibility.PUBLIC: Step.MAKE_PUBLIC, Visibility.RESTRICTED: Step.MAKE_RESTRICTED}


def steps_of_change(old_visibility: str | None, case: Case) -> list[Step]:
    """The widening steps that saving `case` (visibility `old_visibility` before) amounts to:
    making it public or restricted, and — for a published case — publishing its new text."""
    steps = []
    step = VISIBILITY_STEP.get(case.visibility)
    if step and case.visibility != old_visibility:
        steps.append(step)
    if case.published_at is not None:
        steps.append(Step.PUBLISH)
    return steps


@dataclass(frozen=True)
class Violation:
    case: Case
    victim_number: int  # the victim's position in the case, from 1 (names are never quoted)
    reason: str

    def __str__(self):
        return _("%(case)s, victim %(number)d: %(reason)s") % {
            "case": self.case.public_id,
            "number": self.victim_number,
            "reason": self.reason,
        }


class ConsentRefused(Exception):
    """A step would break a victim's consent. `violations` says why."""

    def __init__(self, step: str, violations: list[Violation], message: str = ""):
        self.step = step
        self.violations = violations
        super().__init__(message or refusal_message(step, violations))


def refusal_message(step: str, violations: list[Violation]) -> str:
    return _("Refused: “%(step)s” would break the consent given. %(reasons)s") % {
        "step": Step(step).label,
        "reasons": " ".join(f"{v}." for v in violations),
    }


# --- Finding withheld words --------------------------------------------------------------------


def _fold(text: str) -> tuple[str, list[int]]:
    """`text` without case or accents, and for each of its characters the index it came from."""
    folded, origin = [], []
    for index, char in enumerate(text):
        for out in unidecode(char).casefold():
            folded.append(out)
            origin.append(index)
    return "".join(folded), origin


def _pattern(phrase: str) -> re.Pattern | None:
    words = _fold(phrase)[0].split()
    if not words:
        return None
    # Whole words only ("Ana" is not found in "banana"); any spacing between them.
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)")


def _name_phrases(name: str) -> list[str]:
    """A name, and each of its words long enough to identify someone on its own."""
    parts = [part for part in name.split() if len(part) >= 3]
    return [name, *parts] if len(parts) > 1 else [name]


def phrases_withheld(consent: Consent) -> list[str]:
    phrases = _name_phrases(consent.withheld_name.strip()) if consent.withheld_name.strip() else []
    return phrases + [line.strip() for line in consent.withheld_details.splitlines() if line.strip()]


def contains(text: str, phrase: str) -> bool:
    pattern = _pattern(phrase)
    return bool(pattern and text and pattern.search(_fold(text)[0]))


def redact(text: str, phrases: Iterable[str], replacement: str = "[…]") -> str:
    """`text` with every occurrence of `phrases` (whole words, any case or accents) replaced."""
    for phrase in sorted(phrases, key=len, reverse=True):  # longest first: the full name, then parts
        pattern = _pattern(phrase)
        if pattern is None:
            continue
        folded, origin = _fold(text)
        spans = [(origin[m.start()], origin[m.end() - 1] + 1) for m in pattern.finditer(folded)]
        for start, end in reversed(spans):
            text = text[:start] + replacement + text[end:]
    return text


# --- What wider readers see --------------------------------------------------------------------


def readable_texts(case: Case) -> list[tuple[str, str]]:
    """(where, text) for every text of `case` that its readers see: the case page, lists, feeds,
    exports, the API and the search index are all made of these."""
    texts = [(_("the title"), case.title), (_("the summary"), case.summary)]
    for number, victim in enumerate(case.victims.order_by("pk"), start=1):
        texts.append((_("the name of victim %(n)d") % {"n": number}, victim.name))
        texts.append((_("the description of victim %(n)d") % {"n": number}, victim.description))
    for relation, fields, where in _RELATED_TEXTS:
        manager = getattr(case, relation, None)
        if manager is None:
            continue
        for row in manager.all().values_list(*fields):
            texts.extend((str(where), value) for value in row if value)
    return [(where, text) for where, text in texts if text]


# Texts other apps keep about a case that readers see with it (app not installed: skipped).
_RELATED_TEXTS = [
    ("timeline_events", ("note", "source_citation"), gettext_lazy("a timeline event")),
    ("campaign_features", ("blurb",), gettext_lazy("a campaign's text about the case")),
]


# --- The rule ----------------------------------------------------------------------------------


def _consents(case: Case) -> list[tuple[int, Consent | None]]:
    victims = case.victims.select_related("consent").order_by("pk")
    return [(number, getattr(victim, "consent", None)) for number, victim in enumerate(victims, start=1)]


def violations(case: Case, step: str, extra_texts: Iterable[tuple[str, str]] = ()) -> list[Violation]:
    """Every way `step` would break the consent of `case`'s victims (empty: the step is fine).
    `extra_texts` are (where, text) that the step itself would show with the case, such as
    a campaign's words about it."""
    step = Step(step)
    found = []
    texts = None
    extra_texts = list(extra_texts)
    for number, consent in _consents(case):
        if consent is None:
            continue

        def add(reason, number=number):
            found.append(Violation(case, number, reason))

        if step == Step.ANNUAL:
            if consent.share_with_un is False:
                add(_("did not consent to sharing with the UN"))
            continue
        if consent.publication == Consent.Publication.CONFIDENTIAL:
            add(_("asked for the case to be kept confidential (no publication)"))
            continue
        if consent.publication == Consent.Publication.ANONYMISED and consent.victim.name.strip():
            add(_("consented to anonymised publication only, but the victim record carries a name"))
        phrases = phrases_withheld(consent)
        if phrases:
            texts = readable_texts(case) + extra_texts if texts is None else texts
            for where, text in texts:
                if any(contains(text, phrase) for phrase in phrases):
                    add(
                        _("a name or detail that must not be disclosed appears in %(where)s")
                        % {"where": where}
                    )
    return found


def violations_for(cases: Iterable[Case], step: str, extra_texts=()) -> list[Violation]:
    if isinstance(cases, models.QuerySet):
        # Only victims with recorded consent can be wronged: one query instead of one per case.
        cases = cases.filter(victims__consent__isnull=False).distinct().order_by("pk")
    return [violation for case in cases for violation in violations(case, step, extra_texts)]


def can_override(user) -> bool:
    return bool(user and user.is_active and user.has_perm(OVERRIDE_PERMISSION))


def enforce(
    cases, step: str, *, user, override_reason: str = "", via: str = "", extra_texts=()
) -> list[Violation]:
    """Refuse `step` for `cases` (a case or several) if it breaks consent, unless an
    administrator overrides it with a reason (recorded in the audit log). Returns the violations
    that were overridden (empty when there were none)."""
    found = violations_for([cases] if isinstance(cases, Case) else cases, step, extra_texts)
    if not found:
        return []
    reason = (override_reason or "").strip()
    if not reason or not can_override(user):
        raise ConsentRefused(step, found)
    record_override(found, step, user=user, reason=reason, via=via)
    return found


def record_override(found: list[Violation], step: str, *, user, reason: str, via: str = "") -> None:
    from audit.services import Action, record

    for case in {v.case.pk: v.case for v in found}.values():
        broken = "; ".join(v.reason for v in found if v.case.pk == case.pk)
        record(
            Action.OVERRIDE,
            user=user,
            via=via or None,
            object_type="cases.case",
            object_id=str(case.pk),
            public_id=case.public_id,
            case_pk=case.pk,
            visibility=case.visibility,
            summary=f"consent overridden to {Step(step).value}: {broken} — reason: {reason[:MAX_REASON]}"[
                :500
            ],
        )


def override_reason_field():
    """The field in which an administrator gives the reason for an override (forms add it for
    users who `can_override` only; `enforce` checks the permission again)."""
    from django import forms

    return forms.CharField(
        label=gettext_lazy("Reason for overriding the consent"),
        help_text=gettext_lazy(
            "Administrators only. Leave empty unless you must go ahead against the consent given; "
            "the reason is written to the audit log, which other staff read: name nobody in it."
        ),
        max_length=MAX_REASON,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# --- What staff see ----------------------------------------------------------------------------


@dataclass
class VictimConsent:
    number: int
    victim_pk: int
    label: str  # the victim's name or description, for staff who may see the case
    consent: Consent | None

    @property
    def summary(self) -> str:
        return describe(self.consent)


def for_case(case: Case) -> list[VictimConsent]:
    """Each victim of `case` with the consent recorded for them, for the staff pages."""
    victims = case.victims.select_related("consent").order_by("pk")
    return [
        VictimConsent(number, victim.pk, victim.display_name, getattr(victim, "consent", None))
        for number, victim in enumerate(victims, start=1)
    ]


def describe(consent: Consent | None) -> str:
    """One line for staff: the consent given, where it came from, and what is withheld."""
    if consent is None:
        return _("Consent not recorded.")
    share = {True: _("yes"), False: _("no"), None: _("not recorded")}[consent.share_with_un]
    parts = [
        _("Publication: %(publication)s.") % {"publication": consent.get_publication_display()},
        _("Share with the UN: %(share)s.") % {"share": share},
    ]
    withheld = len(consent.withheld)
    if withheld:
        parts.append(_("Not to disclose: %(count)d name(s) or detail(s).") % {"count": withheld})
    source = consent.get_source_display()
    if consent.source_reference:
        source = f"{source} {consent.source_reference}"
    parts.append(_("Given through %(source)s.") % {"source": source})
    return " ".join(parts)

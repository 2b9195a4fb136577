"""What a curator decides about a candidate: accept it as a new case, merge it into an existing
case, or reject it (after editing it, if need be). Each decision runs in one transaction, on a
candidate still waiting for review (so a double click or a second curator changes nothing twice).

Accepting creates an unpublished case (confidential unless the curator chose another visibility),
its victims and one mention per source paragraph. Merging adds follow-up mentions of the source
paragraphs to the existing case (these are its timeline) and any mechanism, reprisal type or victim
it did not have yet; it changes neither the case's visibility nor whether it is published. Nothing
becomes public here: publishing stays a separate step (cases/publishing.py).
"""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import AccessGrant, Case, Country, Mechanism, Mention, ReprisalType, Victim, VictimRole
from cases.search.index import refresh_cases
from cases.visibility import Visibility

from ..models import CandidateCase, CandidateLink
from .link import name_similarity

Status = CandidateCase.Status
KINDS = {"person", "organisation", "group"}
GENDERS = {"female", "male", "other", "unknown"}
PERPETRATORS = {choice for choice, _label in Case.Perpetrator.choices}
PRECISIONS = {choice for choice, _label in Case.DatePrecision.choices}


class ReviewError(Exception):
    pass


def _lock(candidate: CandidateCase) -> CandidateCase:
    locked = CandidateCase.objects.select_for_update().get(pk=candidate.pk)
    if locked.status != Status.PENDING:
        raise ReviewError(
            _("This candidate has already been reviewed (%(status)s).")
            % {"status": locked.get_status_display()}
        )
    return locked


def _done(candidate: CandidateCase, status: str, user, case: Case | None = None, note: str = "") -> None:
    candidate.status = status
    candidate.case = case
    candidate.reviewed_by = user if user is not None and user.is_authenticated else None
    candidate.reviewed_at = timezone.now()
    if note:
        candidate.review_note = note
    candidate.save(update_fields=["status", "case", "reviewed_by", "reviewed_at", "review_note"])


def clean_victims(victims: list[dict]) -> list[dict]:
    """Victims as the review form or the extractor gives them, checked and trimmed."""
    cleaned = []
    for victim in victims:
        name = (victim.get("name") or "").strip()[:200]
        description = (victim.get("description") or "").strip()[:300]
        if not name and not description:
            continue
        kind = victim.get("kind") if victim.get("kind") in KINDS else "person"
        gender = victim.get("gender") if victim.get("gender") in GENDERS else "unknown"
        roles = [r for r in victim.get("roles") or [] if isinstance(r, str)]
        cleaned.append(
            {"name": name, "description": description, "kind": kind, "gender": gender, "roles": roles}
        )
    return cleaned


@transaction.atomic
def save_edits(candidate: CandidateCase, data: dict, user=None) -> CandidateCase:
    """Store a curator's corrections on a candidate still waiting for review."""
    candidate = _lock(candidate)
    if "country" in data:
        country = data["country"]
        candidate.country = (
            country if isinstance(country, Country) or country is None else Country.objects.get(iso2=country)
        )
    for field in ("title", "summary"):
        if field in data:
            setattr(candidate, field, (data[field] or "").strip()[: 300 if field == "title" else 100_000])
    if "mechanisms" in data:
        candidate.mechanisms = sorted({str(m) for m in data["mechanisms"]})
    if "reprisal_types" in data:
        candidate.reprisal_types = sorted({str(t) for t in data["reprisal_types"]})
    if "victims" in data:
        candidate.victims = clean_victims(data["victims"])
    if "perpetrator_kind" in data and data["perpetrator_kind"] in PERPETRATORS:
        candidate.perpetrator_kind = data["perpetrator_kind"]
    if "incident_date" in data:
        value = data["incident_date"]
        candidate.incident_date = (
            value if isinstance(value, date) or value is None else date.fromisoformat(value)
        )
    if "incident_date_precision" in data and data["incident_date_precision"] in PRECISIONS:
        candidate.incident_date_precision = data["incident_date_precision"]
    if not candidate.title.strip():
        raise ReviewError(_("A case needs a title."))
    candidate.save()
    return candidate


@transaction.atomic
def accept(candidate: CandidateCase, user, *, visibility: str = Visibility.CONFIDENTIAL) -> Case:
    """Make a new, unpublished case of the candidate."""
    candidate = _lock(candidate)
    if visibility not in Visibility.values:
        raise ReviewError(_("Unknown visibility."))
    if candidate.country_id is None:
        raise ReviewError(_("Choose the country before accepting the case."))
    case = Case.objects.create(
        title=candidate.title[:300],
        country_id=candidate.country_id,
        summary=candidate.summary,
        perpetrator_kind=candidate.perpetrator_kind
        if candidate.perpetrator_kind in PERPETRATORS
        else "unknown",
        incident_date=candidate.incident_date,
        incident_date_precision=(
            candidate.incident_date_precision if candidate.incident_date_precision in PRECISIONS else "day"
        ),
        status=Case.Status.UNKNOWN,
        visibility=visibility,
        language="en",
        published_at=None,
    )
    case.mechanisms.set(Mechanism.objects.filter(slug__in=candidate.mechanisms))
    case.reprisal_types.set(ReprisalType.objects.filter(slug__in=candidate.reprisal_types))
    _add_victims(case, clean_victims(candidate.victims))
    kind = Mention.Kind.FOLLOW_UP if candidate.kind == CandidateCase.Kind.FOLLOW_UP else Mention.Kind.FIRST
    for paragraph in candidate.paragraphs.all():
        Mention.objects.create(case=case, report_id=paragraph.report_id, paragraph=paragraph, kind=kind)
    if (
        user is not None
        and user.is_authenticated
        and not user.is_superuser
        and visibility != Visibility.PUBLIC
    ):
        # Whoever made the case has read its source: let them see it whatever its visibility.
        AccessGrant.objects.get_or_create(
            user=user,
            case=case,
            defaults={
                "level": AccessGrant.Level.CONFIDENTIAL,
                "note": f"Created from ingested report {candidate.report.symbol}",
            },
        )
    candidate.links.filter(status=CandidateLink.Status.PROPOSED).update(status=CandidateLink.Status.REJECTED)
    _done(candidate, Status.ACCEPTED, user, case)
    transaction.on_commit(lambda: refresh_cases([case.pk]))
    return case


@transaction.atomic
def merge(candidate: CandidateCase, user, target: Case) -> Case:
    """Add the candidate to an existing case the user may see: follow-up mentions of its paragraphs,
    plus mechanisms, reprisal types and victims the case did not have."""
    candidate = _lock(candidate)
    if not Case.objects.visible_to(user).filter(pk=target.pk).exists():
        raise ReviewError(_("No such case."))
    target = Case.objects.select_for_update().get(pk=target.pk)
    for paragraph in candidate.paragraphs.all():
        Mention.objects.get_or_create(
            case=target,
            paragraph=paragraph,
            defaults={"report_id": paragraph.report_id, "kind": Mention.Kind.FOLLOW_UP},
        )
    target.mechanisms.add(*Mechanism.objects.filter(slug__in=candidate.mechanisms))
    target.reprisal_types.add(*ReprisalType.objects.filter(slug__in=candidate.reprisal_types))
    existing = list(target.victims.all())
    new = [v for v in clean_victims(candidate.victims) if not any(_same_victim(v, e) for e in existing)]
    _add_victims(target, new)
    accepted = candidate.links.filter(target_case=target).first()
    if accepted is None:
        accepted = CandidateLink.objects.create(
            candidate=candidate,
            target_case=target,
            method=CandidateLink.Method.MANUAL,
            confidence=1.0,
            evidence=_("chosen by %(user)s") % {"user": user.get_username()} if user else "",
        )
    candidate.links.exclude(pk=accepted.pk).filter(status=CandidateLink.Status.PROPOSED).update(
        status=CandidateLink.Status.REJECTED
    )
    CandidateLink.objects.filter(pk=accepted.pk).update(status=CandidateLink.Status.ACCEPTED)
    _done(candidate, Status.MERGED, user, target)
    transaction.on_commit(lambda: refresh_cases([target.pk]))
    return target


def accept_link(candidate_link: CandidateLink, user) -> Case:
    """Merge a candidate into the case a proposed link points to."""
    target = candidate_link.target_case
    if target is None and candidate_link.target_candidate is not None:
        target = candidate_link.target_candidate.case
        if target is None:
            raise ReviewError(
                _("The earlier case this follows is itself still waiting for review: review it first.")
            )
    if target is None:
        raise ReviewError(_("No such case."))
    return merge(candidate_link.candidate, user, target)


@transaction.atomic
def reject(candidate: CandidateCase, user, note: str = "") -> CandidateCase:
    candidate = _lock(candidate)
    candidate.links.filter(status=CandidateLink.Status.PROPOSED).update(status=CandidateLink.Status.REJECTED)
    _done(candidate, Status.REJECTED, user, None, note=note.strip()[:2000])
    return candidate


def _same_victim(new: dict, victim: Victim) -> bool:
    if new["name"] and victim.name:
        return name_similarity(new["name"], victim.name) >= 88
    if not new["name"] and not victim.name:
        return new["description"].casefold() == victim.description.casefold()
    return False


def _add_victims(case: Case, victims: list[dict]) -> None:
    roles = {r.slug: r for r in VictimRole.objects.all()}
    for data in victims:
        victim = Victim.objects.create(
            case=case,
            kind=data["kind"],
            name=data["name"],
            description=data["description"] if not data["name"] else data["description"][:300],
            gender=data["gender"],
        )
        victim.roles.set([roles[r] for r in data["roles"] if r in roles])

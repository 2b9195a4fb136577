"""The UN's Blue Book of permanent missions in New York, as the UN serves it (JSON), into
PermanentMission records.

    result = import_bluebook(data)
    result.created, result.updated, result.unchanged, result.unmatched, result.bounced

The document has `countries[]` (one entry per mission: MC_Entity, MC_EntityBB, MC_Address,
MC_Telephone, MC_Telefax, MC_eMail, MC_WebSite, MC_Category, MC_MembershipDate) and
`bluebooks[]` (staff: BB_Mission, BB_FirstName, BB_LastName, BB_Function, BB_Status). Missions are
matched to States by name through the country table and its aliases (states.services.
CountryResolver plus the Blue Book's own spellings below); entities that are not States (the
Blue Book also lists intergovernmental organisations and other observers) and names that match
nothing are reported, never guessed. Re-importing updates what changed (the mission's history
keeps the previous values) and leaves the rest untouched. An address that bounced keeps its
delivery record (campaigns.MissionAddress, keyed by address): importing the same address again
does not clear it, and the result lists it for staff to check.

All or nothing: a file that is not a Blue Book changes nothing.
"""

import json
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from .imports import upsert
from .models import PermanentMission
from .services import CountryResolver

# Blue Book spellings the country table and its aliases do not hold.
BLUE_BOOK_NAMES = {
    "bolivia (plurinational state of)": "BO",
    "turkiye": "TR",
    "holy see": "VA",
    "state of palestine": "PS",
    "iran (islamic republic of)": "IR",
    "venezuela (bolivarian republic of)": "VE",
    "micronesia (federated states of)": "FM",
    "united kingdom of great britain and northern ireland": "GB",
    "democratic people's republic of korea": "KP",
    "lao people's democratic republic": "LA",
    "cote d'ivoire": "CI",
    "netherlands (kingdom of the)": "NL",
}
# What a mission's head is called in BB_Function.
_HEAD = re.compile(r"permanent representative|permanent observer|head of (?:mission|delegation)", re.I)
_DEPUTY = re.compile(r"deputy", re.I)


class BlueBookError(ValueError):
    pass


@dataclass
class BlueBookResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    unmatched: list[str] = field(default_factory=list)
    bounced: list[str] = field(default_factory=list)  # addresses kept flagged after a bounce
    invalid: list[str] = field(default_factory=list)  # values set aside (not an e-mail, not a URL)


def _key(name: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("\u2019", "'")
    return re.sub(r"\s+", " ", text).strip().casefold()


def _first_email(text: str, result: BlueBookResult, entity: str) -> str:
    for candidate in re.split(r"[;,\s]+", text or ""):
        candidate = candidate.strip().removeprefix("mailto:")
        if not candidate:
            continue
        try:
            EmailValidator()(candidate)
        except ValidationError:
            result.invalid.append(f"{entity}: {candidate}")
            continue
        return candidate.lower()
    return ""


def _website(text: str, result: BlueBookResult, entity: str) -> str:
    text = (text or "").strip().split()[0] if (text or "").strip() else ""
    if not text:
        return ""
    if not re.match(r"^https?://", text, re.I):
        text = "https://" + text
    try:
        URLValidator()(text)
    except ValidationError:
        result.invalid.append(f"{entity}: {text}")
        return ""
    return text


def _staff_note(staff: list[dict]) -> str:
    """The head of mission and deputy as the Blue Book lists them (public officials)."""
    lines = []
    for person in staff:
        function = (person.get("BB_Function") or "").strip()
        if _HEAD.search(function) and (not _DEPUTY.search(function) or len(lines) < 2):
            name = " ".join(p for p in (person.get("BB_FirstName"), person.get("BB_LastName")) if p).strip()
            if name:
                lines.append(f"{function}: {name}")
    return "\n".join(lines[:2])


def parse(data: bytes) -> tuple[list[dict], dict[str, list[dict]]]:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BlueBookError(_("The file is not JSON: %(error)s") % {"error": exc}) from exc
    if not isinstance(document, dict) or not isinstance(document.get("countries"), list):
        raise BlueBookError(_("This is not the Blue Book: there is no “countries” list."))
    staff: dict[str, list[dict]] = {}
    for person in document.get("bluebooks") or []:
        if isinstance(person, dict) and person.get("BB_Mission"):
            staff.setdefault(_key(person["BB_Mission"]), []).append(person)
    return [c for c in document["countries"] if isinstance(c, dict)], staff


def import_bluebook(data: bytes, city: str = PermanentMission.City.NEW_YORK) -> BlueBookResult:
    from campaigns.models import MissionAddress

    missions, staff = parse(data)
    resolver = CountryResolver()
    by_iso2 = {c.iso2: c for c in resolver.by_key.values()}
    result = BlueBookResult()
    plans = []
    for entry in missions:
        entity = (entry.get("MC_Entity") or entry.get("MC_EntityBB") or "").strip()
        if not entity:
            continue
        country = None
        for name in (entry.get("MC_Entity"), entry.get("MC_EntityBB")):
            if name:
                country = resolver.resolve(name) or by_iso2.get(BLUE_BOOK_NAMES.get(_key(name), ""))
            if country is not None:
                break
        if country is None or country.status not in ("member", "observer"):
            result.unmatched.append(entity)
            continue
        notes = []
        if entry.get("MC_Address"):
            notes.append(_("Address: %(value)s") % {"value": " ".join(str(entry["MC_Address"]).split())})
        if entry.get("MC_Telefax"):
            notes.append(_("Fax: %(value)s") % {"value": entry["MC_Telefax"].strip()})
        people = _staff_note(
            staff.get(_key(entry.get("MC_EntityBB") or entity), []) or staff.get(_key(entity), [])
        )
        if people:
            notes.append(people)
        notes.append(_("Source: UN Blue Book (permanent missions in New York)."))
        values = {
            "name": _("Permanent Mission of %(state)s to the United Nations") % {"state": country.name},
            "email": _first_email(entry.get("MC_eMail", ""), result, entity),
            "phone": " ".join(str(entry.get("MC_Telephone") or "").split())[:60],
            "website": _website(entry.get("MC_WebSite", ""), result, entity),
            "notes": "\n".join(notes),
        }
        plans.append((country, values))
    with transaction.atomic():
        for country, values in plans:
            mission, created, changed = upsert(PermanentMission, {"country": country, "city": city}, values)
            if created:
                result.created += 1
            elif changed:
                result.updated += 1
            else:
                result.unchanged += 1
            if values["email"]:
                health = MissionAddress.objects.filter(address=values["email"]).first()
                if health is not None and (health.bounce_count or health.is_paused):
                    result.bounced.append(values["email"])
    return result

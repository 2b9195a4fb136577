"""Delivery throttle for permanent missions: at most N messages per hour per mission, and only
within the mission's office hours in its own time zone.

Each mission has one `MissionSchedule` row holding its next free slot. Reserving a slot locks
that row (SELECT … FOR UPDATE on PostgreSQL; SQLite serialises writers), moves the candidate
time into office hours, and advances the row by 3600/N seconds. Slots are therefore at least
3600/N seconds apart, so no rolling hour ever holds more than N messages for one mission. The
reserved slot becomes the message's `not_before`, which the worker honours.
"""

import datetime
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import transaction

from . import conf
from .models import MissionSchedule

DAY_NAMES = {
    "mon": 0,
    "tue": 1,
    "wed": 2,
    "thu": 3,
    "fri": 4,
    "sat": 5,
    "sun": 6,
}
_DAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?"
_TIME = r"\d{1,2}(?:[:.h]\d{2})?\s*(?:am|pm)?"
_RANGE_SEP = r"\s*(?:-|–|—|to|until)\s*"
_SEGMENT = re.compile(
    rf"(?P<days>{_DAY}(?:(?:{_RANGE_SEP}|\s*,\s*|\s*&\s*|\s+and\s+){_DAY})*)?[\s,:]*"
    rf"(?P<start>{_TIME}){_RANGE_SEP}(?P<end>{_TIME})",
    re.IGNORECASE,
)
WEEKDAYS = (0, 1, 2, 3, 4)


@dataclass(frozen=True)
class OfficeHours:
    """Opening intervals per weekday (0 = Monday), in minutes since local midnight."""

    intervals: dict[int, tuple[tuple[int, int], ...]]

    def is_empty(self) -> bool:
        return not any(self.intervals.values())


def _minutes(text: str) -> int | None:
    text = text.strip().lower().replace(" ", "")
    suffix = ""
    if text.endswith(("am", "pm")):
        text, suffix = text[:-2], text[-2:]
    parts = re.split(r"[:.h]", text)
    try:
        hours, minutes = int(parts[0]), int(parts[1]) if len(parts) > 1 else 0
    except ValueError:
        return None
    if suffix == "pm" and hours < 12:
        hours += 12
    if suffix == "am" and hours == 12:
        hours = 0
    if not (0 <= hours <= 24 and 0 <= minutes < 60) or (hours == 24 and minutes):
        return None
    return hours * 60 + minutes


def _days(text: str | None) -> tuple[int, ...]:
    if not text:
        return WEEKDAYS
    tokens = re.findall(rf"{_DAY}|-|–|—|\bto\b|\buntil\b", text, re.IGNORECASE)
    days: list[int] = []
    pending_range = False
    for token in tokens:
        key = token.lower()[:3]
        if key in DAY_NAMES:
            day = DAY_NAMES[key]
            if pending_range and days:
                start = days[-1]
                span = [(start + i) % 7 for i in range(1, (day - start) % 7 + 1)]
                days.extend(span)
            else:
                days.append(day)
            pending_range = False
        else:
            pending_range = True
    return tuple(sorted(set(days)))


def parse_office_hours(text: str) -> OfficeHours | None:
    """Read office hours such as "Mon-Fri 09:00-17:00", "Monday to Thursday 9:30–18:00;
    Friday 9:00–13:00" or "9am-5pm" (weekdays implied). None when nothing can be read."""
    intervals: dict[int, list[tuple[int, int]]] = {day: [] for day in range(7)}
    found = False
    for segment in re.split(r"[;\n]", text or ""):
        for match in _SEGMENT.finditer(segment):
            start, end = _minutes(match["start"]), _minutes(match["end"])
            if start is None or end is None or end <= start:
                continue
            for day in _days(match["days"]):
                intervals[day].append((start, end))
                found = True
    if not found:
        return None
    return OfficeHours({day: tuple(sorted(spans)) for day, spans in intervals.items()})


def office_hours_of(mission) -> OfficeHours:
    hours = parse_office_hours(getattr(mission, "office_hours", "") or "")
    return hours or parse_office_hours(conf.get("CAMPAIGNS_DEFAULT_OFFICE_HOURS"))


def time_zone_of(mission) -> ZoneInfo:
    name = getattr(mission, "time_zone", "") or ""
    if not name:
        name = {"new_york": "America/New_York", "geneva": "Europe/Zurich"}.get(
            getattr(mission, "city", ""), "UTC"
        )
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def next_open(moment: datetime.datetime, hours: OfficeHours, zone: ZoneInfo) -> datetime.datetime:
    """The earliest instant at or after `moment` that falls within office hours."""
    if hours.is_empty():
        return moment
    local = moment.astimezone(zone)
    for offset in range(0, 15):
        day = local.date() + datetime.timedelta(days=offset)
        for start, end in hours.intervals.get(day.weekday(), ()):
            opens = _local(day, start, zone)
            closes = _local(day, end, zone)
            if moment < closes:
                return max(moment, opens)
    return moment


def _local(day: datetime.date, minutes: int, zone: ZoneInfo) -> datetime.datetime:
    base = datetime.datetime.combine(day, datetime.time(0), tzinfo=zone)
    if minutes >= 24 * 60:
        return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(0), tzinfo=zone)
    return base.replace(hour=minutes // 60, minute=minutes % 60)


def spacing() -> datetime.timedelta:
    per_hour = max(1, int(conf.get("CAMPAIGNS_MISSION_MAX_PER_HOUR")))
    return datetime.timedelta(seconds=3600 / per_hour)


def reserve_slot(mission, now: datetime.datetime) -> datetime.datetime:
    """Reserve and return the next delivery time for one message to `mission`."""
    with transaction.atomic():
        schedule, _ = MissionSchedule.objects.select_for_update().get_or_create(
            mission=mission, defaults={"next_slot": now}
        )
        candidate = max(now, schedule.next_slot)
        slot = next_open(candidate, office_hours_of(mission), time_zone_of(mission))
        schedule.next_slot = slot + spacing()
        schedule.save(update_fields=["next_slot"])
    return slot

"""When daily digests are due: pure functions of an injected `now`, so tests never sleep.

A subscription's slot on a local date is its `send_at` wall time in its IANA time zone. A slot
is due once `now` has passed it, for as long as it is still the same local day there, and only
if no delivery exists for that local date yet: a beat that was down for a while still sends
today's digest late (but not yesterday's after midnight), and a second beat never sends it
twice. Daylight-saving changes neither skip nor double a day, because days are counted by
local date, never by adding 24 hours:

- spring forward: a wall time that does not exist that day (02:30 in Berlin) is sent one
  gap-length later (03:30, PEP 495 `fold=0`);
- fall back: a wall time that happens twice (02:30) is sent at its first occurrence;
- a date the zone skipped altogether (30 December 2011 in Samoa) has no digest.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

_SEND_AT = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")
_MAX_ZONE_NAME = 64


@dataclass(frozen=True)
class Schedule:
    """What the scheduler needs of a subscription: its id, wall time, zone and start."""

    subscription_id: str
    send_at: time
    timezone: str
    active_since: datetime  # no slot before this instant is due (no instant send on subscribe)


@dataclass(frozen=True)
class Slot:
    """One due digest: the subscription, the local date it is for, and its nominal instant."""

    subscription_id: str
    local_date: date
    due_at: datetime  # UTC


def parse_send_at(text: str) -> time:
    """`HH:MM` (24-hour) as a `time`; `ValueError` with a readable reason otherwise."""
    match = _SEND_AT.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None:
        raise ValueError("send_at must be a 24-hour time HH:MM, from 00:00 to 23:59")
    return time(int(match[1]), int(match[2]))


def format_send_at(value: time) -> str:
    """A `time` as `HH:MM`, the form the API shows."""
    return f"{value.hour:02d}:{value.minute:02d}"


@lru_cache(maxsize=1)
def _known_zones() -> frozenset[str]:
    """Every IANA zone name this machine knows (read once)."""
    return frozenset(available_timezones())


def zone(name: str) -> ZoneInfo:
    """The IANA zone `name` (e.g. `Europe/Berlin`); `ValueError` if it is not a known zone."""
    if not isinstance(name, str) or len(name) > _MAX_ZONE_NAME or name not in _known_zones():
        raise ValueError("timezone must be an IANA time zone name such as Europe/Berlin or UTC")
    return ZoneInfo(name)


def local_date(now: datetime, tz: ZoneInfo) -> date:
    """The calendar date at `now` in zone `tz`."""
    return _aware(now).astimezone(tz).date()


def slot_instant(day: date, send_at: time, tz: ZoneInfo) -> datetime:
    """The UTC instant of `send_at` on local date `day` (gap: shifted later; overlap: first)."""
    wall = datetime.combine(day, send_at).replace(tzinfo=tz, fold=0)
    return wall.astimezone(UTC)


def due_slot(schedule: Schedule, *, now: datetime, delivered: Container[date]) -> Slot | None:
    """The slot of `schedule` that is due at `now`, if any, given the local dates delivered."""
    tz = zone(schedule.timezone)
    now = _aware(now)
    today = local_date(now, tz)
    instant = slot_instant(today, schedule.send_at, tz)
    if (
        instant <= now
        # A slot shifted onto another date belongs to a day the zone skipped (Samoa, 2011).
        and local_date(instant, tz) == today
        and instant >= _aware(schedule.active_since)
        and today not in delivered
    ):
        return Slot(schedule.subscription_id, today, instant)
    return None


def due_slots(
    schedules: Iterable[Schedule], *, now: datetime, delivered: Container[tuple[str, date]]
) -> list[Slot]:
    """Every due slot at `now`; `delivered` holds (subscription id, local date) already made."""
    slots = []
    for schedule in schedules:
        done = _DeliveredDates(schedule.subscription_id, delivered)
        slot = due_slot(schedule, now=now, delivered=done)
        if slot is not None:
            slots.append(slot)
    return slots


def next_send(schedule: Schedule, *, now: datetime, delivered: Container[date]) -> datetime:
    """The UTC instant of the next digest: a due slot now, else the next slot still to come."""
    slot = due_slot(schedule, now=now, delivered=delivered)
    if slot is not None:
        return _aware(now)
    tz = zone(schedule.timezone)
    now = _aware(now)
    start = max(now, _aware(schedule.active_since))
    day = local_date(now, tz)
    for offset in range(0, 5):
        candidate = day + timedelta(days=offset)
        instant = slot_instant(candidate, schedule.send_at, tz)
        if instant >= start and candidate not in delivered:
            return instant
    raise AssertionError("a daily slot always comes within four days")  # pragma: no cover


def window_start(*, now: datetime, previous_end: datetime | None, hours: int) -> datetime:
    """Where a digest's window starts: the previous digest's end (so days tile), else `hours` back.

    A previous end more than twice `hours` ago (the subscription was paused) is not followed.
    """
    now = _aware(now)
    default = now - timedelta(hours=hours)
    if previous_end is None:
        return default
    previous_end = _aware(previous_end)
    if now - timedelta(hours=2 * hours) <= previous_end < now:
        return previous_end
    return default


def _aware(value: datetime) -> datetime:
    """`value` in UTC; a naive datetime is a programming error here, not an input to guess at."""
    if value.tzinfo is None:
        raise ValueError("naive datetime: pass timezone-aware times to the scheduler")
    return value.astimezone(UTC)


@dataclass(frozen=True)
class _DeliveredDates:
    """The local dates delivered for one subscription, as a view on the (id, date) set."""

    subscription_id: str
    delivered: Container[tuple[str, date]]

    def __contains__(self, day: object) -> bool:
        """Whether `day` was delivered for this subscription."""
        return (self.subscription_id, day) in self.delivered

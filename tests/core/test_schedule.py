"""When digests are due: local send times, late beats, and days across daylight-saving changes.

The clock is injected: simulations step through real calendar days minute by minute, as the
beat would, and record what would be sent — no test sleeps.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from wiredesk.schedule import (
    Schedule,
    due_slot,
    due_slots,
    local_date,
    next_send,
    parse_send_at,
    slot_instant,
    window_start,
    zone,
)

BERLIN = "Europe/Berlin"
LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)


def plan(send_at: str, timezone: str = BERLIN, *, since: datetime = LONG_AGO) -> Schedule:
    return Schedule("sub", parse_send_at(send_at), timezone, since)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def simulate(schedule: Schedule, start: datetime, end: datetime, *, step: int = 1) -> dict:
    """Run the beat every `step` minutes from `start` to `end`; local date → UTC time sent."""
    sent: dict[date, datetime] = {}
    now = start
    while now < end:
        for slot in due_slots([schedule], now=now, delivered={("sub", day) for day in sent}):
            assert slot.local_date not in sent, f"{slot.local_date} sent twice"
            sent[slot.local_date] = now
        now += timedelta(minutes=step)
    return sent


# --- parsing ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [("07:00", time(7)), (" 23:59 ", time(23, 59))])
def test_send_times_are_24_hour_hh_mm(text: str, expected: time) -> None:
    assert parse_send_at(text) == expected


@pytest.mark.parametrize("text", ["7:00", "24:00", "07:60", "07:00:00", "", "7 am", "٠٧:٠٠"])
def test_other_send_times_are_refused_with_a_reason(text: str) -> None:
    with pytest.raises(ValueError, match="HH:MM"):
        parse_send_at(text)


@pytest.mark.parametrize(
    "name", ["Mars/Olympus", "../../etc/passwd", "/etc/localtime", "", "x" * 500]
)
def test_unknown_time_zones_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match="IANA"):
        zone(name)


def test_naive_times_are_a_programming_error_not_a_guess() -> None:
    with pytest.raises(ValueError, match="naive"):
        due_slot(plan("07:00"), now=datetime(2026, 11, 22, 7), delivered=set())


# --- ordinary days ------------------------------------------------------------------------------
def test_a_digest_is_due_from_its_local_time_on() -> None:
    schedule = plan("07:00")  # 07:00 in Berlin in November is 06:00 UTC
    assert due_slot(schedule, now=utc(2026, 11, 22, 5, 59), delivered=set()) is None
    slot = due_slot(schedule, now=utc(2026, 11, 22, 6, 0), delivered=set())
    assert slot is not None
    assert slot.local_date == date(2026, 11, 22) and slot.due_at == utc(2026, 11, 22, 6)


def test_a_day_already_delivered_is_not_due_again() -> None:
    schedule = plan("07:00")
    assert due_slot(schedule, now=utc(2026, 11, 22, 9), delivered={date(2026, 11, 22)}) is None


def test_a_beat_that_was_down_still_sends_todays_digest_once() -> None:
    # The beat was down from 05:00 to 15:00 UTC; it comes back long after 07:00 local.
    sent = simulate(plan("07:00"), utc(2026, 11, 22, 15), utc(2026, 11, 24, 0))
    assert sent == {
        date(2026, 11, 22): utc(2026, 11, 22, 15),
        date(2026, 11, 23): utc(2026, 11, 23, 6),
    }


def test_a_beat_down_past_midnight_does_not_send_yesterdays_late() -> None:
    # Down all of 22 Nov: nothing is sent for the 22nd after midnight; the 23rd's comes at 07:00.
    sent = simulate(plan("07:00"), utc(2026, 11, 22, 23, 30), utc(2026, 11, 23, 12))
    assert sent == {date(2026, 11, 23): utc(2026, 11, 23, 6)}


def test_subscribing_after_todays_time_starts_tomorrow() -> None:
    schedule = plan("07:00", since=utc(2026, 11, 22, 8))
    assert due_slot(schedule, now=utc(2026, 11, 22, 8, 1), delivered=set()) is None
    assert next_send(schedule, now=utc(2026, 11, 22, 8, 1), delivered=set()) == utc(2026, 11, 23, 6)


def test_the_local_date_is_the_subscribers_not_utcs() -> None:
    # 23:30 UTC on the 22nd is already the 23rd in Tokyo, and still the 22nd in New York.
    now = utc(2026, 11, 22, 23, 30)
    assert local_date(now, ZoneInfo("Asia/Tokyo")) == date(2026, 11, 23)
    assert local_date(now, ZoneInfo("America/New_York")) == date(2026, 11, 22)
    tokyo = due_slot(plan("08:00", "Asia/Tokyo"), now=now, delivered=set())
    assert tokyo is not None and tokyo.local_date == date(2026, 11, 23)


def test_next_send_is_now_when_due_and_tomorrow_once_sent() -> None:
    schedule = plan("07:00")
    now = utc(2026, 11, 22, 6, 30)
    assert next_send(schedule, now=now, delivered=set()) == now
    assert next_send(schedule, now=now, delivered={date(2026, 11, 22)}) == utc(2026, 11, 23, 6)


def test_many_subscriptions_are_each_due_on_their_own_clock() -> None:
    schedules = [
        Schedule("berlin", time(7), BERLIN, LONG_AGO),
        Schedule("lima", time(7), "America/Lima", LONG_AGO),
        Schedule("done", time(7), BERLIN, LONG_AGO),
    ]
    slots = due_slots(
        schedules, now=utc(2026, 11, 22, 6, 5), delivered={("done", date(2026, 11, 22))}
    )
    assert [slot.subscription_id for slot in slots] == ["berlin"]


# --- daylight saving ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("send_at", "expected_utc_on_the_day"),
    [
        ("07:00", utc(2026, 3, 29, 5, 0)),  # CEST from 02:00: 07:00 local is 05:00 UTC
        ("02:30", utc(2026, 3, 29, 1, 30)),  # does not exist: one gap-length later, 03:30 CEST
        ("02:00", utc(2026, 3, 29, 1, 0)),  # the first minute that does not exist
        ("01:59", utc(2026, 3, 29, 0, 59)),  # the last minute of winter time
        ("00:00", utc(2026, 3, 28, 23, 0)),  # midnight still in winter time
    ],
)
def test_spring_forward_in_berlin_sends_every_day_once(
    send_at: str, expected_utc_on_the_day: datetime
) -> None:
    # From 01:00 on the 27th to midnight starting the 31st, Berlin time.
    sent = simulate(plan(send_at), utc(2026, 3, 27, 0), utc(2026, 3, 30, 22))
    assert sorted(sent) == [date(2026, 3, day) for day in (27, 28, 29, 30)]
    assert sent[date(2026, 3, 29)] == expected_utc_on_the_day


@pytest.mark.parametrize(
    ("send_at", "expected_utc_on_the_day"),
    [
        ("07:00", utc(2026, 10, 25, 6, 0)),  # CET from 03:00 CEST: 07:00 local is 06:00 UTC
        ("02:30", utc(2026, 10, 25, 0, 30)),  # happens twice: the first time (still CEST)
        ("02:00", utc(2026, 10, 25, 0, 0)),
        ("03:00", utc(2026, 10, 25, 2, 0)),  # after the repeated hour, once
        ("23:59", utc(2026, 10, 25, 22, 59)),
    ],
)
def test_fall_back_in_berlin_sends_every_day_once(
    send_at: str, expected_utc_on_the_day: datetime
) -> None:
    sent = simulate(plan(send_at), utc(2026, 10, 23, 0), utc(2026, 10, 28, 0))
    assert sorted(sent) == [date(2026, 10, day) for day in (23, 24, 25, 26, 27)]
    assert sent[date(2026, 10, 25)] == expected_utc_on_the_day


def test_the_25_hour_and_23_hour_days_are_still_one_digest_each() -> None:
    sent = simulate(plan("07:00"), utc(2026, 3, 28, 0), utc(2026, 3, 31, 0), step=5)
    gaps = [b - a for a, b in zip(sorted(sent.values()), sorted(sent.values())[1:], strict=False)]
    assert gaps == [timedelta(hours=23), timedelta(hours=24)]
    sent = simulate(plan("07:00"), utc(2026, 10, 24, 0), utc(2026, 10, 27, 0), step=5)
    gaps = [b - a for a, b in zip(sorted(sent.values()), sorted(sent.values())[1:], strict=False)]
    assert gaps == [timedelta(hours=25), timedelta(hours=24)]


def test_a_day_a_zone_skips_entirely_gets_no_digest_and_no_other_day_doubles() -> None:
    # Samoa moved across the date line: 30 December 2011 never happened in Apia.
    # From midnight on the 27th (UTC-10) to midnight starting 2 January (UTC+14), Apia time.
    start, end = utc(2011, 12, 27, 10), utc(2012, 1, 1, 10)
    sent = simulate(plan("07:00", "Pacific/Apia"), start, end, step=5)
    assert sorted(sent) == [date(2011, 12, d) for d in (27, 28, 29, 31)] + [date(2012, 1, 1)]


def test_a_gap_at_midnight_moves_the_slot_later_the_same_day() -> None:
    # Chile springs forward at 24:00: 00:30 on 6 Sep 2026 does not exist in Santiago.
    tz = ZoneInfo("America/Santiago")
    instant = slot_instant(date(2026, 9, 6), time(0, 30), tz)
    assert instant.astimezone(tz) == datetime(2026, 9, 6, 1, 30, tzinfo=tz)
    # From midnight starting the 4th to 09:00 on the 8th, Santiago time.
    sent = simulate(plan("00:30", "America/Santiago"), utc(2026, 9, 4, 4), utc(2026, 9, 8, 12))
    assert sorted(sent) == [date(2026, 9, d) for d in (4, 5, 6, 7, 8)]
    assert sent[date(2026, 9, 6)] == instant


# --- windows ------------------------------------------------------------------------------------
def test_windows_tile_onto_the_previous_digest() -> None:
    now = utc(2026, 3, 30, 5)
    previous = utc(2026, 3, 29, 5, 0, 7)  # yesterday's digest, 23 hours ago (spring forward)
    assert window_start(now=now, previous_end=previous, hours=24) == previous
    assert window_start(now=now, previous_end=None, hours=24) == now - timedelta(hours=24)
    # A subscription paused for a week does not get a week of news at once.
    week_ago = now - timedelta(days=7)
    assert window_start(now=now, previous_end=week_ago, hours=24) == now - timedelta(hours=24)

"""The guard: opt-outs in force, quiet hours in the customer's own time zone(s), numbers
that cannot be placed are never texted by accident."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from inbox_app.core.compliance import Guard, Reason, customer_zones

CHICAGO = "+13125550135"  # America/Chicago
NEW_YORK = "+19195550117"  # America/New_York
HONOLULU = "+18085550100"  # Pacific/Honolulu: no daylight saving
LONDON = "+442079460000"
TOLL_FREE = "+18005550100"  # every North American zone, Guam to Pago Pago
SYDNEY_MOBILE = "+61412345678"  # eight Australian zones
CT = ZoneInfo("America/Chicago")


def at(zone: str, *args: int) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(zone))  # type: ignore[misc]


def check(customer: str, now: datetime, history=(), guard: Guard | None = None):  # type: ignore[no-untyped-def]
    return (guard or Guard()).check(customer=customer, history=list(history), now=now)


# --- quiet hours -------------------------------------------------------------------------------


def test_the_issue_example_21_40_in_chicago_opens_at_08_00_their_time() -> None:
    now = at("America/Chicago", 2026, 12, 1, 21, 40)
    verdict = check(CHICAGO, now.astimezone(UTC))
    assert not verdict.allowed and verdict.reason is Reason.QUIET_HOURS
    assert verdict.zones == ("America/Chicago",)
    assert verdict.customer_times[0].strftime("%H:%M") == "21:40"
    assert verdict.opens_at == at("America/Chicago", 2026, 12, 2, 8, 0)


@pytest.mark.parametrize(
    ("local", "allowed"),
    [
        ((7, 59), False),
        ((8, 0), True),
        ((12, 0), True),
        ((20, 59), True),
        ((21, 0), False),
        ((23, 30), False),
        ((0, 5), False),
    ],
)
def test_the_window_is_08_00_inclusive_to_21_00_exclusive(
    local: tuple[int, int], allowed: bool
) -> None:
    verdict = check(NEW_YORK, at("America/New_York", 2026, 6, 15, *local))
    assert verdict.allowed is allowed
    assert verdict.reason is (None if allowed else Reason.QUIET_HOURS)
    assert (verdict.opens_at is None) is allowed


def test_the_same_instant_is_day_for_one_customer_and_night_for_another() -> None:
    now = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)  # 08:00 Chicago, 04:00 Honolulu, 14:00 London
    assert check(CHICAGO, now).allowed
    assert check(LONDON, now).allowed
    honolulu = check(HONOLULU, now)
    assert honolulu.reason is Reason.QUIET_HOURS
    assert honolulu.opens_at == at("Pacific/Honolulu", 2026, 12, 1, 8, 0)


def test_early_morning_opens_the_same_day() -> None:
    verdict = check(CHICAGO, at("America/Chicago", 2026, 12, 1, 6, 15))
    assert verdict.opens_at == at("America/Chicago", 2026, 12, 1, 8, 0)


def test_daylight_saving_spring_forward_opens_at_local_eight_not_utc_eight() -> None:
    # 2026-03-08: Chicago goes from CST (UTC-6) to CDT (UTC-5) at 02:00.
    before = at("America/Chicago", 2026, 3, 7, 22, 0)
    verdict = check(CHICAGO, before)
    assert verdict.opens_at == at("America/Chicago", 2026, 3, 8, 8, 0)
    assert verdict.opens_at.astimezone(UTC).hour == 13  # CDT, not CST's 14:00
    # 07:30 CDT on the first summer day is 12:30 UTC; in CST it would have been 06:30.
    assert not check(CHICAGO, datetime(2026, 3, 8, 12, 30, tzinfo=UTC)).allowed
    assert check(CHICAGO, datetime(2026, 3, 8, 13, 0, tzinfo=UTC)).allowed


def test_daylight_saving_fall_back_keeps_the_local_window() -> None:
    # 2026-11-01: Chicago falls back at 02:00 CDT to 01:00 CST.
    assert not check(CHICAGO, datetime(2026, 11, 1, 13, 30, tzinfo=UTC)).allowed  # 07:30 CST
    assert check(CHICAGO, datetime(2026, 11, 1, 14, 0, tzinfo=UTC)).allowed  # 08:00 CST
    # 20:59 CST is allowed, 21:00 CST not.
    assert check(CHICAGO, datetime(2026, 11, 2, 2, 59, tzinfo=UTC)).allowed
    assert not check(CHICAGO, datetime(2026, 11, 2, 3, 0, tzinfo=UTC)).allowed


def test_a_number_in_several_zones_must_be_inside_the_window_in_all_of_them() -> None:
    # 08:30 in Sydney is 06:00 in Perth (summer): not yet for an Australian mobile.
    now = at("Australia/Sydney", 2026, 12, 1, 8, 30)
    verdict = check(SYDNEY_MOBILE, now)
    assert len(verdict.customer_times) > 1
    assert verdict.reason is Reason.QUIET_HOURS
    opens = verdict.opens_at
    assert opens is not None
    for zone in verdict.zones:
        local = opens.astimezone(ZoneInfo(zone)).time()
        assert time(8) <= local < time(21), zone
    assert check(SYDNEY_MOBILE, opens).allowed
    assert not check(SYDNEY_MOBILE, opens - timedelta(minutes=1)).allowed
    # 13:00 Sydney = 09:30 Cocos, 10:00 Perth, 13:30 Lord Howe: every zone is open.
    assert check(SYDNEY_MOBILE, at("Australia/Sydney", 2026, 12, 1, 13, 0)).allowed


def test_a_toll_free_number_waits_for_the_hours_open_from_guam_to_pago_pago() -> None:
    evening_new_york = at("America/New_York", 2026, 7, 1, 16, 0)  # 06:00 in Guam
    verdict = check(TOLL_FREE, evening_new_york)
    assert "Pacific/Guam" in verdict.zones and "Pacific/Pago_Pago" in verdict.zones
    assert verdict.reason is Reason.QUIET_HOURS
    opens = verdict.opens_at
    assert opens is not None and opens > evening_new_york
    for zone in verdict.zones:
        assert time(8) <= opens.astimezone(ZoneInfo(zone)).time() < time(21), zone
    assert check(TOLL_FREE, opens).allowed
    # A minute earlier some zone is still closed.
    assert not check(TOLL_FREE, opens - timedelta(minutes=1)).allowed


def test_a_narrower_window_applies_and_a_wider_one_is_refused() -> None:
    narrow = Guard(start=time(9), end=time(20))
    assert not check(CHICAGO, at("America/Chicago", 2026, 12, 1, 8, 30), guard=narrow).allowed
    verdict = check(CHICAGO, at("America/Chicago", 2026, 12, 1, 20, 15), guard=narrow)
    assert verdict.opens_at == at("America/Chicago", 2026, 12, 2, 9, 0)
    assert check(CHICAGO, at("America/Chicago", 2026, 12, 1, 19, 59), guard=narrow).allowed
    for start, end in [(time(7), time(21)), (time(8), time(22)), (time(12), time(12))]:
        with pytest.raises(ValueError, match="narrowed"):
            Guard(start=start, end=end)


def test_a_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        Guard().check(customer=CHICAGO, history=[], now=datetime(2026, 12, 1, 12))


# --- numbers that cannot be placed -------------------------------------------------------------


@pytest.mark.parametrize(
    "number", ["+15555550100", "3125550135", "+1312", "not a number", "", "+999123456789"]
)
def test_an_invalid_number_is_blocked_at_any_hour(number: str) -> None:
    for hour in (3, 12, 18):
        verdict = check(number, datetime(2026, 12, 1, hour, tzinfo=UTC))
        assert not verdict.allowed and verdict.reason is Reason.INVALID_NUMBER
        assert verdict.customer_times == () and verdict.opens_at is None


def test_a_valid_number_without_a_known_zone_is_held() -> None:
    assert customer_zones("+80012345678") is Reason.UNKNOWN_TIME_ZONE
    verdict = check("+80012345678", datetime(2026, 12, 1, 15, tzinfo=UTC))
    assert not verdict.allowed and verdict.reason is Reason.UNKNOWN_TIME_ZONE


# --- consent from the thread -------------------------------------------------------------------

NOON = at("America/Chicago", 2026, 12, 1, 12, 0)


def t(minute: int) -> datetime:
    return at("America/Chicago", 2026, 12, 1, 11, minute)


def test_stop_blocks_with_the_customers_words_and_time() -> None:
    history = [(False, "Your payment is due", t(0)), (True, "STOP", t(5))]
    verdict = check(CHICAGO, NOON, history)
    assert not verdict.allowed and verdict.reason is Reason.OPTED_OUT
    assert (verdict.opted_out_text, verdict.opted_out_at) == ("STOP", t(5))


def test_an_opt_out_outranks_quiet_hours_and_does_not_end_in_the_morning() -> None:
    history = [(True, "no me envíen más mensajes", t(1))]
    night = check(CHICAGO, at("America/Chicago", 2026, 12, 1, 23, 0), history)
    assert night.reason is Reason.OPTED_OUT and night.opens_at is None
    assert check(CHICAGO, at("America/Chicago", 2026, 12, 9, 12, 0), history).reason is (
        Reason.OPTED_OUT
    )


def test_start_lifts_the_opt_out_and_a_later_stop_brings_it_back() -> None:
    lifted = [(True, "STOP", t(1)), (True, "START", t(2))]
    verdict = check(CHICAGO, NOON, lifted)
    assert verdict.allowed and verdict.opted_in_at == t(2) and verdict.opted_out_text is None
    again = [*lifted, (True, "please stop texting me", t(3))]
    verdict = check(CHICAGO, NOON, again)
    assert verdict.reason is Reason.OPTED_OUT and verdict.opted_out_at == t(3)
    assert verdict.opted_in_at is None


def test_yes_without_an_opt_out_is_just_a_yes_and_outbound_stop_means_nothing() -> None:
    verdict = check(CHICAGO, NOON, [(True, "YES", t(1)), (False, "STOP", t(2))])
    assert verdict.allowed and verdict.opted_in_at is None


def test_an_ambiguous_stop_does_not_lock_the_customer_out() -> None:
    verdict = check(CHICAGO, NOON, [(True, "stop by the office tomorrow", t(1))])
    assert verdict.allowed


def test_help_is_flagged_until_the_agent_answers() -> None:
    asked = [(False, "Reminder", t(0)), (True, "HELP", t(1))]
    verdict = check(CHICAGO, NOON, asked)
    assert verdict.allowed and (verdict.help_text, verdict.help_at) == ("HELP", t(1))
    answered = check(CHICAGO, NOON, [*asked, (False, "How can we help?", t(2))])
    assert answered.help_text is None

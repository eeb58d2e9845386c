"""May the agent text this customer now? Opt-outs and quiet hours, decided in one place.

US collection agencies and banks answer to the TCPA (a consumer revokes consent "by any
reasonable means") and Regulation F (no electronic messages before 08:00 or after 21:00 in
the consumer's local time). The platforms enforce some of it, late; the inbox checks every
send with :class:`Guard` so a violation cannot happen by accident, and says why.

Decisions made here, on the safe side:

* The customer's local time comes from the number (``phonenumbers``' time-zone data). A
  number in several zones (toll-free, a mobile prefix spanning a country) must be inside the
  window in **all** of them; when no hour suits all of them, ``opens_at`` is None: the send
  stays held and the agent sees why.
* A number that is not a valid E.164 number is blocked (:attr:`Reason.INVALID_NUMBER`); a
  valid one whose zone is unknown ("Etc/Unknown", e.g. +800 freephone) is blocked too
  (:attr:`Reason.UNKNOWN_TIME_ZONE`): guessing a zone could text someone at 03:00.
* The window is 08:00 (inclusive) to 21:00 (exclusive); it can be made narrower, never wider.
* An opt-out outranks quiet hours: it does not end at 08:00.

Qt-free, no network; a check is a few microseconds (``benchmarks/compliance.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import phonenumbers
from phonenumbers import NumberParseException
from phonenumbers import timezone as number_zones

from ..consent import Intent, classify_many
from .outcomes import Reason

__all__ = ["EARLIEST", "LATEST", "Guard", "HistoryEntry", "Reason", "Verdict", "customer_zones"]

EARLIEST = time(8, 0)
LATEST = time(21, 0)
_UNKNOWN_ZONE = "Etc/Unknown"

HistoryEntry = tuple[bool, str, datetime]  # (inbound, text, when), oldest first


@dataclass(frozen=True, slots=True)
class Verdict:
    """The answer for one customer at one moment, with what the agent needs to see."""

    allowed: bool
    reason: Reason | None  # None when allowed
    customer_times: tuple[datetime, ...] = ()  # local time in each of the number's zones
    opens_at: datetime | None = None  # quiet hours: the first moment every zone is open
    opted_out_text: str | None = None  # the customer's words that opted out, while in force
    opted_out_at: datetime | None = None
    opted_in_at: datetime | None = None  # the latest START/UNSTOP/YES that lifted an opt-out
    help_text: str | None = None  # a HELP not answered yet: flag it for the agent
    help_at: datetime | None = None

    @property
    def zones(self) -> tuple[str, ...]:
        return tuple(str(t.tzinfo) for t in self.customer_times)


@lru_cache(maxsize=4096)
def customer_zones(customer: str) -> tuple[ZoneInfo, ...] | Reason:
    """The zones a number may be in, or why there are none we can trust."""
    try:
        number = phonenumbers.parse(customer, None)
    except NumberParseException:
        return Reason.INVALID_NUMBER
    if not phonenumbers.is_valid_number(number):
        return Reason.INVALID_NUMBER
    names = [n for n in number_zones.time_zones_for_number(number) if n != _UNKNOWN_ZONE]
    if not names:
        return Reason.UNKNOWN_TIME_ZONE
    return tuple(ZoneInfo(name) for name in names)


class Guard:
    """The rules for one profile: the sending window (customer-local), narrower if asked."""

    def __init__(self, start: time = EARLIEST, end: time = LATEST) -> None:
        if start < EARLIEST or end > LATEST or start >= end:
            raise ValueError(
                f"the sending window can only be narrowed within {EARLIEST:%H:%M}-"
                f"{LATEST:%H:%M}, got {start:%H:%M}-{end:%H:%M}"
            )
        self.start = start
        self.end = end

    def __repr__(self) -> str:
        return f"Guard({self.start:%H:%M}-{self.end:%H:%M})"

    def check(self, *, customer: str, history: Iterable[HistoryEntry], now: datetime) -> Verdict:
        """May a message go to ``customer`` at ``now`` (aware), given the thread so far?"""
        if now.tzinfo is None:
            raise ValueError("now must be an aware datetime")
        consent = _read_history(history)
        zones = customer_zones(customer)
        if isinstance(zones, Reason):
            return Verdict(False, zones, **consent)
        times = tuple(now.astimezone(zone) for zone in zones)
        if consent["opted_out_text"] is not None:
            return Verdict(False, Reason.OPTED_OUT, times, **consent)
        if all(self._open(t) for t in times):
            return Verdict(True, None, times, **consent)
        opens = self.opens_at(zones, now)
        return Verdict(False, Reason.QUIET_HOURS, times, opens, **consent)

    def _open(self, local: datetime) -> bool:
        return self.start <= local.time() < self.end

    def opens_at(self, zones: Sequence[ZoneInfo], now: datetime) -> datetime | None:
        """The first moment after ``now`` when every zone is inside the window (in the first
        zone's time), or None if no such moment comes within two days."""
        candidates = []
        for zone in zones:
            today = now.astimezone(zone).date()
            for days in range(3):
                start = datetime.combine(today + timedelta(days=days), self.start, zone)
                # A start in a DST gap does not exist: zoneinfo moves it; normalise via UTC.
                start = start.astimezone(UTC).astimezone(zone)
                if start > now:
                    candidates.append(start)
        for moment in sorted(candidates):
            if all(self._open(moment.astimezone(zone)) for zone in zones):
                return moment.astimezone(zones[0])
        return None


def _read_history(history: Iterable[HistoryEntry]) -> dict[str, object]:
    """The consent state the thread leaves: the opt-out in force, the opt-in that lifted
    one, and a HELP the agent has not answered."""
    opted_out: tuple[str, datetime] | None = None
    opted_in_at: datetime | None = None
    help_asked: tuple[str, datetime] | None = None
    entries = list(history)
    intents = iter(classify_many([text for inbound, text, _ in entries if inbound]))
    for inbound, text, when in entries:
        if not inbound:
            help_asked = None  # the agent answered
            continue
        intent = next(intents)
        if intent is Intent.OPT_OUT:
            opted_out, opted_in_at = (text, when), None
        elif intent is Intent.OPT_IN and opted_out is not None:
            opted_out, opted_in_at = None, when
        elif intent is Intent.HELP:
            help_asked = (text, when)
    return {
        "opted_out_text": opted_out[0] if opted_out else None,
        "opted_out_at": opted_out[1] if opted_out else None,
        "opted_in_at": opted_in_at,
        "help_text": help_asked[0] if help_asked else None,
        "help_at": help_asked[1] if help_asked else None,
    }

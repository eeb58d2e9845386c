"""Compliance slips the debrief reports: a text after the customer opted out, a text at night
in the customer's time zone.

Opt-outs are judged by the app's own rule table (:mod:`inbox_app.consent`: STOP, ALTO, "please
stop texting me", and not "stop by the office"), so the debrief and the desktop's guard agree;
quiet hours are the law's 21:00-08:00 in every one of the number's time zones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
from phonenumbers import timezone as number_zones

from ..consent import Intent, classify

__all__ = ["RULES", "ComplianceRules"]


@dataclass(frozen=True, slots=True)
class ComplianceRules:
    # Texting is allowed from quiet_end to quiet_start, the customer's local time (TCPA: 8-21).
    quiet_start_hour: int = 21
    quiet_end_hour: int = 8

    def is_opt_out(self, text: str) -> bool:
        return classify(text) is Intent.OPT_OUT

    def is_opt_in(self, text: str) -> bool:
        return classify(text) is Intent.OPT_IN

    def is_night(self, number: str, at_ms: int) -> bool:
        """At night in any of the number's time zones (a toll-free number spans them all);
        a number whose zone is unknown is judged in UTC."""
        moment = datetime.fromtimestamp(at_ms / 1000, tz=UTC)
        for zone in _zones(number):
            hour = moment.astimezone(zone).hour
            if hour >= self.quiet_start_hour or hour < self.quiet_end_hour:
                return True
        return False


RULES = ComplianceRules()


@lru_cache(maxsize=4096)
def _zones(number: str) -> tuple[tzinfo, ...]:
    try:
        parsed = phonenumbers.parse("+" + number.lstrip("+"))
        names = number_zones.time_zones_for_number(parsed)
    except phonenumbers.NumberParseException:
        names = ()
    zones: list[tzinfo] = []
    for name in names:
        try:
            zones.append(ZoneInfo(name))
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return tuple(zones) or (UTC,)

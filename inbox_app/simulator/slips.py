"""Compliance slips the debrief reports: a text after the customer opted out, a text at night
in the customer's time zone.

Why a rule table of its own: the desktop's compliance rules live in ``inbox_app.core``, which
the simulator may not import (it implements the wire, not the agent's world). This module
keeps the same two checks small and data-driven: :class:`ComplianceRules` is the whole table
(opt-out keywords, quiet hours); when the shared table moves to a module both sides may
import, :data:`RULES` is built from it and nothing else here changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
from phonenumbers import timezone as number_zones

__all__ = ["RULES", "ComplianceRules"]


@dataclass(frozen=True, slots=True)
class ComplianceRules:
    # Keywords (the whole text, any case) that opt a customer out, English and Spanish.
    opt_out_keywords: frozenset[str] = frozenset(
        {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "ALTO", "PARAR", "BAJA"}
    )
    # Texting is allowed from quiet_end to quiet_start, the customer's local time (TCPA: 8-21).
    quiet_start_hour: int = 21
    quiet_end_hour: int = 8

    def is_opt_out(self, text: str) -> bool:
        return text.strip().strip(".!").upper() in self.opt_out_keywords

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

"""Who opted out, from every customer message core has read, on any platform.

A STOP may arrive in a thread the agent never opens again, and a new SMS has no thread: so
consent is kept per customer number (E.164), fed by every history page the workspace reads
(opening a thread, sync's refresh of the open one, the outbox's check before a send). Only
the latest opt-out and the latest opt-in matter; :meth:`history` gives them to the guard in
its own terms, so the rule stays in one place (``compliance.Guard``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from . import models
from .compliance import HistoryEntry
from .consent import Intent, classify
from .numbers import e164

__all__ = ["ConsentBook"]


@dataclass
class ConsentBook:
    """The latest opt-out and opt-in per number (in memory: the thread's history is read
    again before a send in each run, so a restart loses nothing the platform keeps)."""

    _latest: dict[tuple[str, Intent], tuple[str, datetime]] = field(default_factory=dict)

    def note(self, messages: Iterable[models.Message]) -> None:
        for message in messages:
            if message.direction is not models.Direction.INBOUND or message.date is None:
                continue
            intent = classify(message.message)
            if intent not in (Intent.OPT_OUT, Intent.OPT_IN):
                continue
            number = e164(message.phone or "")
            if number is None:
                continue
            known = self._latest.get((number, intent))
            if known is None or known[1] < message.date:
                self._latest[(number, intent)] = (message.message, message.date)

    def history(self, number: str) -> list[HistoryEntry]:
        """The number's consent messages, oldest first, as the guard reads a thread."""
        found = [
            (True, text, when)
            for intent in (Intent.OPT_OUT, Intent.OPT_IN)
            if (entry := self._latest.get((number, intent))) is not None
            for text, when in [entry]
        ]
        return sorted(found, key=lambda entry: entry[2])

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
from datetime import UTC, datetime

from ..consent import Intent, classify
from . import models
from .compliance import HistoryEntry
from .numbers import e164
from .store import LocalStore

__all__ = ["ConsentBook"]


Change = tuple[str, Intent, str, datetime]  # number, intent, the customer's words, when


@dataclass
class ConsentBook:
    """The latest opt-out and opt-in per number, kept in the profile's store when there is
    one: a new SMS after a restart has no thread to read, and must still not reach a number
    that opted out."""

    store: LocalStore | None = None
    _latest: dict[tuple[str, Intent], tuple[str, datetime]] = field(default_factory=dict)

    async def load(self) -> None:
        if self.store is None:
            return
        for number, intent, text, at in await self.store.consents():
            self._latest[(number, Intent(intent))] = (text, datetime.fromtimestamp(at, UTC))

    async def note_and_keep(self, messages: Iterable[models.Message]) -> None:
        """:meth:`note`, and what changed written to the store."""
        for number, intent, text, when in self.note(messages):
            if self.store is not None:
                await self.store.put_consent(number, intent.value, text, when.timestamp())

    def note(self, messages: Iterable[models.Message]) -> list[Change]:
        """Read consent from messages; returns what changed."""
        changes: list[Change] = []
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
                changes.append((number, intent, message.message, message.date))
        return changes

    def history(self, number: str) -> list[HistoryEntry]:
        """The number's consent messages, oldest first, as the guard reads a thread."""
        found = [
            (True, text, when)
            for intent in (Intent.OPT_OUT, Intent.OPT_IN)
            if (entry := self._latest.get((number, intent))) is not None
            for text, when in [entry]
        ]
        return sorted(found, key=lambda entry: entry[2])

"""One thread's history as the agent sees it: server messages plus the agent's pending sends.

LiveVox pages history newest first; the conversation view reads top to bottom, oldest first,
so pages are reversed on arrival and older pages are inserted at the top.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum

from ..livevox import models
from .evented import EventedList

__all__ = ["ChatEntry", "Conversation", "SendState"]

_local_ids = itertools.count(1)


class SendState(StrEnum):
    """Where an entry stands; server messages are ``SERVER`` (their LiveVox status is kept)."""

    SERVER = "server"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class ChatEntry:
    """A bubble in the conversation."""

    key: str
    text: str
    inbound: bool
    when: datetime | None
    state: SendState = SendState.SERVER
    status: str | None = None  # LiveVox's own words: "SMS MT Delivered", "Operator Transfer"
    transaction_id: str | None = None
    error: str | None = None

    @classmethod
    def from_message(cls, message: models.Message) -> ChatEntry:
        return cls(
            key=f"m:{message.id}",
            text=message.message,
            inbound=message.direction is models.Direction.INBOUND,
            when=message.date,
            status=message.status,
            transaction_id=message.id,
        )

    @classmethod
    def pending(cls, text: str) -> ChatEntry:
        return cls(
            key=f"local:{next(_local_ids)}",
            text=text,
            inbound=False,
            when=datetime.now(UTC),
            state=SendState.SENDING,
            status="Sending…",
        )


@dataclass(eq=False)
class Conversation:
    """The loaded history of one thread."""

    thread_id: str
    entries: EventedList[ChatEntry] = field(default_factory=EventedList)
    pages_loaded: int = 0
    exhausted: bool = False
    loading: bool = False
    _first_page_size: int = 0

    def can_load_older(self) -> bool:
        return not self.exhausted and not self.loading

    def replace_history(self, newest_first: list[models.Message]) -> None:
        """Page one arrived (first open or a refresh): keep pending sends at the bottom."""
        pending = [e for e in self.entries if e.state is not SendState.SERVER]
        server_ids = {m.id for m in newest_first}
        # A pending send whose transaction id is now in the history is no longer pending.
        pending = [e for e in pending if e.transaction_id not in server_ids]
        entries = [ChatEntry.from_message(m) for m in reversed(newest_first)]
        self.entries.reset(entries + pending)
        self.pages_loaded = 1
        self._first_page_size = len(newest_first)
        self.exhausted = not newest_first

    def add_older(self, newest_first: list[models.Message]) -> int:
        """An older page arrived; returns how many entries were new."""
        known = {e.key for e in self.entries}
        fresh = [ChatEntry.from_message(m) for m in reversed(newest_first)]
        fresh = [e for e in fresh if e.key not in known]
        self.pages_loaded += 1
        if not fresh or len(newest_first) < self._first_page_size:
            self.exhausted = True
        self.entries.insert(0, fresh)
        return len(fresh)

    def add_pending(self, text: str) -> ChatEntry:
        entry = ChatEntry.pending(text)
        self.entries.append(entry)
        return entry

    def update_entry(self, key: str, **changes: object) -> ChatEntry | None:
        index = self.entries.index_where(lambda e: e.key == key)
        if index < 0:
            return None
        entry = replace(self.entries[index], **changes)  # type: ignore[arg-type]
        self.entries.replace_at(index, entry)
        return entry

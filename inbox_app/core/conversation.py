"""One thread's history as the agent sees it: server messages plus the agent's pending sends.

LiveVox pages history newest first; the conversation view reads top to bottom, oldest first,
so pages are reversed on arrival and older pages are inserted at the top.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum

from . import models
from .evented import EventedList
from .outcomes import Reason
from .store import OutboxItem, OutboxState

__all__ = ["ChatEntry", "Conversation", "SendState"]

_local_ids = itertools.count(1)


class SendState(StrEnum):
    """Where an entry stands; server messages are ``SERVER`` (their LiveVox status is kept)."""

    SERVER = "server"
    QUEUED = "queued"  # waiting for the server to be reachable again
    SENDING = "sending"
    CHECKING = "checking"  # the outcome is unknown: looking for it in the history
    SENT = "sent"
    FAILED = "failed"
    HELD = "held"  # the compliance guard stopped it (the reason is in ``error``)


_FROM_OUTBOX = {
    OutboxState.QUEUED: SendState.QUEUED,
    OutboxState.SENDING: SendState.SENDING,
    OutboxState.UNKNOWN: SendState.CHECKING,
    OutboxState.SENT: SendState.SENT,
    OutboxState.FAILED: SendState.FAILED,
    OutboxState.HELD: SendState.HELD,
}


@dataclass(frozen=True, slots=True)
class ChatEntry:
    """A bubble in the conversation."""

    key: str
    text: str
    inbound: bool
    when: datetime | None
    state: SendState = SendState.SERVER
    status: str | None = None  # the platform's own words: "SMS MT Delivered", "Operator Transfer"
    transaction_id: str | None = None
    error: Reason | None = None  # why one of the agent's messages is not sent (yet)
    detail: str | None = None  # the platform's own words about that
    send_at: datetime | None = None  # held for quiet hours: when it goes out

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
    def pending(cls, text: str, key: str | None = None) -> ChatEntry:
        return cls(
            key=key or f"local:{next(_local_ids)}",
            text=text,
            inbound=False,
            when=datetime.now(UTC),
            state=SendState.SENDING,
        )

    @classmethod
    def from_outbox(cls, item: OutboxItem) -> ChatEntry:
        sent = item.state is OutboxState.SENT
        return cls(
            key=outbox_key(item.id),
            text=item.text,
            inbound=False,
            when=datetime.fromtimestamp(item.created_at, UTC),
            state=_FROM_OUTBOX[item.state],
            transaction_id=item.transaction_id,
            error=None if sent else item.error,
            detail=None if sent else item.detail,
            send_at=datetime.fromtimestamp(item.send_at, UTC) if item.send_at else None,
        )


def outbox_key(item_id: str) -> str:
    return f"out:{item_id}"


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

    def merge_newest(self, newest_first: list[models.Message]) -> list[ChatEntry]:
        """A fresh page one: update known messages (statuses), append new ones in order.

        New server messages go above the agent's pending bubbles; a pending bubble whose
        server copy has arrived is replaced by it. Returns the entries that are new.
        """
        if self.pages_loaded == 0:
            self.replace_history(newest_first)
            return list(self.entries)
        # Two indexes instead of a scan per message: a 5,000-message conversation merges a
        # page in a few milliseconds rather than freezing the window.
        by_key = {e.key: i for i, e in enumerate(self.entries)}
        pending_by_txn = {
            e.transaction_id: i
            for i, e in enumerate(self.entries)
            if e.state is not SendState.SERVER and e.transaction_id
        }
        added: list[ChatEntry] = []
        for message in reversed(newest_first):
            entry = ChatEntry.from_message(message)
            index = by_key.get(entry.key, -1)
            if index < 0:
                index = pending_by_txn.pop(message.id, -1)
            if index >= 0:
                if self.entries[index] != entry:
                    self.entries.replace_at(index, entry)
                    by_key[entry.key] = index
                continue
            if entry.key in by_key:
                continue  # twice in one page
            by_key[entry.key] = -2
            added.append(entry)
        if added:
            first_pending = self.entries.index_where(lambda e: e.state is not SendState.SERVER)
            self.entries.insert(len(self.entries) if first_pending < 0 else first_pending, added)
        return added

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

    def add_pending(self, text: str, key: str | None = None) -> ChatEntry:
        entry = ChatEntry.pending(text, key)
        self.entries.append(entry)
        return entry

    def show_outbox(self, item: OutboxItem) -> None:
        """Add or update the bubble of an outbox item (unless the server's copy is shown)."""
        if item.transaction_id and any(
            e.state is SendState.SERVER and e.transaction_id == item.transaction_id
            for e in self.entries
        ):
            return
        entry = ChatEntry.from_outbox(item)
        index = self.entries.index_where(lambda e: e.key == entry.key)
        if index < 0:
            self.entries.append(entry)
        else:
            self.entries.replace_at(index, entry)

    def update_entry(self, key: str, **changes: object) -> ChatEntry | None:
        index = self.entries.index_where(lambda e: e.key == key)
        if index < 0:
            return None
        entry = replace(self.entries[index], **changes)  # type: ignore[arg-type]
        self.entries.replace_at(index, entry)
        return entry

"""The relay's storage interface: what the app needs from a database, nothing more.

:class:`~.sqlite_store.SqliteRelayStore` (one relay process) and
:class:`~.postgres_store.PostgresRelayStore` (psycopg 3, several relay processes on one
database) implement it. Methods are
synchronous and thread-safe; the app calls them from a worker thread. Every method that
changes something commits before it returns, so an answer sent after it is never ahead of
the disk.

Obligations on an implementation (they are what the app relies on):

- Events get cursors in commit order: a reader who has seen cursor N never later finds a
  new event below N. SQLite serializes writers, so AUTOINCREMENT suffices; PostgreSQL must
  take the next cursor from a counter row locked in the same transaction (a bare sequence
  hands out numbers that commit out of order across sessions).
- A webhook's de-duplication key is unique per (platform, kind): inserting it twice
  stores one event and reports the first (``INSERT … ON CONFLICT DO NOTHING`` in both).
- A conversation action reads the state, applies :func:`.conversations.decide` and writes
  state and event in one transaction that excludes a concurrent action on the same
  conversation (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: ``SELECT … FOR UPDATE``).
- Waking long-polls is the app's, in process (:class:`~.app.Notifier`); the PostgreSQL store
  adds ``NOTIFY relay_events`` to each event's transaction and its :meth:`listen` feeds the
  notifier of every relay process.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from .conversations import ConversationKey, ConversationState
from .validation import Inbound

__all__ = [
    "ActionResult",
    "Agent",
    "AgentExists",
    "DeadLetter",
    "Event",
    "RelayStore",
    "UnknownAgent",
]


# "Last seen" is written at most this often per agent, not on every poll.
SEEN_EVERY = timedelta(seconds=30)


class AgentExists(Exception):
    """An agent of that name exists already (revoked ones too: names are not reused)."""


class UnknownAgent(Exception):
    """No such agent, or a revoked one."""


@dataclass(frozen=True)
class Event:
    cursor: int
    kind: str
    platform: str
    at: datetime
    data: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {
            "cursor": self.cursor,
            "kind": self.kind,
            "platform": self.platform,
            "at": self.at.isoformat().replace("+00:00", "Z"),
            "data": self.data,
        }


@dataclass(frozen=True)
class Agent:
    name: str
    created_at: datetime
    revoked_at: datetime | None
    last_seen_at: datetime | None
    holding: int = 0  # open conversations the agent holds (as listed by ``agents``)

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True)
class DeadLetter:
    platform: str
    kind: str
    reason: str
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class ActionResult:
    state: ConversationState
    event: Event | None  # None when the action changed nothing (a holder claiming again)


class RelayStore(ABC):
    """See the module docstring for what every implementation guarantees."""

    dialect: str

    @abstractmethod
    def close(self) -> None: ...

    # --- webhooks ----------------------------------------------------------------------------

    @abstractmethod
    def webhook_secrets(self, platforms: list[str]) -> dict[tuple[str, str], str]:
        """Each platform's secret as ``(platform, "")``, created on first use and then kept;
        all its endpoints share it. A database from before one secret per platform also
        has ``(platform, kind)`` rows, each still valid on its own endpoint."""

    @abstractmethod
    def record_inbound(self, inbound: Inbound) -> tuple[Event, bool]:
        """Store a webhook's event once: ``(event, True)`` when new, ``(first, False)`` for a
        duplicate. A customer's message also reopens its conversation (unread, unresolved)."""

    @abstractmethod
    def record_dead_letter(self, letter: DeadLetter) -> int:
        """Keep a body the relay could not read; returns its id."""

    # --- events ------------------------------------------------------------------------------

    @abstractmethod
    def events_after(self, cursor: int, limit: int) -> list[Event]:
        """Events with a cursor above ``cursor``, oldest first, at most ``limit``."""

    @abstractmethod
    def last_cursor(self) -> int:
        """The newest event's cursor, 0 when there is none."""

    # --- agents ------------------------------------------------------------------------------

    @abstractmethod
    def add_agent(self, name: str, token_sha256: str) -> Agent:
        """Raises :class:`AgentExists`."""

    @abstractmethod
    def revoke_agent(self, name: str) -> bool:
        """False when there is no such active agent."""

    @abstractmethod
    def agent_for_token(self, token_sha256: str) -> Agent | None:
        """The active agent with this token hash (and notes it was seen), or None."""

    @abstractmethod
    def agents(self) -> list[Agent]:
        """Active agents, by name, each with how many open conversations they hold."""

    # --- conversations -----------------------------------------------------------------------

    @abstractmethod
    def conversation(self, key: ConversationKey) -> ConversationState:
        """The shared state (a conversation never touched is free, unread, open)."""

    @abstractmethod
    def act(
        self, key: ConversationKey, action: str, agent: str, to: str | None = None
    ) -> ActionResult:
        """Apply an agent's action; raises :class:`.conversations.Conflict` or
        :class:`UnknownAgent` (``to`` of a transfer)."""

    def listen(self, wake: Callable[[], None]) -> None:  # noqa: B027 - optional hook
        """Call ``wake`` (from any thread) when another process commits an event. SQLite
        has no such signal: one process writes, and the app wakes its own waiters."""

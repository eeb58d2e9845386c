"""The relay's store on one SQLite file.

- WAL with ``synchronous=FULL``: every commit is fsynced before it returns, so a webhook
  answered 200 survives a power cut, not only a killed process (``NORMAL`` in WAL mode
  may lose the last commits when the OS goes down, and the platform would not resend what
  we acknowledged). One fsync a commit; webhooks arriving together share a commit
  (:mod:`.group_commit`), so under load the fsyncs do not cap the rate.
- The file is created private (0600) in a private folder: it holds message text, the
  webhook secrets and agents' token hashes. SQLite gives its -wal and -shm files the main
  file's permissions.
- One writing connection behind one lock: SQLite has one writer anyway, and ``BEGIN
  IMMEDIATE`` takes the write lock up front so a read-then-write transaction never fails
  half way. Reads (desktops' polls) use connections of their own (:mod:`.readers`).
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .conversations import ConversationKey, ConversationState, decide, on_customer_message
from .group_commit import GroupCommit
from .migrate import apply_sqlite
from .readers import ReaderPool
from .store import (
    SEEN_EVERY,
    ActionResult,
    Agent,
    AgentExists,
    DeadLetter,
    Event,
    RelayStore,
    UnknownAgent,
)
from .tokens import new_secret
from .validation import Inbound

__all__ = ["SqliteRelayStore"]


_EVENT_COLUMNS = "cursor, kind, platform, at, data"
READERS = 8  # reading connections (desktops' polls), besides the one that writes


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _parse(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _event(row: sqlite3.Row) -> Event:
    return Event(
        row["cursor"],
        row["kind"],
        row["platform"],
        datetime.fromisoformat(row["at"]),
        json.loads(row["data"]),
    )


def _agent(row: sqlite3.Row) -> Agent:
    return Agent(
        row["name"],
        datetime.fromisoformat(row["created_at"]),
        _parse(row["revoked_at"]),
        _parse(row["last_seen_at"]),
        int(row["holding"]) if "holding" in row.keys() else 0,
    )


def create_private_file(path: Path) -> None:
    """The database file and its folder, readable by this user only."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


class SqliteRelayStore(RelayStore):
    dialect = "sqlite"

    def __init__(self, path: str | Path, clock: Callable[[], datetime] | None = None) -> None:
        self.path = Path(path)
        self._clock = clock or (lambda: datetime.now(UTC))
        create_private_file(self.path)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        try:
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA busy_timeout = 10000")
            if self._db.execute("PRAGMA journal_mode = WAL").fetchone()[0] != "wal":
                raise RuntimeError(f"{self.path}: SQLite cannot use WAL on this file system")
            self._db.execute("PRAGMA synchronous = FULL")
            self._db.execute("PRAGMA foreign_keys = ON")
            apply_sqlite(self._db, _iso(self._clock()))
        except BaseException:
            self._db.close()
            raise
        self._closed = False
        self._inbound = GroupCommit(self._record_inbounds)
        self._readers = ReaderPool(self._connect_reader, sqlite3.Connection.close, READERS)

    def _connect_reader(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA busy_timeout = 10000")
        db.execute("PRAGMA query_only = ON")
        return db

    def close(self) -> None:
        self._readers.close()
        with self._lock:
            if not self._closed:
                self._closed = True
                self._db.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            if self._closed:
                raise RuntimeError("the relay store is closed")
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """A reading connection of its own: reads never wait on a commit (WAL)."""
        with self._readers.borrow() as db:
            yield db

    def _now(self) -> str:
        return _iso(self._clock())

    # --- webhooks ----------------------------------------------------------------------------

    def webhook_secrets(self, platforms: list[str]) -> dict[tuple[str, str], str]:
        with self._tx() as db:
            for platform in platforms:
                db.execute(
                    "INSERT INTO webhook_secrets (platform, kind, secret, created_at)"
                    " VALUES (?, '', ?, ?) ON CONFLICT (platform, kind) DO NOTHING",
                    (platform, new_secret(), self._now()),
                )
            rows = db.execute("SELECT platform, kind, secret FROM webhook_secrets").fetchall()
        return {(r["platform"], r["kind"]): r["secret"] for r in rows if r["platform"] in platforms}

    def record_inbound(self, inbound: Inbound) -> tuple[Event, bool]:
        return self._inbound.submit(inbound)

    def _record_inbounds(self, batch: Sequence[Inbound]) -> list[tuple[Event, bool]]:
        """Webhooks arriving together, in one transaction (one fsync): see GroupCommit."""
        with self._tx() as db:
            return [self._record(db, inbound) for inbound in batch]

    def _record(self, db: sqlite3.Connection, inbound: Inbound) -> tuple[Event, bool]:
        conversation = str(inbound.conversation) if inbound.conversation else None
        row = db.execute(
            "INSERT INTO events (kind, platform, at, conversation, dedupe_key, data)"
            " VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (platform, kind, dedupe_key) DO NOTHING"
            f" RETURNING {_EVENT_COLUMNS}",
            (
                inbound.kind,
                inbound.platform,
                self._now(),
                conversation,
                inbound.dedupe_key,
                json.dumps(inbound.data, ensure_ascii=False),
            ),
        ).fetchone()
        if row is None:
            first = db.execute(
                f"SELECT {_EVENT_COLUMNS} FROM events"
                " WHERE platform = ? AND kind = ? AND dedupe_key = ?",
                (inbound.platform, inbound.kind, inbound.dedupe_key),
            ).fetchone()
            return _event(first), False
        event = _event(row)
        if inbound.reopens and inbound.conversation is not None:
            state = on_customer_message(self._state(db, inbound.conversation))
            self._save(db, state, event.cursor)
        return event, True

    def record_dead_letter(self, letter: DeadLetter) -> int:
        with self._tx() as db:
            row = db.execute(
                "INSERT INTO dead_letters (platform, kind, received_at, reason, headers, body)"
                " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    letter.platform,
                    letter.kind,
                    self._now(),
                    letter.reason,
                    json.dumps(letter.headers),
                    letter.body,
                ),
            ).fetchone()
            return int(row["id"])

    # --- events ------------------------------------------------------------------------------

    def events_after(self, cursor: int, limit: int) -> list[Event]:
        with self._read() as db:
            rows = db.execute(
                f"SELECT {_EVENT_COLUMNS} FROM events WHERE cursor > ? ORDER BY cursor LIMIT ?",
                (cursor, limit),
            ).fetchall()
        return [_event(row) for row in rows]

    def last_cursor(self) -> int:
        with self._read() as db:
            row = db.execute("SELECT COALESCE(MAX(cursor), 0) AS last FROM events").fetchone()
        return int(row["last"])

    # --- agents ------------------------------------------------------------------------------

    def add_agent(self, name: str, token_sha256: str) -> Agent:
        with self._tx() as db:
            try:
                row = db.execute(
                    "INSERT INTO agents (name, token_sha256, created_at) VALUES (?, ?, ?)"
                    " RETURNING *",
                    (name, token_sha256, self._now()),
                ).fetchone()
            except sqlite3.IntegrityError:
                raise AgentExists(name) from None
            return _agent(row)

    def revoke_agent(self, name: str) -> bool:
        with self._tx() as db:
            cursor = db.execute(
                "UPDATE agents SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL",
                (self._now(), name),
            )
            if not cursor.rowcount:
                return False
            held = db.execute(
                "SELECT platform, our_number, customer_number FROM conversations WHERE owner = ?",
                (name,),
            ).fetchall()
            for row in held:  # freed, and said so, so no conversation stays locked by nobody
                state = self._state(db, ConversationKey(*row))
                freed = ConversationState(state.key, None, state.read, state.resolved)
                self._append(db, "release", freed, {"agent": name, "revoked": True})
            return True

    def agent_for_token(self, token_sha256: str) -> Agent | None:
        with self._read() as db:
            row = db.execute(
                "SELECT * FROM agents WHERE token_sha256 = ? AND revoked_at IS NULL",
                (token_sha256,),
            ).fetchone()
        if row is None:
            return None
        agent = _agent(row)
        now = self._clock()
        if agent.last_seen_at is None or now - agent.last_seen_at >= SEEN_EVERY:
            with self._tx() as db:
                db.execute(
                    "UPDATE agents SET last_seen_at = ? WHERE name = ?", (_iso(now), agent.name)
                )
        return agent

    def agents(self) -> list[Agent]:
        with self._read() as db:
            rows = db.execute(
                "SELECT a.*, (SELECT count(*) FROM conversations c"
                " WHERE c.owner = a.name AND c.resolved = 0) AS holding"
                " FROM agents a WHERE a.revoked_at IS NULL ORDER BY a.name"
            ).fetchall()
        return [_agent(row) for row in rows]

    # --- conversations -----------------------------------------------------------------------

    def conversation(self, key: ConversationKey) -> ConversationState:
        with self._read() as db:
            return self._state(db, key)

    def act(
        self, key: ConversationKey, action: str, agent: str, to: str | None = None
    ) -> ActionResult:
        with self._tx() as db:
            if (
                to is not None
                and not db.execute(
                    "SELECT 1 FROM agents WHERE name = ? AND revoked_at IS NULL", (to,)
                ).fetchone()
            ):
                raise UnknownAgent(to)
            state = self._state(db, key)
            changed = decide(state, action, agent, to)
            if changed is None:
                return ActionResult(state, None)
            extra: dict[str, Any] = {"agent": agent}
            if to is not None:
                extra |= {"from": state.owner, "to": to}
            return ActionResult(changed, self._append(db, action, changed, extra))

    def _append(
        self, db: sqlite3.Connection, kind: str, state: ConversationState, extra: dict[str, Any]
    ) -> Event:
        """An agent's action as an event, and the conversation's new state."""
        key = state.key
        row = db.execute(
            "INSERT INTO events (kind, platform, at, conversation, data)"
            f" VALUES (?, ?, ?, ?, ?) RETURNING {_EVENT_COLUMNS}",
            (kind, key.platform, self._now(), str(key), json.dumps(state.as_json() | extra)),
        ).fetchone()
        event = _event(row)
        self._save(db, state, event.cursor)
        return event

    def _state(self, db: sqlite3.Connection, key: ConversationKey) -> ConversationState:
        row = db.execute(
            "SELECT owner, is_read, resolved FROM conversations"
            " WHERE platform = ? AND our_number = ? AND customer_number = ?",
            (key.platform, key.our_number, key.customer_number),
        ).fetchone()
        if row is None:
            return ConversationState(key)
        return ConversationState(key, row["owner"], bool(row["is_read"]), bool(row["resolved"]))

    def _save(self, db: sqlite3.Connection, state: ConversationState, cursor: int) -> None:
        key = state.key
        db.execute(
            "INSERT INTO conversations"
            " (platform, our_number, customer_number, owner, is_read, resolved, updated_at,"
            " last_cursor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (platform, our_number, customer_number) DO UPDATE SET"
            " owner = excluded.owner, is_read = excluded.is_read,"
            " resolved = excluded.resolved, updated_at = excluded.updated_at,"
            " last_cursor = excluded.last_cursor",
            (
                key.platform,
                key.our_number,
                key.customer_number,
                state.owner,
                int(state.read),
                int(state.resolved),
                self._now(),
                cursor,
            ),
        )

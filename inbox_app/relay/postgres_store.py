"""The relay's store on PostgreSQL (psycopg 3), for several relay processes on one database.

- Every writing transaction first locks the one ``event_cursor`` row: writers take turns
  as they do on SQLite's file, so cursors are handed out in commit order (a reader never
  finds a new event below a cursor it has passed) and a conversation's read-decide-write
  cannot interleave with another process's. Webhooks arriving together share one
  transaction (:mod:`.group_commit`), so the lock and the commit are paid once per batch.
- Each transaction that adds events sends one ``NOTIFY relay_events``; :meth:`listen` keeps a
  ``LISTEN`` connection in a thread and wakes the app's long-polls, whichever process
  committed.
- Migrations run under an advisory lock, so relays starting together apply each once.
- One writing connection per store behind a lock (like the SQLite store); reads (desktops'
  polls) use a few connections of their own (:mod:`.readers`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from .conversations import ConversationKey, ConversationState, decide, on_customer_message
from .group_commit import GroupCommit
from .migrate import MigrationError, migrations
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

__all__ = ["PostgresRelayStore", "apply_postgresql"]

CHANNEL = "relay_events"
_MIGRATION_LOCK = 0x1B0C5E1A7  # pg_advisory_xact_lock key: "the relay's migrations"
_EVENT_COLUMNS = "cursor, kind, platform, at, data"
READERS = 4  # reading connections per process (desktops' polls), besides the writing one

SCHEMA_MIGRATIONS = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL
)
"""


def apply_postgresql(db: psycopg.Connection[Any]) -> list[int]:
    """Apply the PostgreSQL scripts not yet applied, each in its own transaction with its
    ``schema_migrations`` row; returns the versions applied now."""
    known = migrations("postgresql")
    applied_now = []
    for migration in known:
        with db.transaction():
            db.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            db.execute(SCHEMA_MIGRATIONS)
            done = {row["version"] for row in db.execute("SELECT version FROM schema_migrations")}
            newer = done - {m.version for m in known}
            if newer:
                raise MigrationError(
                    f"the database has schema version(s) {sorted(newer)} this relay does not "
                    "know: run a newer relay"
                )
            if migration.version in done:
                continue
            db.execute(migration.sql.encode())  # no parameters: the script's statements run as one
            db.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (%s, %s, now())",
                (migration.version, migration.name),
            )
            applied_now.append(migration.version)
    return applied_now


def _event(row: dict[str, Any]) -> Event:
    return Event(row["cursor"], row["kind"], row["platform"], row["at"], row["data"])


def _agent(row: dict[str, Any]) -> Agent:
    return Agent(
        row["name"],
        row["created_at"],
        row["revoked_at"],
        row["last_seen_at"],
        int(row.get("holding") or 0),
    )


class PostgresRelayStore(RelayStore):
    dialect = "postgresql"

    def __init__(self, url: str, clock: Callable[[], datetime] | None = None) -> None:
        self.url = url
        self._clock = clock or (lambda: datetime.now(UTC))
        self._lock = threading.Lock()
        self._closed = False
        self._listener: threading.Thread | None = None
        self._notify: int | None = None  # the last cursor the open transaction inserted
        self._inbound = GroupCommit(self._record_inbounds)
        self._db: psycopg.Connection[dict[str, Any]] = psycopg.connect(
            url, autocommit=True, row_factory=dict_row
        )
        try:
            apply_postgresql(self._db)
        except BaseException:
            self._db.close()
            raise
        self._readers = ReaderPool(self._connect_reader, psycopg.Connection.close, READERS)

    def _connect_reader(self) -> psycopg.Connection[dict[str, Any]]:
        return psycopg.connect(self.url, autocommit=True, row_factory=dict_row)

    def close(self) -> None:
        self._readers.close()
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._db.close()
        if self._listener is not None:
            self._listener.join(timeout=5)

    @contextmanager
    def _tx(self, *, writes_events: bool = True) -> Iterator[psycopg.Connection[dict[str, Any]]]:
        with self._lock:
            if self._closed:
                raise RuntimeError("the relay store is closed")
            self._notify = None
            with self._db.transaction():
                if writes_events:
                    self._db.execute("SELECT last FROM event_cursor FOR UPDATE")
                yield self._db
                if self._notify is not None:  # one NOTIFY per transaction, however many events
                    self._db.execute("SELECT pg_notify(%s, %s)", (CHANNEL, str(self._notify)))

    @contextmanager
    def _read(self) -> Iterator[psycopg.Connection[dict[str, Any]]]:
        """A reading connection of its own: reads never wait on a commit."""
        with self._readers.borrow() as db:
            yield db

    def _now(self) -> datetime:
        return self._clock()

    def _insert_event(
        self,
        db: psycopg.Connection[dict[str, Any]],
        kind: str,
        platform: str,
        conversation: str | None,
        dedupe_key: str | None,
        data: dict[str, Any],
    ) -> Event:
        """Under the cursor row's lock (taken by :meth:`_tx`), which also sends the NOTIFY."""
        row = db.execute("UPDATE event_cursor SET last = last + 1 RETURNING last").fetchone()
        assert row is not None
        inserted = db.execute(
            "INSERT INTO events (cursor, kind, platform, at, conversation, dedupe_key, data)"
            f" VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING {_EVENT_COLUMNS}",
            (row["last"], kind, platform, self._now(), conversation, dedupe_key, Jsonb(data)),
        ).fetchone()
        assert inserted is not None
        self._notify = row["last"]  # sent by _tx before the commit
        return _event(inserted)

    # --- webhooks ----------------------------------------------------------------------------

    def webhook_secrets(self, platforms: list[str]) -> dict[tuple[str, str], str]:
        with self._tx(writes_events=False) as db:
            for platform in platforms:
                db.execute(
                    "INSERT INTO webhook_secrets (platform, kind, secret, created_at)"
                    " VALUES (%s, '', %s, %s) ON CONFLICT (platform, kind) DO NOTHING",
                    (platform, new_secret(), self._now()),
                )
            rows = db.execute("SELECT platform, kind, secret FROM webhook_secrets").fetchall()
        return {(r["platform"], r["kind"]): r["secret"] for r in rows if r["platform"] in platforms}

    def record_inbound(self, inbound: Inbound) -> tuple[Event, bool]:
        return self._inbound.submit(inbound)

    def _record_inbounds(self, batch: Sequence[Inbound]) -> list[tuple[Event, bool]]:
        """Webhooks arriving together, in one transaction (one cursor lock, one commit):
        see GroupCommit."""
        with self._tx() as db:
            return [self._record(db, inbound) for inbound in batch]

    def _record(
        self, db: psycopg.Connection[dict[str, Any]], inbound: Inbound
    ) -> tuple[Event, bool]:
        first = db.execute(
            f"SELECT {_EVENT_COLUMNS} FROM events"
            " WHERE platform = %s AND kind = %s AND dedupe_key = %s",
            (inbound.platform, inbound.kind, inbound.dedupe_key),
        ).fetchone()
        if first is not None:
            return _event(first), False
        conversation = str(inbound.conversation) if inbound.conversation else None
        event = self._insert_event(
            db,
            inbound.kind,
            inbound.platform,
            conversation,
            inbound.dedupe_key,
            inbound.data,
        )
        if inbound.reopens and inbound.conversation is not None:
            state = on_customer_message(self._state(db, inbound.conversation, lock=True))
            self._save(db, state, event.cursor)
        return event, True

    def record_dead_letter(self, letter: DeadLetter) -> int:
        with self._tx(writes_events=False) as db:
            row = db.execute(
                "INSERT INTO dead_letters (platform, kind, received_at, reason, headers, body)"
                " VALUES (%s, %s, %s, %s, %s, %s) RETURNING id",
                (
                    letter.platform,
                    letter.kind,
                    self._now(),
                    letter.reason,
                    Jsonb(letter.headers),
                    letter.body,
                ),
            ).fetchone()
            assert row is not None
            return int(row["id"])

    # --- events ------------------------------------------------------------------------------

    def events_after(self, cursor: int, limit: int) -> list[Event]:
        with self._read() as db:
            rows = db.execute(
                f"SELECT {_EVENT_COLUMNS} FROM events WHERE cursor > %s ORDER BY cursor LIMIT %s",
                (cursor, limit),
            ).fetchall()
        return [_event(row) for row in rows]

    def last_cursor(self) -> int:
        with self._read() as db:
            row = db.execute("SELECT COALESCE(MAX(cursor), 0) AS last FROM events").fetchone()
        assert row is not None
        return int(row["last"])

    def listen(self, wake: Callable[[], None]) -> None:
        """A thread with its own connection that calls ``wake`` on each committed event."""
        ready = threading.Event()

        def run() -> None:
            with psycopg.connect(self.url, autocommit=True) as conn:
                conn.execute(f"LISTEN {CHANNEL}")  # a constant identifier, not a value
                ready.set()
                while not self._closed:
                    for _ in conn.notifies(timeout=0.5):
                        wake()

        self._listener = threading.Thread(target=run, name="relay-listen", daemon=True)
        self._listener.start()
        ready.wait(10)

    # --- agents ------------------------------------------------------------------------------

    def add_agent(self, name: str, token_sha256: str) -> Agent:
        try:
            with self._tx(writes_events=False) as db:
                row = db.execute(
                    "INSERT INTO agents (name, token_sha256, created_at) VALUES (%s, %s, %s)"
                    " RETURNING *",
                    (name, token_sha256, self._now()),
                ).fetchone()
        except psycopg.errors.UniqueViolation:
            raise AgentExists(name) from None
        assert row is not None
        return _agent(row)

    def revoke_agent(self, name: str) -> bool:
        with self._tx() as db:
            cursor = db.execute(
                "UPDATE agents SET revoked_at = %s WHERE name = %s AND revoked_at IS NULL",
                (self._now(), name),
            )
            if not cursor.rowcount:
                return False
            held = db.execute(
                "SELECT platform, our_number, customer_number FROM conversations"
                " WHERE owner = %s FOR UPDATE",
                (name,),
            ).fetchall()
            for row in held:
                state = self._state(db, ConversationKey(**row))
                freed = ConversationState(state.key, None, state.read, state.resolved)
                self._append(db, "release", freed, {"agent": name, "revoked": True})
            return True

    def agent_for_token(self, token_sha256: str) -> Agent | None:
        with self._read() as db:
            row = db.execute(
                "SELECT * FROM agents WHERE token_sha256 = %s AND revoked_at IS NULL",
                (token_sha256,),
            ).fetchone()
        if row is None:
            return None
        agent = _agent(row)
        now = self._clock()
        if agent.last_seen_at is None or now - agent.last_seen_at >= SEEN_EVERY:
            with self._tx(writes_events=False) as db:
                db.execute("UPDATE agents SET last_seen_at = %s WHERE name = %s", (now, agent.name))
        return agent

    def agents(self) -> list[Agent]:
        with self._read() as db:
            rows = db.execute(
                "SELECT a.*, (SELECT count(*) FROM conversations c"
                " WHERE c.owner = a.name AND c.resolved = false) AS holding"
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
                    "SELECT 1 FROM agents WHERE name = %s AND revoked_at IS NULL", (to,)
                ).fetchone()
            ):
                raise UnknownAgent(to)
            state = self._state(db, key, lock=True)
            changed = decide(state, action, agent, to)
            if changed is None:
                return ActionResult(state, None)
            extra: dict[str, Any] = {"agent": agent}
            if to is not None:
                extra |= {"from": state.owner, "to": to}
            return ActionResult(changed, self._append(db, action, changed, extra))

    def _append(
        self,
        db: psycopg.Connection[dict[str, Any]],
        kind: str,
        state: ConversationState,
        extra: dict[str, Any],
    ) -> Event:
        key = state.key
        event = self._insert_event(db, kind, key.platform, str(key), None, state.as_json() | extra)
        self._save(db, state, event.cursor)
        return event

    def _state(
        self, db: psycopg.Connection[dict[str, Any]], key: ConversationKey, lock: bool = False
    ) -> ConversationState:
        row = db.execute(
            "SELECT owner, is_read, resolved FROM conversations"
            " WHERE platform = %s AND our_number = %s AND customer_number = %s"
            + (" FOR UPDATE" if lock else ""),
            (key.platform, key.our_number, key.customer_number),
        ).fetchone()
        if row is None:
            return ConversationState(key)
        return ConversationState(key, row["owner"], row["is_read"], row["resolved"])

    def _save(
        self, db: psycopg.Connection[dict[str, Any]], state: ConversationState, cursor: int
    ) -> None:
        key = state.key
        db.execute(
            "INSERT INTO conversations"
            " (platform, our_number, customer_number, owner, is_read, resolved, updated_at,"
            " last_cursor) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (platform, our_number, customer_number) DO UPDATE SET"
            " owner = excluded.owner, is_read = excluded.is_read,"
            " resolved = excluded.resolved, updated_at = excluded.updated_at,"
            " last_cursor = excluded.last_cursor",
            (
                key.platform,
                key.our_number,
                key.customer_number,
                state.owner,
                state.read,
                state.resolved,
                self._now(),
                cursor,
            ),
        )

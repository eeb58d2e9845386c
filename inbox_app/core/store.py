"""Local durable state: drafts and the outbox, in one SQLite file per profile.

All SQLite work happens on one dedicated worker thread (the connection never crosses
threads), so the UI thread only awaits results. The file and its folder are created
private (0600 / 0700): drafts and queued messages are customer conversations. Nothing
secret (password, token, session id) is ever written here.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import stat
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from .outcomes import Reason

T = TypeVar("T")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS drafts (
    thread_id TEXT PRIMARY KEY, text TEXT NOT NULL, updated_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS outbox (
    id TEXT PRIMARY KEY, thread_id TEXT, to_number TEXT NOT NULL, from_number TEXT NOT NULL,
    text TEXT NOT NULL, template_id TEXT, account TEXT, created_at REAL NOT NULL,
    state TEXT NOT NULL, transaction_id TEXT, error TEXT, attempts INTEGER NOT NULL DEFAULT 0,
    updated_at REAL NOT NULL, detail TEXT, send_at REAL
);
CREATE INDEX IF NOT EXISTS outbox_state ON outbox (state);
CREATE TABLE IF NOT EXISTS consent (
    number TEXT NOT NULL, intent TEXT NOT NULL, text TEXT NOT NULL, at REAL NOT NULL,
    PRIMARY KEY (number, intent)
);
"""


class OutboxState(StrEnum):
    """queued → sending → sent | failed; ``unknown`` = the request left, no answer came back;
    ``held`` = the compliance guard stopped it before it left (opt-out, quiet hours)."""

    QUEUED = "queued"
    SENDING = "sending"
    UNKNOWN = "unknown"
    SENT = "sent"
    FAILED = "failed"
    HELD = "held"


OPEN_STATES = (OutboxState.QUEUED, OutboxState.SENDING, OutboxState.UNKNOWN)


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: str
    thread_id: str | None
    to_number: str
    from_number: str
    text: str
    template_id: str | None
    account: str | None
    created_at: float
    state: OutboxState = OutboxState.QUEUED
    transaction_id: str | None = None
    error: Reason | None = None  # why it is not sent (yet)
    attempts: int = 0
    updated_at: float = 0.0
    detail: str | None = None  # the platform's own words about it
    send_at: float | None = None  # held for quiet hours: goes out then (after a new check)

    def but(self, **changes: Any) -> OutboxItem:
        return replace(self, **changes)


_OUTBOX_COLUMNS = [f.name for f in fields(OutboxItem)]


def _private_file(path: Path) -> None:
    """Create the folder 0700 and the database file 0600 before SQLite opens it."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path.parent, stat.S_IRWXU)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)


class LocalStore:
    """Drafts and outbox of one profile. Open with :meth:`open`, close with :meth:`close`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="local-store")
        self._db: sqlite3.Connection | None = None

    @classmethod
    async def open(cls, path: Path) -> LocalStore:
        store = cls(path)
        await store._run(store._connect)
        return store

    def _connect(self) -> None:
        _private_file(self.path)
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(_SCHEMA)
        columns = {row[1] for row in db.execute("PRAGMA table_info(outbox)")}
        if "detail" not in columns:  # a file from before reasons were typed
            db.execute("ALTER TABLE outbox ADD COLUMN detail TEXT")
        if "send_at" not in columns:  # a file from before compliance holds
            db.execute("ALTER TABLE outbox ADD COLUMN send_at REAL")
        for suffix in ("-wal", "-shm"):
            side = Path(f"{self.path}{suffix}")
            if side.exists():
                os.chmod(side, stat.S_IRUSR | stat.S_IWUSR)
        self._db = db

    async def _run(self, work: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._pool, work)

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            raise RuntimeError("The local store is closed.")
        return self._db

    async def close(self) -> None:
        def close() -> None:
            if self._db is not None:
                self._db.close()
                self._db = None

        await self._run(close)
        self._pool.shutdown(wait=True)

    # --- drafts -----------------------------------------------------------------------------

    async def save_draft(self, thread_id: str, text: str, when: float) -> None:
        def save() -> None:
            if text.strip():
                self._conn().execute(
                    "INSERT INTO drafts VALUES (?, ?, ?) ON CONFLICT(thread_id) DO UPDATE SET "
                    "text=excluded.text, updated_at=excluded.updated_at",
                    (thread_id, text, when),
                )
            else:
                self._conn().execute("DELETE FROM drafts WHERE thread_id=?", (thread_id,))

        await self._run(save)

    async def drafts(self) -> dict[str, str]:
        def read() -> dict[str, str]:
            return dict(self._conn().execute("SELECT thread_id, text FROM drafts").fetchall())

        return await self._run(read)

    # --- outbox -----------------------------------------------------------------------------

    async def put(self, item: OutboxItem) -> None:
        """Insert or replace one outbox item (every state change is written before acting)."""
        values = [getattr(item, name) for name in _OUTBOX_COLUMNS]
        marks = ", ".join("?" for _ in _OUTBOX_COLUMNS)

        def write() -> None:
            self._conn().execute(
                f"INSERT OR REPLACE INTO outbox ({', '.join(_OUTBOX_COLUMNS)}) VALUES ({marks})",
                values,
            )

        await self._run(write)

    async def outbox(self, states: tuple[OutboxState, ...] | None = None) -> list[OutboxItem]:
        def read() -> list[OutboxItem]:
            query = f"SELECT {', '.join(_OUTBOX_COLUMNS)} FROM outbox"
            args: tuple[str, ...] = ()
            if states:
                query += f" WHERE state IN ({', '.join('?' for _ in states)})"
                args = tuple(states)
            rows = self._conn().execute(query + " ORDER BY created_at", args).fetchall()
            return [OutboxItem(**dict(zip(_OUTBOX_COLUMNS, row, strict=True))) for row in rows]

        items = await self._run(read)
        return [
            item.but(state=OutboxState(item.state), error=Reason.parse(item.error))
            for item in items
        ]

    async def remove(self, item_id: str) -> None:
        await self._run(lambda: self._conn().execute("DELETE FROM outbox WHERE id=?", (item_id,)))

    # --- consent (the latest opt-out and opt-in per customer number) -------------------------

    async def put_consent(self, number: str, intent: str, text: str, at: float) -> None:
        await self._run(
            lambda: self._conn().execute(
                "INSERT OR REPLACE INTO consent VALUES (?, ?, ?, ?)", (number, intent, text, at)
            )
        )

    async def consents(self) -> list[tuple[str, str, str, float]]:
        def read() -> list[tuple[str, str, str, float]]:
            return self._conn().execute("SELECT number, intent, text, at FROM consent").fetchall()

        return await self._run(read)

    async def clear(self) -> None:
        """Forget every draft, queued message and consent record (sign out and clear local
        data)."""

        def wipe() -> None:
            self._conn().execute("DELETE FROM drafts")
            self._conn().execute("DELETE FROM outbox")
            self._conn().execute("DELETE FROM consent")
            self._conn().execute("VACUUM")

        await self._run(wipe)

"""Conversations the inbox builds itself, for platforms that keep none.

Live Link 365, IMIconnect and iLiveIt only send messages, report their delivery and pass on
customers' replies: the threads, the inboxes, the read state and the pollers' places are the
inbox's to keep. They are kept here, in one SQLite file per profile, and handed out in the
shapes the UI already shows (LiveVox's :class:`~.models.Thread`, :class:`~.models.Channel`,
:class:`~.models.Message`).

A thread is one customer talking to one of our numbers: it is keyed by (our number, the
customer's number in E.164), so a reply from ``13125550101`` lands in the conversation that
began with a send to ``+1 (312) 555-0101``. Its id is derived from that pair (a digest, so a
log line naming a thread does not name a phone number) and never changes. Each of our
numbers is one personal inbox; its counts are counted, never stored.

As in :mod:`.store`, all SQLite work, and the number parsing that goes with it, happens on
one dedicated worker thread: the caller's thread (the UI's) only awaits. The connection is
opened there and keeps SQLite's own same-thread check, so a use from any other thread fails
loudly instead of racing. The file and its
folder are private (0600 / 0700): these are customers' conversations. The schema's version
is the file's ``PRAGMA user_version``; :data:`_MIGRATIONS` takes an older file forward.
"""

from __future__ import annotations

import asyncio
import hashlib
import sqlite3
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from .models import Channel, ContactInfo, DeliveryState, Direction, Message, PhoneDetails, Thread
from .numbers import address, label
from .store import _private_file

__all__ = ["Announcement", "Inbound", "LocalThreads", "Recorded", "dedup_key"]

T = TypeVar("T")

SMS = "SMS"

# _MIGRATIONS[n] takes a file from schema version n to n + 1 (0: a new, empty file).
_MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE inboxes (ours TEXT PRIMARY KEY) WITHOUT ROWID;
    CREATE TABLE threads (
        id INTEGER PRIMARY KEY,
        thread_id TEXT NOT NULL UNIQUE,
        ours TEXT NOT NULL,
        customer TEXT NOT NULL,
        account TEXT,
        read INTEGER NOT NULL DEFAULT 1,
        last_message INTEGER,  -- messages.id of the newest message (by at, then id)
        last_at INTEGER NOT NULL,  -- its time: microseconds since the epoch, UTC
        UNIQUE (ours, customer)
    );
    CREATE INDEX threads_by_activity ON threads (ours, last_at DESC, last_message DESC);
    CREATE INDEX threads_by_customer ON threads (customer);
    CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        thread INTEGER NOT NULL REFERENCES threads (id),
        direction INTEGER NOT NULL,  -- Direction: 1 inbound, 2 outbound
        text TEXT NOT NULL,
        at INTEGER NOT NULL,  -- microseconds since the epoch, UTC
        key TEXT UNIQUE,  -- inbound: the platform's id for it, or a de-duplication key
        outbox_id TEXT UNIQUE,  -- outbound: the outbox item it was sent as
        pid TEXT,  -- outbound: its first platform id, which is its Message.id
        delivery TEXT,  -- outbound: DeliveryState
        delivery_at INTEGER
    );
    CREATE INDEX messages_by_thread ON messages (thread, at DESC, id DESC);
    CREATE TABLE platform_ids (
        platform_id TEXT PRIMARY KEY,
        message INTEGER REFERENCES messages (id),  -- NULL: reported before its send was recorded
        delivery TEXT NOT NULL,
        at INTEGER
    ) WITHOUT ROWID;
    CREATE INDEX platform_ids_by_message ON platform_ids (message);
    CREATE TABLE cursors (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    """,
    # 2: what agents share through the relay (IMIconnect, iLiveIt): who holds a thread (NULL:
    # nobody, the group inbox) and whether it is resolved; and our own keys of sends (the
    # outbox item id in IMIconnect's correlationid) with the platform ids reported for them.
    """
    ALTER TABLE threads ADD COLUMN owner TEXT;
    ALTER TABLE threads ADD COLUMN resolved INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX threads_by_owner ON threads (ours, resolved, owner, last_at DESC);
    CREATE TABLE sent_keys (
        key TEXT NOT NULL,
        platform_id TEXT NOT NULL,
        PRIMARY KEY (key, platform_id)
    );
    """,
    # 3: our sends the relay has not yet been told about (colleagues see them in the thread);
    # messages from before are taken as told.
    """
    ALTER TABLE messages ADD COLUMN announced INTEGER NOT NULL DEFAULT 1;
    CREATE INDEX messages_to_announce ON messages (announced) WHERE announced = 0;
    """,
)
SCHEMA_VERSION = len(_MIGRATIONS)

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)

# How far a delivery state has come: a report never moves a message back (a late "sent"
# after "delivered", an "unknown" after "sent"); of the final states, the latest wins.
_PROGRESS = {
    DeliveryState.QUEUED: 0,
    DeliveryState.UNKNOWN: 1,
    DeliveryState.SENT: 2,
    DeliveryState.DELIVERED: 3,
    DeliveryState.FAILED: 3,
}


@dataclass(frozen=True, slots=True)
class Recorded:
    """Where a message went: its thread, its :attr:`Message.id`, and whether it began the
    thread."""

    thread_id: str
    message_id: str
    new_thread: bool


@dataclass(frozen=True, slots=True)
class Announcement:
    """One of our sends to tell colleagues about: its row, platform id, numbers, text, time."""

    rowid: int
    platform_id: str
    ours: str
    customer: str
    text: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Inbound:
    """One customer's message to one of our numbers, for :meth:`LocalThreads.record_inbound_many`.

    ``key`` identifies it across polls: the platform's message id where it has one, else
    :func:`dedup_key` of what identifies it (sender, recipient, received time, text).
    A naive ``at`` is taken as UTC.
    """

    ours: str
    customer: str
    text: str
    at: datetime
    key: str


def dedup_key(*parts: object) -> str:
    """A fixed-length key for a message without an id, from the values that identify it
    (e.g. Live Link's ``MoMessage.dedup_key``): equal parts, equal key."""
    digest = hashlib.sha256()
    for part in parts:
        data = str(part).encode()
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def _thread_id(ours: str, customer: str) -> str:
    data = f"{ours}\n{customer}".encode()
    return "sms-" + hashlib.sha256(data).hexdigest()[:24]


def _micros(at: datetime) -> int:
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return (at - _EPOCH) // _MICROSECOND


def _when(micros: int) -> datetime:
    return _EPOCH + micros * _MICROSECOND


def _progressed(current: str | None, new: DeliveryState) -> DeliveryState:
    if current is None:
        return new
    old = DeliveryState(current)
    return new if _PROGRESS[new] >= _PROGRESS[old] else old


def _overall(parts: Iterable[str]) -> DeliveryState | None:
    """One message's state from the states of its parts (a long SMS goes as several)."""
    states = {DeliveryState(p) for p in parts}
    if not states:
        return None
    if DeliveryState.FAILED in states:
        return DeliveryState.FAILED
    if states == {DeliveryState.DELIVERED}:
        return DeliveryState.DELIVERED
    if DeliveryState.UNKNOWN in states:
        return DeliveryState.UNKNOWN
    if states & {DeliveryState.SENT, DeliveryState.DELIVERED}:
        return DeliveryState.SENT
    return DeliveryState.QUEUED


def _public_id(rowid: int, pid: str | None) -> str:
    """An outbound message is known by its platform id (the outbox's transaction id, so a
    pending bubble gives way to it); anything else by a local id."""
    return pid if pid else f"local-{rowid}"


@contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


@dataclass(slots=True)
class _Touched:
    """A thread a write is adding to (its newest message so far, whether it must go unread)."""

    rowid: int
    thread_id: str
    last_at: int
    last_message: int | None
    new: bool
    announced: bool = False
    changed: bool = False
    unread: bool = False

    def saw(self, at: int, message: int, *, inbound: bool) -> bool:
        """A message was added; returns whether it is the one that began the thread."""
        if self.last_message is None or (at, message) > (self.last_at, self.last_message):
            self.last_at, self.last_message, self.changed = at, message, True
        self.unread = self.unread or inbound
        first = self.new and not self.announced
        self.announced = True
        return first


class LocalThreads:
    """The threads, inboxes, read state and poll cursors of one profile on a platform that
    keeps none. Open with :meth:`open`, close with :meth:`close`; every method is awaited and
    runs on the store's one worker thread."""

    def __init__(self, path: Path | None, *, region: str = "US") -> None:
        self.path = path
        self.region = region
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="local-threads")
        self._db: sqlite3.Connection | None = None

    @classmethod
    async def open(cls, path: Path | None, *, region: str = "US") -> LocalThreads:
        """The store in the private file ``path`` (created if missing), or in memory (None)."""
        threads = cls(path, region=region)
        try:
            await threads._run(threads._connect)
        except BaseException:
            threads._pool.shutdown(wait=False)
            raise
        return threads

    async def close(self) -> None:
        def close() -> None:
            if self._db is not None:
                self._db.close()
                self._db = None

        await self._run(close)
        self._pool.shutdown(wait=True)

    # --- the worker -------------------------------------------------------------------------

    def _connect(self) -> None:
        if self.path is None:
            db = sqlite3.connect(":memory:", isolation_level=None)
        else:
            _private_file(self.path)
            db = sqlite3.connect(self.path, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
        try:
            db.execute("PRAGMA foreign_keys=ON")
            _migrate(db)
        except BaseException:
            db.close()
            raise
        if self.path is not None:
            for suffix in ("-wal", "-shm"):
                side = Path(f"{self.path}{suffix}")
                if side.exists():
                    side.chmod(stat.S_IRUSR | stat.S_IWUSR)
        self._db = db

    async def _run(self, work: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._pool, work)

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            raise RuntimeError("The local thread store is closed.")
        return self._db

    def _address(self, number: str, what: str) -> str:
        key = address(number, self.region)
        if key is None:
            raise ValueError(f"no {what} in {number!r}")
        return key

    def _touch(
        self, db: sqlite3.Connection, ours: str, customer: str, at: int, *, read: bool
    ) -> _Touched:
        row = db.execute(
            "SELECT id, thread_id, last_at, last_message FROM threads WHERE ours=? AND customer=?",
            (ours, customer),
        ).fetchone()
        if row is not None:
            return _Touched(row[0], row[1], row[2], row[3], new=False)
        thread_id = _thread_id(ours, customer)
        db.execute("INSERT OR IGNORE INTO inboxes VALUES (?)", (ours,))
        rowid = db.execute(
            "INSERT INTO threads (thread_id, ours, customer, read, last_at) VALUES (?, ?, ?, ?, ?)",
            (thread_id, ours, customer, int(read), at),
        ).lastrowid
        assert rowid is not None
        return _Touched(rowid, thread_id, at, None, new=True)

    @staticmethod
    def _finish(db: sqlite3.Connection, touched: Iterable[_Touched]) -> None:
        for t in touched:
            if t.changed:
                db.execute(
                    "UPDATE threads SET last_message=?, last_at=? WHERE id=?",
                    (t.last_message, t.last_at, t.rowid),
                )
            if t.unread:
                # A customer's message: unread, and open again if it was resolved.
                db.execute("UPDATE threads SET read=0, resolved=0 WHERE id=?", (t.rowid,))

    def _record_inbound(self, items: Sequence[Inbound]) -> list[Recorded]:
        rows = [
            (
                self._address(item.ours, "our number"),
                self._address(item.customer, "customer number"),
                item.text,
                _micros(item.at),
                item.key,
            )
            for item in items
        ]
        db = self._conn()
        recorded: list[Recorded] = []
        touched: dict[tuple[str, str], _Touched] = {}
        with _transaction(db):
            for ours, customer, text, at, key in rows:
                if db.execute("SELECT 1 FROM messages WHERE key=?", (key,)).fetchone():
                    continue
                thread = touched.get((ours, customer))
                if thread is None:
                    thread = touched[ours, customer] = self._touch(
                        db, ours, customer, at, read=False
                    )
                rowid = db.execute(
                    "INSERT INTO messages (thread, direction, text, at, key) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (thread.rowid, Direction.INBOUND, text, at, key),
                ).lastrowid
                assert rowid is not None
                new = thread.saw(at, rowid, inbound=True)
                recorded.append(Recorded(thread.thread_id, _public_id(rowid, None), new))
            self._finish(db, touched.values())
        return recorded

    @staticmethod
    def _attach(
        db: sqlite3.Connection,
        message: int,
        platform_ids: Sequence[str],
        delivery: DeliveryState,
        at: int,
    ) -> None:
        """Tie platform ids to a message (taking over reports that came before it) and set
        its state: its parts' overall state where it has parts, else ``delivery``."""
        for platform_id in platform_ids:
            row = db.execute(
                "SELECT delivery FROM platform_ids WHERE platform_id=?", (platform_id,)
            ).fetchone()
            state = _progressed(row[0] if row else None, delivery)
            db.execute(
                "INSERT INTO platform_ids VALUES (?, ?, ?, ?) ON CONFLICT (platform_id) DO "
                "UPDATE SET message=excluded.message, delivery=excluded.delivery",
                (platform_id, message, state, at),
            )
        if platform_ids:
            db.execute(
                "UPDATE messages SET pid=? WHERE id=? AND pid IS NULL", (platform_ids[0], message)
            )
        parts = db.execute("SELECT delivery FROM platform_ids WHERE message=?", (message,))
        overall = _overall(part for (part,) in parts)
        current = db.execute("SELECT delivery FROM messages WHERE id=?", (message,)).fetchone()[0]
        state = overall or _progressed(current, delivery)
        if state != current:
            db.execute(
                "UPDATE messages SET delivery=?, delivery_at=? WHERE id=?", (state, at, message)
            )

    def _record_outbound(
        self,
        ours: str,
        customer: str,
        text: str,
        at: datetime,
        outbox_id: str | None,
        platform_ids: Sequence[str],
        delivery: DeliveryState,
    ) -> Recorded:
        ours = self._address(ours, "our number")
        customer = self._address(customer, "customer number")
        when = _micros(at)
        db = self._conn()
        with _transaction(db):
            known = None
            if outbox_id is not None:
                known = db.execute(
                    "SELECT m.id, t.thread_id FROM messages m JOIN threads t ON t.id = m.thread "
                    "WHERE m.outbox_id=?",
                    (outbox_id,),
                ).fetchone()
            else:  # sent from another desktop: a platform id already recorded names it
                for platform_id in platform_ids:
                    known = db.execute(
                        "SELECT m.id, t.thread_id FROM platform_ids p JOIN messages m ON "
                        "m.id = p.message JOIN threads t ON t.id = m.thread "
                        "WHERE p.platform_id=?",
                        (platform_id,),
                    ).fetchone()
                    if known is not None:
                        break
            if known is not None:
                rowid, thread_id = known
                new = False
            else:
                thread = self._touch(db, ours, customer, when, read=True)
                rowid = db.execute(
                    "INSERT INTO messages (thread, direction, text, at, outbox_id, delivery, "
                    "delivery_at, announced) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        thread.rowid,
                        Direction.OUTBOUND,
                        text,
                        when,
                        outbox_id,
                        delivery,
                        when,
                        int(outbox_id is None),
                    ),
                ).lastrowid
                assert rowid is not None
                thread_id, new = thread.thread_id, thread.saw(when, rowid, inbound=False)
                self._finish(db, [thread])
            self._attach(db, rowid, platform_ids, delivery, when)
            (pid,) = db.execute("SELECT pid FROM messages WHERE id=?", (rowid,)).fetchone()
        return Recorded(thread_id, _public_id(rowid, pid), new)

    def _set_delivery(self, platform_id: str, delivery: DeliveryState, at: int) -> str | None:
        db = self._conn()
        with _transaction(db):
            row = db.execute(
                "SELECT message, delivery FROM platform_ids WHERE platform_id=?", (platform_id,)
            ).fetchone()
            if row is None:
                # A report can overtake the answer to its send: kept for record_outbound.
                db.execute(
                    "INSERT INTO platform_ids VALUES (?, NULL, ?, ?)", (platform_id, delivery, at)
                )
                return None
            message, current = row
            db.execute(
                "UPDATE platform_ids SET delivery=?, at=? WHERE platform_id=?",
                (_progressed(current, delivery), at, platform_id),
            )
            if message is None:
                return None
            self._attach(db, message, (), delivery, at)
            (thread_id,) = db.execute(
                "SELECT t.thread_id FROM messages m JOIN threads t ON t.id = m.thread WHERE m.id=?",
                (message,),
            ).fetchone()
        return str(thread_id)

    # --- writes -----------------------------------------------------------------------------

    async def record_inbound(
        self, ours: str, customer: str, text: str, at: datetime, key: str
    ) -> Recorded | None:
        """A customer's message to our number ``ours``; None when ``key`` was recorded before.
        The thread becomes unread."""
        recorded = await self.record_inbound_many([Inbound(ours, customer, text, at, key)])
        return recorded[0] if recorded else None

    async def record_inbound_many(self, items: Iterable[Inbound]) -> list[Recorded]:
        """Many customers' messages in one transaction, in order; returns those that were new
        (a key seen before, or twice in ``items``, is recorded once). A number that is not
        one raises ValueError and nothing is recorded."""
        batch = list(items)
        return await self._run(lambda: self._record_inbound(batch))

    async def record_outbound(
        self,
        ours: str,
        customer: str,
        text: str,
        at: datetime,
        *,
        outbox_id: str | None,
        platform_ids: Sequence[str] = (),
        delivery: DeliveryState = DeliveryState.SENT,
    ) -> Recorded:
        """Our message from ``ours`` to a customer. Recording an ``outbox_id`` again adds its
        new platform ids and moves its state forward (never back), nothing else: record it
        when queued, and again once the platform has answered. Without an ``outbox_id`` (a
        message sent from another desktop), a platform id already recorded names the same
        message. Its :attr:`Message.id` is its
        first platform id (the outbox's transaction id) once it has one. Read state is kept
        (a thread it begins is read)."""
        ids = tuple(dict.fromkeys(platform_ids))
        state = DeliveryState(delivery)
        return await self._run(
            lambda: self._record_outbound(ours, customer, text, at, outbox_id, ids, state)
        )

    async def set_delivery(
        self, platform_id: str, delivery: DeliveryState, at: datetime
    ) -> str | None:
        """The platform's report on one of its ids; returns the thread of the message it is
        about, None when no recorded message has that id (the report is kept: it applies
        when a message with that id is recorded). A state never moves back."""
        state, when = DeliveryState(delivery), _micros(at)
        return await self._run(lambda: self._set_delivery(platform_id, state, when))

    async def set_read(self, thread_id: str, read: bool) -> None:
        def write() -> None:
            self._conn().execute(
                "UPDATE threads SET read=? WHERE thread_id=?", (int(read), thread_id)
            )

        await self._run(write)

    async def set_account(self, thread_id: str, account: str | None) -> None:
        """The customer's account number for a thread (what resolving it is filed under)."""

        def write() -> None:
            self._conn().execute(
                "UPDATE threads SET account=? WHERE thread_id=?", (account or None, thread_id)
            )

        await self._run(write)

    async def add_inbox(self, ours: str) -> str:
        """Show an inbox for ``ours`` before any message has used it; returns its channel id."""

        def write() -> str:
            key = self._address(ours, "our number")
            self._conn().execute("INSERT OR IGNORE INTO inboxes VALUES (?)", (key,))
            return key

        return await self._run(write)

    async def clear(self) -> None:
        """Forget every thread, message, inbox and cursor (sign out and clear local data)."""

        def wipe() -> None:
            db = self._conn()
            with _transaction(db):
                tables = ("platform_ids", "messages", "threads", "inboxes", "cursors", "sent_keys")
                for table in tables:
                    db.execute(f"DELETE FROM {table}")
            db.execute("VACUUM")

        await self._run(wipe)

    # --- shared state (platforms whose conversations agents share through the relay) --------

    async def set_shared(
        self, ours: str, customer: str, *, owner: str | None, read: bool, resolved: bool
    ) -> str:
        """A conversation's shared state as the relay reports it (who holds it, read,
        resolved); returns its thread id. A thread without messages yet is made (it is listed
        once it has one)."""

        def write() -> str:
            key_ours = self._address(ours, "our number")
            key_customer = self._address(customer, "customer number")
            db = self._conn()
            with _transaction(db):
                thread = self._touch(db, key_ours, key_customer, 0, read=read)
                db.execute(
                    "UPDATE threads SET owner=?, read=?, resolved=? WHERE id=?",
                    (owner or None, int(read), int(resolved), thread.rowid),
                )
            return thread.thread_id

        return await self._run(write)

    async def thread_numbers(self, thread_id: str) -> tuple[str, str] | None:
        """(our number, the customer's number) of a thread."""

        def read() -> tuple[str, str] | None:
            row = self._conn().execute(
                "SELECT ours, customer FROM threads WHERE thread_id=?", (thread_id,)
            )
            found = row.fetchone()
            return None if found is None else (str(found[0]), str(found[1]))

        return await self._run(read)

    async def numbers_of_sent(self, platform_id: str) -> tuple[str, str] | None:
        """(our number, the customer's number) of the thread of our message with this
        platform id (a reply to it names only that message)."""

        def read() -> tuple[str, str] | None:
            row = self._conn().execute(
                "SELECT t.ours, t.customer FROM platform_ids p JOIN messages m "
                "ON m.id = p.message JOIN threads t ON t.id = m.thread WHERE p.platform_id=?",
                (platform_id,),
            )
            found = row.fetchone()
            return None if found is None else (str(found[0]), str(found[1]))

        return await self._run(read)

    async def shared_inboxes(self, agent: str) -> list[Channel]:
        """Per our number, the agent's personal inbox (the open threads they hold) and the
        group inbox (the open threads nobody holds); others' and resolved threads are in
        neither."""

        def read() -> list[Channel]:
            rows = self._conn().execute(
                "SELECT i.ours, "
                "coalesce(sum(t.owner = ?), 0), coalesce(sum(t.owner = ? AND t.read = 0), 0), "
                "coalesce(sum(t.id IS NOT NULL AND t.owner IS NULL), 0), "
                "coalesce(sum(t.id IS NOT NULL AND t.owner IS NULL AND t.read = 0), 0) "
                "FROM inboxes i LEFT JOIN threads t ON t.ours = i.ours AND t.resolved = 0 "
                "AND t.last_message IS NOT NULL GROUP BY i.ours ORDER BY i.ours",
                (agent, agent),
            )
            channels: list[Channel] = []
            for ours, mine, mine_unread, group, group_unread in rows:
                for personal, total, unread in (
                    (True, mine, mine_unread),
                    (False, group, group_unread),
                ):
                    channels.append(
                        Channel(
                            channel_id=ours,
                            channel=SMS,
                            channel_name=label(ours),
                            unread_count=unread,
                            total_count=total,
                            personal=personal,
                        )
                    )
            return channels

        return await self._run(read)

    async def shared_threads(
        self, ours: str, owner: str | None, page: int = 1, page_size: int = 50
    ) -> list[Thread]:
        """One page of the open threads of our number that ``owner`` holds (None: that nobody
        holds: the group inbox), newest activity first."""
        offset = _offset(page, page_size)

        def read() -> list[Thread]:
            key = address(ours, self.region)
            held = "t.owner IS NULL" if owner is None else "t.owner = ?"
            args: list[object] = [key] if owner is None else [key, owner]
            rows = self._conn().execute(
                "SELECT t.thread_id, t.ours, t.customer, t.account, t.read, m.direction, "
                "m.text, m.at FROM threads t JOIN messages m ON m.id = t.last_message "
                f"WHERE t.ours=? AND t.resolved = 0 AND {held} "
                "ORDER BY t.last_at DESC, t.last_message DESC LIMIT ? OFFSET ?",
                (*args, page_size, offset),
            )
            return [_thread(*row) for row in rows]

        return await self._run(read)

    async def remember_sent_key(self, key: str, platform_ids: Sequence[str]) -> None:
        """A platform reported ids for a send that carried our ``key`` (IMIconnect's
        ``correlationid`` in a delivery report): kept for a lost send's check."""

        def write() -> None:
            db = self._conn()
            with _transaction(db):
                for platform_id in platform_ids:
                    db.execute("INSERT OR IGNORE INTO sent_keys VALUES (?, ?)", (key, platform_id))

        await self._run(write)

    async def unannounced(self, limit: int = 50) -> list[Announcement]:
        """Messages sent from this desktop, with a platform id, that colleagues have not been
        told about yet (:meth:`announced` once the relay has them), oldest first."""

        def read() -> list[Announcement]:
            rows = self._conn().execute(
                "SELECT m.id, m.pid, t.ours, t.customer, m.text, m.at FROM messages m "
                "JOIN threads t ON t.id = m.thread WHERE m.announced = 0 AND m.pid IS NOT NULL "
                "ORDER BY m.id LIMIT ?",
                (limit,),
            )
            return [
                Announcement(rowid, pid, ours, customer, text, _EPOCH + at * _MICROSECOND)
                for rowid, pid, ours, customer, text, at in rows
            ]

        return await self._run(read)

    async def announced(self, rowid: int) -> None:
        def write() -> None:
            self._conn().execute("UPDATE messages SET announced = 1 WHERE id=?", (rowid,))

        await self._run(write)

    async def sent_key(self, key: str) -> list[str]:
        """The platform ids reported for a send with our ``key``, oldest first."""

        def read() -> list[str]:
            rows = self._conn().execute(
                "SELECT platform_id FROM sent_keys WHERE key=? ORDER BY rowid", (key,)
            )
            return [str(pid) for (pid,) in rows]

        return await self._run(read)

    # --- reads ------------------------------------------------------------------------------

    async def inboxes(self) -> list[Channel]:
        """One personal SMS inbox per our number, with its threads counted."""

        def read() -> list[Channel]:
            rows = self._conn().execute(
                "SELECT i.ours, count(t.id), coalesce(sum(t.read = 0), 0) FROM inboxes i "
                "LEFT JOIN threads t ON t.ours = i.ours GROUP BY i.ours ORDER BY i.ours"
            )
            return [
                Channel(
                    channel_id=ours,
                    channel=SMS,
                    channel_name=label(ours),
                    unread_count=unread,
                    total_count=total,
                    personal=True,
                )
                for ours, total, unread in rows
            ]

        return await self._run(read)

    async def threads(self, ours: str, page: int = 1, page_size: int = 50) -> list[Thread]:
        """One page (from 1) of an inbox's threads, newest activity first, each described by
        its last message."""
        offset = _offset(page, page_size)

        def read() -> list[Thread]:
            key = address(ours, self.region)
            rows = self._conn().execute(
                "SELECT t.thread_id, t.ours, t.customer, t.account, t.read, m.direction, "
                "m.text, m.at FROM threads t JOIN messages m ON m.id = t.last_message "
                "WHERE t.ours=? ORDER BY t.last_at DESC, t.last_message DESC LIMIT ? OFFSET ?",
                (key, page_size, offset),
            )
            return [_thread(*row) for row in rows]

        return await self._run(read)

    async def history(self, thread_id: str, page: int = 1, page_size: int = 50) -> list[Message]:
        """One page (from 1) of a thread's messages, newest first."""
        offset = _offset(page, page_size)

        def read() -> list[Message]:
            db = self._conn()
            thread = db.execute(
                "SELECT id, ours, customer FROM threads WHERE thread_id=?", (thread_id,)
            ).fetchone()
            if thread is None:
                return []
            rowid, ours, customer = thread
            rows = db.execute(
                "SELECT id, pid, direction, text, at, delivery FROM messages WHERE thread=? "
                "ORDER BY at DESC, id DESC LIMIT ? OFFSET ?",
                (rowid, page_size, offset),
            )
            return [
                Message(
                    id=_public_id(message, pid),
                    message=text,
                    sms_code=ours,
                    phone=customer,
                    date=_when(at),
                    status=delivery,
                    direction=Direction(direction),
                    thread_id=thread_id,
                )
                for message, pid, direction, text, at, delivery in rows
            ]

        return await self._run(read)

    async def thread_of(self, ours: str, customer: str) -> str | None:
        """The thread between our number and a customer, if they have one."""

        def read() -> str | None:
            row = (
                self._conn()
                .execute(
                    "SELECT thread_id FROM threads WHERE ours=? AND customer=?",
                    (address(ours, self.region), address(customer, self.region)),
                )
                .fetchone()
            )
            return None if row is None else str(row[0])

        return await self._run(read)

    async def find_outbound(
        self,
        *,
        outbox_id: str | None = None,
        platform_ids: Sequence[str] = (),
        customer: str | None = None,
        text: str | None = None,
        since: datetime | None = None,
    ) -> str | None:
        """The :attr:`Message.id` of an outbound message already recorded: by its outbox id,
        else by any of its platform ids, else the newest with this exact text to this customer
        (at or after ``since``; when ``outbox_id`` is given, only one sent without an outbox
        id, so that one send is never taken for another). None when there is none."""
        if (customer is None) != (text is None):
            raise ValueError("customer and text go together")
        ids = tuple(platform_ids)
        after = None if since is None else _micros(since)

        def read() -> str | None:
            db = self._conn()
            if outbox_id is not None:
                row = db.execute(
                    "SELECT id, pid FROM messages WHERE outbox_id=?", (outbox_id,)
                ).fetchone()
                if row is not None:
                    return _public_id(*row)
            for platform_id in ids:
                row = db.execute(
                    "SELECT m.id, m.pid FROM platform_ids p JOIN messages m ON m.id = p.message "
                    "WHERE p.platform_id=?",
                    (platform_id,),
                ).fetchone()
                if row is not None:
                    return _public_id(*row)
            if customer is None or text is None:
                return None
            query = (
                "SELECT m.id, m.pid FROM threads t JOIN messages m ON m.thread = t.id "
                "WHERE t.customer=? AND m.direction=? AND m.text=?"
            )
            args: list[object] = [address(customer, self.region), Direction.OUTBOUND, text]
            if after is not None:
                query += " AND m.at>=?"
                args.append(after)
            if outbox_id is not None:
                query += " AND m.outbox_id IS NULL"
            row = db.execute(query + " ORDER BY m.at DESC, m.id DESC LIMIT 1", args).fetchone()
            return None if row is None else _public_id(*row)

        return await self._run(read)

    # --- cursors ----------------------------------------------------------------------------

    async def cursor(self, name: str) -> str | None:
        """Where a poller got to (e.g. the last minute of MOs it read), kept across restarts."""

        def read() -> str | None:
            row = self._conn().execute("SELECT value FROM cursors WHERE name=?", (name,))
            found = row.fetchone()
            return None if found is None else str(found[0])

        return await self._run(read)

    async def set_cursor(self, name: str, value: str) -> None:
        def write() -> None:
            self._conn().execute(
                "INSERT INTO cursors VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET "
                "value=excluded.value",
                (name, value),
            )

        await self._run(write)


def _migrate(db: sqlite3.Connection) -> None:
    (version,) = db.execute("PRAGMA user_version").fetchone()
    if version > SCHEMA_VERSION:
        raise RuntimeError(
            f"The thread store was written by a newer version of the app (schema {version}; "
            f"this one knows up to {SCHEMA_VERSION})."
        )
    for step in range(version, SCHEMA_VERSION):
        try:
            db.executescript(
                f"BEGIN;\n{_MIGRATIONS[step]}\nPRAGMA user_version={step + 1};\nCOMMIT;"
            )
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise


def _offset(page: int, page_size: int) -> int:
    if page < 1 or page_size < 1:
        raise ValueError("pages start at 1 and hold at least one thread or message")
    return (page - 1) * page_size


def _thread(
    thread_id: str,
    ours: str,
    customer: str,
    account: str | None,
    read: int,
    direction: int,
    text: str,
    at: int,
) -> Thread:
    inbound = direction == Direction.INBOUND
    return Thread(
        channel_type=SMS,
        channel_id=ours,
        channel_name=label(ours),
        thread_id=thread_id,
        account=account,
        from_=customer if inbound else ours,
        to=ours if inbound else customer,
        details=text,
        direction=Direction(direction),
        date=_when(at),
        read=bool(read),
        replied=not inbound,
        sms_inbound=inbound,
        contact_info=ContactInfo(
            account=account,
            original_account_number=account or "",
            phone_details=(PhoneDetails(number=customer),),
        ),
    )

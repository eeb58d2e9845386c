"""An inbox's threads, kept on disk rather than in memory.

A group inbox can hold 100,000 conversations; as parsed models they cost 5-6 KB each (600 MB
for the lot) and every full garbage collection walks them all (120 ms for 10,000: a visible
freeze). So the loaded threads live in a private SQLite file, one row each, and the list
holds only an array of 8-byte row keys in display order. Rows are written once and never
changed: replacing a thread stores a new row under a new key, so a key always means the same
content (a cache or a filter verdict can never go stale). The few rows on screen are parsed
back on demand through a small cache.

The file is SQLite's private temporary database (opened with an empty name): unlinked as soon
as it is created, so no other process or user can open it, and gone with the connection. It
is used from the event-loop thread only; a page of threads costs ~25 µs a row to store.
"""

from __future__ import annotations

import sqlite3
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence

from . import models
from .evented import EventedList
from .format import contact_name, phone

__all__ = ["ThreadShelf", "ThreadTable", "customer_number", "our_number", "search_text"]

CACHE_ROWS = 256  # parsed threads kept: a few screens of rows, whatever the inbox's size
_CHUNK = 500  # keys per IN (...) query, under SQLite's variable limit

_SCHEMA = """
CREATE TABLE threads (
    key INTEGER PRIMARY KEY, inbox INTEGER NOT NULL, thread_id TEXT,
    body TEXT NOT NULL, search TEXT NOT NULL
);
CREATE INDEX threads_by_id ON threads (inbox, thread_id);
"""


def customer_number(thread: models.Thread) -> str | None:
    """The customer's phone number: contact details first, else the far end of the last SMS."""
    info = thread.contact_info
    if info and info.phone_details:
        return info.phone_details[0].number
    if thread.direction is models.Direction.INBOUND:
        return thread.from_ or thread.to
    return thread.to or thread.from_


def our_number(thread: models.Thread) -> str | None:
    """The SMS code the conversation runs on (the near end of the last SMS)."""
    if thread.direction is models.Direction.INBOUND:
        return thread.to
    return thread.from_


def search_text(thread: models.Thread) -> str:
    """What the filter box matches: name, number (digits and as shown), account; folded."""
    number = customer_number(thread)
    shown = phone(number, masked=False)
    return f"{contact_name(thread) or ''} {number or ''} {shown} {thread.account or ''}".casefold()


class ThreadShelf:
    """The private SQLite file behind every thread list of one signed-in agent."""

    def __init__(self) -> None:
        self._db = sqlite3.connect("", isolation_level=None)
        self._db.execute("PRAGMA cache_size=-1024")  # KiB: SQLite's own page cache, 1 MiB
        self._db.executescript(_SCHEMA)
        self.next_key = 1  # keys only grow: a key is never reused for other content
        self._tables = 0

    def table(self) -> ThreadTable:
        self._tables += 1
        return ThreadTable(shelf=self, inbox=self._tables)

    def store(self, inbox: int, threads: Sequence[models.Thread]) -> array[int]:
        """Write the threads as new rows; returns their keys, in order."""
        first = self.next_key
        self.next_key += len(threads)
        rows = [
            (first + i, inbox, t.thread_id, t.model_dump_json(), search_text(t))
            for i, t in enumerate(threads)
        ]
        with self._db:
            self._db.executemany("INSERT INTO threads VALUES (?, ?, ?, ?, ?)", rows)
        return array("q", range(first, first + len(threads)))

    def body(self, key: int) -> str:
        row = self._db.execute("SELECT body FROM threads WHERE key=?", (key,)).fetchone()
        if row is None:
            raise KeyError(key)
        return str(row[0])

    def drop(self, keys: Iterable[int]) -> None:
        keys = list(keys)
        with self._db:
            for i in range(0, len(keys), _CHUNK):
                chunk = keys[i : i + _CHUNK]
                marks = ",".join("?" * len(chunk))
                self._db.execute(f"DELETE FROM threads WHERE key IN ({marks})", chunk)

    def keys_of(self, inbox: int, thread_id: str | None) -> list[int]:
        rows = self._db.execute(
            "SELECT key FROM threads WHERE inbox=? AND thread_id IS ?", (inbox, thread_id)
        )
        return [key for (key,) in rows]

    def known(self, inbox: int, thread_ids: Sequence[str | None]) -> set[str]:
        ids = [t for t in thread_ids if t is not None]
        found: set[str] = set()
        for i in range(0, len(ids), _CHUNK):
            chunk = ids[i : i + _CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT thread_id FROM threads WHERE inbox=? AND thread_id IN ({marks})",
                (inbox, *chunk),
            )
            found.update(thread_id for (thread_id,) in rows)
        return found

    def matching(self, inbox: int, needle: str) -> set[int]:
        rows = self._db.execute(
            "SELECT key FROM threads WHERE inbox=? AND instr(search, ?) > 0",
            (inbox, needle.casefold()),
        )
        return {key for (key,) in rows}

    def thread_ids_with(self, needle: str, limit: int = 20) -> list[tuple[str, str]]:
        """(thread id, body) of loaded threads, in any inbox, whose search text has
        ``needle`` (a customer's number: a new SMS's guard reads their threads)."""
        rows = self._db.execute(
            "SELECT DISTINCT thread_id, body FROM threads WHERE instr(search, ?) > 0 LIMIT ?",
            (needle.casefold(), limit),
        )
        return [(str(t), str(b)) for t, b in rows if t is not None]

    def close(self) -> None:
        self._db.close()


class ThreadTable(EventedList[models.Thread]):
    """One inbox's loaded threads in display order: an evented list whose items live on a
    :class:`ThreadShelf`; reading an item parses its row (cached for the rows on screen)."""

    def __init__(self, *, shelf: ThreadShelf, inbox: int) -> None:
        super().__init__(array("q"))
        self._shelf = shelf
        self._inbox = inbox
        self._cache: OrderedDict[int, models.Thread] = OrderedDict()

    # --- storage hooks ----------------------------------------------------------------------

    def _keys(self, items: list[models.Thread]) -> array[int]:
        return self._shelf.store(self._inbox, items)

    def _load(self, key: int) -> models.Thread:
        thread = self._cache.get(key)
        if thread is not None:
            self._cache.move_to_end(key)
            return thread
        thread = models.Thread.model_validate_json(self._shelf.body(key))
        self._cache[key] = thread
        if len(self._cache) > CACHE_ROWS:
            self._cache.popitem(last=False)
        return thread

    def _forget(self, keys: Iterable[int]) -> None:
        keys = list(keys)
        for key in keys:
            self._cache.pop(key, None)
        self._shelf.drop(keys)

    # --- lookups the inbox and the views need, answered by the database ----------------------

    def key_at(self, row: int) -> int:
        """The row's key: the same key always means the same thread content."""
        return int(self._items[row])

    def index_of_id(self, thread_id: str | None) -> int:
        """Position of the thread with this id, or -1."""
        for key in self._shelf.keys_of(self._inbox, thread_id):
            try:
                return self._items.index(key)
            except ValueError:
                continue
        return -1

    def known_ids(self, thread_ids: Sequence[str | None]) -> set[str]:
        """Which of these thread ids are already in the list."""
        return self._shelf.known(self._inbox, thread_ids)

    def matcher(self, needle: str) -> Callable[[int], bool]:
        """A test of row positions: does the thread there contain ``needle`` (see
        :func:`search_text`)? One query answers for every row stored so far, so a filter
        over 100,000 threads parses none of them; rows stored later (a new page, a changed
        thread: new keys) are checked one by one."""
        needle = needle.casefold()
        matching = self._shelf.matching(self._inbox, needle)
        upto = self._shelf.next_key

        def accepts(row: int) -> bool:
            key = int(self._items[row])
            if key < upto:
                return key in matching
            return needle in search_text(self._load(key))

        return accepts

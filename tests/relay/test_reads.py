"""Desktops' reads: on connections of their own (never behind a commit), and shared by the
polls woken together, without ever handing a poll a read that began before it asked."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from inbox_app.relay.readers import ReaderPool
from inbox_app.relay.shared_reads import SharedReads
from inbox_app.relay.sqlite_store import SqliteRelayStore
from inbox_app.relay.store import Event
from inbox_app.relay.validation import Inbound, parse_webhook

from .helpers import imi_mo


def _mo(tid: str) -> Inbound:
    return parse_webhook("imiconnect", "mo", json.dumps(imi_mo(tid)).encode())


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteRelayStore]:
    opened = SqliteRelayStore(tmp_path / "relay.sqlite3")
    yield opened
    opened.close()


def test_a_read_does_not_wait_for_the_writer(store: SqliteRelayStore) -> None:
    store.record_inbound(_mo("t1"))
    with store._lock, ThreadPoolExecutor(1) as pool:  # a commit holding the writer
        found = pool.submit(store.events_after, 0, 10).result(timeout=5)
    assert [e.data["body"]["tid"] for e in found] == ["t1"]


def test_polls_asking_together_share_one_read(store: SqliteRelayStore) -> None:
    store.record_inbound(_mo("t1"))
    reads = SharedReads(store.events_after)

    async def hundred_polls() -> list[list[Event]]:
        return list(await asyncio.gather(*(reads.events_after(0, 200) for _ in range(100))))

    pages = asyncio.run(hundred_polls())
    assert reads.reads == 1
    assert all([e.cursor for e in page] == [pages[0][0].cursor] for page in pages)


def test_a_read_under_way_is_not_joined(store: SqliteRelayStore) -> None:
    """The first read is held after it started; an event committed then must reach a poll
    asking after that, through a read of its own."""
    started, release = threading.Event(), threading.Event()

    def held_read(cursor: int, limit: int) -> list[Event]:
        found = store.events_after(cursor, limit)
        if not started.is_set():
            started.set()
            assert release.wait(10)
        return found

    reads = SharedReads(held_read)

    async def scenario() -> tuple[list[Event], list[Event]]:
        first = asyncio.ensure_future(reads.events_after(0, 200))
        await asyncio.to_thread(started.wait, 10)
        await asyncio.to_thread(store.record_inbound, _mo("t2"))
        second = asyncio.ensure_future(reads.events_after(0, 200))
        await asyncio.sleep(0)  # its read starts (a new one: the first is under way)
        release.set()
        return await first, await second

    first, second = asyncio.run(scenario())
    assert reads.reads == 2
    assert first == []
    assert [e.data["body"]["tid"] for e in second] == ["t2"]


def test_a_connection_whose_read_failed_is_not_lent_again() -> None:
    opened: list[list[str]] = []

    def connect() -> list[str]:
        opened.append([])
        return opened[-1]

    pool: ReaderPool[list[str]] = ReaderPool(connect, lambda conn: conn.append("closed"), 2)
    with pytest.raises(RuntimeError, match="connection lost"), pool.borrow():
        raise RuntimeError("connection lost")
    with pool.borrow() as conn:
        assert conn is opened[1]
    with pool.borrow() as again:
        assert again is conn  # a good one is kept
    assert opened == [["closed"], []]

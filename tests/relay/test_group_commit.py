"""Group commit: webhooks arriving together share one transaction, each caller still gets
its own result only after that transaction, and one bad item fails alone."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from inbox_app.relay.group_commit import GroupCommit
from inbox_app.relay.sqlite_store import SqliteRelayStore
from inbox_app.relay.store import RelayStore
from inbox_app.relay.validation import parse_webhook

from .helpers import imi_mo, wait_until
from .postgres_server import postgres_server


class Recorder:
    """A ``write`` that holds its first batch until ``waiting`` more items are queued, so
    the second batch is certain to carry them together."""

    def __init__(self, group: list[GroupCommit[int, int]], waiting: int) -> None:
        self.batches: list[list[int]] = []
        self.committed: set[int] = set()
        self._group = group
        self._waiting = waiting

    def __call__(self, items: Sequence[int]) -> list[int]:
        if not self.batches:
            wait_until(lambda: len(self._group[0]._queue) >= self._waiting)
        if 13 in items:
            raise ValueError("thirteen is refused")
        self.batches.append(list(items))
        self.committed |= set(items)
        return [item * 10 for item in items]


def _group(waiting: int) -> tuple[GroupCommit[int, int], Recorder]:
    holder: list[GroupCommit[int, int]] = []
    recorder = Recorder(holder, waiting)
    holder.append(GroupCommit(recorder))
    return holder[0], recorder


def test_items_queued_during_a_commit_go_together_in_the_next() -> None:
    group, recorder = _group(waiting=9)
    with ThreadPoolExecutor(10) as pool:
        first = pool.submit(group.submit, 0)
        wait_until(lambda: bool(group._writing))
        rest = [pool.submit(group.submit, n) for n in range(1, 10)]
        assert first.result(10) == 0
        assert [f.result(10) for f in rest] == [n * 10 for n in range(1, 10)]
    assert recorder.batches[0] == [0]
    assert sorted(recorder.batches[1]) == list(range(1, 10))  # one transaction for nine


def test_a_result_comes_only_after_its_batch_committed() -> None:
    group, recorder = _group(waiting=0)
    seen_committed: list[bool] = []

    def submit(n: int) -> None:
        group.submit(n)
        seen_committed.append(n in recorder.committed)

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(14, 64)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert seen_committed == [True] * 50
    assert sorted(n for batch in recorder.batches for n in batch) == list(range(14, 64))


def test_one_bad_item_fails_alone() -> None:
    group, recorder = _group(waiting=5)
    with ThreadPoolExecutor(6) as pool:
        first = pool.submit(group.submit, 1)
        wait_until(lambda: bool(group._writing))
        rest = {n: pool.submit(group.submit, n) for n in (11, 12, 13, 14, 15)}
        assert first.result(10) == 10
        with pytest.raises(ValueError, match="thirteen"):
            rest.pop(13).result(10)
        assert {n: f.result(10) for n, f in rest.items()} == {n: n * 10 for n in rest}
    assert 13 not in recorder.committed


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RelayStore]:
    if request.param == "sqlite":
        opened: RelayStore = SqliteRelayStore(tmp_path / "relay.sqlite3")
        yield opened
        opened.close()
        return
    from inbox_app.relay.postgres_store import PostgresRelayStore

    with postgres_server() as url:
        opened = PostgresRelayStore(url)
        yield opened
        opened.close()


def test_concurrent_webhooks_and_their_duplicates_are_stored_once(store: RelayStore) -> None:
    inbound = [
        parse_webhook(
            "imiconnect",
            "mo",
            json.dumps(imi_mo(f"t{n % 60}", oa=f"9198123{n % 7:05d}")).encode(),
        )
        for n in range(240)  # every tid four times
    ]
    with ThreadPoolExecutor(40) as pool:
        results = list(pool.map(store.record_inbound, inbound))
    created = [event for event, new in results if new]
    assert len(created) == 60
    by_tid = {event.data["body"]["tid"]: event.cursor for event in created}
    for item, (event, _) in zip(inbound, results, strict=True):
        assert event.cursor == by_tid[item.body["tid"]]  # a duplicate names the first
    assert [e.cursor for e in store.events_after(0, 1000)] == sorted(by_tid.values())

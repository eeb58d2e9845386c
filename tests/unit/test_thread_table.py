"""The on-disk thread list: the same evented-list behaviour as in memory, items parsed back
from SQLite, bounded memory, lookups and filtering answered by the database."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from inbox_app.core import thread_table
from inbox_app.core.evented import ListObserver
from inbox_app.core.thread_table import ThreadShelf, ThreadTable, search_text
from inbox_app.livevox import models


def thread(n: int, *, name: str | None = None, read: bool = False) -> models.Thread:
    first, _, last = (name or f"Customer {n}").partition(" ")
    return models.Thread.model_validate(
        {
            "threadId": str(9000 + n),
            "channel": "SMS",
            "account": str(500000 + n),
            "from": f"1202555{n:04d}",
            "to": "18005550142",
            "direction": 1,
            "read": read,
            "details": f"message {n} " + "x" * 200,
            "interactionTimestamp": 1_763_800_000_000 + n,
            "contactInfo": {
                "originalAccountNumber": f"O-{n}",
                "firstName": first,
                "lastName": last,
                "phoneDetails": {"number": f"1202555{n:04d}"},
            },
        }
    )


@pytest.fixture
def table() -> Iterator[ThreadTable]:
    shelf = ThreadShelf()
    yield shelf.table()
    shelf.close()


def ids(table: ThreadTable) -> list[str | None]:
    return [t.thread_id for t in table]


def test_items_come_back_equal_and_in_order(table: ThreadTable) -> None:
    threads = [thread(n) for n in range(5)]
    table.extend(threads)
    assert list(table) == threads
    assert table[3] == threads[3]
    assert list(table[1:3]) == threads[1:3]
    assert len(table) == 5


def test_changes_notify_observers_like_the_memory_list(table: ThreadTable) -> None:
    events: list[tuple[str, int, int]] = []
    table.observe(
        ListObserver(
            inserted=lambda a, b: events.append(("inserted", a, b)),
            removed=lambda a, b: events.append(("removed", a, b)),
            changed=lambda a, b: events.append(("changed", a, b)),
            moved=lambda a, b: events.append(("moved", a, b)),
        )
    )
    table.extend([thread(n) for n in range(4)])
    table.insert(0, [thread(10)])
    table.move(4, 0)
    gone = table.remove_at(1)
    table.replace_at(0, thread(3, read=True))
    assert events == [
        ("inserted", 0, 3),
        ("inserted", 0, 0),
        ("moved", 4, 0),
        ("removed", 1, 1),
        ("changed", 0, 0),
    ]
    assert [t.thread_id for t in gone] == ["9010"]
    assert ids(table) == ["9003", "9000", "9001", "9002"]
    assert table[0].read is True


def test_a_replaced_thread_gets_a_new_key_and_its_old_row_is_gone(table: ThreadTable) -> None:
    table.extend([thread(1), thread(2)])
    before = table.key_at(0)
    table.replace_at(0, thread(1, read=True))
    assert table.key_at(0) > before
    assert table.index_of_id("9001") == 0
    with pytest.raises(KeyError):
        table._shelf.body(before)


def test_lookups_by_thread_id(table: ThreadTable) -> None:
    table.extend([thread(n) for n in range(50)])
    assert table.index_of_id("9042") == 42
    assert table.index_of_id("nope") == -1
    table.remove_at(42)
    assert table.index_of_id("9042") == -1
    assert table.known_ids(["9001", "9042", "9049", "x"]) == {"9001", "9049"}


def test_tables_of_one_shelf_do_not_see_each_other() -> None:
    shelf = ThreadShelf()
    mine, group = shelf.table(), shelf.table()
    mine.extend([thread(1)])
    group.extend([thread(2)])
    assert mine.index_of_id("9002") == -1
    assert group.known_ids(["9001", "9002"]) == {"9002"}
    shelf.close()


def test_reset_replaces_everything_and_frees_the_old_rows(table: ThreadTable) -> None:
    table.extend([thread(n) for n in range(10)])
    old = [table.key_at(i) for i in range(10)]
    table.reset([thread(99)])
    assert ids(table) == ["9099"]
    rows = table._shelf._db.execute("SELECT count(*) FROM threads").fetchone()[0]
    assert rows == 1
    assert not set(old) & {table.key_at(0)}


def test_memory_holds_a_bounded_cache_not_the_threads(table: ThreadTable) -> None:
    table.extend([thread(n) for n in range(2000)])
    for row in range(len(table)):
        assert table[row].thread_id == str(9000 + row)
    assert len(table._cache) == thread_table.CACHE_ROWS
    assert table.key_at(0) in table._items  # the list itself: an array of keys
    assert table._items.itemsize == 8


def test_filter_matches_name_number_as_shown_and_account(table: ThreadTable) -> None:
    table.extend(
        [thread(1, name="Ana Ruiz"), thread(2, name="Bob Stone"), thread(3, name="Ana Lee")]
    )

    def rows(needle: str) -> list[int]:
        accepts = table.matcher(needle)
        return [row for row in range(len(table)) if accepts(row)]

    assert rows("ana") == [0, 2]
    assert rows("RUIZ") == [0]
    assert rows("555-0002") == [1]  # the number as the agent reads it
    assert rows("12025550003") == [2]
    assert rows("500001") == [0]  # account
    assert rows("nobody") == []


def test_filter_checks_rows_stored_after_it_was_asked(table: ThreadTable) -> None:
    table.extend([thread(1, name="Ana Ruiz"), thread(2, name="Bob Stone")])
    accepts = table.matcher("ana")
    table.extend([thread(3, name="Ana Lee"), thread(4, name="Cy Twombly")])
    table.replace_at(1, thread(2, name="Anabel Stone"))  # changed content: a new key
    assert [row for row in range(len(table)) if accepts(row)] == [0, 1, 2]


def test_search_text_is_folded_and_holds_the_whole_number() -> None:
    """The filter matches the number as the agent types it, even while the screen masks it."""
    text = search_text(thread(7, name="ÉLISE Noël"))
    assert "élise noël" in text
    assert "+1 202-555-0007" in text


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/fd")
def test_the_file_behind_the_shelf_is_never_visible(table: ThreadTable) -> None:
    """Threads carry names, numbers and addresses: their file must not outlive the app or be
    openable by anyone. 5,000 threads overflow SQLite's 1 MiB cache, so it is on disk."""
    table.extend([thread(n % 9000) for n in range(5000)])
    fds = Path("/proc/self/fd")
    named = []
    for fd in fds.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if "etilqs" in target:
            named.append(target)
    assert named, "expected SQLite's temporary file to be open"
    assert all(target.endswith("(deleted)") for target in named), named

"""Observers see every change of an evented list, in Qt's before/after order."""

from __future__ import annotations

from inbox_app.core.evented import EventedList, ListObserver


def recording() -> tuple[list[tuple[str, ...]], ListObserver[str]]:
    log: list[tuple[str, ...]] = []

    def note(kind: str):  # type: ignore[no-untyped-def]
        return lambda *args: log.append((kind, *map(str, args)))

    observer: ListObserver[str] = ListObserver(
        inserting=note("inserting"),
        inserted=note("inserted"),
        removing=note("removing"),
        removed=note("removed"),
        changed=note("changed"),
        resetting=note("resetting"),
        reset=note("reset"),
        moving=note("moving"),
        moved=note("moved"),
    )
    return log, observer


def test_every_change_is_announced() -> None:
    items: EventedList[str] = EventedList()
    log, observer = recording()
    stop = items.observe(observer)
    items.extend(["a", "b"])
    items.insert(1, ["x"])
    items.replace_at(0, "A")
    assert items.remove_at(1) == ["x"]
    items.reset(["z"])
    stop()
    items.append("ignored by the removed observer")
    assert list(items) == ["z", "ignored by the removed observer"]
    assert log == [
        ("inserting", "0", "1"),
        ("inserted", "0", "1"),
        ("inserting", "1", "1"),
        ("inserted", "1", "1"),
        ("changed", "0", "0"),
        ("removing", "1", "1"),
        ("removed", "1", "1"),
        ("resetting",),
        ("reset",),
    ]


def test_empty_and_out_of_range_changes_are_silent() -> None:
    items: EventedList[str] = EventedList(["a"])
    log, observer = recording()
    items.observe(observer)
    items.extend([])
    assert items.remove_at(5) == []
    assert items.remove_at(0, 0) == []
    assert log == []
    assert items.index_where(lambda s: s == "a") == 0
    assert items.index_where(lambda s: s == "q") == -1


def test_move_is_announced_and_reorders() -> None:
    items: EventedList[str] = EventedList(["a", "b", "c", "d"])
    log, observer = recording()
    items.observe(observer)
    items.move(3, 0)
    items.move(0, 2)
    assert list(items) == ["a", "b", "d", "c"]  # [d, a, b, c], then d goes to index 2
    assert log == [
        ("moving", "3", "0"),
        ("moved", "3", "0"),
        ("moving", "0", "2"),
        ("moved", "0", "2"),
    ]

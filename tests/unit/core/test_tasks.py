"""The task runner tracks, supersedes, cancels and reports."""

from __future__ import annotations

import asyncio

import pytest

from inbox_app.core.tasks import TaskRunner


async def test_result_is_delivered_and_task_forgotten() -> None:
    runner = TaskRunner()
    got: list[int] = []

    async def work() -> int:
        await asyncio.sleep(0)
        return 42

    task = runner.start(work(), name="work", on_result=got.append)
    assert runner.pending == 1
    await task
    await asyncio.sleep(0)
    assert got == [42]
    assert runner.pending == 0


async def test_errors_reach_the_one_error_surface() -> None:
    seen: list[tuple[str, str]] = []
    runner = TaskRunner(on_error=lambda exc, name: seen.append((type(exc).__name__, name)))

    async def broken() -> None:
        raise KeyError("x")

    task = runner.start(broken(), name="load inbox")
    assert task is not None
    with pytest.raises(KeyError):
        await task
    await asyncio.sleep(0)
    assert seen == [("KeyError", "load inbox")]


async def test_only_the_latest_per_purpose_reports() -> None:
    runner = TaskRunner()
    delivered: list[str] = []
    release = {name: asyncio.Event() for name in ("a", "b")}

    async def load(name: str) -> str:
        await release[name].wait()
        return name

    first = runner.latest("open thread", load("a"), name="a", on_result=delivered.append)
    second = runner.latest("open thread", load("b"), name="b", on_result=delivered.append)
    release["b"].set()
    await second
    release["a"].set()
    await first  # the stale load ran to the end (not cancelled) ...
    await asyncio.sleep(0)
    assert not first.cancelled()
    assert delivered == ["b"]  # ... but only the newest one reported


async def test_stale_errors_are_dropped_too() -> None:
    seen: list[str] = []
    runner = TaskRunner(on_error=lambda exc, name: seen.append(name))

    async def fail() -> None:
        await asyncio.sleep(0)
        raise RuntimeError

    stale = runner.latest("p", fail(), name="stale")
    runner.supersede("p")
    with pytest.raises(RuntimeError):
        await stale
    await asyncio.sleep(0)
    assert seen == []


async def test_cancel_owner_and_shutdown() -> None:
    runner = TaskRunner()
    widget, other = object(), object()
    forever = asyncio.Event()
    mine = runner.start(forever.wait(), name="mine", owner=widget)
    theirs = runner.start(forever.wait(), name="theirs", owner=other)
    assert runner.cancel_owner(widget) == 1
    await asyncio.sleep(0)
    assert mine.cancelled() and not theirs.done()
    await runner.shutdown()
    assert theirs.cancelled()
    assert runner.pending == 0
    late = forever.wait()
    assert runner.start(late, name="after shutdown") is None
    assert late.cr_frame is None  # closed, so no "never awaited" warning


def test_work_asked_for_outside_the_running_loop_is_scheduled_on_it() -> None:
    loop = asyncio.new_event_loop()
    try:
        runner = TaskRunner(loop=loop)
        got: list[int] = []

        async def work() -> int:
            return 7

        task = runner.start(work(), name="from a Qt callback", on_result=got.append)
        assert task is not None
        loop.run_until_complete(task)
        loop.run_until_complete(asyncio.sleep(0))
        assert got == [7]
    finally:
        loop.close()
    dropped = TaskRunner(loop=loop)
    coro = asyncio.sleep(0)
    assert dropped.start(coro, name="loop is closed") is None


async def test_a_failing_callback_is_reported() -> None:
    seen: list[str] = []
    runner = TaskRunner(on_error=lambda exc, name: seen.append(name))

    async def work() -> int:
        return 1

    def bad(_: int) -> None:
        raise ValueError("bug in the slot")

    task = runner.start(work(), name="w", on_result=bad)
    assert task is not None
    await task
    await asyncio.sleep(0)
    assert seen == ["w (callback)"]

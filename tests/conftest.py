"""Suite-wide fixtures: headless Qt, the loop each async test runs on, fast retries."""

from __future__ import annotations

import asyncio
import inspect
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import stamina

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")

UI_TESTS = Path(__file__).parent / "ui"

# A coroutine never awaited is reported (as an error: filterwarnings) when the collector finds
# it, often during a later test; where it was created says which test and code left it.
sys.set_coroutine_origin_tracking_depth(48)


_qt_loops: list[asyncio.AbstractEventLoop] = []


def _qasync_loop() -> asyncio.AbstractEventLoop:
    """A qasync loop on the (single) QApplication, for tests that drive Qt objects."""
    from PySide6.QtWidgets import QApplication

    from .qt_loop import PhasedQtLoop

    app = QApplication.instance() or QApplication([])
    loop = PhasedQtLoop(app)
    _qt_loops[:] = [loop]
    return loop


def _unstarted_tasks() -> list[asyncio.Task[object]]:
    """Tasks whose coroutine has not taken its first step (created, scheduled, not yet run)."""
    current = asyncio.current_task()
    return [
        task
        for task in asyncio.all_tasks()
        if task is not current
        and not task.done()
        and inspect.iscoroutine(coro := task.get_coro())
        and inspect.getcoroutinestate(coro) == inspect.CORO_CREATED
    ]


async def _a_few_turns(turns: int = 20, limit: int = 2000) -> None:
    """``turns`` loop turns, then more until every task has taken its first step: a task
    stopped before that, its first step a pending Qt timer that qasync drops when the loop
    closes, leaves its coroutine never awaited (anyio's ``try_connect``, one per address of a
    connect that a view's next-page request began in these turns)."""
    for _ in range(turns):
        await asyncio.sleep(0)
    for _ in range(limit):
        if not _unstarted_tasks():
            return
        await asyncio.sleep(0)


def _process_events_inside_the_loop() -> None:
    """pytest-qt processes Qt events between setup, call and teardown. With qasync, Qt events
    include asyncio callbacks; run outside ``run_forever`` they find no running loop and
    tasks fail (httpcore: "no running event loop"). The app's loop always runs, so here too
    the events are processed inside a few turns of the test's qasync loop: a request that
    steps here may start tasks of its own (anyio's connect attempts), and those must take
    their first step too before the loop stops, or their coroutines are never awaited."""
    loop = _qt_loops[0] if _qt_loops else None
    if loop is not None and not loop.is_closed() and not loop.is_running():
        loop.run_until_complete(_a_few_turns())
    else:
        _original_process_events()


try:
    import pytestqt.plugin as _pytestqt_plugin

    _original_process_events = _pytestqt_plugin._process_events
    _pytestqt_plugin._process_events = _process_events_inside_the_loop
except (ImportError, AttributeError):  # pragma: no cover - a pytest-qt without the hook
    pass


def pytest_asyncio_loop_factories(
    config: pytest.Config, item: pytest.Item
) -> dict[str, Callable[[], asyncio.AbstractEventLoop]]:
    """Qt tests (under tests/ui, or marked ``qt``) run on qasync; the rest on plain asyncio.

    Decided here, at collection, by location or marker: markers added later (in
    ``pytest_collection_modifyitems``) come too late for pytest-asyncio's choice.
    """
    if item.get_closest_marker("qt") is not None or UI_TESTS in item.path.parents:
        return {"qasync": _qasync_loop}
    return {"asyncio": asyncio.new_event_loop}


@pytest.fixture(autouse=True)
def _instant_retries() -> Iterator[None]:
    """Keep the real retry policy (attempt counts) but skip its waiting."""
    stamina.set_testing(True, attempts=10, cap=True)
    yield
    stamina.set_testing(False)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[dict[tuple[str, str], str]]:
    """An in-memory keyring backend: tests never touch (or wait for) the real one."""
    import keyring
    from keyring.backend import KeyringBackend

    store: dict[tuple[str, str], str] = {}

    class Backend(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def get_password(self, service: str, username: str) -> str | None:
            return store.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            store[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            store.pop((service, username), None)

    previous = keyring.get_keyring() if keyring.core._keyring_backend is not None else None  # type: ignore[attr-defined]
    keyring.set_keyring(Backend())
    yield store
    if previous is not None:
        keyring.set_keyring(previous)

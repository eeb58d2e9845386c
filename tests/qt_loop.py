"""The qasync loop Qt tests run on: stopping between a test's phases as asyncio's loops stop.

The app runs its loop once (``app.run``: one ``run_until_complete`` whose coroutine ends with
the shutdown order, ``wiring.shut_down``); a test runs it once per phase (fixture set-up, the
test body, teardown), often with the app's requests still in flight when a phase ends.
qasync's ``run_until_complete`` ends with one more ``processEvents()`` *after* the loop has
stopped, and that runs the asyncio callbacks due by then with no running loop. A request
stepped there fails (httpcore: "no running event loop"); when the step was the first one of
anyio's happy-eyeballs attempt (``anyio.connect_tcp``'s ``try_connect``, spawned in the
phase's last turn), anyio's task wrapper fails entering its cancel scope before it awaits the
attempt, and that coroutine is reported never awaited. Here a phase ends as in asyncio: once
the future is done the loop stops, and what is due waits for the next phase (pytest-qt's
event processing runs inside the loop too, tests/conftest.py); the window fixture's teardown
then ends the app's work in the app's order.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

import qasync

T = TypeVar("T")


class PhasedQtLoop(qasync.QEventLoop):
    """``qasync.QEventLoop`` without the event processing after ``run_until_complete``."""

    def run_until_complete(self, future: Awaitable[T]) -> T:
        task = asyncio.ensure_future(future, loop=self)

        def stop(_: object) -> None:
            self.stop()

        task.add_done_callback(stop)
        try:
            self.run_forever()
        finally:
            task.remove_done_callback(stop)
        if not task.done():
            raise RuntimeError("Event loop stopped before Future completed.")
        return task.result()

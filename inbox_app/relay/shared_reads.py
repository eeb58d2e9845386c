"""Polls woken together share one read of the events.

When an event is committed every waiting desktop wakes at once and asks for the events
after the same cursor: a hundred identical queries. Here a poll asking for ``(after,
limit)`` joins a read of the same ``(after, limit)`` that has been *asked for but not yet
started*; a read already under way is never joined, since it may have begun before the
event this poll was woken for was committed. So every poll still gets a read that started
after it asked, exactly as if it had queried alone.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from starlette.concurrency import run_in_threadpool

from .store import Event

__all__ = ["SharedReads"]


class SharedReads:
    def __init__(self, events_after: Callable[[int, int], list[Event]]) -> None:
        self._events_after = events_after
        self._waiting: dict[tuple[int, int], asyncio.Future[list[Event]]] = {}
        self.reads = 0  # queries run (for tests and curiosity)

    async def events_after(self, cursor: int, limit: int) -> list[Event]:
        key = (cursor, limit)
        shared = self._waiting.get(key)
        if shared is None:
            shared = asyncio.get_running_loop().create_future()
            self._waiting[key] = shared
            asyncio.get_running_loop().call_soon(self._start, key, shared)
        return await asyncio.shield(shared)

    def _start(self, key: tuple[int, int], shared: asyncio.Future[list[Event]]) -> None:
        del self._waiting[key]  # from now on, a new asker starts a new read
        self.reads += 1
        task = asyncio.ensure_future(run_in_threadpool(self._events_after, *key))
        task.add_done_callback(lambda done: _settle(shared, done))


def _settle(shared: asyncio.Future[list[Event]], done: asyncio.Future[list[Event]]) -> None:
    if shared.cancelled():
        return
    if done.cancelled():
        shared.cancel()
    elif (error := done.exception()) is not None:
        shared.set_exception(error)
    else:
        shared.set_result(done.result())

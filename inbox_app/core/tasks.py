"""The one task runner: every piece of async work the app starts goes through here.

Why one place: so each task is tracked (shutdown can cancel and await all of them before
the loop closes), so work owned by a widget or a thread view can be dropped when its owner
goes away, and so every unexpected exception reaches one error surface instead of vanishing
in a fire-and-forget task.

Stale work is superseded, not cancelled: cancelling in-flight httpx requests can leak
connection-pool slots (httpcore #1093), so when the agent switches threads quickly the old
load is allowed to finish and its result is dropped (a generation counter per purpose).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

__all__ = ["TaskRunner"]

log = logging.getLogger("inbox_app.core.tasks")

T = TypeVar("T")
ErrorHandler = Callable[[BaseException, str], None]


class TaskRunner:
    """Starts, tracks, supersedes and shuts down the app's coroutines.

    ``on_error(exc, name)`` receives every exception a task raises unless the caller passed
    its own ``on_error`` for that task. Results are delivered through ``on_result``.
    """

    def __init__(
        self, on_error: ErrorHandler | None = None, *, loop: asyncio.AbstractEventLoop | None = None
    ) -> None:
        self._on_error = on_error
        if loop is None:
            with contextlib.suppress(RuntimeError):
                loop = asyncio.get_running_loop()
        self._loop = loop
        self._tasks: dict[asyncio.Task[Any], object | None] = {}
        self._generations: dict[object, int] = {}
        self._closing = False

    @property
    def pending(self) -> int:
        return len(self._tasks)

    def set_error_handler(self, on_error: ErrorHandler | None) -> None:
        self._on_error = on_error

    def start(
        self,
        coro: Coroutine[Any, Any, T],
        *,
        name: str,
        owner: object | None = None,
        on_result: Callable[[T], None] | None = None,
        on_error: ErrorHandler | None = None,
    ) -> asyncio.Task[T] | None:
        """Run ``coro`` on the app's loop and report its outcome to the callbacks.

        Qt may ask for work (``fetchMore``, a timer) while its events are processed outside
        asyncio's notion of a running loop; the task is then scheduled on the runner's loop
        all the same. Work asked for during or after shutdown is dropped: there is nobody
        left to show its result to.
        """
        loop = self._loop
        with contextlib.suppress(RuntimeError):
            loop = asyncio.get_running_loop()
        if self._closing or loop is None or loop.is_closed():
            coro.close()
            log.debug("not starting %s: the task runner is shut down", name)
            return None
        self._loop = loop
        task = loop.create_task(coro, name=name)
        self._tasks[task] = owner
        task.add_done_callback(lambda done: self._finished(done, on_result, on_error))
        return task

    def latest(
        self,
        purpose: object,
        coro: Coroutine[Any, Any, T],
        *,
        name: str,
        owner: object | None = None,
        on_result: Callable[[T], None] | None = None,
        on_error: ErrorHandler | None = None,
    ) -> asyncio.Task[T] | None:
        """Like :meth:`start`, but only the newest task per ``purpose`` reports back.

        An older task for the same purpose keeps running to completion (see the module
        docstring) and its result or error is ignored.
        """
        generation = self._generations.get(purpose, 0) + 1
        self._generations[purpose] = generation

        def current() -> bool:
            return self._generations.get(purpose) == generation

        def deliver(result: T) -> None:
            if current() and on_result is not None:
                on_result(result)

        def fail(exc: BaseException, task_name: str) -> None:
            if current():
                (on_error or self._report)(exc, task_name)

        return self.start(coro, name=name, owner=owner, on_result=deliver, on_error=fail)

    def supersede(self, purpose: object) -> None:
        """Make any running task for ``purpose`` stale without starting a new one."""
        self._generations[purpose] = self._generations.get(purpose, 0) + 1

    def cancel_owner(self, owner: object) -> int:
        """Cancel every task started for ``owner`` (it is going away); returns how many."""
        doomed = [task for task, who in self._tasks.items() if who is owner]
        for task in doomed:
            task.cancel()
        return len(doomed)

    async def shutdown(self, grace: float = 5.0) -> None:
        """Cancel all tasks and wait for them, so nothing runs after the loop closes.

        The runner stays closed: anything started afterwards is dropped."""
        self._closing = True
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        if tasks:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait(tasks, timeout=grace)

    def _report(self, exc: BaseException, name: str) -> None:
        if self._on_error is not None:
            self._on_error(exc, name)
        else:
            log.error("task %s failed", name, exc_info=exc)

    def _finished(
        self,
        task: asyncio.Task[Any],
        on_result: Callable[[Any], None] | None,
        on_error: ErrorHandler | None,
    ) -> None:
        self._tasks.pop(task, None)
        if task.cancelled():
            return
        exc = task.exception()
        try:
            if exc is not None:
                (on_error or self._report)(exc, task.get_name())
            elif on_result is not None:
                on_result(task.result())
        except Exception as callback_error:  # a broken callback must still be seen
            self._report(callback_error, f"{task.get_name()} (callback)")

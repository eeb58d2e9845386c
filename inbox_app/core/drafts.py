"""What the agent has typed, per thread, kept across restarts and crashes.

Every keystroke updates memory at once; the disk write follows after a short pause in
typing (so a fast typist causes one write, not one per key), on the store's worker thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from .store import LocalStore

SAVE_DELAY_S = 0.4

log = logging.getLogger("inbox_app.core.drafts")


def _report(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("could not save a draft", exc_info=task.exception())


class Drafts:
    def __init__(self, store: LocalStore | None, *, delay_s: float = SAVE_DELAY_S) -> None:
        self.store = store
        self.delay_s = delay_s
        self._texts: dict[str, str] = {}
        self._dirty: set[str] = set()
        self._timer: asyncio.TimerHandle | None = None
        self._writing: asyncio.Task[None] | None = None

    async def load(self) -> dict[str, str]:
        if self.store is not None:
            self._texts = await self.store.drafts()
        return dict(self._texts)

    def get(self, thread_id: str) -> str:
        return self._texts.get(thread_id, "")

    def set(self, thread_id: str, text: str) -> None:
        if self._texts.get(thread_id, "") == text:
            return
        if text:
            self._texts[thread_id] = text
        else:
            self._texts.pop(thread_id, None)
        if self.store is None:
            return
        self._dirty.add(thread_id)
        if self._timer is not None:
            self._timer.cancel()
        with contextlib.suppress(RuntimeError):  # no loop (yet): flush() will write it
            self._timer = asyncio.get_event_loop().call_later(self.delay_s, self._start_write)

    def clear(self, thread_id: str) -> None:
        self.set(thread_id, "")

    def discard_all(self) -> None:
        """Forget every draft in memory, without writing (the store is being wiped)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._texts.clear()
        self._dirty.clear()

    def _start_write(self) -> None:
        self._timer = None
        if self._writing is None or self._writing.done():
            # A background write of core's own, not UI work: it reports its own failure.
            self._writing = asyncio.ensure_future(self.flush())
            self._writing.add_done_callback(_report)

    async def flush(self) -> None:
        """Write every changed draft now (also on shutdown)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        while self._dirty and self.store is not None:
            thread_id = self._dirty.pop()
            await self.store.save_draft(thread_id, self._texts.get(thread_id, ""), time.time())

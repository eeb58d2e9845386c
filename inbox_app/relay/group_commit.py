"""Group commit: webhooks arriving together are written in one transaction.

Each webhook must be on disk before its 200, and a commit costs an fsync (and, on
PostgreSQL, the cursor row's lock and a few round trips): one transaction per webhook
caps a relay at a few hundred a second. Here each caller queues its item and waits on the
writer lock; whoever holds it writes *every* queued item in one transaction, then each
caller gets its own result. Nobody is answered before the transaction holding its item
committed, so durability is unchanged; under load a commit carries many webhooks, when
quiet it carries one and adds no delay (there is no timer).

If a batch's transaction fails, its items are written again one by one, so one bad item
fails alone and the others still succeed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

__all__ = ["GroupCommit"]

T = TypeVar("T")
R = TypeVar("R")


class _Slot(Generic[T, R]):
    __slots__ = ("done", "error", "item", "lead", "result", "woken")

    def __init__(self, item: T) -> None:
        self.item = item
        self.done = False  # written (or failed): result or error is set
        self.lead = False  # handed the writer's turn: write the queue
        self.result: R | None = None
        self.error: BaseException | None = None
        self.woken = threading.Event()


class GroupCommit(Generic[T, R]):
    """``submit(item)`` returns ``write([... item ...])``'s result for it, once committed.

    ``write`` takes a list of items and returns one result per item, in order, all in one
    transaction (it commits before returning, or raises and commits nothing). One caller at
    a time is the writer; the others sleep on their own event until their item is written,
    or until the writer, done with its own item, hands them the turn."""

    def __init__(self, write: Callable[[Sequence[T]], list[R]], max_batch: int = 500) -> None:
        self._write = write
        self._max_batch = max_batch
        self._queue: list[_Slot[T, R]] = []
        self._lock = threading.Lock()
        self._writing = False

    def submit(self, item: T) -> R:
        slot: _Slot[T, R] = _Slot(item)
        with self._lock:
            self._queue.append(slot)
            if not self._writing:
                self._writing = slot.lead = True
        if not slot.lead:
            slot.woken.wait()
        if not slot.done:  # our turn to write, our item still queued
            self._lead(slot)
        if slot.error is not None:
            raise slot.error
        return slot.result  # type: ignore[return-value]

    def _lead(self, slot: _Slot[T, R]) -> None:
        """Write queued batches until ``slot``'s is written, then pass the turn on."""
        while not slot.done:
            with self._lock:
                batch = self._queue[: self._max_batch]
                del self._queue[: self._max_batch]
            self._run(batch)
            for written in batch:
                if written is not slot:
                    written.woken.set()
        with self._lock:
            if self._queue:  # arrived while we wrote: the oldest writes next
                successor = self._queue[0]
                successor.lead = True
                successor.woken.set()
            else:
                self._writing = False

    def _run(self, batch: list[_Slot[T, R]]) -> None:
        try:
            results = self._write([slot.item for slot in batch])
        except BaseException as exc:
            if len(batch) == 1:
                batch[0].error = exc
                batch[0].done = True
                return
            for slot in batch:  # one bad item must not fail the others
                self._run([slot])
            return
        for slot, result in zip(batch, results, strict=True):
            slot.result = result
            slot.done = True

"""Connections for reading, apart from the one that writes.

A hundred desktops long-polling means a hundred reads each time an event arrives; on the
writer's connection they would queue behind every commit (an fsync each) and the commits
behind them, so webhooks would wait on desktops. Reads need no lock of ours: SQLite in WAL
mode and PostgreSQL both give each connection a consistent view of what was committed, and
cursors are handed out in commit order, so a reader never sees a gap fill in later.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

__all__ = ["ReaderPool"]

C = TypeVar("C")


class ReaderPool(Generic[C]):
    """Up to ``size`` connections opened by ``connect`` when first needed, each lent to one
    thread at a time, closed by ``disconnect`` on :meth:`close` (or when given back after,
    or after a read through it failed)."""

    def __init__(
        self, connect: Callable[[], C], disconnect: Callable[[C], None], size: int
    ) -> None:
        self._connect = connect
        self._disconnect = disconnect
        self._slots = threading.BoundedSemaphore(size)
        self._lock = threading.Lock()
        self._idle: list[C] = []
        self._closed = False

    @contextmanager
    def borrow(self) -> Iterator[C]:
        with self._slots:
            with self._lock:
                if self._closed:
                    raise RuntimeError("the relay store is closed")
                conn = self._idle.pop() if self._idle else None
            if conn is None:
                conn = self._connect()
            keep = False
            try:
                yield conn
                keep = True
            finally:
                # A read that failed may have left its connection broken (a database
                # restarted): it is closed, and the next read opens a new one.
                with self._lock:
                    keep = keep and not self._closed
                    if keep:
                        self._idle.append(conn)
                if not keep:
                    self._disconnect(conn)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for conn in idle:
            self._disconnect(conn)

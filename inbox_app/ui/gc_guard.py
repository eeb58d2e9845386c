"""Collect garbage on the GUI thread only, in small steps.

Python's cyclic collector runs in whichever thread happens to allocate when a threshold is
crossed: the embedded server's thread, a ``to_thread`` worker. If it then frees a Qt
object (a widget kept alive only by a cycle of lambdas), the C++ destructor runs off the
GUI thread — Qt warns "Timers cannot be stopped from another thread" and may crash. Anki
does the same as here: switch automatic collection off and collect from a GUI-thread timer.

A full collection over everything a Qt app holds takes ~80 ms here (the chaos run showed it
as the worst UI stall), so the timer collects the young generations each second (well
under a millisecond) and everything only once a minute, and :meth:`freeze` moves the
start-up objects out of the collector's way once the first screen is up.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1_000
FULL_EVERY = 60  # ticks: one full collection a minute


class MainThreadCollector(QObject):
    """While alive, garbage is collected only by this timer, on the thread that owns it."""

    def __init__(
        self,
        parent: QObject | None = None,
        interval_ms: int = INTERVAL_MS,
        full_every: int = FULL_EVERY,
    ) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        self._full_every = max(1, full_every)
        self._ticks = 0
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.tick)
        self._timer.start()

    def tick(self) -> int:
        self._ticks += 1
        generation = 2 if self._ticks % self._full_every == 0 else 1
        return gc.collect(generation)

    def collect(self) -> int:
        """A full collection now."""
        return gc.collect()

    def freeze(self) -> None:
        """Everything alive now (modules, the window, its widgets) lives as long as the app:
        keep it out of every later collection.

        Only the young generations are collected first: a full collection here took 40-57 ms
        (the worst stall of the benchmark session, just as the first inbox appears) and found
        nothing once the young ones had been collected (measured, 2026-11-22)."""
        gc.collect(1)
        gc.freeze()

    def stop(self) -> None:
        """Collect once more, here, and give collection back to Python."""
        self._timer.stop()
        gc.unfreeze()
        gc.collect()
        if self._was_enabled:
            gc.enable()

"""The UI thread's heartbeat: a 10 ms timer whose late ticks are the stalls an agent feels.

Shared by the chaos run and the performance harness. Every gap between two ticks is kept;
a *stall* is how much later than 10 ms a tick came. Garbage collections are timed too (the
app collects on the UI thread), so a stall can be told apart from a collection pause.
"""

from __future__ import annotations

import contextlib
import gc
import time
from typing import Any

HEARTBEAT_MS = 10


class Heartbeat:
    """A 10 ms QTimer on the UI thread; the largest gap between ticks is the worst stall.

    Garbage collections are timed too (the app collects on the UI thread, every 5 s), so a
    stall can be told apart from a collection pause."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self._tick)
        self.gaps: list[float] = []
        self.worst = 0.0
        self.worst_at = 0.0
        self.gc_pauses: list[tuple[float, float]] = []  # (at s, duration s)
        self._gc_started = 0.0
        self._last = 0.0
        self._started = 0.0

    def start(self) -> None:
        self._started = self._last = time.perf_counter()
        gc.callbacks.append(self._gc)
        self.timer.start()

    def stop(self) -> None:
        if not self.timer.isActive():
            return
        self.timer.stop()
        self._tick()
        with contextlib.suppress(ValueError):
            gc.callbacks.remove(self._gc)

    def _gc(self, phase: str, info: dict[str, Any]) -> None:
        now = time.perf_counter()
        if phase == "start":
            self._gc_started = now
        elif self._gc_started:
            self.gc_pauses.append((now - self._started, now - self._gc_started))

    def _tick(self) -> None:
        now = time.perf_counter()
        gap = now - self._last
        self._last = now
        if gap > self.worst:
            self.worst, self.worst_at = gap, now - self._started
        self.gaps.append(gap)

    def max_stall_ms(self) -> float:
        return max(0.0, self.worst * 1000 - HEARTBEAT_MS)

    def percentile_ms(self, q: float) -> float:
        if not self.gaps:
            return 0.0
        ordered = sorted(self.gaps)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    def gc_summary(self) -> dict[str, float]:
        durations = [d for _, d in self.gc_pauses]
        near = [d for at, d in self.gc_pauses if abs(at - self.worst_at) < self.worst + 0.05]
        return {
            "collections": len(durations),
            "longest_ms": round(max(durations, default=0.0) * 1000, 1),
            "during_worst_stall_ms": round(max(near, default=0.0) * 1000, 1),
        }

    def stalls_ms(self) -> list[float]:
        """Each gap's lateness: 0 for a tick on time."""
        return [max(0.0, gap * 1000 - HEARTBEAT_MS) for gap in self.gaps]

    def stall_percentile_ms(self, q: float) -> float:
        stalls = sorted(self.stalls_ms())
        if not stalls:
            return 0.0
        return stalls[min(len(stalls) - 1, int(q * len(stalls)))]

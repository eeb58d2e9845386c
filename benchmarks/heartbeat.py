"""The UI thread's heartbeat: a 10 ms timer whose late ticks are the stalls an agent feels.

Shared by the chaos run and the performance harness. Every gap between two ticks is kept;
a *stall* is how much later than 10 ms a tick came. Garbage collections are timed too (the
app collects on the UI thread), so a stall can be told apart from a collection pause.
"""

from __future__ import annotations

import contextlib
import gc
import sys
import threading
import time
import traceback
from typing import Any

HEARTBEAT_MS = 10
SAMPLE_AFTER_S = 0.030  # a tick this late: say where the UI thread is


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
        # Where the UI thread was during each late tick: a watcher thread looks at its stack
        # once a tick is SAMPLE_AFTER_S late (the worst stalls, not a profile of everything).
        self.late_stacks: list[tuple[float, str]] = []  # (at s, innermost frames)
        self._ui_thread = threading.get_ident()
        self._watching = threading.Event()
        self._watcher: threading.Thread | None = None

    def start(self) -> None:
        self._started = self._last = time.perf_counter()
        gc.callbacks.append(self._gc)
        self.timer.start()
        self._watching.set()
        self._watcher = threading.Thread(target=self._watch, name="stall watcher", daemon=True)
        self._watcher.start()

    def stop(self) -> None:
        if not self.timer.isActive():
            return
        self.timer.stop()
        self._watching.clear()
        if self._watcher is not None:
            self._watcher.join()
        self._tick()
        with contextlib.suppress(ValueError):
            gc.callbacks.remove(self._gc)

    def _watch(self) -> None:
        sampled_for = 0.0
        while self._watching.is_set():
            time.sleep(0.005)
            last = self._last
            if last != sampled_for and time.perf_counter() - last > SAMPLE_AFTER_S:
                sampled_for = last  # one sample per late tick
                frame = sys._current_frames().get(self._ui_thread)
                if frame is not None:
                    where = traceback.format_stack(frame, limit=12)
                    stack = " <- ".join(
                        line.strip().splitlines()[0].replace("File ", "") for line in where[::-1]
                    )
                    self.late_stacks.append((last - self._started, stack))

    def late_stack_near(self, at: float) -> str:
        """The UI thread's stack sampled during the stall that ended at ``at`` (s)."""
        near = [(abs(at - when), stack) for when, stack in self.late_stacks if when <= at]
        return min(near)[1] if near else ""

    def worst_stalls(self, count: int = 5) -> list[dict[str, Any]]:
        """The ``count`` latest ticks, with where the UI thread was meanwhile (if sampled)."""
        ends, moment = [], self._started
        for gap in self.gaps:
            moment += gap
            ends.append((gap, moment - self._started))
        worst = sorted(ends, reverse=True)[:count]
        return [
            {
                "stall_ms": round(gap * 1000 - HEARTBEAT_MS, 1),
                "at_s": round(end, 2),
                "ui_thread_was_in": self.late_stack_near(end),
            }
            for gap, end in worst
        ]

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

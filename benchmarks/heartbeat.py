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
LONG_TURN_S = 0.016  # a turn longer than a frame: its cause is named
# The UI thread away this long: look at its stack (sooner than LONG_TURN_S, so that a turn
# just over it is caught while it lasts; an on-time tick is never this late).
SAMPLE_AFTER_S = 0.013
WATCH_EVERY_S = 0.002


class Heartbeat:
    """A 10 ms QTimer on the UI thread; the largest gap between ticks is the worst stall.

    Garbage collections are timed too (the app collects on the UI thread, every 5 s), so a
    stall can be told apart from a collection pause."""

    def __init__(self) -> None:
        from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer

        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self._tick)
        self.gaps: list[float] = []
        # The UI thread's own CPU time in each gap: a long turn it spent mostly off the CPU
        # was the machine's (other processes) or another thread's (the GIL), not its work.
        self.cpu: list[float] = []
        # ... and the whole process's (every thread): high while the UI thread idled is
        # another of our threads at work; low too, the machine gave us no CPU.
        self.process_cpu: list[float] = []
        self._last_cpu = self._last_process_cpu = 0.0
        self.worst = 0.0
        self.worst_at = 0.0
        self.gc_pauses: list[tuple[float, float]] = []  # (at s, duration s)
        self._gc_started = 0.0
        self._last = 0.0
        self._started = 0.0
        # Where the UI thread was during each long turn: a watcher thread looks at its stack
        # once the next tick is SAMPLE_AFTER_S away (long turns only, not a profile).
        self.late_stacks: list[tuple[float, str]] = []  # (at s, innermost frames)
        self._ui_thread = threading.get_ident()
        self._watching = threading.Event()
        self._watcher: threading.Thread | None = None
        # The Qt event last handed out on the UI thread: when a long turn is inside Qt's C++
        # (a layout, a paint), the Python stack ends in the event loop and this names it.
        self._event = ""
        heartbeat = self

        class LastEvent(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                heartbeat._event = f"{event.type().name} to {type(watched).__name__}"
                return False

        self._last_event = LastEvent()
        self._app = QCoreApplication.instance()

    def start(self) -> None:
        self._started = self._last = time.perf_counter()
        self._last_cpu, self._last_process_cpu = time.thread_time(), time.process_time()
        gc.callbacks.append(self._gc)
        if self._app is not None:
            self._app.installEventFilter(self._last_event)
        self.timer.start()
        self._watching.set()
        self._watcher = threading.Thread(target=self._watch, name="stall watcher", daemon=True)
        self._watcher.start()

    def stop(self) -> None:
        if not self.timer.isActive():
            return
        self.timer.stop()
        if self._app is not None:
            self._app.removeEventFilter(self._last_event)
        self._watching.clear()
        if self._watcher is not None:
            self._watcher.join()
        self._tick()
        with contextlib.suppress(ValueError):
            gc.callbacks.remove(self._gc)

    def _watch(self) -> None:
        sampled_for = 0.0
        while self._watching.is_set():
            time.sleep(WATCH_EVERY_S)
            last = self._last
            if last != sampled_for and time.perf_counter() - last > SAMPLE_AFTER_S:
                sampled_for = last  # one sample per late tick
                frame = sys._current_frames().get(self._ui_thread)
                if frame is not None:
                    where = traceback.format_stack(frame, limit=12)
                    stack = " <- ".join(
                        line.strip().splitlines()[0].replace("File ", "") for line in where[::-1]
                    )
                    if "qasync" in stack.split(" <- ", 1)[0]:  # in Qt's own code: which event
                        stack = f"Qt event {self._event} <- {stack}"
                    self.late_stacks.append((last - self._started, stack))

    def _turns(self) -> list[tuple[float, float]]:
        """Every gap as (start, end), in seconds since start()."""
        turns, moment = [], self._started
        for gap in self.gaps:
            turns.append((moment - self._started, moment + gap - self._started))
            moment += gap
        return turns

    def stack_of(self, start: float) -> str:
        """The UI thread's stack sampled during the turn that began at ``start`` (s)."""
        for when, stack in self.late_stacks:
            if abs(when - start) < 1e-6:
                return stack
        return ""

    def worst_stalls(self, count: int = 5) -> list[dict[str, Any]]:
        """The ``count`` latest ticks, with where the UI thread was meanwhile."""
        turns = zip(self._turns(), self.cpu, self.process_cpu, strict=False)
        worst = sorted(turns, key=lambda turn: turn[0][0] - turn[0][1])[:count]
        return [
            {
                "stall_ms": round((end - start) * 1000 - HEARTBEAT_MS, 1),
                "at_s": round(end, 2),
                # of the turn's wall time: the UI thread's CPU, and every thread's
                "ui_cpu_ms": round(cpu * 1000, 1),
                "process_cpu_ms": round(process * 1000, 1),
                "ui_thread_was_in": self.stack_of(start),
            }
            for (start, end), cpu, process in worst
        ]

    def busiest_turns(self, count: int = 5) -> list[dict[str, Any]]:
        """The ``count`` turns in which the UI thread itself worked longest (its CPU time):
        the app's own cost, whatever else ran on the machine."""
        turns = zip(self._turns(), self.cpu, strict=False)
        busiest = sorted(turns, key=lambda turn: -turn[1])[:count]
        return [
            {
                "ui_cpu_ms": round(cpu * 1000, 1),
                "turn_ms": round((end - start) * 1000, 1),
                "at_s": round(end, 2),
                "ui_thread_was_in": self.stack_of(start),  # sampled if over SAMPLE_AFTER_S
            }
            for (start, end), cpu in busiest
        ]

    def long_turns(self) -> dict[str, Any]:
        """Every turn over LONG_TURN_S, how many have their cause named (a stack sampled
        while it lasted), the causes by the innermost frame, most frequent first, and how
        many the UI thread spent mostly off the CPU (``off_cpu``: the machine's other work,
        or another thread holding the GIL)."""
        turns = list(zip(self._turns(), self.cpu, strict=False))
        long = [start for (start, end), _ in turns if end - start > LONG_TURN_S]
        off_cpu = sum(
            1
            for (start, end), cpu in turns
            if end - start > LONG_TURN_S and cpu < (end - start) / 2
        )
        causes: dict[str, int] = {}
        for start in long:
            stack = self.stack_of(start)
            if stack:
                innermost = stack.split(" <- ", 1)[0]
                causes[innermost] = causes.get(innermost, 0) + 1
        return {
            "count": len(long),
            "named": sum(causes.values()),
            "off_cpu": off_cpu,
            "causes": dict(sorted(causes.items(), key=lambda item: -item[1])[:10]),
        }

    def _gc(self, phase: str, info: dict[str, Any]) -> None:
        now = time.perf_counter()
        if phase == "start":
            self._gc_started = now
        elif self._gc_started:
            self.gc_pauses.append((now - self._started, now - self._gc_started))

    def _tick(self) -> None:
        now, cpu, process = time.perf_counter(), time.thread_time(), time.process_time()
        gap = now - self._last
        self._last = now
        self.cpu.append(cpu - self._last_cpu)
        self.process_cpu.append(process - self._last_process_cpu)
        self._last_cpu, self._last_process_cpu = cpu, process
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

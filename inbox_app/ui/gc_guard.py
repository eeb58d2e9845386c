"""Collect garbage on the GUI thread only.

Python's cyclic collector runs in whichever thread happens to allocate when a threshold is
crossed: the embedded server's thread, a ``to_thread`` worker. If it then frees a Qt
object (a widget kept alive only by a cycle of lambdas), the C++ destructor runs off the
GUI thread — Qt warns "Timers cannot be stopped from another thread" and may crash. Anki
does the same as here: switch automatic collection off and collect from a GUI-thread timer.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 5_000


class MainThreadCollector(QObject):
    """While alive, garbage is collected only by this timer, on the thread that owns it."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect)
        self._timer.start()

    def collect(self) -> int:
        return gc.collect()

    def stop(self) -> None:
        """Collect once more, here, and give collection back to Python."""
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()

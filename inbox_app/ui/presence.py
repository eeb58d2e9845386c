"""Is the agent at the screen? Key presses, clicks and wheel turns anywhere in the app say so.

Live sync polls quickly only for an agent who is there (see ``SyncEngine.attentive``). The
watcher filters every event of the application, so it does the least possible per event:
one set lookup, and at most one call out per second.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject

__all__ = ["InputWatcher"]

_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.InputMethod,
    }
)


class InputWatcher(QObject):
    def __init__(self, on_input: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_input = on_input
        self._last = 0.0
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT:
            now = time.monotonic()
            if now - self._last >= 1.0:
                self._last = now
                self._on_input()
        return False

    def stop(self) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

"""Hear what the app tells screen readers: Qt's own announcement events, as Qt sends them.

Why this takes ctypes: offscreen there is no accessibility bridge (AT-SPI needs xcb or
wayland and a D-Bus accessibility bus), so ``QAccessible.isActive()`` is False and events go
nowhere. Qt's hook for seeing them, ``QAccessible::installUpdateHandler``, is marked internal
and PySide6 does not bind it; ``QAccessible.installFactory`` would only see interfaces being
created, never the event. The hook is an exported function of QtGui, so :class:`ScreenReader`
installs it through ctypes by its Itanium C++ name (Linux and macOS builds; where it cannot
be found, e.g. MSVC builds on Windows, the tests that need it are skipped) and turns
accessibility on for as long as it listens. From then on ``QAccessible.updateAccessibility``
hands every event to the handler instead of the (absent) platform bridge, synchronously, on
the GUI thread.
"""

from __future__ import annotations

import ctypes
import sys
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import PySide6
import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleEvent

_INSTALL = "_ZN11QAccessible20installUpdateHandlerEPFvP16QAccessibleEventE"
_Handler = ctypes.CFUNCTYPE(None, ctypes.c_void_p)


@dataclass(frozen=True, slots=True)
class Heard:
    text: str
    assertive: bool
    source: QObject | None


def _qt_gui() -> ctypes.CDLL | None:
    """The QtGui library PySide6 itself runs on (a second copy would have its own hook)."""
    lib = Path(PySide6.__file__).parent / "Qt" / "lib"
    for path in (lib / "libQt6Gui.so.6", lib / "QtGui.framework" / "QtGui"):
        if path.exists():
            return ctypes.CDLL(str(path))
    return None


def available() -> str:
    """ "" when the hook can be installed here, else why not (the skip reason)."""
    gui = _qt_gui()
    if gui is None:
        return f"no QtGui next to PySide6 on {sys.platform}"
    if not hasattr(gui, _INSTALL):
        return "QAccessible::installUpdateHandler is not exported under its Itanium name here"
    return ""


class ScreenReader:
    """Records every announcement while installed (``with ScreenReader() as heard``)."""

    def __init__(self) -> None:
        gui = _qt_gui()
        assert gui is not None, available()
        self._install = getattr(gui, _INSTALL)
        self._install.argtypes = [ctypes.c_void_p]
        self._install.restype = ctypes.c_void_p
        self._handler = _Handler(self._event)  # kept referenced while installed
        self._previous: int | None = None
        self._was_active = False
        self.heard: list[Heard] = []

    def texts(self) -> list[str]:
        return [h.text for h in self.heard]

    def _event(self, address: int) -> None:
        event = shiboken6.wrapInstance(address, QAccessibleEvent)
        kind = event.type()
        shiboken6.invalidate(event)  # Qt owns it: the wrapper must not outlive this call
        if kind != QAccessible.Event.Announcement:
            return
        announcement = shiboken6.wrapInstance(address, QAccessibleAnnouncementEvent)
        try:
            self.heard.append(
                Heard(
                    announcement.message(),
                    announcement.politeness() == QAccessible.AnnouncementPoliteness.Assertive,
                    announcement.object(),
                )
            )
        finally:
            shiboken6.invalidate(announcement)

    def __enter__(self) -> ScreenReader:
        self._was_active = QAccessible.isActive()
        self._previous = self._install(ctypes.cast(self._handler, ctypes.c_void_p))
        QAccessible.setActive(True)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        QAccessible.setActive(self._was_active)
        self._install(self._previous)

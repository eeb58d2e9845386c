"""Tell the agent a customer wrote: one notification per thread, click opens it.

Uses the system tray where there is one; otherwise (and always, for the record) the status
bar. No notification for the thread the agent is reading: the sync engine already leaves
those out.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMainWindow, QSystemTrayIcon

from ..core.inbox import customer_number
from ..core.sync import NewMessage
from . import wording
from .icons import APP_ID, icon


class Notifier(QObject):
    """Signals:
    sig_open(NewMessage): the agent clicked a notification.
    """

    sig_open = Signal(object)

    def __init__(self, window: QMainWindow, *, sound: bool = False) -> None:
        super().__init__(window)
        self.window = window
        self.sound = sound
        self.enabled = True
        self.masked = False  # numbers in notifications show only their last four digits
        self.shown: list[tuple[str, str]] = []  # (title, body), newest last
        self._last: NewMessage | None = None
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(icon(APP_ID), self)
            self.tray.setToolTip(self.tr("LiveVox Inbox"))
            self.tray.messageClicked.connect(self._clicked)
            self.tray.activated.connect(lambda _: self._clicked())
            self.tray.show()

    def notify(self, news: list[NewMessage]) -> None:
        if not self.enabled:
            return
        by_thread: dict[str, NewMessage] = {}
        for item in news:  # one notification per thread, the latest words
            by_thread[item.thread.thread_id or ""] = item
        for item in by_thread.values():
            number = customer_number(item.thread)
            title = wording.thread_title(item.thread, number, masked=self.masked)
            body = item.entries[-1].text if item.entries else self.tr("New message")
            self.shown.append((title, body))
            self._last = item
            if self.tray is not None:
                self.tray.showMessage(title, body, icon(APP_ID), 8000)
            self.window.statusBar().showMessage(
                self.tr("New message from {0}: {1}").format(title, body[:80]), 8000
            )
        if self.sound and by_thread:
            QApplication.beep()

    def set_unread(self, count: int) -> None:
        if self.tray is not None:
            self.tray.setToolTip(
                self.tr("LiveVox Inbox — {} unread").format(count)
                if count
                else self.tr("LiveVox Inbox")
            )

    def _clicked(self) -> None:
        if self._last is not None:
            self.sig_open.emit(self._last)

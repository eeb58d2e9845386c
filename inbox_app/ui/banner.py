"""The one non-modal place where errors and notices appear, with Retry where it helps."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from .announce import announce


class Banner(QFrame):
    """Shows the latest error (stays until dismissed or retried) or a notice (fades out).

    Each message is also announced to screen readers (errors interrupt, notices wait), since
    the banner appears away from where the agent's focus is.
    """

    NOTICE_MS = 4000

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Messages"))
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.retry_button = QPushButton(self.tr("Retry"), self)
        self.retry_button.setAccessibleName(self.tr("Retry the failed action"))
        self.retry_button.clicked.connect(self._retry)
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setAccessibleName(self.tr("Dismiss message"))
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.retry_button)
        layout.addWidget(self.close_button)
        self._retry_action: Callable[[], None] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    @property
    def text(self) -> str:
        return self.message.text() if self.isVisibleTo(self.parentWidget()) else ""

    def show_error(self, text: str, retry: Callable[[], None] | None = None) -> None:
        self._timer.stop()
        self._retry_action = retry
        self.setProperty("kind", "error")
        self._show(text, retry is not None)
        announce(self, text, assertive=True)

    def show_notice(self, text: str) -> None:
        self._retry_action = None
        self.setProperty("kind", "notice")
        self._show(text, False)
        self._timer.start(self.NOTICE_MS)
        announce(self, text)

    def _show(self, text: str, can_retry: bool) -> None:
        self.message.setText(text)
        self.setAccessibleDescription(text)
        self.retry_button.setVisible(can_retry)
        self.style().unpolish(self)
        self.style().polish(self)
        self.show()

    def _retry(self) -> None:
        action, self._retry_action = self._retry_action, None
        self.hide()
        if action is not None:
            action()

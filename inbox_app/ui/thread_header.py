"""Above the conversation: who the customer is, which account and inbox, and the actions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from ..core import format as fmt
from ..core import models
from ..core.inbox import customer_number
from . import wording


class ThreadHeader(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(self)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QLabel(self)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for label in (self.title, self.details):
            # Long names or inbox titles must not push the panes around: they are cut instead.
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            label.setMinimumWidth(40)
        self.title.setAccessibleName(self.tr("Customer"))
        self.details.setAccessibleName(self.tr("Conversation details"))
        # The buttons share the name's row: a name is short, while the details line (number,
        # account, inbox) is long and was cut in languages with longer button labels. Both
        # labels give way rather than push the panes; the tooltip has the details in full.
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(2)
        self._wide: dict[QToolButton, int] = {}  # each button's width with its words
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addLayout(self.buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.details)
        self.show_thread(None, "")

    def add_action(self, action: QAction) -> QToolButton:
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.ensurePolished()
        self._wide[button] = button.sizeHint().width()  # with words; measured once
        self.buttons.addWidget(button)
        # A QToolButton does not follow its action's visibility: an action the platform
        # cannot do is hidden (main_window's NEEDS), and its button must go with it.
        button.setVisible(action.isVisible())
        action.visibleChanged.connect(self._follow_actions)
        self._fit()
        return button

    def _follow_actions(self) -> None:
        for button in self._wide:
            action = button.defaultAction()
            button.setVisible(action is not None and action.isVisible())
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """Buttons with their words when the name still fits beside them, else icons only
        (the words stay as tooltip and accessible name): the name is never the one cut."""
        buttons = self.findChildren(QToolButton)
        name = self.title.fontMetrics().horizontalAdvance(self.title.text()) + 16
        margins = self.layout().contentsMargins()
        room = self.width() - margins.left() - margins.right() - name
        shown = [wide for button, wide in self._wide.items() if not button.isHidden()]
        needed = sum(shown) + self.buttons.spacing() * len(shown)
        style = (
            Qt.ToolButtonStyle.ToolButtonTextBesideIcon
            if needed <= room
            else Qt.ToolButtonStyle.ToolButtonIconOnly
        )
        for button in buttons:
            if button.toolButtonStyle() != style:
                button.setToolButtonStyle(style)

    def show_thread(
        self, thread: models.Thread | None, inbox_name: str, *, masked: bool = False
    ) -> None:
        if thread is None:
            self.title.setText(self.tr("No conversation selected"))
            self.details.setText(self.tr("Pick a conversation from the list."))
            self.details.setToolTip("")
            self._fit()
            return
        number = customer_number(thread)
        self.title.setText(wording.thread_title(thread, number, masked=masked))
        parts = [fmt.phone(number, masked=masked)] if fmt.contact_name(thread) else []
        parts.append(
            self.tr("Account {}").format(thread.account)
            if thread.account
            else self.tr("No account")
        )
        parts.append(inbox_name)
        self.details.setText("  ·  ".join(p for p in parts if p))
        self.details.setToolTip(self.details.text())
        self._fit()

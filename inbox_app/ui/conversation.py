"""The right pane's history: inbound and outbound bubbles with time and status.

Bubbles have variable height, so the delegate measures wrapped text once per (entry, width)
and caches it; scrolling to the top asks for the next older page.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from ..core.conversation import ChatEntry, SendState
from . import wording
from .announce import announce
from .list_model import EventedListModel, ItemRole

Index = QModelIndex | QPersistentModelIndex


StatusRole = ItemRole + 1  # the words after the time under a bubble


class MessageModel(EventedListModel[ChatEntry]):
    """``platform`` names the platform in the reasons a send failed ("LiveVox")."""

    platform = ""

    def item_data(self, entry: ChatEntry, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.text
        if role == StatusRole:
            return wording.entry_status(entry, self.platform)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            who = self.tr("Customer") if entry.inbound else self.tr("You")
            status = wording.entry_status(entry, self.platform)
            return f"{who}, {wording.when(entry.when)}: {entry.text}. {status}"
        if role == Qt.ItemDataRole.ToolTipRole:
            if entry.error:
                return wording.send_error(entry, self.platform)
            return wording.send_state(entry.state) or entry.status
        return None


class BubbleDelegate(QStyledItemDelegate):
    """Customer on the left, agent on the right, at most 70% of the width."""

    MARGIN, PAD, GAP = 10, 8, 4

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._sizes: dict[tuple[str, str, int], QSize] = {}

    def _bubble_width(self, option: QStyleOptionViewItem) -> int:
        return max(120, int(option.rect.width() * 0.7) if option.rect.width() > 0 else 400)

    def _layout(self, option: QStyleOptionViewItem, entry: ChatEntry) -> tuple[QRect, int]:
        metrics = QFontMetrics(option.font)
        inner = self._bubble_width(option) - 2 * self.PAD
        text = metrics.boundingRect(
            QRect(0, 0, inner, 100_000), Qt.TextFlag.TextWordWrap, entry.text
        )
        return text, metrics.height()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        entry: ChatEntry | None = index.data(ItemRole)
        if entry is None:
            return QSize(0, 0)
        view = self.parent()
        width = view.viewport().width() if isinstance(view, QListView) else option.rect.width()
        key = (entry.key, entry.text, width)
        cached = self._sizes.get(key)
        if cached is None:
            option = QStyleOptionViewItem(option)
            option.rect = QRect(0, 0, width, 0)
            text, line = self._layout(option, entry)
            cached = QSize(width, text.height() + line + 2 * self.PAD + 2 * self.GAP + 4)
            if len(self._sizes) > 20_000:
                self._sizes.clear()
            self._sizes[key] = cached
        return cached

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        entry: ChatEntry | None = index.data(ItemRole)
        if entry is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text, line = self._layout(option, entry)
        meta = f"{wording.when(entry.when)}  ·  {index.data(StatusRole) or ''}".strip(" ·")
        metrics = QFontMetrics(option.font)
        width = max(text.width(), metrics.horizontalAdvance(meta)) + 2 * self.PAD
        height = text.height() + line + 2 * self.PAD + 4
        top = option.rect.top() + self.GAP
        if entry.inbound:
            left = option.rect.left() + self.MARGIN
        else:
            left = option.rect.right() - self.MARGIN - width
        bubble = QRect(left, top, width, height)
        palette = option.palette
        if entry.inbound:
            fill, ink = (
                palette.color(QPalette.ColorRole.AlternateBase),
                palette.color(QPalette.ColorRole.Text),
            )
        else:
            fill = palette.color(QPalette.ColorRole.Highlight)
            ink = palette.color(QPalette.ColorRole.HighlightedText)
        if entry.state is SendState.FAILED:
            fill = QColor("#b3261e")
            ink = QColor("white")
        elif entry.state is SendState.HELD:  # stopped by the compliance guard, kept
            fill = QColor("#7a4f01")
            ink = QColor("white")
        elif entry.state in (SendState.SENDING, SendState.QUEUED, SendState.CHECKING):
            fill.setAlpha(150)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(bubble, 10, 10)
        painter.setPen(ink)
        painter.setFont(option.font)
        painter.drawText(
            QRect(left + self.PAD, top + self.PAD, text.width() + 1, text.height()),
            Qt.TextFlag.TextWordWrap,
            entry.text,
        )
        muted = QColor(ink)
        muted.setAlpha(170)
        painter.setPen(muted)
        painter.drawText(
            QRect(left + self.PAD, top + self.PAD + text.height() + 2, width, line),
            Qt.AlignmentFlag.AlignLeft,
            meta,
        )
        painter.restore()


class ConversationView(QListView):
    """History list that asks for older pages when scrolled to the top, and tells screen
    readers when one of the agent's messages is sent or fails (the bubble changing colour is
    all a sighted agent needs; without the announcement a blind agent would never know).

    Signals:
        sig_wants_older(): the agent scrolled to the top and older history may exist.
        sig_entry_activated(ChatEntry): a bubble was double-clicked (retry a failed send).
    """

    sig_wants_older = Signal()
    sig_entry_activated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_ = MessageModel(self)
        self.setModel(self.model_)
        self.setItemDelegate(BubbleDelegate(self))
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(200)
        self.setWordWrap(True)
        self.setAccessibleName(self.tr("Conversation history"))
        self.setAccessibleDescription(
            self.tr("Messages with the customer, oldest first; scroll up for older ones")
        )
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.doubleClicked.connect(
            lambda index: self.sig_entry_activated.emit(index.data(ItemRole))
        )
        self._stick_to_bottom = True
        self._sends: dict[str, SendState] = {}  # the agent's bubbles on screen, by key
        self.model_.rowsInserted.connect(self._rows_inserted)
        self.model_.modelReset.connect(self._follow)
        self.model_.modelReset.connect(self._note_sends)
        self.model_.dataChanged.connect(self._entries_changed)

    def _scrolled(self, value: int) -> None:
        bar = self.verticalScrollBar()
        self._stick_to_bottom = value >= bar.maximum() - 4
        if value == bar.minimum() and bar.maximum() > 0:
            self.sig_wants_older.emit()

    def _note_sends(self) -> None:
        """Another conversation: what it shows is not news."""
        self._sends = {
            e.key: e.state for e in self.model_.source if e.state is not SendState.SERVER
        }

    def _entries_changed(self, top: QModelIndex, bottom: QModelIndex) -> None:
        for row in range(top.row(), bottom.row() + 1):
            entry: ChatEntry | None = self.model_.item(row)
            if entry is None or entry.state is SendState.SERVER:
                continue
            before = self._sends.get(entry.key)
            self._sends[entry.key] = entry.state
            if before is entry.state:
                continue
            if entry.state is SendState.SENT:
                announce(self, self.tr("Message sent."))
            elif entry.state is SendState.FAILED:
                # Politely and without the reason: when the send itself failed, the banner
                # has just said why, assertively; the bubble's accessible text keeps it.
                announce(self, self.tr("Message not sent."))

    def _rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        for row in range(first, last + 1):
            entry = self.model_.item(row)
            if entry is not None and entry.state is not SendState.SERVER:
                self._sends[entry.key] = entry.state
        if first == 0 and self.model_.rowCount() > last + 1:
            # Older history went in above: keep what the agent was reading in place.
            self.scrollTo(self.model_.index(last + 1), QAbstractItemView.ScrollHint.PositionAtTop)
        else:
            self._follow()

    def _follow(self) -> None:
        if self._stick_to_bottom or self.model_.rowCount() <= 1:
            self.scrollToBottom()

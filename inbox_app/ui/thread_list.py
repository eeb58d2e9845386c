"""The middle pane: one inbox's threads, paged as the agent scrolls, filterable."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QItemSelectionModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QListView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ..core import format as fmt
from ..core import models
from ..core.inbox import customer_number
from ..core.thread_table import ThreadTable, search_text
from . import wording
from .list_model import EventedListModel, ItemRole
from .thread_row import RowWords, paint_row, row_size

UnreadRole = Qt.ItemDataRole.UserRole + 3
RowWordsRole = Qt.ItemDataRole.UserRole + 4  # what the row says (the delegate paints it)
translate = QCoreApplication.translate  # a name lupdate reads: translate("context", "text")


THREAD_IDS_MIME = "application/x-inbox-thread-ids"


class ThreadListModel(EventedListModel[models.Thread]):
    """Threads of the shown inbox; the delegate paints them from the item itself.
    ``masked``: numbers show only their last four digits."""

    masked = False

    def item_data(self, thread: models.Thread, role: int) -> Any:
        number = customer_number(thread)
        masked = self.masked
        if role == Qt.ItemDataRole.DisplayRole:
            return wording.thread_title(thread, number, masked=masked)
        if role == RowWordsRole:
            return row_words(thread, masked=masked)
        if role == Qt.ItemDataRole.ToolTipRole:
            account = self.tr("account {}").format(thread.account or "—")
            return f"{fmt.phone(number, masked=masked)}  ·  {account}"
        if role == UnreadRole:
            return not thread.read
        if role == Qt.ItemDataRole.AccessibleTextRole:
            state = self.tr("unread") if not thread.read else self.tr("read")
            title = wording.thread_title(thread, number, masked=masked)
            return f"{title}, {state}, {wording.when(thread.last_activity)}"
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else flags

    def mimeTypes(self) -> list[str]:
        return [THREAD_IDS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        """Dragged conversations, by id (the team pane takes them as a transfer)."""
        data = QMimeData()
        ids = [t.thread_id for t in (self.item(i.row()) for i in indexes) if t and t.thread_id]
        data.setData(THREAD_IDS_MIME, "\n".join(dict.fromkeys(ids)).encode())
        return data


def row_words(thread: models.Thread, *, masked: bool = False) -> RowWords:
    """What the thread's row says, in the agent's language (the cached first screen keeps
    these words, so they are made in one place)."""
    number = customer_number(thread)
    details: list[str] = []
    if thread.account:
        details.append(
            translate("ThreadDelegate", "Acct {}", "account number").format(thread.account)
        )
    if fmt.contact_name(thread):
        details.append(fmt.phone(number, masked=masked))
    return RowWords(
        title=wording.thread_title(thread, number, masked=masked),
        when=wording.when(thread.last_activity),
        details=tuple(details),
        state=translate("ThreadDelegate", "replied")
        if thread.replied
        else translate("ThreadDelegate", "awaiting reply"),
        unread=not thread.read,
    )


class ThreadDelegate(QStyledItemDelegate):
    """Two lines per thread, uniform height: who and when, then account and reply state."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return row_size(option.font)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        words: RowWords | None = index.data(RowWordsRole)
        if words is not None:
            paint_row(painter, option, words)


class ThreadFilter(QSortFilterProxyModel):
    """The rows whose thread matches the filter text. The thread table answers with one
    query (:meth:`ThreadTable.matcher`) instead of the proxy asking every row for its text,
    which would parse every thread of a 100,000-thread inbox."""

    def __init__(self, model: ThreadListModel) -> None:
        super().__init__(model)
        self._model = model
        self._needle = ""
        self._accepts: Callable[[int], bool] | None = None
        self._asked: tuple[object, str] | None = None
        self.setSourceModel(model)

    def set_needle(self, text: str) -> None:
        needle = text.strip().casefold()
        if needle == self._needle:
            return
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+; invalidateRowsFilter is deprecated
            self.beginFilterChange()
            self._needle = needle
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._needle = needle
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not self._needle:
            return True
        source = self._model.source
        if self._asked != (source, self._needle):  # another inbox, or new text
            self._asked = (source, self._needle)
            table = source if isinstance(source, ThreadTable) else None
            self._accepts = table.matcher(self._needle) if table is not None else None
        if self._accepts is not None:
            return self._accepts(row)
        thread = self._model.item(row)
        return thread is not None and self._needle in search_text(thread)


class ThreadListView(QWidget):
    """Filter box over a paged list of threads.

    Signals:
        sig_thread_activated(models.Thread): the agent picked a thread to open.
        sig_context_menu(models.Thread, QPoint): right-click on a thread row.
    """

    sig_thread_activated = Signal(object)
    sig_context_menu = Signal(object, object)
    sig_selection_changed = Signal(int)  # how many conversations are selected

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ThreadListModel(self)
        self.proxy = ThreadFilter(self.model)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Filter by name, number or account"))
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName(self.tr("Filter conversations"))
        self.filter.setAccessibleDescription(
            self.tr("Show only conversations matching a name, number or account")
        )
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(200)
        self._debounce.timeout.connect(lambda: self.proxy.set_needle(self.filter.text()))
        self.filter.textChanged.connect(lambda _: self._debounce.start())
        self.view = QListView(self)
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(ThreadDelegate(self.view))
        self.view.setUniformItemSizes(True)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Ctrl / Shift + click select several (a supervisor's bulk actions); dragged onto the
        # team pane they are transferred.
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setDragEnabled(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.setAccessibleName(self.tr("Conversations"))
        self.view.setAccessibleDescription(
            self.tr("The conversations of the chosen inbox, newest first")
        )
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.selected_count = QLabel(self)
        self.selected_count.setAccessibleName(self.tr("Selected conversations"))
        self.selected_count.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.filter)
        layout.addWidget(self.selected_count)
        layout.addWidget(self.view)

    def selected_threads(self) -> list[models.Thread]:
        """The selected conversations, top to bottom (the current one alone when only it)."""
        rows = sorted(i.row() for i in self.view.selectionModel().selectedIndexes())
        threads = [self.proxy.index(r, 0).data(ItemRole) for r in rows]
        return [t for t in threads if t is not None]

    def select_all_shown(self) -> int:
        """Select every conversation the filter shows; returns how many."""
        self.view.selectAll()
        return len(self.view.selectionModel().selectedIndexes())

    def extend(self, step: int) -> bool:
        """Move to the next (+1) or previous (-1) conversation, keeping the selection."""
        row = self.view.currentIndex().row() + step
        if not 0 <= row < self.proxy.rowCount():
            return False
        flags = QItemSelectionModel.SelectionFlag.Select
        self.view.selectionModel().setCurrentIndex(self.proxy.index(row, 0), flags)
        return True

    def _selection_changed(self) -> None:
        count = len(self.view.selectionModel().selectedIndexes())
        self.selected_count.setText(self.tr("%n selected", "", count))
        self.selected_count.setVisible(count > 1)
        self.sig_selection_changed.emit(count)

    def current_thread(self) -> models.Thread | None:
        index = self.view.currentIndex()
        return index.data(ItemRole) if index.isValid() else None

    def select_thread(self, thread_id: str | None) -> bool:
        source = self.model.source
        if isinstance(source, ThreadTable):
            row = source.index_of_id(thread_id)
        else:
            row = source.index_where(lambda t: t.thread_id == thread_id)
        index = self.proxy.mapFromSource(self.model.index(row)) if row >= 0 else QModelIndex()
        if not index.isValid():  # not loaded, or hidden by the filter
            return False
        self.view.setCurrentIndex(index)
        return True

    def select_row(self, row: int) -> bool:
        if 0 <= row < self.proxy.rowCount():
            self.view.setCurrentIndex(self.proxy.index(row, 0))
            return True
        return False

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        thread = current.data(ItemRole) if current.isValid() else None
        if thread is not None:
            self.sig_thread_activated.emit(thread)

    def _context_menu(self, pos: Any) -> None:
        index = self.view.indexAt(pos)
        if index.isValid():
            if not self.view.selectionModel().isSelected(index):  # keep a selection it is in
                self.view.setCurrentIndex(index)
            self.sig_context_menu.emit(index.data(ItemRole), self.view.viewport().mapToGlobal(pos))

"""A ``QAbstractListModel`` over a core :class:`~inbox_app.core.evented.EventedList`.

Each list change becomes the matching begin/end row call, so views keep their selection and
scroll position. Paging is delegated: ``can_fetch_more`` and ``fetch_more`` are plain
callables supplied by the owner (which starts the page load through the task runner), in
the spirit of FeelUOwn's fetch-more mixin.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from ..core.evented import EventedList, ListObserver

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex

ItemRole = Qt.ItemDataRole.UserRole + 1


class EventedListModel(QAbstractListModel, Generic[T]):
    """Adapts an evented list; subclasses say how an item is shown in :meth:`item_data`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: EventedList[T] = EventedList()
        self._unobserve: Callable[[], None] = lambda: None
        self.can_fetch_more: Callable[[], bool] = lambda: False
        self.fetch_more: Callable[[], None] = lambda: None

    def set_source(self, items: EventedList[T]) -> None:
        """Show another list (another inbox, another conversation)."""
        self.beginResetModel()
        self._unobserve()
        self._items = items
        self._unobserve = items.observe(self._observer())
        self.endResetModel()

    def detach(self) -> None:
        """Stop observing the source: it belongs to core, which outlives this view."""
        self._unobserve()
        self._unobserve = lambda: None

    @property
    def source(self) -> EventedList[T]:
        return self._items

    def _observer(self) -> ListObserver[T]:
        root = QModelIndex()
        return ListObserver(
            inserting=lambda first, last: self.beginInsertRows(root, first, last),
            inserted=lambda first, last: self.endInsertRows(),
            removing=lambda first, last: self.beginRemoveRows(root, first, last),
            removed=lambda first, last: self.endRemoveRows(),
            changed=lambda first, last: self.dataChanged.emit(self.index(first), self.index(last)),
            # Qt's destination is the row *before which* the item goes, in pre-move numbering.
            moving=lambda src, dst: self.beginMoveRows(root, src, src, root, dst + (dst > src)),
            moved=lambda src, dst: self.endMoveRows(),
            resetting=self.beginResetModel,
            reset=self.endResetModel,
        )

    def item(self, row: int) -> T | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == ItemRole:
            return item
        return self.item_data(item, role)

    def item_data(self, item: T, role: int) -> Any:
        return str(item) if role == Qt.ItemDataRole.DisplayRole else None

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self.can_fetch_more()

    def fetchMore(self, parent: Index) -> None:
        if not parent.isValid():
            self.fetch_more()

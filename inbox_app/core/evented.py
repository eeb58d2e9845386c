"""A list that tells its observers exactly what changed.

Core state (an inbox's threads, a conversation's messages) lives in these lists; a Qt item
model adapts one to ``QAbstractListModel`` by turning each notification into the matching
``beginInsertRows``/``endInsertRows`` pair. Fine-grained events keep views from resetting
(and losing scroll position and selection) on every change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, overload

__all__ = ["EventedList", "ListObserver"]

T = TypeVar("T")


@dataclass(eq=False)
class ListObserver(Generic[T]):
    """Callbacks for one observer; each gets the list's state *after* the change, except
    ``removing`` which runs before rows go (Qt needs ``beginRemoveRows`` first)."""

    inserting: Callable[[int, int], None] = lambda first, last: None
    inserted: Callable[[int, int], None] = lambda first, last: None
    removing: Callable[[int, int], None] = lambda first, last: None
    removed: Callable[[int, int], None] = lambda first, last: None
    changed: Callable[[int, int], None] = lambda first, last: None
    moving: Callable[[int, int], None] = lambda source, destination: None
    moved: Callable[[int, int], None] = lambda source, destination: None
    resetting: Callable[[], None] = lambda: None
    reset: Callable[[], None] = lambda: None


@dataclass(eq=False)
class EventedList(Sequence[T]):
    """Items in memory. A subclass may keep them elsewhere (``ThreadTable``: on disk): the
    list then holds keys, and the three storage hooks turn items into keys and back."""

    _items: Any = field(default_factory=list)
    _observers: list[ListObserver[T]] = field(default_factory=list)

    # --- storage hooks (identity here: the list holds the items themselves) ----------------

    def _keys(self, items: list[T]) -> Any:
        """Store ``items``; returns what the list holds for them (a list or an array)."""
        return items

    def _load(self, key: Any) -> T:
        return key  # type: ignore[no-any-return]

    def _forget(self, keys: Any) -> None:
        """Items left the list (removed, replaced, reset)."""

    def observe(self, observer: ListObserver[T]) -> Callable[[], None]:
        """Add an observer; returns the function that removes it again."""
        self._observers.append(observer)
        return lambda: self._observers.remove(observer) if observer in self._observers else None

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...
    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        if isinstance(index, slice):
            return [self._load(key) for key in self._items[index]]
        return self._load(self._items[index])

    def __iter__(self) -> Iterator[T]:
        return (self._load(key) for key in self._items)

    def index_where(self, match: Callable[[T], bool]) -> int:
        """Index of the first item that matches, or -1."""
        return next((i for i, item in enumerate(self) if match(item)), -1)

    def insert(self, index: int, items: Iterable[T]) -> None:
        new = list(items)
        if not new:
            return
        keys = self._keys(new)
        index = max(0, min(index, len(self._items)))
        first, last = index, index + len(new) - 1
        for o in list(self._observers):
            o.inserting(first, last)
        self._items[index:index] = keys
        for o in list(self._observers):
            o.inserted(first, last)

    def extend(self, items: Iterable[T]) -> None:
        self.insert(len(self._items), items)

    def append(self, item: T) -> None:
        self.insert(len(self._items), [item])

    def remove_at(self, index: int, count: int = 1) -> list[T]:
        if count <= 0 or not 0 <= index < len(self._items):
            return []
        last = min(index + count, len(self._items)) - 1
        for o in list(self._observers):
            o.removing(index, last)
        gone = self[index : last + 1]
        keys = self._items[index : last + 1]
        del self._items[index : last + 1]
        self._forget(keys)
        for o in list(self._observers):
            o.removed(index, last)
        return list(gone)

    def move(self, source: int, destination: int) -> None:
        """Move one item so that it ends up at ``destination`` (views keep their selection)."""
        if source == destination or not (0 <= source < len(self._items)):
            return
        if not 0 <= destination < len(self._items):
            raise IndexError(destination)
        for o in list(self._observers):
            o.moving(source, destination)
        self._items.insert(destination, self._items.pop(source))
        for o in list(self._observers):
            o.moved(source, destination)

    def replace_at(self, index: int, item: T) -> None:
        old = self._items[index : index + 1]
        self._items[index] = self._keys([item])[0]
        self._forget(old)
        for o in list(self._observers):
            o.changed(index, index)

    def reset(self, items: Iterable[T]) -> None:
        new = self._keys(list(items))
        for o in list(self._observers):
            o.resetting()
        old, self._items = self._items, new
        self._forget(old)
        for o in list(self._observers):
            o.reset()

"""Change notifications that a listener can leave.

Core reports changes (counts moved, the connection's health, a customer wrote, an outbox
item changed state) to whoever listens. A window that closes must take its listeners with
it, or core keeps calling into a dead widget and keeps it alive: so ``connect`` hands back
the function that disconnects, and the window calls it when it closes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["Hook"]

T = TypeVar("T")


class Hook(Generic[T]):
    """One kind of notification carrying a ``T``; listeners are called in connect order."""

    __slots__ = ("_listeners",)

    def __init__(self) -> None:
        self._listeners: list[Callable[[T], object]] = []

    def connect(self, listener: Callable[[T], object]) -> Callable[[], None]:
        """Call ``listener`` on every emit until the returned function is called."""
        self._listeners.append(listener)

        def disconnect() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return disconnect

    def emit(self, value: T) -> None:
        for listener in list(self._listeners):
            listener(value)

    def __len__(self) -> int:
        """How many listeners are connected (a closed window must leave none)."""
        return len(self._listeners)

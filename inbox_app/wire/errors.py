"""What every protocol's error has in common; each protocol subclasses it with its own names.

:class:`WireError` holds our sentence for a person (``message``), the HTTP status and the
server's own words; :class:`MaybeDelivered` is the mixin of each protocol's
``TransportError`` (``maybe_delivered`` is False only when the request certainly never
reached the server). Neither is raised as such: callers catch the protocol's own types.
"""

from __future__ import annotations

from typing import Any

__all__ = ["MaybeDelivered", "WireError"]


class WireError(Exception):
    """Base of the protocol packages' error bases (``LiveVoxError``, ``LiveLinkError``)."""

    default_message = "The server reported an error."
    # Attributes shown by repr, between the status and the message.
    repr_fields: tuple[str, ...] = ()

    def __init__(
        self,
        message: str | None = None,
        *,
        status: int | None = None,
        server_message: str | None = None,
    ) -> None:
        self.message = message or self.default_message
        self.status = status
        self.server_message = server_message
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        names = ("status", *self.repr_fields, "message")
        shown = ", ".join(f"{name}={getattr(self, name, None)!r}" for name in names)
        return f"{type(self).__name__}({shown})"


class MaybeDelivered:
    """Mixin for a protocol's ``TransportError``: no usable response arrived."""

    def __init__(self, message: str | None = None, *, maybe_delivered: bool = True) -> None:
        self.maybe_delivered = maybe_delivered
        super().__init__(message)  # type: ignore[call-arg]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not issubclass(cls, WireError):
            raise TypeError(f"{cls.__name__} must also derive from a protocol's error base.")

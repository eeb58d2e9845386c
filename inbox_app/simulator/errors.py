"""The one error type the simulator's world raises, mapped onto LiveVox's error body.

Keeping it free of FastAPI lets :mod:`.state` stay a plain library that tests can drive
directly, while :mod:`.app` turns every ``ApiError`` into ``{"code": n, "message": "..."}``.

LiveVox's ``code`` is its own internal code, not the HTTP status (a 400 may carry
``{"code": 202, "message": "Contact already exists!"}``). Its list is not published, so the
simulator has codes of its own, chosen never to equal the status: a client that reads the
code as the status fails against the simulator as it would against LiveVox.
"""

from __future__ import annotations

__all__ = [
    "AUTHORIZATION_ERROR",
    "NOT_IN_A_SERVICE",
    "PASSWORD_EXPIRED",
    "ApiError",
    "internal_code",
]

# The simulator's internal code for each status when no more specific one is given.
_BY_STATUS = {
    400: 100,
    401: 300,
    403: 310,
    404: 200,
    405: 105,
    409: 210,
    429: 900,
    500: 999,
    502: 998,
    503: 997,
}

# Specific refusals, shared by the world and the tests.
AUTHORIZATION_ERROR = 301
PASSWORD_EXPIRED = 302
NOT_IN_A_SERVICE = 320


def internal_code(status: int) -> int:
    """The internal code the simulator sends with an error status."""
    return _BY_STATUS.get(status, 1000 + status)


class ApiError(Exception):
    """A request the world refuses, with the HTTP status LiveVox would answer; ``internal``
    is a specific internal code (default: the status's own, see :func:`internal_code`).
    The other platforms' simulators subclass it with their own error shapes."""

    def __init__(self, status: int, message: str, internal: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.internal = internal_code(status) if internal is None else internal

    def body(self) -> dict[str, object]:
        return {"code": self.internal, "message": self.message}

"""The one error type the simulator's world raises, mapped 1:1 onto LiveVox's error body.

Keeping it free of FastAPI lets :mod:`.state` stay a plain library that tests can drive
directly, while :mod:`.app` turns every ``ApiError`` into ``{"code": n, "message": "..."}``.
"""

from __future__ import annotations

__all__ = ["ApiError"]


class ApiError(Exception):
    """A request the world refuses, with the HTTP status LiveVox would answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message

    def body(self) -> dict[str, object]:
        return {"code": self.status, "message": self.message}

"""Typed errors of the relay's desktop API.

Every failure of a relay call is one of these, never an httpx or pydantic exception:
:class:`Unauthorized` (the agent token is unknown or revoked), :class:`Claimed` (another
agent holds the conversation: ``owner`` names them), :class:`NotFound` (no such agent to
transfer to), :class:`BadRequest` (a malformed conversation key), :class:`ServerError`,
:class:`ProtocolError` (an answer that is not the documented JSON) and
:class:`TransportError` (no answer; ``maybe_delivered`` when the relay may have acted).
"""

from __future__ import annotations

from typing import Any

from ..wire.errors import MaybeDelivered, WireError

__all__ = [
    "BadRequest",
    "Claimed",
    "NotFound",
    "ProtocolError",
    "RateLimited",
    "RelayError",
    "ServerError",
    "TransportError",
    "Unauthorized",
    "error_for_status",
]


class RelayError(WireError):
    """Base of every relay failure; ``server_message`` is the relay's ``detail``."""

    default_message = "The relay reported an error."


class BadRequest(RelayError):
    """400 / 422: a malformed conversation key or body."""

    default_message = "The relay rejected the request as invalid."


class Unauthorized(RelayError):
    """401: the agent token is unknown or revoked."""

    default_message = "The relay refused the agent token."


class NotFound(RelayError):
    """404: no such agent (a transfer's target) or no such endpoint (a wrong address)."""

    default_message = "The relay could not find what was asked for."


class Claimed(RelayError):
    """409: another agent holds the conversation (``owner``)."""

    default_message = "Another agent holds this conversation."
    repr_fields = ("owner",)

    def __init__(self, message: str | None = None, *, owner: str = "", **common: Any) -> None:
        self.owner = owner
        common.setdefault("status", 409)
        super().__init__(message, **common)


class RateLimited(RelayError):
    """429 (from a proxy in front of the relay)."""

    default_message = "The relay is limiting requests right now."

    def __init__(self, message: str | None = None, **fields: Any) -> None:
        self.retry_after: float | None = fields.pop("retry_after", None)
        fields.setdefault("status", 429)
        super().__init__(message, **fields)


class ServerError(RelayError):
    """5xx: the relay (or a proxy in front of it) failed."""

    default_message = "The relay had a problem. Please try again shortly."


class ProtocolError(RelayError):
    """The answer was not the documented JSON."""

    default_message = "The relay sent an answer this app does not understand."


class TransportError(MaybeDelivered, RelayError):
    """No usable answer: could not connect, timed out, or the connection broke."""

    default_message = "Could not reach the relay. Check the network connection."


_BY_STATUS: dict[int, type[RelayError]] = {
    400: BadRequest,
    401: Unauthorized,
    404: NotFound,
    422: BadRequest,
}


def error_for_status(
    status: int,
    *,
    server_message: str | None = None,
    owner: str | None = None,
    retry_after: float | None = None,
) -> RelayError:
    """The typed error for an HTTP error status and the relay's ``{detail, owner}`` body."""
    if status == 409:
        return Claimed(owner=owner or "", server_message=server_message)
    if status == 429:
        return RateLimited(retry_after=retry_after, server_message=server_message)
    if status >= 500:
        return ServerError(status=status, server_message=server_message)
    kind = _BY_STATUS.get(status)
    if kind is not None:
        return kind(status=status, server_message=server_message)
    return RelayError(
        f"The relay answered with HTTP status {status}.",
        status=status,
        server_message=server_message,
    )

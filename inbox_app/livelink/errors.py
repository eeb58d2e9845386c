"""Typed errors of the SAP Live Link 365 protocol layer.

Every failure of a Live Link call surfaces as one of these, never as an httpx or pydantic
exception, so the layers above can decide by type alone what to do: fix the app key and
secret (:class:`AuthFailed`), wait (:class:`RateLimited`), try a read again later
(:class:`ServerError`, :class:`TransportError`), or reconcile a send whose answer was lost
(``TransportError.maybe_delivered``) against the status pull instead of sending again.
"""

from __future__ import annotations

from typing import Any

from ..wire.errors import MaybeDelivered, WireError

__all__ = [
    "AuthFailed",
    "BadRequest",
    "Forbidden",
    "LiveLinkError",
    "NotFound",
    "ProtocolError",
    "RateLimited",
    "ServerError",
    "TransportError",
    "Unauthorized",
    "error_for_status",
]


class LiveLinkError(WireError):
    """Base of every Live Link failure.

    ``message`` is our sentence for a person; ``server_message`` is the server's own words
    (its ``userMessage``, else its ``debugMessage`` or an OAuth ``error_description``), kept
    apart because it is detail, sometimes technical; ``debug_message`` is the
    ``debugMessage`` itself; ``api_error_code`` is Live Link's ``apiErrorCode`` and
    ``status`` the HTTP status (None when no response arrived).
    """

    default_message = "The Live Link 365 server reported an error."
    repr_fields = ("api_error_code",)

    def __init__(
        self,
        message: str | None = None,
        *,
        api_error_code: int | str | None = None,
        debug_message: str | None = None,
        **common: Any,
    ) -> None:
        self.api_error_code = api_error_code
        self.debug_message = debug_message
        super().__init__(message, **common)


class BadRequest(LiveLinkError):
    """400: a field is missing or invalid (e.g. an origin that is not the account's)."""

    default_message = "Live Link 365 rejected the request as incomplete or invalid."


class Unauthorized(LiveLinkError):
    """401 on an API call, twice in a row: the access token was refused even when new."""

    default_message = "Live Link 365 refused the access token. Check the app key's scopes."


class AuthFailed(Unauthorized):
    """The token endpoint refused the app key and secret (wrong, revoked or expired)."""

    default_message = "Live Link 365 sign-in failed: check the app key and secret."


class Forbidden(LiveLinkError):
    """403: the app key may not do this (a missing scope, an origin not on the account)."""

    default_message = "This Live Link 365 account is not allowed to do this."


class NotFound(LiveLinkError):
    """404: no such endpoint (a wrong base address) or no such order."""

    default_message = "Live Link 365 could not find what was asked for."


class RateLimited(LiveLinkError):
    """429: too many requests; ``retry_after`` is how long the server asked us to wait."""

    default_message = "Live Link 365 is limiting requests right now."

    def __init__(self, message: str | None = None, **fields: Any) -> None:
        self.retry_after: float | None = fields.pop("retry_after", None)
        fields.setdefault("status", 429)
        if message is None and self.retry_after is not None:
            message = f"Live Link 365 is limiting requests; trying again in {self.retry_after:g} s."
        super().__init__(message, **fields)


class ServerError(LiveLinkError):
    """5xx: the platform failed. For a send, Live Link retries a transient failure itself."""

    default_message = "The Live Link 365 server had a problem. Please try again shortly."


class ProtocolError(LiveLinkError):
    """The response was not the documented JSON (malformed body, wrong shape, bad values)."""

    default_message = "The Live Link 365 server sent an answer this app does not understand."


class TransportError(MaybeDelivered, LiveLinkError):
    """No usable response: could not connect, timed out, or the connection broke.

    ``maybe_delivered`` is False only when the request certainly never reached the server
    (connection refused, connect timeout); otherwise the platform may have acted on it: a
    send must then be reconciled with the status pull (its ``subject``), never repeated blind.
    """

    default_message = "Could not reach the Live Link 365 server. Check the network connection."


_BY_STATUS: dict[int, type[LiveLinkError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
}


def error_for_status(
    status: int,
    *,
    api_error_code: int | str | None = None,
    server_message: str | None = None,
    debug_message: str | None = None,
    retry_after: float | None = None,
) -> LiveLinkError:
    """The typed error for an HTTP error status and Live Link's error body."""
    detail = {
        "status": status,
        "api_error_code": api_error_code,
        "server_message": server_message,
        "debug_message": debug_message,
    }
    if status == 429:
        return RateLimited(retry_after=retry_after, **detail)
    if status >= 500:
        return ServerError(**detail)
    if status in _BY_STATUS:
        return _BY_STATUS[status](**detail)
    return LiveLinkError(f"Live Link 365 answered with HTTP status {status}.", **detail)

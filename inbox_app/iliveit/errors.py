"""Typed errors of the iLiveIt messaging API protocol layer.

Every failure of an iLiveIt call surfaces as one of these, never as an httpx or pydantic
exception, so the layers above can decide by type alone what to do: fix the application token
(:class:`AuthFailed`), wait and send later (:class:`RateLimited`: the product page says a 429
"is safe to retry later"), try a read again later (:class:`ServerError`,
:class:`TransportError`), or show a send whose answer was lost as "may have been sent"
(``maybe_delivered``). iLiveIt carries no key of ours on a send and has no search, so such a
send can never be looked up: it must not be repeated blind either.

iLiveIt's error bodies are ``{"Error": "..."}`` (the Go client's ``WebRequestResponse``); the
text is kept in ``server_message``.
"""

from __future__ import annotations

from typing import Any

from ..wire.errors import MaybeDelivered, WireError

__all__ = [
    "AuthFailed",
    "BadRequest",
    "Forbidden",
    "ILiveItError",
    "NotFound",
    "ProtocolError",
    "RateLimited",
    "ServerError",
    "TransportError",
    "error_for_status",
]


class ILiveItError(WireError):
    """Base of every iLiveIt failure.

    ``message`` is our sentence for a person; ``server_message`` is the server's own words
    (its ``Error`` text), kept apart because it is detail, sometimes technical; ``status`` is
    the HTTP status (None when no response arrived).
    """

    default_message = "The iLiveIt server reported an error."


class BadRequest(ILiveItError):
    """400: the message was refused as incomplete or invalid (a number, the MVNO id...)."""

    default_message = "iLiveIt rejected the message as incomplete or invalid."


class AuthFailed(ILiveItError):
    """401: the application token was refused (wrong, revoked, or for the other
    environment: staging and production have their own tokens)."""

    default_message = "iLiveIt refused the application token. Check it on the developer portal."


class Forbidden(ILiveItError):
    """403: the application may not do this (e.g. a service not in the subscription)."""

    default_message = "This iLiveIt application is not allowed to do this."


class NotFound(ILiveItError):
    """404: no such route (a wrong base address) or no such message for this application
    (statuses can only be read by the application that sent the message)."""

    default_message = "iLiveIt could not find what was asked for."


class RateLimited(ILiveItError):
    """429 "Maximum messages per second exceeded": nothing was sent, and sending the same
    message later is safe. ``retry_after`` is the server's ``Retry-After`` in seconds, if any."""

    default_message = "iLiveIt is limiting messages per second right now; try again shortly."

    def __init__(self, message: str | None = None, **fields: Any) -> None:
        self.retry_after: float | None = fields.pop("retry_after", None)
        fields.setdefault("status", 429)
        if message is None and self.retry_after is not None:
            message = f"iLiveIt is limiting requests; trying again in {self.retry_after:g} s."
        super().__init__(message, **fields)


class ServerError(ILiveItError):
    """5xx: the platform failed. A send that got one may or may not have been taken."""

    default_message = "The iLiveIt server had a problem. Please try again shortly."


class ProtocolError(ILiveItError):
    """The answer (or a postback) was not the documented JSON: malformed, wrong shape,
    a send answer without ``MessageID``, a ping that is not "Pong!".

    ``maybe_delivered`` is True when it was a success answer to a send: the platform took the
    message but we could not read its id, so it may be sent and cannot be looked up.
    """

    default_message = "The iLiveIt server sent an answer this app does not understand."

    def __init__(
        self, message: str | None = None, *, maybe_delivered: bool = False, **fields: Any
    ) -> None:
        self.maybe_delivered = maybe_delivered
        super().__init__(message, **fields)


class TransportError(MaybeDelivered, ILiveItError):
    """No usable response: could not connect, timed out, or the connection broke.

    ``maybe_delivered`` is False only when the request certainly never reached the server
    (connection refused, connect timeout). Otherwise a send may have been taken: iLiveIt has
    no key of ours and no search, so there is no way to find out; show it as "may have been
    sent" and never repeat it blind.
    """

    default_message = "Could not reach the iLiveIt server. Check the network connection."


_BY_STATUS: dict[int, type[ILiveItError]] = {
    400: BadRequest,
    401: AuthFailed,
    403: Forbidden,
    404: NotFound,
}


def error_for_status(
    status: int, *, server_message: str | None = None, retry_after: float | None = None
) -> ILiveItError:
    """The typed error for an HTTP error status and iLiveIt's ``{"Error": ...}`` text."""
    if status == 429:
        return RateLimited(retry_after=retry_after, status=status, server_message=server_message)
    if status >= 500:
        return ServerError(status=status, server_message=server_message)
    if status in _BY_STATUS:
        return _BY_STATUS[status](status=status, server_message=server_message)
    return ILiveItError(
        f"iLiveIt answered with HTTP status {status}.", status=status, server_message=server_message
    )

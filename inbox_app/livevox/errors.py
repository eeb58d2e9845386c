"""Typed errors of the LiveVox protocol layer.

Every failure of a LiveVox call surfaces as one of these, never as an httpx or pydantic
exception, so the layers above can turn each kind into one clear sentence and decide what
to do (log in again, wait, back off, reconcile an unknown send) by type alone.
"""

from __future__ import annotations

from ..wire.errors import MaybeDelivered, WireError

__all__ = [
    "BadRequest",
    "Conflict",
    "Forbidden",
    "LiveVoxError",
    "LoginFailed",
    "NotFound",
    "NotLoggedIn",
    "ProtocolError",
    "RateLimited",
    "ServerError",
    "SessionExpired",
    "TransportError",
    "error_for_status",
]


class LiveVoxError(WireError):
    """Base of every LiveVox failure.

    ``message`` is our sentence for a person (what happened, what to do); ``server_message``
    is the server's own words from its ``{"code", "message"}`` body, kept apart because it
    is detail, sometimes technical; ``code`` is that body's code and ``status`` the HTTP
    status (None when no response arrived).
    """

    default_message = "The LiveVox server reported an error."
    repr_fields = ("code",)

    def __init__(
        self,
        message: str | None = None,
        *,
        status: int | None = None,
        code: int | None = None,
        server_message: str | None = None,
    ) -> None:
        self.code = code
        super().__init__(message, status=status, server_message=server_message)


class BadRequest(LiveVoxError):
    """400: the server found a field missing or contradictory."""

    default_message = "LiveVox rejected the request as incomplete or contradictory."


class SessionExpired(LiveVoxError):
    """401: the session is not valid any more (expired, logged out, or replaced)."""

    default_message = "Your LiveVox session has expired. Please sign in again."


class LoginFailed(SessionExpired):
    """Login refused (LiveVox answers 401, 403 or 404): the client code, user name, password
    or access token is wrong — or the environment is: a client code on another environment
    (NA3 to NA6) is answered as an authorization error. ``server_message`` keeps LiveVox's words.
    """

    default_message = (
        "Sign-in refused: check the client code, user name, password and access token, and "
        "that the environment (NA3, NA4, NA5 or NA6) is your tenant's: on the wrong one "
        "LiveVox answers with an authorization error."
    )

    @property
    def password_expired(self) -> bool:
        """LiveVox's words say the password expired (the wording is not published: matched
        leniently on "password" and "expire")."""
        words = (self.server_message or "").lower()
        return "password" in words and "expire" in words


class Forbidden(LiveVoxError):
    """403: this session's role (agent or user) may not call the method."""

    default_message = "Your LiveVox role is not allowed to do this."


class NotFound(LiveVoxError):
    """404: the thread, template, agent or session does not exist."""

    default_message = "LiveVox could not find what was asked for."


class Conflict(LiveVoxError):
    """409: the request clashes with the current state (e.g. resolving a resolved thread)."""

    default_message = "LiveVox refused: the conversation changed in the meantime."


class RateLimited(LiveVoxError):
    """429: too many requests; ``retry_after`` is how long the server asked us to wait."""

    default_message = "LiveVox is limiting requests right now."

    def __init__(
        self,
        message: str | None = None,
        *,
        status: int | None = 429,
        code: int | None = None,
        server_message: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        self.retry_after = retry_after
        if message is None and retry_after is not None:
            message = f"LiveVox is limiting requests; trying again in {retry_after:g} s."
        super().__init__(message, status=status, code=code, server_message=server_message)


class ServerError(LiveVoxError):
    """5xx: the server failed or is misconfigured; the request may be worth repeating later."""

    default_message = "The LiveVox server had a problem. Please try again shortly."


class ProtocolError(LiveVoxError):
    """The response was not the documented JSON (malformed body, wrong shape, bad values)."""

    default_message = "The LiveVox server sent an answer this app does not understand."


class TransportError(MaybeDelivered, LiveVoxError):
    """No usable response: could not connect, timed out, or the connection broke.

    ``maybe_delivered`` is False only when the request certainly never reached the server
    (connection refused, connect timeout); otherwise the server may have acted on it, which
    is what a sender must reconcile before trying again.
    """

    default_message = "Could not reach the LiveVox server. Check the network connection."


class NotLoggedIn(LiveVoxError):
    """A call needs a LiveVox session and the client holds none: log in first."""

    default_message = "Not signed in to LiveVox."


_BY_STATUS: dict[int, type[LiveVoxError]] = {
    400: BadRequest,
    401: SessionExpired,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    429: RateLimited,
}


def error_for_status(
    status: int,
    server_message: str | None,
    code: int | None,
    *,
    retry_after: float | None = None,
) -> LiveVoxError:
    """Build the typed error for an HTTP error status and LiveVox's error body."""
    if status == 429:
        return RateLimited(
            status=status, code=code, server_message=server_message, retry_after=retry_after
        )
    if status >= 500:
        return ServerError(status=status, code=code, server_message=server_message)
    cls = _BY_STATUS.get(status, LiveVoxError)
    message = f"LiveVox answered with HTTP status {status}." if cls is LiveVoxError else None
    return cls(message, status=status, code=code, server_message=server_message)

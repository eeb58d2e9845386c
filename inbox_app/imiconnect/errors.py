"""Typed errors of the IMIconnect (Webex Connect) protocol layer.

Every failure of an IMIconnect call surfaces as one of these, never as an httpx or pydantic
exception. IMIconnect says "no" in two ways: an HTTP error status, or HTTP 200 with an error
code in the body (``{"response": [{"code": "7001", ...}]}``). Both become the same types:
a documented code picks the type (:class:`AuthFailed` 7001, :class:`ServiceInactive` 7007,
:class:`TooManyDestinations` 7009, any other code but 1001 :class:`Refused`), else the HTTP
status does. A :class:`Refused` (and its subclasses) means the platform answered that it
did not take the message: it was not sent.
"""

from __future__ import annotations

from typing import Any

from ..wire.errors import MaybeDelivered, WireError

__all__ = [
    "AuthFailed",
    "BadRequest",
    "Forbidden",
    "IMIconnectError",
    "NotFound",
    "ProtocolError",
    "RateLimited",
    "Refused",
    "ServerError",
    "ServiceInactive",
    "TooManyDestinations",
    "TransportError",
    "error_for_code",
    "error_for_status",
]

QUEUED = "1001"
AUTH_FAILED = "7001"
SERVICE_INACTIVE = "7007"
TOO_MANY_DESTINATIONS = "7009"


class IMIconnectError(WireError):
    """Base of every IMIconnect failure.

    ``message`` is our sentence for a person; ``code`` is IMIconnect's response code (text,
    e.g. ``"7001"``; None when the answer had none) and ``description`` its words for it,
    also kept as ``server_message``; ``status`` is the HTTP status (None when no response
    arrived).
    """

    default_message = "The IMIconnect server reported an error."
    repr_fields = ("code",)

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        description: str | None = None,
        **common: Any,
    ) -> None:
        self.code = code
        self.description = description
        common.setdefault("server_message", description)
        super().__init__(message, **common)


class Refused(IMIconnectError):
    """The platform answered with a response code other than 1001 (queued): not sent."""

    default_message = "IMIconnect refused the message."

    def __init__(self, message: str | None = None, **fields: Any) -> None:
        code = fields.get("code")
        if message is None and type(self) is Refused and code is not None:
            detail = fields.get("description")
            message = f"IMIconnect refused the message (code {code}" + (
                f": {detail})." if detail else ")."
            )
        super().__init__(message, **fields)


class AuthFailed(Refused):
    """7001 or HTTP 401: the service key is wrong or revoked."""

    default_message = "IMIconnect refused the service key: check it in the service's settings."


class ServiceInactive(Refused):
    """7007: the IMIconnect service the key belongs to is not active."""

    default_message = "The IMIconnect service is inactive: activate it in the IMIconnect console."


class TooManyDestinations(Refused):
    """7009: more than 1,000 destinations in one request (the client refuses that first)."""

    default_message = "IMIconnect takes at most 1,000 destinations in one request."


class BadRequest(IMIconnectError):
    """400: a field is missing or invalid."""

    default_message = "IMIconnect rejected the request as incomplete or invalid."


class Forbidden(IMIconnectError):
    """403: the service may not do this."""

    default_message = "This IMIconnect service is not allowed to do this."


class NotFound(IMIconnectError):
    """404: no such endpoint (a wrong base address) or no such message."""

    default_message = "IMIconnect could not find what was asked for."


class RateLimited(IMIconnectError):
    """429: too many requests; ``retry_after`` is how long the server asked us to wait."""

    default_message = "IMIconnect is limiting requests right now."

    def __init__(self, message: str | None = None, **fields: Any) -> None:
        self.retry_after: float | None = fields.pop("retry_after", None)
        fields.setdefault("status", 429)
        if message is None and self.retry_after is not None:
            message = f"IMIconnect is limiting requests; trying again in {self.retry_after:g} s."
        super().__init__(message, **fields)


class ServerError(IMIconnectError):
    """5xx: the platform failed; for a send, whether it queued the message is unknown."""

    default_message = "The IMIconnect server had a problem. Please try again shortly."


class ProtocolError(IMIconnectError):
    """An answer or a webhook body that is not the documented JSON (malformed, wrong shape).

    From :meth:`~inbox_app.imiconnect.IMIconnectClient.send_sms` it means the message's fate
    is unknown: reconcile by the correlation id before sending again."""

    default_message = "The IMIconnect server sent an answer this app does not understand."


class TransportError(MaybeDelivered, IMIconnectError):
    """No usable response: could not connect, timed out, or the connection broke.

    ``maybe_delivered`` is False only when the request certainly never reached the server
    (connection refused, connect timeout); otherwise IMIconnect may have queued the message:
    ask by transid / correlation id, never send again blind.
    """

    default_message = "Could not reach the IMIconnect server. Check the network connection."


_BY_CODE: dict[str, type[Refused]] = {
    AUTH_FAILED: AuthFailed,
    SERVICE_INACTIVE: ServiceInactive,
    TOO_MANY_DESTINATIONS: TooManyDestinations,
}

_BY_STATUS: dict[int, type[IMIconnectError]] = {
    400: BadRequest,
    401: AuthFailed,
    403: Forbidden,
    404: NotFound,
}


def is_request_level(code: str | None) -> bool:
    """Whether ``code`` refuses the whole request (the key, the service, the request's size)
    rather than one message of it."""
    return code in _BY_CODE


def error_for_code(
    code: str, description: str | None = None, *, status: int | None = None
) -> Refused:
    """The typed error for a response code other than 1001 (in a 200 body or an error's)."""
    return _BY_CODE.get(code, Refused)(code=code, description=description, status=status)


def error_for_status(
    status: int,
    *,
    code: str | None = None,
    description: str | None = None,
    retry_after: float | None = None,
) -> IMIconnectError:
    """The typed error for an HTTP error status and IMIconnect's error body: a documented
    code decides over the status (7001 → :class:`AuthFailed` whatever the status)."""
    if code in _BY_CODE:
        return error_for_code(code, description, status=status)
    detail: dict[str, Any] = {"status": status, "code": code, "description": description}
    if status == 429:
        return RateLimited(retry_after=retry_after, **detail)
    if status >= 500:
        return ServerError(**detail)
    if status in _BY_STATUS:
        return _BY_STATUS[status](**detail)
    return IMIconnectError(f"IMIconnect answered with HTTP status {status}.", **detail)

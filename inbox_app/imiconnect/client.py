"""The async IMIconnect (Webex Connect) client: send SMS, ask for a message's status.

What it guarantees to callers:

* Every failure is an :mod:`~inbox_app.imiconnect.errors` type; no httpx or pydantic
  exception escapes. A response code other than 1001 is an error whether it came with an
  HTTP error status or (as IMIconnect does) in a 200 body.
* Sends are never repeated: after a lost answer (``TransportError.maybe_delivered``), a
  5xx or a malformed answer the message may have been queued, and only the caller can find
  out (by ``transid`` or the correlation id) before sending again. Status requests are
  retried on transport errors and 502/503 with capped exponential backoff and jitter.
* What IMIconnect would refuse is refused here first, with a ValueError and no request:
  no destination, more than 1,000, a number that is not digits, an empty text, a
  correlation id over 50 bytes.
* The service key never reaches a log line.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

import httpx

from ..wire import http as wire
from . import errors, models, parsing, redact

__all__ = ["BASE_URL", "BASE_URLS", "IMIconnectClient"]

# The API host follows the tenant's web console domain (…imiconnect.com / .io / .in).
BASE_URL = "https://api.imiconnect.com"
BASE_URLS = (BASE_URL, "https://api.imiconnect.io", "https://api.imiconnect.in")

log = logging.getLogger("inbox_app.imiconnect")
redact.install()

SEND_PATH = "/resources/v1/messaging"
STATUS_PATH = "/resources/v1/messaging/status/{transid}"

MAX_DESTINATIONS = 1_000
MAX_CORRELATION_BYTES = 50

_API_SUFFIXES = ("/resources/v1/messaging", "/resources/v1")


def _nonblank(value: str | None, what: str) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise ValueError(f"{what} must not be empty.")
    return text


def msisdn(number: str) -> str:
    """A destination as IMIconnect's ``msisdn``: the country code and number as digits, no
    ``+`` (as the seed's delivery report prints them). ``+1 (555) 010-0123`` →
    ``15550100123``; anything that is not 7 to 15 digits raises ValueError."""
    if not isinstance(number, str):
        raise ValueError(f"Not a phone number: {number!r}.")
    digits = models.customer_number(number).removeprefix("+")
    if not (digits.isascii() and digits.isdigit() and 7 <= len(digits) <= 15):
        raise ValueError(f"Not a phone number with its country code: {number!r}.")
    return digits


def _error(response: httpx.Response) -> errors.IMIconnectError:
    """The typed error for an error response, with IMIconnect's code when its body has one."""
    code, description = parsing.response_code(wire.json_object(response) or {})
    return errors.error_for_status(
        response.status_code,
        code=code,
        description=description,
        retry_after=wire.retry_after(response),
    )


def _passing(exc: Exception) -> bool:
    """Retry policy for idempotent requests: transport errors and 502/503 only."""
    if isinstance(exc, errors.TransportError):
        return True
    return isinstance(exc, errors.ServerError) and exc.status in (502, 503)


class IMIconnectClient(wire.AsyncClosing):
    """Async client for IMIconnect's messaging API (v1), authenticated by a service key.

    Use it as an async context manager (or call :meth:`aclose`)::

        async with IMIconnectClient(BASE_URL, service_key) as imi:
            accepted = await imi.send_sms(["+15550100123"], "Hello", sender_id="ACME",
                                          correlation_id="k1")
            status = await imi.message_status(accepted[0].transid)

    ``base_url`` is the tenant's API host (:data:`BASE_URL`, or its ``.io`` / ``.in``
    sibling in :data:`BASE_URLS`); the full messaging URI pasted from the docs is accepted
    too. ``transport`` is for tests (an ``httpx.MockTransport``).
    """

    def __init__(
        self,
        base_url: str,
        service_key: str,
        *,
        connect_timeout: float = 5.0,
        read_timeout: float = 20.0,
        retry_attempts: int = 4,
        retry_timeout: float = 30.0,
        max_connections: int = 10,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        url = wire.check_base_url(base_url, "IMIconnect")
        for suffix in _API_SUFFIXES:
            if url.endswith(suffix):
                url = url[: -len(suffix)]
                break
        self.base_url = url
        key = _nonblank(service_key, "The service key")
        redact.remember_secret(key)
        self._key = key
        self._retry_attempts = max(1, retry_attempts)
        self._retry_timeout = retry_timeout
        self._pool = wire.Pool(
            self.base_url,
            "IMIconnect",
            errors,
            log,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            max_connections=max_connections,
            transport=transport,
            headers={"key": key},
        )

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._pool.aclose()

    # --- plumbing ---------------------------------------------------------------------------

    async def _once(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return await self._pool.checked(method, path, refuse=_error, **kwargs)

    async def _request(
        self, method: str, path: str, *, idempotent: bool, **kwargs: Any
    ) -> httpx.Response:
        if not idempotent:
            return await self._once(method, path, **kwargs)
        return await wire.retry_reads(
            lambda: self._once(method, path, **kwargs),
            on=_passing,
            attempts=self._retry_attempts,
            give_up_after=self._retry_timeout,
        )

    def _json(self, response: httpx.Response) -> Any:
        return wire.decode_json(response, errors.ProtocolError, "IMIconnect")

    # --- SMS --------------------------------------------------------------------------------

    async def send_sms(
        self,
        destinations: Sequence[str] | str,
        text: str,
        *,
        sender_id: str | None = None,
        correlation_id: str | None = None,
        notify_url: str | None = None,
        callback_data: str | None = None,
        unicode: bool | None = None,
    ) -> list[models.Accepted]:
        """Send one SMS to one or more numbers (``POST /resources/v1/messaging``).

        ``destinations`` are numbers with their country code (``+15550100123``; sent as
        digits). ``correlation_id`` is our own id for the send (≤ 50 bytes of UTF-8): it is
        sent on the request and on its destination, and comes back in the answer and the
        DR. ``notify_url`` overrides the service's DR URL for this message; ``callback_data``
        comes back in the DR. ``unicode`` picks ``sms.type`` 4 (True) or 1 (False); by
        default 4 exactly when the text has a character outside the GSM 7-bit alphabet.

        Returns one :class:`~.models.Accepted` per queued entry (code 1001). Never retried:
        a ``TransportError`` with ``maybe_delivered``, a ``ServerError`` or a
        ``ProtocolError`` means the message may be queued: ask before sending again.
        """
        numbers = [destinations] if isinstance(destinations, str) else list(destinations)
        if not numbers:
            raise ValueError("A message needs at least one destination number.")
        if len(numbers) > MAX_DESTINATIONS:
            raise ValueError(
                f"IMIconnect takes at most {MAX_DESTINATIONS:,} destinations in one request "
                f"({len(numbers):,} given)."
            )
        msisdns = [msisdn(number) for number in numbers]
        if not isinstance(text, str) or not text.strip():
            raise ValueError("The message must not be empty.")
        if correlation_id is not None:
            correlation_id = _nonblank(correlation_id, "The correlation id")
            size = len(correlation_id.encode("utf-8"))
            if size > MAX_CORRELATION_BYTES:
                raise ValueError(
                    f"A correlation id is at most {MAX_CORRELATION_BYTES} bytes ({size} given)."
                )
        if unicode is None:
            unicode = not models.is_gsm7(text)
        sms: dict[str, Any] = {
            "text": text,
            "type": int(models.SmsType.UNICODE if unicode else models.SmsType.TEXT),
        }
        if sender_id is not None:
            sms["senderid"] = _nonblank(sender_id, "The sender id")
        destination: dict[str, Any] = {"msisdn": msisdns}
        body: dict[str, Any] = {"deliverychannel": "sms", "channels": {"sms": sms}}
        if correlation_id is not None:
            body["correlationid"] = correlation_id
            destination["correlationid"] = correlation_id
        body["destination"] = [destination]
        if notify_url is not None:
            body["notifyurl"] = _nonblank(notify_url, "The notify URL")
        if callback_data is not None:
            body["callbackData"] = callback_data
        response = await self._request("POST", SEND_PATH, idempotent=False, json=body)
        accepted = parsing.parse_send_answer(self._json(response))
        log.info(
            "IMIconnect queued %d message(s): %s",
            len(accepted),
            ", ".join(a.transid for a in accepted),
        )
        return accepted

    async def message_status(self, transid: str) -> models.MessageStatus:
        """A message's status by its ``transid`` (``GET
        /resources/v1/messaging/status/{transid}``), retried on passing failures.

        The answer's shape is not published: it is read leniently (see
        :func:`~.parsing.parse_status`), and the state is ``unknown`` when nothing
        recognisable came. An unknown ``transid`` is whatever the server says (likely
        :class:`~.errors.NotFound`)."""
        tid = _nonblank(transid, "The transid")
        path = STATUS_PATH.format(transid=quote(tid, safe=""))
        response = await self._request("GET", path, idempotent=True)
        return parsing.parse_status(self._json(response), tid)

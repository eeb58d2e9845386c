"""The async iLiveIt messaging API client: ping, send an SMS, read a message's status.

What it guarantees to callers:

* Every failure is an :mod:`~inbox_app.iliveit.errors` type; no httpx or pydantic exception
  escapes.
* Every request carries ``Authorization: Bearer <application token>``; the token is static
  (made on the developer portal, one per environment), so a 401 is final:
  :class:`~.errors.AuthFailed`.
* A send is never repeated by the client, whatever happens: iLiveIt takes no key of ours on a
  send and offers no search, so after a lost answer nobody can tell whether the message went.
  Such a send raises ``TransportError(maybe_delivered=True)`` (or a ``ProtocolError`` with
  ``maybe_delivered`` for a success answer without a message id): show it as "may have been
  sent". A 429 (:class:`~.errors.RateLimited`) means nothing was sent and it is safe to send
  again later; that decision is the caller's.
* The reads (ping, status) are retried on transport errors and 502/503 with capped
  exponential backoff and jitter (stamina).
* The token never reaches a log line.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any
from urllib.parse import quote

import httpx

from ..wire import http as wire
from ..wire.redact import mask_phone
from . import errors, models, parsing, redact

__all__ = ["ILiveItClient"]

log = logging.getLogger("inbox_app.iliveit")
redact.install()

PING_PATH = "/ping"
SEND_PATH = "/message/send"
STATUS_PATH = "/message/{id}/status"

SERVICE = "iLiveIt"

# "A list of mobile numbers in international format ... (excluding '+')": digits only, and
# at most 15 of them (E.164).
_MSISDN = re.compile(r"\d{6,15}")
_SCHEDULE = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")
_STATUS_TYPES = {t.value for t in models.PostbackType}


def _error(response: httpx.Response) -> errors.ILiveItError:
    """The typed error for an error response; iLiveIt's body is ``{"Error": "..."}`` (the Go
    client's ``WebRequestResponse``), tolerated when absent or malformed."""
    body = wire.json_object(response)
    text = parsing.find(body, "Error", "Message", "Body") if body else None
    if not isinstance(text, str) or not text.strip():
        raw = (
            response.text.strip()
            if response.headers.get("content-type", "").startswith("text/plain")
            else ""
        )
        text = raw[:200] or None
    return errors.error_for_status(
        response.status_code,
        server_message=text.strip() if text else None,
        retry_after=wire.retry_after(response),
    )


def _passing(exc: Exception) -> bool:
    """Retry policy for idempotent requests: transport errors and 502/503 only."""
    if isinstance(exc, errors.TransportError):
        return True
    return isinstance(exc, errors.ServerError) and exc.status in (502, 503)


def normalise_msisdn(number: str) -> str:
    """One customer number as iLiveIt wants it: international digits without ``+``
    (``+27 82 123 4567`` → ``27821234567``). ValueError for anything else, a list included:
    one message goes to one number (the Go client refuses more)."""
    if not isinstance(number, str):
        raise ValueError("An SMS goes to exactly one number (a string of digits).")
    digits = number.strip().removeprefix("+").replace(" ", "")
    if not _MSISDN.fullmatch(digits):
        raise ValueError(f"Not an international mobile number: {mask_phone(number)!r}.")
    return digits


def _status_types(types: Iterable[str] | str | None) -> str | None:
    """``("submit", "sent", "delivery")`` → ``"submit,sent,delivery"``; unknown types refused."""
    if types is None:
        return None
    items = types.split(",") if isinstance(types, str) else list(types)
    words: list[str] = []
    for item in items:
        word = str(item).strip().lower()
        if word not in _STATUS_TYPES:
            raise ValueError(f"Not an iLiveIt postback status type: {word!r}.")
        if word not in words:
            words.append(word)
    return ",".join(words) or None


def _schedule(when: datetime | str | None, what: str) -> str | None:
    """``SubmitNotBefore`` / ``SubmitNotAfter``: ``yyyy-mm-dd hh:mm`` (the Go client). The
    zone is not documented, so a datetime must be naive: its wall-clock time is sent."""
    if when is None:
        return None
    if isinstance(when, datetime):
        if when.tzinfo is not None:
            raise ValueError(f"{what}: iLiveIt documents no time zone; pass a naive datetime.")
        return when.strftime("%Y-%m-%d %H:%M")
    text = str(when).strip()
    if not _SCHEDULE.fullmatch(text):
        raise ValueError(f"{what} must be 'yyyy-mm-dd hh:mm', not {text!r}.")
    return text


def _url(value: str | None, what: str) -> str | None:
    if value is None:
        return None
    text = value.strip()
    if not re.match(r"(?i)https?://[^/\s]", text):
        raise ValueError(f"{what} must be an http(s) address.")
    return text


class ILiveItClient(wire.AsyncClosing):
    """Async client for the iLiveIt messaging API.

    Use it as an async context manager (or call :meth:`aclose`)::

        async with ILiveItClient(base_url, token) as il:
            await il.ping()
            message_id = await il.send_sms("27821234567", "Hello", reply_url=..., status_url=...)
            status = await il.message_status(message_id)

    ``base_url`` is the API endpoint of the environment (staging or production, from the
    developer portal); ``token`` the application token. ``transport`` is for tests (an
    ``httpx.MockTransport``).
    """

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        connect_timeout: float = 5.0,
        read_timeout: float = 20.0,
        retry_attempts: int = 4,
        retry_timeout: float = 30.0,
        max_connections: int = 10,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = wire.check_base_url(base_url, SERVICE)
        secret = (token or "").strip()
        if not secret:
            raise ValueError("The application token must not be empty.")
        self._token = secret
        redact.remember_secret(secret)
        self._retry_attempts = max(1, retry_attempts)
        self._retry_timeout = retry_timeout
        self._pool = wire.Pool(
            self.base_url,
            SERVICE,
            errors,
            log,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            max_connections=max_connections,
            transport=transport,
            headers={"Authorization": f"Bearer {secret}"},
        )

    def __repr__(self) -> str:
        return f"ILiveItClient({self.base_url!r})"

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._pool.aclose()

    # --- plumbing ---------------------------------------------------------------------------

    async def _once(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return await self._pool.checked(method, path, refuse=_error, **kwargs)

    async def _get(self, path: str) -> httpx.Response:
        """An idempotent GET, retried on passing failures."""
        return await wire.retry_reads(
            lambda: self._once("GET", path),
            on=_passing,
            attempts=self._retry_attempts,
            give_up_after=self._retry_timeout,
        )

    @staticmethod
    def _json(response: httpx.Response) -> Any:
        return wire.decode_json(response, errors.ProtocolError, SERVICE)

    # --- calls ------------------------------------------------------------------------------

    async def ping(self) -> None:
        """``GET /ping``: checks the address and the token. Returns when the answer is
        ``{"Body": "Pong!"}``; :class:`~.errors.AuthFailed` for a refused token,
        :class:`~.errors.ProtocolError` for any other answer."""
        response = await self._get(PING_PATH)
        try:
            data = response.json()
        except ValueError:
            data = response.text  # a plain "Pong!" is a pong too
        parsing.parse_ping(data)

    async def send_sms(
        self,
        msisdn: str,
        text: str,
        *,
        reply_url: str | None = None,
        status_url: str | None = None,
        status_types: Iterable[str] | str | None = models.DEFAULT_STATUS_TYPES,
        mvno_id: int | None = None,
        campaign: str | None = None,
        network: str = "*",
        extra_digits: str | None = None,
        submit_not_before: datetime | str | None = None,
        submit_not_after: datetime | str | None = None,
    ) -> str:
        """Send one SMS to one number (``POST /message/send``, ``Action`` 2); the message id.

        ``msisdn`` is one number in international format (a leading ``+`` is dropped).
        ``reply_url`` gets the customer's replies to this message, ``status_url`` the status
        postbacks of ``status_types`` (sent only with a ``status_url``). ``mvno_id`` is the
        client id iLiveIt supplies (both public clients insist on one; left out when None).
        ``network`` ``*`` lets iLiveIt find the network. Bad arguments raise ValueError
        before anything is sent.

        Never repeated. There is no way to look a send up afterwards (no key of ours, no
        search): a ``TransportError`` with ``maybe_delivered`` (or a ``ProtocolError`` with
        ``maybe_delivered``: taken, but no id in the answer) means "may have been sent".
        """
        if not isinstance(text, str) or not text.strip():
            raise ValueError("The message text must not be empty.")
        if extra_digits is not None and not re.fullmatch(r"\d{1,10}", extra_digits.strip()):
            raise ValueError("Extra digits must be digits.")
        status = _url(status_url, "The status postback address")
        data = models.SubmitSmsData(
            msisdn=(normalise_msisdn(msisdn),),
            network=(network or "").strip() or "*",
            text=text,
            extra_digits=extra_digits.strip() if extra_digits is not None else None,
        )
        message = models.NewMessage(
            action=models.ActionType.SUBMIT_SMS,
            mvno_id=_mvno(mvno_id),
            campaign=(campaign or "").strip() or None,
            reply_url=_url(reply_url, "The reply postback address"),
            status_url=status,
            status_types=_status_types(status_types) if status else None,
            submit_not_before=_schedule(submit_not_before, "SubmitNotBefore"),
            submit_not_after=_schedule(submit_not_after, "SubmitNotAfter"),
            data=data,
        )
        message_id = await self.send(message)
        log.info("sent an SMS to %s: message %s", mask_phone(data.msisdn[0]), message_id)
        return message_id

    async def send(self, message: models.NewMessage) -> str:
        """Send any :class:`~.models.NewMessage` (SMS, MMS or email); the message id. Never
        repeated; see :meth:`send_sms` for what a lost answer means."""
        response = await self._once("POST", SEND_PATH, json=message.body())
        try:
            return parsing.parse_send_answer(self._json(response))
        except errors.ProtocolError as exc:
            raise errors.ProtocolError(
                exc.message if exc.maybe_delivered else _UNREADABLE_SEND,
                maybe_delivered=True,
                status=response.status_code,
            ) from None

    async def message_status(self, message_id: str) -> models.MessageStatus:
        """``GET /message/{id}/status``: the message's stages and normalised state. Only the
        application that sent a message can read it: another's id is :class:`~.errors.NotFound`
        (or refused)."""
        if not isinstance(message_id, str) or not message_id.strip():
            raise ValueError("The message id must not be empty.")
        wanted = message_id.strip()
        response = await self._get(STATUS_PATH.format(id=quote(wanted, safe="")))
        return parsing.parse_message_status(self._json(response), wanted)


_UNREADABLE_SEND = (
    "iLiveIt accepted the message but sent an answer this app does not understand: "
    "it may have been sent."
)


def _mvno(value: int | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError("The MVNO id is a positive whole number supplied by iLiveIt.")
    return value

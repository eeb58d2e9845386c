"""The async SAP Live Link 365 client: OAuth2 client credentials, send, MO and ACK pulls.

What it guarantees to callers:

* Every failure is an :mod:`~inbox_app.livelink.errors` type; no httpx or pydantic exception
  escapes.
* The bearer token is fetched on first use (HTTP Basic app key:secret, form
  ``grant_type=client_credentials``) and renewed *before* it expires: its lifetime
  (``expires_in``) is in milliseconds. A renewal uses the refresh token while that is
  valid, and falls back to the client credentials when the refresh is refused.
* A 401 from an API call gets one new token and one repeat of the call (a 401 means the
  server did not act, so repeating is safe even for a send); a second 401 raises
  :class:`~.errors.Unauthorized`.
* Sends are never repeated otherwise: a transient failure is retried by the platform itself,
  and after a lost answer only the caller can tell (by the status pull and the ``subject``)
  whether the message went. The pulls (MO, status) and the token request are retried on
  transport errors and 502/503 with capped exponential backoff and jitter (stamina).
* The app key, the secret, the Basic header and every token never reach a log line.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import httpx

from ..wire import http as wire
from . import errors, models, parsing, redact

__all__ = ["BASE_URL", "LiveLinkClient"]

BASE_URL = "https://livelink.sapdigitalinterconnect.com"

log = logging.getLogger("inbox_app.livelink")
redact.install()

TOKEN_PATH = "/api/oauth/token"
SMS_PATH = "/api/v2/sms"
MO_PATH = "/api/v2/sms/mo"
STATUS_PATH = "/api/v2/sms/status"

# Renew this long before the token expires (or a tenth of its lifetime, if that is less).
RENEW_MARGIN = 60.0
# When the token answer gives no lifetime: the documented 45 minutes.
DEFAULT_LIFETIME = 45 * 60.0

_STATUS_FILTERS = {"all": "all", "nok": "nok"}


def _nonblank(value: str | None, what: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValueError(f"{what} must not be empty.")
    return text


def utc_minute(when: datetime, *, round_up: bool = False) -> str:
    """``when`` as Live Link's ``yyyyMMddHHmm`` in UTC. Naive datetimes are refused: the
    platform's windows are UTC and a local wall-clock time would shift them silently.
    ``round_up`` takes the next whole minute when there are seconds (for a window's end)."""
    if not isinstance(when, datetime) or when.tzinfo is None or when.utcoffset() is None:
        raise ValueError("Live Link windows need timezone-aware datetimes (e.g. tz=UTC).")
    utc = when.astimezone(UTC)
    if round_up and (utc.second or utc.microsecond):
        utc = utc.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return utc.strftime("%Y%m%d%H%M")


def _window(start: datetime, end: datetime, page_index: int) -> dict[str, str | int]:
    first, last = utc_minute(start), utc_minute(end, round_up=True)
    if last < first:
        raise ValueError("The window ends before it starts.")
    if isinstance(page_index, bool) or not isinstance(page_index, int) or page_index < 1:
        raise ValueError("Pages are numbered from 1.")
    return {"startUTCTime": first, "endUTCTime": last, "pageIndex": page_index}


def _error(response: httpx.Response) -> errors.LiveLinkError:
    """The typed error for an error response: Live Link's ``{apiErrorCode, debugMessage,
    userMessage}`` or an OAuth ``{error, error_description}``, tolerated when malformed."""
    body = wire.json_object(response) or {}

    def text(*names: str) -> str | None:
        for name in names:
            value = body.get(name)
            if isinstance(value, str) and value.strip():
                return value.strip()
        return None

    code = body.get("apiErrorCode")
    if isinstance(code, str) and code.strip().lstrip("-").isdigit():
        code = int(code)
    if isinstance(code, bool) or not isinstance(code, int | str):
        code = None
    return errors.error_for_status(
        response.status_code,
        api_error_code=code,
        server_message=text("userMessage", "debugMessage", "error_description", "error"),
        debug_message=text("debugMessage"),
        retry_after=wire.retry_after(response),
    )


def _passing(exc: Exception) -> bool:
    """Retry policy for idempotent requests: transport errors and 502/503 only."""
    if isinstance(exc, errors.TransportError):
        return True
    return isinstance(exc, errors.ServerError) and exc.status in (502, 503)


class _Held:
    """The token in hand and when (on the client's clock) it and its refresh token expire."""

    def __init__(self, token: models.Token, now: float) -> None:
        self.token = token
        lifetime = token.expires_in if token.expires_in is not None else DEFAULT_LIFETIME
        self.renew_at = now + lifetime - min(RENEW_MARGIN, lifetime / 10)
        refresh = token.refresh_expires_in
        self.refresh_until = (
            None
            if not token.refresh_token
            else now + (refresh if refresh is not None else lifetime)
        )


T = TypeVar("T")


class LiveLinkClient(wire.AsyncClosing):
    """Async client for the SAP Live Link 365 SMS API (v2).

    Use it as an async context manager (or call :meth:`aclose`)::

        async with LiveLinkClient(BASE_URL, app_key, secret) as ll:
            orders = await ll.send_sms(["+15550100123"], "Hello", origin="15550100999")
            page = await ll.poll_mo(start, end)

    ``base_url`` is the host (a trailing ``/api`` is accepted too). ``clock`` is a monotonic
    clock in seconds (tests pass a fake one to move past a token's lifetime without sleeping).
    ``transport`` is for tests (an ``httpx.MockTransport``).
    """

    def __init__(
        self,
        base_url: str,
        app_key: str,
        secret: str,
        *,
        connect_timeout: float = 5.0,
        read_timeout: float = 20.0,
        retry_attempts: int = 4,
        retry_timeout: float = 30.0,
        max_connections: int = 10,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        url = wire.check_base_url(base_url, "Live Link 365")
        self.base_url = url[: -len("/api")] if url.endswith("/api") else url
        key = _nonblank(app_key, "The app key")
        secret = _nonblank(secret, "The secret")
        self._basic = "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode("ascii")
        for value in (key, secret, self._basic, self._basic.split(" ", 1)[1]):
            redact.remember_secret(value)
        self._retry_attempts = max(1, retry_attempts)
        self._retry_timeout = retry_timeout
        self._clock = clock
        self._pool = wire.Pool(
            self.base_url,
            "Live Link 365",
            errors,
            log,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            max_connections=max_connections,
            transport=transport,
        )
        self._held: _Held | None = None
        self._token_lock = asyncio.Lock()

    async def aclose(self) -> None:
        """Close the connection pool and drop the token."""
        self._held = None
        await self._pool.aclose()

    @property
    def token(self) -> models.Token | None:
        """The token in hand (None before the first call)."""
        return self._held.token if self._held else None

    async def authenticate(self) -> models.Token:
        """Get a token now (sign-in: a wrong key or secret is said at once, not at the first
        send). Later calls renew it by themselves."""
        return (await self._token(stale=None)).token

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
        return wire.decode_json(response, errors.ProtocolError, "Live Link 365")

    async def _call(
        self, method: str, path: str, *, idempotent: bool, **kwargs: Any
    ) -> httpx.Response:
        """An API call with the bearer token; on 401 one new token and one repeat."""
        stale: _Held | None = None
        for repeat in (False, True):
            held = await self._token(stale=stale)
            try:
                return await self._request(
                    method, path, idempotent=idempotent, headers=self._bearer(held), **kwargs
                )
            except errors.Unauthorized:
                if repeat:
                    self._held = None if self._held is held else self._held
                    raise
            log.info("%s %s: the access token was refused; getting a new one", method, path)
            stale = held
        raise AssertionError("unreachable: the repeat returns or raises")  # pragma: no cover

    @staticmethod
    def _bearer(held: _Held) -> dict[str, str]:
        return {"Authorization": f"Bearer {held.token.access_token}"}

    # --- token ------------------------------------------------------------------------------

    async def _token(self, *, stale: _Held | None) -> _Held:
        """A usable token: the one in hand unless it is ``stale`` (refused) or due for
        renewal; else a refreshed one; else one for the client credentials. Concurrent
        callers share one renewal."""
        async with self._token_lock:
            held = self._held
            now = self._clock()
            if held is not None and held is not stale and now < held.renew_at:
                return held
            token: models.Token | None = None
            if held is not None and held.refresh_until is not None and now < held.refresh_until:
                token = await self._refresh(held.token)
            if token is None:
                token = await self._grant({"grant_type": "client_credentials"})
            self._held = _Held(token, self._clock())
            return self._held

    async def _refresh(self, token: models.Token) -> models.Token | None:
        """A refreshed token, or None when the refresh was refused (so: client credentials)."""
        form = {"grant_type": "refresh_token", "refresh_token": token.refresh_token or ""}
        try:
            return await self._grant(form)
        except (errors.BadRequest, errors.Unauthorized, errors.Forbidden) as exc:
            log.info("the refresh token was refused (%s); using the app key", exc.status)
            return None

    async def _grant(self, form: Mapping[str, str]) -> models.Token:
        """``POST /api/oauth/token`` with HTTP Basic; retried like a read (a second token
        costs nothing). A refusal of the client credentials is :class:`~.errors.AuthFailed`."""
        try:
            response = await self._request(
                "POST",
                TOKEN_PATH,
                idempotent=True,
                data=dict(form),
                headers={"Authorization": self._basic},
            )
        except (errors.BadRequest, errors.Unauthorized, errors.Forbidden) as exc:
            if form.get("grant_type") == "refresh_token":
                raise
            raise errors.AuthFailed(
                status=exc.status,
                api_error_code=exc.api_error_code,
                server_message=exc.server_message,
                debug_message=exc.debug_message,
            ) from None
        token = parsing.parse_token(self._json(response))
        redact.remember_secret(token.access_token)
        redact.remember_secret(token.refresh_token)
        log.info(
            "got a Live Link token by %s (valid %s s)",
            form.get("grant_type"),
            "?" if token.expires_in is None else f"{token.expires_in:.0f}",
        )
        return token

    # --- SMS --------------------------------------------------------------------------------

    async def send_sms(
        self,
        destinations: Sequence[str] | str,
        message: str,
        *,
        origin: str | None = None,
        subject: str | None = None,
        ack_type: str | None = None,
        callback: str | None = None,
        encoding: str | None = None,
        validity_period: str | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> list[models.OrderIds]:
        """Send one SMS to one or more numbers (``POST /api/v2/sms``).

        Returns the order ids per destination (one per message part), or ``[]`` when the
        platform answered 201 without a body (accepted, not yet sent). ``subject`` is our own
        id for the send: it comes back in the ACKs. ``extra`` adds other documented fields
        (``ackFinalOnly``, ``messageClass``, ...) as Live Link spells them. Never retried
        except once after a 401; a ``TransportError`` with ``maybe_delivered`` means: check
        the status pull before sending again.
        """
        numbers = [destinations] if isinstance(destinations, str) else list(destinations)
        body: dict[str, Any] = dict(extra or {})
        body["destination"] = [_nonblank(number, "A destination number") for number in numbers]
        if not body["destination"]:
            raise ValueError("A message needs at least one destination number.")
        if not (message and message.strip()):
            raise ValueError("The message must not be empty.")
        body["message"] = message
        optional = {
            "origin": origin,
            "subject": subject,
            "ackType": ack_type,
            "callback": callback,
            "contentTextEncoding": encoding,
            "validityPeriod": validity_period,
        }
        body.update({key: value for key, value in optional.items() if value is not None})
        response = await self._call("POST", SMS_PATH, idempotent=False, json=body)
        return parsing.parse_order_ids(self._json(response))

    async def poll_mo(
        self,
        start: datetime,
        end: datetime,
        *,
        page_index: int = 1,
        keyword: str | None = None,
    ) -> models.MoPage:
        """One page (10 at most) of customers' replies received in ``[start, end]``
        (``GET /api/v2/sms/mo``; the platform keeps them 72 hours)."""
        params = _window(start, end, page_index)
        if keyword is not None and keyword.strip():
            params["keyword"] = keyword.strip()
        response = await self._call("GET", MO_PATH, idempotent=True, params=params)
        return parsing.parse_mo_page(self._json(response))

    async def poll_status(
        self,
        start: datetime,
        end: datetime,
        *,
        page_index: int = 1,
        status: str = "all",
        order_id: str | None = None,
    ) -> models.StatusPage:
        """One page (10 at most) of delivery statuses reached in ``[start, end]``
        (``GET /api/v2/sms/status``). ``status`` filters: ``all``, ``nok`` (errors),
        ``SENT``, ``DELIVERED`` or ``RECEIVED``."""
        params = _window(start, end, page_index)
        word = _nonblank(status, "The status filter")
        params["status"] = _STATUS_FILTERS.get(word.lower(), word.upper())
        if order_id is not None and str(order_id).strip():
            params["orderId"] = str(order_id).strip()
        response = await self._call("GET", STATUS_PATH, idempotent=True, params=params)
        return parsing.parse_status_page(self._json(response))

    def iter_mo(
        self,
        start: datetime,
        end: datetime,
        *,
        keyword: str | None = None,
        max_pages: int = 1_000,
    ) -> AsyncIterator[models.MoPage]:
        """Every page of a window's MOs, from page 1 to ``pageCount``."""
        return _pages(
            lambda index: self.poll_mo(start, end, page_index=index, keyword=keyword),
            max_pages=max_pages,
        )

    def iter_status(
        self,
        start: datetime,
        end: datetime,
        *,
        status: str = "all",
        order_id: str | None = None,
        max_pages: int = 1_000,
    ) -> AsyncIterator[models.StatusPage]:
        """Every page of a window's delivery statuses, from page 1 to ``pageCount``."""
        return _pages(
            lambda index: self.poll_status(
                start, end, page_index=index, status=status, order_id=order_id
            ),
            max_pages=max_pages,
        )


P = TypeVar("P", models.MoPage, models.StatusPage)


async def _pages(fetch: Callable[[int], Awaitable[P]], *, max_pages: int) -> AsyncIterator[P]:
    """Pages 1, 2, ... up to the latest ``pageCount`` (which may grow while we read), stopping
    early at a page with no entries at all; ``max_pages`` bounds a server that misbehaves."""
    index = 1
    while index <= max_pages:
        page = await fetch(index)
        entries = page.messages if isinstance(page, models.MoPage) else page.reports
        if not entries and not page.skipped:
            return
        yield page
        if index >= page.page_count:
            return
        index += 1

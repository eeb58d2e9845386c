"""The HTTP plumbing every protocol client shares: one pool, failures as sentences, retries.

What lives here is the same for every platform; what differs is passed in: the platform's
name (for sentences), its error types (so that no httpx exception escapes, and the caller
gets its own protocol's ``TransportError`` / ``ProtocolError``), its logger.

* :class:`Pool` - one ``httpx.AsyncClient``, made on first use with the TLS context built
  off the event loop, remade after a ``PoolTimeout`` (httpcore #1093), closed once.
* :func:`retry_after` - seconds from a ``Retry-After`` header (delta-seconds or HTTP date).
* :func:`decode_json` / :func:`json_object` - a success body must be JSON; an error body
  may be anything.
* :func:`retry_reads` - capped exponential backoff with jitter (stamina), for idempotent
  requests only.
"""

from __future__ import annotations

import logging
import math
import ssl
import time
from collections.abc import Awaitable, Callable, Mapping
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Any, Protocol, Self, TypeVar
from urllib.parse import urlsplit

# httpx imports these on the first request, inside the event loop: 70 ms in one turn of the
# UI thread at login (httpcore 25 ms, anyio's asyncio backend 45 ms). Imported with the
# client instead, where the start-up pays it before the window exists.
import anyio._backends._asyncio  # noqa: F401
import httpcore  # noqa: F401
import httpx
import stamina

from .. import __version__
from .tls import tls_context

__all__ = [
    "AsyncClosing",
    "Pool",
    "check_base_url",
    "decode_json",
    "json_object",
    "retry_after",
    "retry_reads",
]

T = TypeVar("T")


class ErrorTypes(Protocol):
    """A protocol's errors module, as far as the pool needs it."""

    TransportError: Callable[..., Exception]
    ProtocolError: Callable[..., Exception]


def check_base_url(base_url: str, service: str) -> str:
    """``base_url`` without trailing slash; ValueError when it is not ``http(s)://host``."""
    text = base_url.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"Not a {service} server address: {base_url!r} (expected http(s)://host).")
    return text.rstrip("/")


def retry_after(response: httpx.Response) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    raw = response.headers.get("Retry-After")
    if raw is None:
        return None
    raw = raw.strip()
    try:
        seconds = float(raw)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(raw).timestamp() - time.time()
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    if not math.isfinite(seconds):
        return None
    return max(0.0, seconds)


def json_object(response: httpx.Response) -> dict[str, Any] | None:
    """An error response's JSON object, or None when the body is absent or not an object."""
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def decode_json(
    response: httpx.Response, protocol_error: Callable[[str], Exception], service: str
) -> Any:
    """A success body, decoded; an empty body (204, or 201 without one) is None; anything
    that is not JSON raises ``protocol_error``."""
    if response.status_code == 204 or not response.content.strip():
        return None
    try:
        return response.json()
    except ValueError:
        raise protocol_error(
            f"The {service} server sent an answer this app does not understand (not JSON)."
        ) from None


async def retry_reads(
    call: Callable[[], Awaitable[T]],
    *,
    on: Callable[[Exception], bool],
    attempts: int,
    give_up_after: float,
) -> T:
    """Run an idempotent request, repeating it while ``on`` says the failure is passing."""
    async for attempt in stamina.retry_context(
        on=on,
        attempts=attempts,
        timeout=give_up_after,
        wait_initial=0.2,
        wait_max=5.0,
        wait_jitter=0.5,
    ):
        with attempt:
            return await call()
    raise AssertionError("unreachable: stamina re-raises the last error")  # pragma: no cover


class AsyncClosing:
    """``async with client:`` closes the client (its :meth:`aclose`) on the way out."""

    async def aclose(self) -> None:  # pragma: no cover - every client defines its own
        raise NotImplementedError

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()


class Pool:
    """One pooled ``httpx.AsyncClient`` for one server, made by the first request.

    :meth:`request` returns every response that arrived, whatever its status, and turns every
    httpx failure into the protocol's ``errors.TransportError`` (with ``maybe_delivered``
    False only when the request certainly never reached the server) or, for an undecodable
    body, into its ``errors.ProtocolError``. ``transport`` is for tests (a MockTransport).
    """

    def __init__(
        self,
        base_url: str,
        service: str,
        errors: ErrorTypes,
        log: logging.Logger,
        *,
        connect_timeout: float,
        read_timeout: float,
        max_connections: int,
        transport: httpx.AsyncBaseTransport | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.base_url = base_url
        self._service = service
        self._log = log
        self._transport_error = errors.TransportError
        self._protocol_error = errors.ProtocolError
        self._timeout = httpx.Timeout(
            connect=connect_timeout, read=read_timeout, write=read_timeout, pool=connect_timeout
        )
        self._limits = httpx.Limits(
            max_connections=max_connections, max_keepalive_connections=max_connections
        )
        self._transport = transport
        self._headers = {
            "Accept": "application/json",
            "User-Agent": f"inbox_app/{__version__}",
            **(headers or {}),
        }
        self.tls: ssl.SSLContext | None = None
        self.http: httpx.AsyncClient | None = None  # made by the first request (client)
        self._retired: list[httpx.AsyncClient] = []
        self._closed = False

    async def client(self) -> httpx.AsyncClient:
        """The pooled HTTP client, made on first use: its TLS context is built off the event
        loop first (see :func:`.tls.tls_context`), because OpenSSL 3 takes tens of
        milliseconds to make one and httpx would make it right here, on the UI thread."""
        if self._closed and self.http is None:
            raise RuntimeError(f"This {self._service} client is closed.")
        if self.http is None:
            tls = self.tls or (None if self._transport else await tls_context())
            if self.http is None:  # another request may have made it meanwhile
                self.tls = tls
                self.http = self._new_http()
        return self.http

    def _new_http(self) -> httpx.AsyncClient:
        transport = self._transport or httpx.AsyncHTTPTransport(
            retries=2, limits=self._limits, verify=self.tls or True
        )
        return httpx.AsyncClient(
            base_url=self.base_url,
            timeout=self._timeout,
            limits=self._limits,
            transport=transport,
            follow_redirects=False,
            headers=self._headers,
        )

    async def aclose(self) -> None:
        """Close the connection pool (and any pool retired after a ``PoolTimeout``)."""
        for client in [*self._retired, self.http]:
            if client is not None:
                await client.aclose()
        self._retired.clear()
        self._closed = True

    async def checked(
        self,
        method: str,
        path: str,
        *,
        refuse: Callable[[httpx.Response], Exception],
        **kwargs: Any,
    ) -> httpx.Response:
        """:meth:`request`, with an error status raised as ``refuse(response)`` (each
        protocol's typed error for its status and error body)."""
        response = await self.request(method, path, **kwargs)
        if response.is_success:
            return response
        raise refuse(response)

    async def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """Send one request; any response comes back, any failure is a typed error."""
        started = time.perf_counter()
        client = await self.client()
        try:
            response = await client.request(method, path, **kwargs)
        except httpx.PoolTimeout:
            # Leaked pool slots (httpcore #1093) would fail every later request: start afresh.
            self._log.warning(
                "%s %s: connection pool exhausted; recreating the HTTP client", method, path
            )
            if client is self.http:
                self._retired.append(client)
                self.http = self._new_http()
            raise self._transport_error(
                "Too many requests were waiting for a connection; please try again.",
                maybe_delivered=False,
            ) from None
        except httpx.DecodingError:
            raise self._protocol_error(
                f"The {self._service} server sent an undecodable body."
            ) from None
        except httpx.HTTPError as exc:
            sentence, maybe_delivered = self._classify(exc)
            self._log.info("%s %s: %s (%s)", method, path, sentence, type(exc).__name__)
            raise self._transport_error(sentence, maybe_delivered=maybe_delivered) from None
        elapsed_ms = (time.perf_counter() - started) * 1000
        self._log.debug("%s %s -> %d in %.0f ms", method, path, response.status_code, elapsed_ms)
        return response

    def _classify(self, exc: httpx.HTTPError) -> tuple[str, bool]:
        """Our sentence for a transport failure, and whether the server may have acted."""
        service = self._service
        if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout):
            return (
                f"Could not connect to the {service} server. Check the address and the network.",
                False,
            )
        if isinstance(exc, httpx.TimeoutException):
            return f"The {service} server did not answer in time.", True
        if isinstance(exc, httpx.UnsupportedProtocol):
            return "The server address uses a protocol this app cannot speak.", False
        return f"The connection to the {service} server broke off.", True

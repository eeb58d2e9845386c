"""The async LiveVox client: one ``httpx.AsyncClient``, typed models in, typed errors out.

What it guarantees to callers:

* Every failure is an :mod:`~inbox_app.livevox.errors` type; no httpx or pydantic exception
  escapes.
* A 401 on a call made with a session, while the client still holds the login credentials,
  triggers one fresh login and one repeat of the call. A 401 means the server did not act,
  so repeating is safe even for a send. A second 401 raises ``SessionExpired``.
* Idempotent reads are retried on transport errors and 503 with capped exponential
  backoff and jitter (stamina). Anything that changes state (sends, transfers, resolves,
  moves, marks) is sent once: after the request may have reached the server, only the
  caller can decide whether to repeat it (by reconciling against the history first).
  Connection failures before anything was sent are retried by httpx's transport for all
  requests, because the server cannot have seen them.
* Session ids, the access token and the password never reach a log line.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Self, TypeVar
from urllib.parse import quote

import httpx

from ..wire import http as wire
from . import errors, models, parsing, redact
from .env import base_url_for

__all__ = ["LiveVoxClient"]

log = logging.getLogger("inbox_app.livevox")
redact.install()

JsonBody = Mapping[str, Any]
Params = Mapping[str, str | int]


@dataclass(frozen=True, slots=True)
class _Credentials:
    client_name: str
    user_name: str
    password: str
    agent: bool


def _require(value: str | int | None, what: str) -> str:
    """Reject empty identifiers before a request is made: the server would only say 400."""
    text = "" if value is None else str(value).strip()
    if not text:
        raise ValueError(f"{what} must not be empty.")
    return text


def _long(value: str | int) -> str | int:
    """Fields the seed types as Long/Integer go out as numbers when they are numeric."""
    text = str(value).strip()
    return int(text) if text.isdigit() else text


def _amount(value: str | float) -> float:
    """A payment amount as a number with two decimals; anything else is the caller's error."""
    try:
        amount = round(float(str(value).strip()), 2)
    except ValueError:
        raise ValueError(f"{value!r} is not an amount.") from None
    if not amount > 0:
        raise ValueError("A payment amount must be positive.")
    return amount


def _channel_name(channel: str | models.ChannelKind) -> str:
    kind = models.ChannelKind(channel)
    if kind is models.ChannelKind.OTHER:
        # An unknown channel name is passed through as the server spelled it.
        text = str(channel).strip()
        if not text or text == models.ChannelKind.OTHER.value:
            raise ValueError("channel must name a LiveVox channel type such as 'SMS'.")
        return text
    return kind.value


def _error_body(response: httpx.Response) -> tuple[str | None, int | None]:
    """LiveVox's ``{"code", "message"}`` error body, tolerated when absent or malformed."""
    body = wire.json_object(response)
    if body is None:
        return None, None
    message = body.get("message")
    message = message.strip() if isinstance(message, str) and message.strip() else None
    code = body.get("code")
    if isinstance(code, str) and code.strip().lstrip("-").isdigit():
        code = int(code)
    if not isinstance(code, int) or isinstance(code, bool):
        code = None
    return message, code


def _should_retry(exc: Exception) -> bool:
    """Retry policy for idempotent reads: transport errors and 503 only. LiveVox answers
    502 for a configuration error that only its support can clear: repeating is waiting."""
    if isinstance(exc, errors.TransportError):
        return True
    return isinstance(exc, errors.ServerError) and exc.status == 503


# A login refused with any of these is a refused sign-in (LiveVox uses all three).
_LOGIN_REFUSED = (errors.SessionExpired, errors.Forbidden, errors.NotFound)
# The Agent API's term codes refused or absent: the Configuration API may still answer.
_TERM_CODES_ABSENT = (400, 403, 404, 405, 501)
TERM_CODE_PAGE = 1000
TERM_CODE_MAX_PAGES = 50


class LiveVoxClient(wire.AsyncClosing):
    """Async client for the LiveVox session and SMS APIs.

    Use it as an async context manager (or call :meth:`aclose`)::

        async with LiveVoxClient(base_url, access_token) as lv:
            session = await lv.login("DEMO", "agent1", "secret", agent=True)
            channels = await lv.list_channels()

    ``versions`` puts an API version after a category, e.g. ``{"session": "v5.0"}`` makes
    ``/session/v5.0/login``. ``transport`` is for tests (an ``httpx.MockTransport``).
    """

    def __init__(
        self,
        base_url: str,
        access_token: str,
        *,
        versions: Mapping[str, str] | None = None,
        connect_timeout: float = 5.0,
        read_timeout: float = 20.0,
        retry_attempts: int = 4,
        retry_timeout: float = 30.0,
        max_connections: int = 10,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = wire.check_base_url(base_url, "LiveVox")
        self._access_token = _require(access_token, "The access token")
        redact.remember_secret(self._access_token)
        self._versions = {k: v.strip("/") for k, v in (versions or {}).items() if v}
        self._retry_attempts = max(1, retry_attempts)
        self._retry_timeout = retry_timeout
        self._pool = wire.Pool(
            self.base_url,
            "LiveVox",
            errors,
            log,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            max_connections=max_connections,
            transport=transport,
        )
        self._session: models.Session | None = None
        self._credentials: _Credentials | None = None
        self._relogin_lock = asyncio.Lock()
        self._relogins_finished = 0
        self._relogin_error: errors.LiveVoxError | None = None
        # The service joined (id, phone number): a fresh session joins it again.
        self._joined: tuple[str, str | None] | None = None

    @classmethod
    def for_environment(cls, environment: str, access_token: str, **kwargs: Any) -> Self:
        """A client for a named LiveVox environment: ``na3``, ``na4``, ``na5`` or ``na6``."""
        return cls(base_url_for(environment), access_token, **kwargs)

    async def aclose(self) -> None:
        """Close the connection pool. The session stays valid on the server (see :meth:`logout`)."""
        await self._pool.aclose()

    # --- session state ----------------------------------------------------------------------

    @property
    def session(self) -> models.Session | None:
        """The current session, or None before login and after logout."""
        return self._session

    @property
    def agent_id(self) -> str | None:
        """For an agent session, the agent id (LiveVox's ``userId``)."""
        return self._session.user_id if self._session else None

    @property
    def signed_in_as(self) -> tuple[str, str] | None:
        """(client code, user name) of the held credentials, None after logout."""
        held = self._credentials
        return (held.client_name, held.user_name) if held else None

    @property
    def is_agent(self) -> bool:
        return bool(self._credentials and self._credentials.agent)

    def _forget_session(self) -> None:
        if self._session is not None:
            redact.forget_secret(self._session.session_id)
        self._session = None

    # --- plumbing ---------------------------------------------------------------------------

    def _path(self, category: str, resource: str) -> str:
        version = self._versions.get(category)
        prefix = f"/{category}/{version}" if version else f"/{category}"
        return f"{prefix}/{resource}"

    def _headers(self, session: models.Session | None) -> dict[str, str]:
        headers = {"LV-Access": self._access_token}
        if session is not None:
            headers["LV-Session"] = session.session_id
        return headers

    async def _send_once(
        self,
        method: str,
        path: str,
        *,
        params: Params | None,
        json: JsonBody | None,
        session: models.Session | None,
    ) -> httpx.Response:
        response = await self._pool.request(
            method, path, params=params, json=json, headers=self._headers(session)
        )
        if response.is_success:
            return response
        message, code = _error_body(response)
        raise errors.error_for_status(
            response.status_code, message, code, retry_after=wire.retry_after(response)
        )

    async def _send(
        self,
        method: str,
        path: str,
        *,
        params: Params | None,
        json: JsonBody | None,
        session: models.Session | None,
        idempotent: bool,
    ) -> httpx.Response:
        if not idempotent:
            return await self._send_once(method, path, params=params, json=json, session=session)
        return await wire.retry_reads(
            lambda: self._send_once(method, path, params=params, json=json, session=session),
            on=_should_retry,
            attempts=self._retry_attempts,
            give_up_after=self._retry_timeout,
        )

    async def _call(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        json: JsonBody | None = None,
        idempotent: bool = False,
    ) -> httpx.Response:
        """A call that needs a session: adds ``LV-Session`` and logs in again once on 401.

        A session lost earlier (two 401s in a row) is replaced by a fresh login before the
        call, as long as the credentials are held; only after logout is it NotLoggedIn.
        """
        session = self._session
        if session is None:
            if self._credentials is None:
                raise errors.NotLoggedIn()
            session = await self._relogin(None)
        try:
            return await self._send(
                method, path, params=params, json=json, session=session, idempotent=idempotent
            )
        except errors.SessionExpired:
            if self._credentials is None:
                self._forget_session()
                raise
            log.info("%s %s: session expired; logging in again", method, path)
        session = await self._relogin(session)
        try:
            return await self._send(
                method, path, params=params, json=json, session=session, idempotent=idempotent
            )
        except errors.SessionExpired as exc:
            self._forget_session()
            raise errors.SessionExpired(
                "Your LiveVox session expired and signing in again did not help.",
                status=exc.status,
                code=exc.code,
            ) from None

    async def _relogin(self, stale: models.Session | None) -> models.Session:
        """Replace a stale session, once: concurrent 401s wait for the first re-login, and
        share its failure too (trying the same credentials again at once could lock the
        account). A re-login that finished while this call waited answers for it."""
        finished_before = self._relogins_finished
        async with self._relogin_lock:
            if self._session is not None and self._session is not stale:
                return self._session
            if self._relogins_finished != finished_before and self._relogin_error is not None:
                raise self._relogin_error
            credentials = self._credentials
            if credentials is None:  # logged out while this call was in flight
                raise errors.NotLoggedIn()
            try:
                session = await self.login(
                    credentials.client_name,
                    credentials.user_name,
                    credentials.password,
                    agent=credentials.agent,
                )
            except errors.LiveVoxError as exc:
                self._forget_session()
                self._relogin_error = exc
                raise
            finally:
                self._relogins_finished += 1
            self._relogin_error = None
            if self._joined is not None:
                await self._join(session, *self._joined)
            return session

    @staticmethod
    def _json(response: httpx.Response) -> Any:
        """The decoded body; an empty body (204) is None; anything not JSON is a ProtocolError."""
        return wire.decode_json(response, errors.ProtocolError, "LiveVox")

    async def _get(self, path: str, params: Params | None = None) -> Any:
        return self._json(await self._call("GET", path, params=params, idempotent=True))

    # --- session ----------------------------------------------------------------------------

    async def login(
        self, client_name: str, user_name: str, password: str, *, agent: bool = True
    ) -> models.Session:
        """Log in and hold the session (and the credentials, for one re-login on expiry).

        Login is retried like a read: LiveVox answers a repeated login with the same session.
        """
        body = {
            "clientName": _require(client_name, "The client code"),
            "userName": _require(user_name, "The user name"),
            "password": _require(password, "The password"),
            "agent": bool(agent),
        }
        redact.remember_secret(password)
        try:
            response = await self._send(
                "POST",
                self._path("session", "login"),
                params=None,
                json=body,
                session=None,
                idempotent=True,
            )
        except _LOGIN_REFUSED as exc:
            raise errors.LoginFailed(
                status=exc.status, code=exc.code, server_message=exc.server_message
            ) from None
        session = parsing.parse_session(self._json(response))
        redact.remember_secret(session.session_id)
        self._session = session
        self._credentials = _Credentials(body["clientName"], body["userName"], password, agent)
        log.info("logged in as %s (%s session)", body["userName"], "agent" if agent else "user")
        return session

    async def validate(self) -> bool:
        """Whether the held session is still valid on the server (False when there is none)."""
        session = self._session
        if session is None:
            return False
        path = self._path("session", f"validate/{quote(session.session_id, safe='')}")
        try:
            await self._send("GET", path, params=None, json=None, session=session, idempotent=True)
        except (errors.NotFound, errors.SessionExpired):
            return False
        return True

    async def logout(self) -> None:
        """End the session on the server and forget it and the credentials locally.

        The local state is cleared even when the server cannot be reached, so signing out
        always signs out here; the error is still raised so the caller can say so.
        """
        session, self._credentials, self._joined = self._session, None, None
        if session is None:
            return
        path = self._path("session", f"logout/{quote(session.session_id, safe='')}")
        try:
            await self._send(
                "DELETE", path, params=None, json=None, session=session, idempotent=False
            )
        except (errors.NotFound, errors.SessionExpired):
            pass  # already gone on the server
        finally:
            self._forget_session()

    async def change_password(
        self,
        client_name: str,
        user_name: str,
        password: str,
        new_password: str,
        agent: bool = True,
    ) -> None:
        """Change a password (``POST /session/password``); needs no session, so it works for
        an expired password. A session held for that user ends on the server with the old
        password: the held credentials take the new one and the next call signs in again."""
        body = {
            "clientName": _require(client_name, "The client code"),
            "userName": _require(user_name, "The user name"),
            "password": _require(password, "The current password"),
            "newPassword": _require(new_password, "The new password"),
            "agent": bool(agent),
        }
        redact.remember_secret(password)
        redact.remember_secret(new_password)
        try:
            await self._send(
                "POST",
                self._path("session", "password"),
                params=None,
                json=body,
                session=None,
                idempotent=False,
            )
        except _LOGIN_REFUSED as exc:
            raise errors.LoginFailed(
                status=exc.status, code=exc.code, server_message=exc.server_message
            ) from None
        held = self._credentials
        if held is not None and (held.client_name, held.user_name.lower()) == (
            body["clientName"],
            body["userName"].lower(),
        ):
            self._credentials = _Credentials(
                held.client_name, held.user_name, new_password, held.agent
            )
            self._forget_session()
        log.info("password changed for %s", body["userName"])

    # --- the agent's service and term codes (Agent API, Configuration API) ------------------

    async def service_access(self) -> models.ServiceAccess:
        """The services the agent may join, and the phone number LiveVox holds for them."""
        data = await self._get(self._path("callControl", "agent/service/access"))
        return parsing.parse_service_access(data)

    async def join_service(self, service_id: str | int, phone_number: str | None = None) -> None:
        """Join a service: the agent's sends go out from it. Joined again after a re-login."""
        session = self._session
        if session is None:
            if self._credentials is None:
                raise errors.NotLoggedIn()
            session = await self._relogin(None)
        service = _require(service_id, "The service id")
        phone = (phone_number or "").strip() or None
        try:
            await self._join(session, service, phone)
        except errors.SessionExpired:
            session = await self._relogin(session)
            await self._join(session, service, phone)
        self._joined = (service, phone)

    async def _join(self, session: models.Session, service: str, phone: str | None) -> None:
        params: dict[str, str | int] = {"serviceId": service}
        if phone:
            params["phoneNumber"] = phone
        await self._send(
            "POST",
            self._path("callControl", "agent/service/join"),
            params=params,
            json=None,
            session=session,
            idempotent=False,
        )

    async def leave_service(self) -> None:
        """Leave the joined service (sign-out does this first)."""
        self._joined = None
        await self._call("POST", self._path("callControl", "agent/service/leave"))

    @property
    def joined_service(self) -> str | None:
        return self._joined[0] if self._joined else None

    async def list_term_codes(self, service_id: str | int) -> list[models.TermCodeCategory]:
        """A service's term codes by category: the Agent API first, the Configuration API
        (one unnamed category) when the first is refused or absent."""
        service = _require(service_id, "The service id")
        path = self._path("callControl", "agent/termCode")
        try:
            data = await self._get(path, {"serviceId": service})
        except errors.LiveVoxError as exc:
            if exc.status not in _TERM_CODES_ABSENT:
                raise
            log.info("Agent API term codes answered %s; trying the Configuration API", exc.status)
            return await self._configured_term_codes(service)
        return parsing.parse_term_code_categories(data)

    async def _configured_term_codes(self, service: str) -> list[models.TermCodeCategory]:
        """``/configuration/termCodes``, paged by ``offset += count`` while ``next`` is set."""
        params: dict[str, str | int] = {"count": TERM_CODE_PAGE, "offset": 0, "service": service}
        client_id = self._session.client_id if self._session else None
        if client_id:
            params["client"] = client_id
        path = self._path("configuration", "termCodes")
        codes: dict[str, models.TermCode] = {}
        for _ in range(TERM_CODE_MAX_PAGES):
            items, following = parsing.parse_term_code_page(await self._get(path, dict(params)))
            fresh = [code for code in items if code.term_code_id not in codes]
            codes.update((code.term_code_id, code) for code in fresh)
            if not following or not fresh:
                break
            params["offset"] = int(params["offset"]) + TERM_CODE_PAGE
        if not codes:
            return []
        return [models.TermCodeCategory(name="", term_codes=tuple(codes.values()))]

    # --- SMS --------------------------------------------------------------------------------

    async def list_templates(self) -> list[models.Template]:
        return parsing.parse_templates(await self._get(self._path("sms", "templates")))

    async def send_sms(
        self,
        from_code: str,
        to: str,
        *,
        message: str | None = None,
        template_id: str | int | None = None,
        account: str | None = None,
        service_id: str | int | None = None,
    ) -> str:
        """Send a transactional SMS (``POST /sms/``); returns the transaction id.

        Exactly one of ``message`` and ``template_id``. Agents send from the service they are
        logged into and may not pass ``service_id``; users must pass it.
        """
        has_message = bool(message and message.strip())
        has_template = template_id is not None and str(template_id).strip() != ""
        if has_message == has_template:
            raise ValueError("Give either a message or a template, not both and not neither.")
        if self._credentials is not None:
            if self._credentials.agent and service_id is not None:
                raise ValueError(
                    "Agents send from their own service and may not pass a service id."
                )
            if not self._credentials.agent and service_id is None:
                raise ValueError("A user (non-agent) send needs the service id to send from.")
        body: dict[str, Any] = {
            "from": _require(from_code, "The sending code"),
            "to": _require(to, "The destination number"),
            "body": {"message": message}
            if has_message
            else {"templateId": str(template_id).strip()},
        }
        if account:
            body["account"] = account
        if service_id is not None:
            body["serviceId"] = str(service_id)
        response = await self._call("POST", self._path("sms", ""), json=body)
        return parsing.parse_transaction_id(self._json(response))

    async def list_sms_codes(self) -> list[models.SmsCode]:
        return parsing.parse_sms_codes(await self._get(self._path("sms", "codes")))

    # --- agent: inboxes and threads ---------------------------------------------------------

    async def channel_counts(self, agent_id: str) -> models.ChannelCounts:
        agent = quote(_require(agent_id, "The agent id"), safe="")
        data = await self._get(self._path("sms", f"agent/interaction/counts/{agent}"))
        return parsing.parse_channel_counts(data)

    async def list_channels(self) -> list[models.Channel]:
        return parsing.parse_channels(await self._get(self._path("sms", "agent/channel")))

    async def list_threads(
        self,
        channel_id: str,
        channel: str | models.ChannelKind,
        *,
        personal: bool | None = None,
        page: int = 1,
    ) -> list[models.Thread]:
        """One page (1-based) of an inbox's threads. The page size is the server's to choose."""
        if page < 1:
            raise ValueError("Pages are numbered from 1.")
        params: dict[str, str | int] = {
            "channelId": _require(channel_id, "The channel id"),
            "channel": _channel_name(channel),
            "pagination": page,
        }
        if personal is not None:
            params["personal"] = "true" if personal else "false"
        return parsing.parse_threads(
            await self._get(self._path("sms", "agent/thread/details"), params)
        )

    def iter_threads(
        self,
        channel_id: str,
        channel: str | models.ChannelKind,
        *,
        personal: bool | None = None,
        max_pages: int = 10_000,
    ) -> AsyncIterator[list[models.Thread]]:
        """Every page of an inbox, stopping at a short or empty page."""
        return _pages(
            lambda page: self.list_threads(channel_id, channel, personal=personal, page=page),
            key=lambda thread: thread.thread_id or thread,
            max_pages=max_pages,
        )

    async def move_to_group(self, thread_id: str) -> None:
        """Move a thread from the personal inbox to the group inbox (``switchGroup/public``)."""
        params = {"threadId": _require(thread_id, "The thread id")}
        await self._call("PUT", self._path("sms", "agent/thread/switchGroup/public"), params=params)

    async def move_to_personal(self, thread_id: str, agent_id: str) -> None:
        """Take a thread from the group inbox into an agent's personal inbox."""
        params = {
            "threadId": _require(thread_id, "The thread id"),
            "channelId": _require(agent_id, "The agent id"),
        }
        await self._call(
            "PUT", self._path("sms", "agent/thread/switchGroup/private"), params=params
        )

    async def transfer_thread(
        self, thread_id: str, channel: str | models.ChannelKind, agent_id: str
    ) -> str:
        """Transfer a thread to another agent; returns the confirmation id.

        LiveVox makes this a GET, but it changes state: it is never retried automatically.
        """
        params = {
            "threadId": _require(thread_id, "The thread id"),
            "type": _channel_name(channel),
            "agentId": _require(agent_id, "The agent id"),
        }
        response = await self._call(
            "GET", self._path("sms", "agent/thread/transfer"), params=params
        )
        return parsing.parse_transfer_id(self._json(response))

    async def list_transfer_agents(self, thread_id: str) -> list[models.TransferAgent]:
        params = {"threadId": _require(thread_id, "The thread id")}
        data = await self._get(self._path("sms", "agent/search"), params)
        return parsing.parse_transfer_agents(data)

    async def resolve_thread(
        self,
        thread_id: str,
        account: str,
        *,
        agent_entered_account: str | None = None,
        term_code_id: str | int | None = None,
        payment_amount: str | float | None = None,
    ) -> None:
        """Resolve a thread with an optional term code; it leaves the inbox.

        ``payment_amount`` goes with a term code that requires one (``paymentAmtRequired``),
        as ``paymentAmt``: the SMS document has no such field, LiveVox's call-control term
        codes name it so."""
        account = _require(account, "The account")
        body: dict[str, Any] = {
            "threadId": _require(thread_id, "The thread id"),
            "account": account,
            "agentEnteredAccount": (agent_entered_account or "").strip() or account,
        }
        if term_code_id is not None and str(term_code_id).strip():
            body["termCodeId"] = _long(term_code_id)
        if payment_amount is not None and str(payment_amount).strip():
            body["paymentAmt"] = _amount(payment_amount)
        await self._call("POST", self._path("sms", "agent/thread/resolve"), json=body)

    # --- agent: messages --------------------------------------------------------------------

    async def send_message(
        self,
        from_number: str,
        to_number: str,
        message: str,
        *,
        template_id: str | int | None = None,
        account: str | None = None,
        thread_id: str | int | None = None,
        ticket_id: str | int | None = None,
        crm_account_id: str | int | None = None,
    ) -> str:
        """Send an SMS as the agent (``/sms/agent/message/send``); returns the transaction id."""
        if not (message and message.strip()):
            raise ValueError("The message must not be empty.")
        body: dict[str, Any] = {
            "fromNumber": _require(from_number, "The sending number"),
            "toNumber": _require(to_number, "The destination number"),
            "message": message,
        }
        optional = {
            "templateId": template_id,
            "threadId": thread_id,
            "ticketId": ticket_id,
            "crmAccountId": crm_account_id,
        }
        for key, value in optional.items():
            if value is not None and str(value).strip():
                body[key] = _long(value)
        if account:
            body["account"] = account
        response = await self._call("POST", self._path("sms", "agent/message/send"), json=body)
        return parsing.parse_message_id(self._json(response))

    async def mark_read(self, thread_id: str, channel_id: str) -> None:
        await self._mark("markAsRead", thread_id, channel_id)

    async def mark_unread(self, thread_id: str, channel_id: str) -> None:
        await self._mark("markAsUnread", thread_id, channel_id)

    async def _mark(self, action: str, thread_id: str, channel_id: str) -> None:
        params = {
            "threadId": _require(thread_id, "The thread id"),
            "channelId": _require(channel_id, "The channel id"),
        }
        await self._call("PUT", self._path("sms", f"agent/message/{action}"), params=params)

    async def list_messages(
        self, *, account: str | None = None, thread_id: str | None = None, page: int = 1
    ) -> list[models.Message]:
        """One page of transaction history, by thread, by account, or both."""
        if page < 1:
            raise ValueError("Pages are numbered from 1.")
        params: dict[str, str | int] = {"pagination": page}
        if account and account.strip():
            params["account"] = account.strip()
        if thread_id is not None and str(thread_id).strip():
            params["threadId"] = str(thread_id).strip()
        if "account" not in params and "threadId" not in params:
            raise ValueError("Transaction history needs an account or a thread id.")
        return parsing.parse_messages(await self._get(self._path("sms", "agent/messages"), params))

    def iter_messages(
        self, *, account: str | None = None, thread_id: str | None = None, max_pages: int = 10_000
    ) -> AsyncIterator[list[models.Message]]:
        """Every page of a transaction history, stopping at a short or empty page."""
        return _pages(
            lambda page: self.list_messages(account=account, thread_id=thread_id, page=page),
            key=lambda message: message.id,
            max_pages=max_pages,
        )


T = TypeVar("T")


async def _pages(
    fetch: Callable[[int], Awaitable[list[T]]],
    *,
    key: Callable[[T], object],
    max_pages: int,
) -> AsyncIterator[list[T]]:
    """Walk 1-based pages without knowing the page size.

    Stops at an empty page, at a page shorter than the first (the server's size), and at a
    page that brings nothing new (a server that ignores ``pagination`` repeats page one).
    """
    seen: set[object] = set()
    first_size: int | None = None
    for page in range(1, max_pages + 1):
        items = await fetch(page)
        fresh = [item for item in items if key(item) not in seen]
        if not fresh:
            return
        seen.update(key(item) for item in fresh)
        yield fresh
        first_size = first_size or len(items)
        if len(items) < first_size:
            return

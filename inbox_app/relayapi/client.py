"""The async client of the relay's desktop API.

What it guarantees to callers:

* Every failure is an :mod:`~inbox_app.relayapi.errors` type; no httpx or pydantic
  exception escapes. A 409 on a conversation action is :class:`~.errors.Claimed` naming
  the agent who holds it.
* Every request carries ``Authorization: Bearer <agent token>``; the token never reaches
  a log line.
* :meth:`RelayClient.events` is a long-poll: its read timeout is ``wait`` plus a margin, so
  a quiet relay answering after ``wait`` seconds is never taken for a dead one.
* Reads (events, agents, a conversation, who am I) are retried on transport errors and
  502/503 with capped exponential backoff and jitter. Actions are not retried: an action
  whose answer was lost raises ``TransportError(maybe_delivered=True)``; the caller reads
  the conversation's state again (actions are idempotent on the relay: repeating one that
  took effect changes nothing, but a claim repeated after someone else's is a 409).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any
from urllib.parse import quote

import httpx

from ..wire import http as wire
from . import errors, models, parsing, redact

__all__ = ["LONG_POLL_MARGIN", "MAX_WAIT", "RelayClient"]

log = logging.getLogger("inbox_app.relayapi")
redact.install()

SERVICE = "relay"
MAX_WAIT = 30.0  # the relay answers a long-poll after at most this long
LONG_POLL_MARGIN = 10.0  # a long-poll's read timeout is its wait plus this


def _error(response: httpx.Response) -> errors.RelayError:
    body = wire.json_object(response) or {}
    detail = body.get("detail")
    owner = body.get("owner")
    return errors.error_for_status(
        response.status_code,
        server_message=detail.strip() if isinstance(detail, str) and detail.strip() else None,
        owner=owner if isinstance(owner, str) else None,
        retry_after=wire.retry_after(response),
    )


def _passing(exc: Exception) -> bool:
    if isinstance(exc, errors.TransportError):
        return True
    return isinstance(exc, errors.ServerError) and exc.status in (502, 503)


class RelayClient(wire.AsyncClosing):
    """One agent's client of the relay (``base_url``, e.g. ``https://relay.example.com``).

    ``transport`` is for tests (an ``httpx.MockTransport``)."""

    def __init__(
        self,
        base_url: str,
        agent_token: str,
        *,
        connect_timeout: float = 5.0,
        read_timeout: float = 20.0,
        retry_attempts: int = 4,
        retry_timeout: float = 30.0,
        max_connections: int = 10,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = wire.check_base_url(base_url, "relay")
        token = (agent_token or "").strip()
        if not token:
            raise ValueError("The agent token must not be empty.")
        redact.remember_secret(token)
        self._connect_timeout = connect_timeout
        self._read_timeout = read_timeout
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
            headers={"Authorization": f"Bearer {token}"},
        )

    def __repr__(self) -> str:
        return f"RelayClient({self.base_url!r})"

    async def aclose(self) -> None:
        await self._pool.aclose()

    # --- plumbing ---------------------------------------------------------------------------

    async def _once(self, method: str, path: str, **kwargs: Any) -> Any:
        response = await self._pool.checked(method, path, refuse=_error, **kwargs)
        return wire.decode_json(response, errors.ProtocolError, SERVICE)

    async def _read(self, path: str, **kwargs: Any) -> Any:
        return await wire.retry_reads(
            lambda: self._once("GET", path, **kwargs),
            on=_passing,
            attempts=self._retry_attempts,
            give_up_after=self._retry_timeout,
        )

    @staticmethod
    def _path(key: str, action: str | None = None) -> str:
        if not isinstance(key, str) or not key.strip():
            raise ValueError("The conversation key must not be empty.")
        path = "/v1/conversations/" + quote(key.strip(), safe=":+")
        return path if action is None else f"{path}/{action}"

    # --- calls ------------------------------------------------------------------------------

    async def me(self) -> models.Me:
        """The agent whose token this is (sign-in: a wrong token says so now) and the relay's
        public webhook URLs."""
        return parsing.parse_me(await self._read("/v1/me"))

    async def events(self, after: int = 0, wait: float = 0.0, limit: int = 200) -> models.EventPage:
        """Events after the cursor ``after``, oldest first; with none, the relay waits up to
        ``wait`` seconds (at most 30) for one before answering an empty page."""
        if isinstance(after, bool) or not isinstance(after, int) or after < 0:
            raise ValueError("The cursor is a whole number from 0.")
        wait = max(0.0, min(float(wait), MAX_WAIT))
        read = max(self._read_timeout, wait + LONG_POLL_MARGIN)
        timeout = httpx.Timeout(
            connect=self._connect_timeout, read=read, write=self._read_timeout, pool=read
        )
        params = {"after": after, "wait": f"{wait:g}", "limit": max(1, min(int(limit), 1000))}
        return parsing.parse_events(await self._read("/v1/events", params=params, timeout=timeout))

    async def agents(self) -> list[models.Agent]:
        """Every agent who can receive a transfer (the caller included)."""
        return parsing.parse_agents(await self._read("/v1/agents"))

    async def conversation(self, key: str) -> models.ConversationState:
        return parsing.parse_state(await self._read(self._path(key)))

    async def _act(self, key: str, action: str, **kwargs: Any) -> models.ActionResult:
        path = self._path(key, action)
        return parsing.parse_action(await self._once("POST", path, **kwargs))

    async def claim(self, key: str) -> models.ActionResult:
        """Take the conversation; :class:`~.errors.Claimed` when another agent holds it."""
        return await self._act(key, "claim")

    async def release(self, key: str) -> models.ActionResult:
        """Give it back to everyone (the group)."""
        return await self._act(key, "release")

    async def transfer(self, key: str, to: str) -> models.ActionResult:
        """Hand it to agent ``to`` (:class:`~.errors.NotFound` when there is none)."""
        if not isinstance(to, str) or not to.strip():
            raise ValueError("A transfer needs the name of the agent it goes to.")
        return await self._act(key, "transfer", json={"to": to.strip()})

    async def read(self, key: str) -> models.ActionResult:
        return await self._act(key, "read")

    async def unread(self, key: str) -> models.ActionResult:
        return await self._act(key, "unread")

    async def resolve(self, key: str) -> models.ActionResult:
        """Resolve it (it is free again; a customer's next message opens it)."""
        return await self._act(key, "resolve")

    async def sent(self, key: str, message_id: str, text: str, at: datetime) -> models.Event:
        """Tell every desktop about a message sent in this conversation (the platform's id
        for it): a ``sent`` event. Repeating it is harmless (stored once per id)."""
        if not isinstance(message_id, str) or not message_id.strip():
            raise ValueError("A sent message needs the platform's id for it.")
        if at.tzinfo is None:
            raise ValueError("The time a message was sent must carry its time zone.")
        body = {"id": message_id.strip(), "text": text, "at": at.isoformat()}
        answer = await self._once("POST", self._path(key, "sent"), json=body)
        return parsing.parse_sent(answer)

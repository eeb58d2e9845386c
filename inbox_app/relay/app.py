"""The relay's HTTP API (an ASGI app on FastAPI).

Platforms call ``POST /hooks/{platform}/{secret}/{kind}`` (a desktop may add ``?ref=`` to the
address it gives a platform; the event keeps it); desktops read ``GET /v1/events``, share
conversations' state through ``/v1/conversations/{key}/…`` with a bearer token, and tell
each other what they sent (``…/sent``).
Store calls run in worker threads (they block on the disk); long-polls wait on a
:class:`Notifier` in the event loop.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from .conversations import ACTIONS, Conflict, ConversationKey, InvalidKey
from .shared_reads import SharedReads
from .store import Agent, DeadLetter, RelayStore, UnknownAgent
from .tokens import hash_token, same_secret
from .validation import HOOKS, MAX_BODY, InvalidBody, parse_webhook, sent_by_agent

__all__ = [
    "MAX_WAIT",
    "Notifier",
    "create_app",
    "hook_prefixes",
    "public_webhooks",
    "webhook_paths",
]

log = logging.getLogger("inbox_app.relay")

MAX_WAIT = 30.0  # seconds a long-poll may wait; proxies commonly cut idle requests at 60 s
RECHECK = 5.0  # a waiting poll looks at the store this often even if nobody woke it
ONLINE = timedelta(seconds=90)  # an agent seen this recently is shown as online

# Headers that may carry credentials are not kept with a dead letter.
_SECRET_HEADERS = {"authorization", "proxy-authorization", "cookie", "key", "x-api-key"}


class Notifier:
    """Wakes every waiting long-poll when an event is committed.

    A poll takes :meth:`snapshot` *before* it reads the store, then waits on it: an event
    committed after the read sets that snapshot, so no wake-up falls between read and wait.
    """

    def __init__(self) -> None:
        self._event = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self.closed = False
        self.waiting = 0

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    def snapshot(self) -> asyncio.Event:
        return self._event

    def notify(self) -> None:
        """From the event loop's thread."""
        event, self._event = self._event, asyncio.Event()
        event.set()

    def notify_threadsafe(self) -> None:
        """From any thread (a PostgreSQL LISTEN thread, a server stopping)."""
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self.notify)

    def close(self) -> None:
        """Answer every waiting poll now: the server is stopping."""
        self.closed = True
        self.notify_threadsafe()

    async def wait(self, snapshot: asyncio.Event, seconds: float) -> None:
        self.waiting += 1
        try:
            await asyncio.wait_for(snapshot.wait(), seconds)
        except TimeoutError:
            pass
        finally:
            self.waiting -= 1


async def _read_capped(request: Request) -> bytes:
    """The body, or its first ``MAX_BODY + 1`` bytes: enough to refuse it (as a dead letter)
    without holding a huge upload in memory."""
    chunks, size = [], 0
    async for chunk in request.stream():
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_BODY:
            break
    return b"".join(chunks)[: MAX_BODY + 1]


def platforms() -> list[str]:
    """The platforms the relay takes webhooks from, in a stable order."""
    return list(dict.fromkeys(platform for platform, _ in HOOKS))


def hook_prefixes(secrets: dict[tuple[str, str], str]) -> dict[str, str]:
    """``{"imiconnect": "/hooks/imiconnect/SECRET", …}``: what a platform is given; it
    appends ``/mo``, ``/dr`` (or ``/reply``, ``/status``)."""
    return {
        platform: f"/hooks/{platform}/{secret}"
        for (platform, kind), secret in secrets.items()
        if kind == ""
    }


def webhook_paths(secrets: dict[tuple[str, str], str]) -> dict[str, str]:
    """``{"imiconnect/mo": "/hooks/imiconnect/SECRET/mo", …}``: every endpoint under its
    platform's prefix."""
    prefixes = hook_prefixes(secrets)
    return {
        f"{platform}/{kind}": f"{prefixes[platform]}/{kind}"
        for platform, kind in HOOKS
        if platform in prefixes
    }


class TransferBody(BaseModel):
    to: str = Field(min_length=1, max_length=100)


class SentBody(BaseModel):
    """A message a desktop sent in a conversation: the platform's id for it, its text, and
    when it was written (ISO 8601)."""

    id: str = Field(min_length=1, max_length=200)
    text: str = Field(max_length=10_000)
    at: datetime


async def signed_in_agent(request: Request) -> Agent:
    """The agent whose bearer token this is; 401 for none, an unknown or a revoked one."""
    store: RelayStore = request.app.state.store
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    found = None
    if scheme.lower() == "bearer" and token.strip():
        found = await run_in_threadpool(store.agent_for_token, hash_token(token.strip()))
    if found is None:
        raise HTTPException(
            status_code=401,
            detail="A valid agent token is required (Authorization: Bearer …).",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return found


Me = Annotated[Agent, Depends(signed_in_agent)]


def public_webhooks(
    secrets: dict[tuple[str, str], str], public_url: str
) -> dict[str, dict[str, str]]:
    """``{"iliveit": {"reply": URL, "status": URL}, …}``: each endpoint's full URL under the
    base the platforms reach the relay at."""
    found: dict[str, dict[str, str]] = {}
    for name, path in webhook_paths(secrets).items():
        platform, kind = name.split("/", 1)
        found.setdefault(platform, {})[kind] = public_url.rstrip("/") + path
    return found


def create_app(
    store: RelayStore, notifier: Notifier | None = None, *, public_url: str | None = None
) -> FastAPI:
    """The relay on ``store``; its webhook secrets are created now if the store has none.

    ``public_url`` is the base the platforms reach the relay at (``https://relay.example.com``
    behind a TLS proxy); whoever serves the app may set ``app.state.public_url`` once the
    listening address is known. Unset, ``/v1/me`` names the address the desktop used."""
    notifier = notifier or Notifier()
    secrets = store.webhook_secrets(platforms())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        notifier.attach(asyncio.get_running_loop())
        store.listen(notifier.notify_threadsafe)
        yield

    app = FastAPI(
        title="inbox relay",
        version="1",
        lifespan=lifespan,
        redirect_slashes=False,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    reads = SharedReads(store.events_after)  # polls woken together read once
    app.state.store = store
    app.state.notifier = notifier
    app.state.reads = reads
    app.state.webhook_secrets = secrets
    app.state.public_url = public_url

    # --- platforms ---------------------------------------------------------------------------

    @app.post("/hooks/{platform}/{secret}/{kind}")
    async def webhook(platform: str, secret: str, kind: str, request: Request) -> JSONResponse:
        """One endpoint per platform and kind; the secret in the path is the credential.

        Both endpoints of a platform share its secret (an older database's per-endpoint
        secret is still accepted on its endpoint). A wrong secret is the same 404 as a path
        that does not exist (compared in constant time), so the endpoint gives no hint. The
        event is committed before the 200; a duplicate (the platform retrying) is answered
        200 too, so it stops retrying."""
        if (platform, kind) not in HOOKS:
            raise HTTPException(status_code=404)
        shared = same_secret(secret, secrets.get((platform, ""), ""))
        legacy = same_secret(secret, secrets.get((platform, kind), ""))
        if not secret or not (shared or legacy):
            raise HTTPException(status_code=404)
        raw = await _read_capped(request)
        try:
            inbound = parse_webhook(platform, kind, raw, request.query_params.get("ref"))
        except InvalidBody as exc:
            headers = {
                name: value
                for name, value in request.headers.items()
                if name.lower() not in _SECRET_HEADERS
            }
            letter = DeadLetter(platform, kind, str(exc), headers, raw)
            letter_id = await run_in_threadpool(store.record_dead_letter, letter)
            log.warning(
                "%s %s webhook refused (dead letter %d): %s", platform, kind, letter_id, exc
            )
            return JSONResponse({"detail": f"Invalid body: {exc}"}, status_code=400)
        _, created = await run_in_threadpool(store.record_inbound, inbound)
        if created:
            notifier.notify()
        return JSONResponse({"status": "stored" if created else "duplicate"})

    # --- desktops ----------------------------------------------------------------------------

    @app.get("/v1/events")
    async def events(
        me: Me,
        after: Annotated[int, Query(ge=0)] = 0,
        wait: Annotated[float, Query(ge=0)] = 0.0,
        limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    ) -> dict[str, Any]:
        """Events after the cursor ``after``, oldest first, each ``{cursor, kind, platform,
        at, data}``; ``cursor`` in the answer is where the next poll starts.

        A long-poll: with nothing new it waits up to ``wait`` seconds (at most 30) for an
        event, then answers an empty list and the same cursor. Why long-poll rather than
        Server-Sent Events: each answer is a plain request the desktop's existing HTTP
        client, retry and resume-by-cursor code already handle; a sleeping laptop or a
        proxy cutting a connection just means the next poll, never a half-read stream; and
        acknowledgement is implicit (the next ``after``), so nothing is lost in flight."""
        deadline = asyncio.get_running_loop().time() + min(wait, MAX_WAIT)
        while True:
            snapshot = notifier.snapshot()
            found = await reads.events_after(after, limit)
            remaining = deadline - asyncio.get_running_loop().time()
            if found or remaining <= 0 or notifier.closed:
                break
            await notifier.wait(snapshot, min(remaining, RECHECK))
        return {
            "events": [event.as_json() for event in found],
            "cursor": found[-1].cursor if found else after,
        }

    @app.get("/v1/me")
    async def whoami(me: Me, request: Request) -> dict[str, Any]:
        """The agent this token belongs to (a desktop tells its own conversations, ``owner``,
        from others' by this name) and the relay's public webhook URLs per platform and kind.

        iLiveIt is told where to post replies and status on every send, so a signed-in desktop
        needs them; they carry the webhook secret, which every agent is trusted with (it
        lets one post webhooks, never read events or act as an agent)."""
        base = app.state.public_url or str(request.base_url)
        return {"name": me.name, "webhooks": public_webhooks(secrets, base)}

    @app.get("/v1/agents")
    async def agents(me: Me) -> dict[str, Any]:
        """Agents who can receive a transfer; ``online`` if seen in the last 90 seconds;
        ``holding``: how many open conversations each holds (a supervisor spreads work by it)."""
        now = datetime.now(UTC)
        listed = await run_in_threadpool(store.agents)
        return {
            "agents": [
                {
                    "name": a.name,
                    "active": a.active,
                    "online": a.last_seen_at is not None and now - a.last_seen_at < ONLINE,
                    "lastSeen": a.last_seen_at.isoformat() if a.last_seen_at else None,
                    "holding": a.holding,
                }
                for a in listed
            ]
        }

    def conversation_key(key: str) -> ConversationKey:
        try:
            return ConversationKey.parse(key)
        except InvalidKey as exc:
            raise HTTPException(status_code=400, detail=str(exc)) from None

    @app.get("/v1/conversations/{key}")
    async def conversation(me: Me, key: str) -> dict[str, Any]:
        state = await run_in_threadpool(store.conversation, conversation_key(key))
        return state.as_json()

    async def act(me: Agent, key: str, action: str, to: str | None = None) -> JSONResponse:
        parsed = conversation_key(key)
        try:
            result = await run_in_threadpool(store.act, parsed, action, me.name, to)
        except Conflict as exc:
            return JSONResponse({"detail": str(exc), "owner": exc.owner}, status_code=409)
        except UnknownAgent as exc:
            return JSONResponse({"detail": f"No agent named {exc}."}, status_code=404)
        if result.event is not None:
            notifier.notify()
        return JSONResponse(
            {
                "state": result.state.as_json(),
                "event": result.event.as_json() if result.event else None,
            }
        )

    @app.post("/v1/conversations/{key}/transfer")
    async def transfer(me: Me, key: str, body: TransferBody) -> JSONResponse:
        """Hand the conversation to another agent (who must exist); it appears in their
        next poll as a ``transfer`` event."""
        return await act(me, key, "transfer", body.to)

    @app.post("/v1/conversations/{key}/sent")
    async def sent(me: Me, key: str, body: SentBody) -> JSONResponse:
        """Tell every desktop about a message this agent sent (a ``sent`` event), so the
        conversation's history is whole on every desktop that shows it. Stored once per
        platform id: a desktop repeating it changes nothing."""
        at = body.at if body.at.tzinfo else body.at.replace(tzinfo=UTC)
        inbound = sent_by_agent(conversation_key(key), me.name, body.id, body.text, at.isoformat())
        event, created = await run_in_threadpool(store.record_inbound, inbound)
        if created:
            notifier.notify()
        return JSONResponse({"event": event.as_json(), "created": created})

    @app.post("/v1/conversations/{key}/{action}")
    async def simple_action(me: Me, key: str, action: str) -> JSONResponse:
        """claim (409 naming the holder if another agent has it), release, read, unread,
        resolve. An action that changes nothing (a holder claiming again) answers 200 with
        ``event: null``."""
        if action not in ACTIONS or action == "transfer":
            raise HTTPException(status_code=404)
        return await act(me, key, action)

    return app

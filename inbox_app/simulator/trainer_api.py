"""The trainer's side of a scenario run: ``/_sim/class`` admin routes and the middleware that
tells the player what agents did.

Why an add-on rather than edits to the LiveVox app: a scenario is one more thing a LiveVox
server can carry, so :func:`attach` adds it to an app :func:`.app.create_app` built: the
routes (loopback only, like every ``/_sim/`` route), the middleware (innermost, so it sees the
plain paths and only what the world really did — not injected faults) and the player's task
in the app's life span.

Routes (JSON; errors as ``{"code", "message"}``):

* ``GET /_sim/class`` → the customers: state, waiting times, pending replies, expectations
* ``GET /_sim/class/events`` → ``{"events": [...], "scenario": {...}}`` (the journal)
* ``POST /_sim/class/customers/{run}/say`` with ``{"message": "..."}`` → the event
* ``POST /_sim/class/customers/{run}/opt-out`` → the event (the customer texts STOP / ALTO)
* ``POST /_sim/class/customers/{run}/quiet`` → the event (no more replies)
* ``POST /_sim/class/restart`` → the world back to its dataset, every opener again
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, FastAPI, Request
from starlette.middleware import Middleware

from .errors import ApiError
from .player import ScenarioPlayer
from .shared import json_object, loopback_only
from .state import clean_text, normalize_phone

__all__ = ["AgentActionsMiddleware", "attach", "class_router"]

log = logging.getLogger("inbox_app.simulator.trainer")


def attach(app: FastAPI, player: ScenarioPlayer) -> FastAPI:
    """Add the scenario to a LiveVox simulator app (before it serves)."""
    app.state.player = player
    app.include_router(class_router())
    app.user_middleware.append(Middleware(AgentActionsMiddleware, player=player))
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(server: Any) -> AsyncIterator[Any]:
        async with inner(server) as state:
            player.start()
            try:
                yield state
            finally:
                await player.stop()

    app.router.lifespan_context = lifespan
    return app


def class_router() -> APIRouter:
    router = APIRouter(
        prefix="/_sim/class", include_in_schema=False, dependencies=[Depends(loopback_only)]
    )

    def player(request: Request) -> ScenarioPlayer:
        return request.app.state.player  # type: ignore[no-any-return]

    @router.get("")
    async def view(request: Request) -> dict[str, Any]:
        return player(request).view()

    @router.get("/events")
    async def events(request: Request) -> dict[str, Any]:
        p = player(request)
        return {"events": list(p.events), "scenario": p.expectations(), "now": p.world.now_ms()}

    @router.post("/customers/{run}/say")
    async def say(request: Request, run: str) -> dict[str, Any]:
        body = await json_object(request)
        return player(request).trainer_say(run, clean_text(body.get("message"), "message"))

    @router.post("/customers/{run}/opt-out")
    async def opt_out(request: Request, run: str) -> dict[str, Any]:
        return player(request).trainer_opt_out(run)

    @router.post("/customers/{run}/quiet")
    async def quiet(request: Request, run: str) -> dict[str, Any]:
        return player(request).trainer_quiet(run)

    @router.post("/restart")
    async def restart(request: Request) -> dict[str, Any]:
        player(request).restart()
        return {"restarted": True}

    return router


# The agent API calls the journal records, by (method, path).
_WATCHED = {
    ("POST", "/sms/agent/message/send"),
    ("POST", "/sms/"),
    ("POST", "/sms"),
    ("GET", "/sms/agent/thread/transfer"),
    ("POST", "/sms/agent/thread/resolve"),
    ("PUT", "/sms/agent/thread/switchGroup/public"),
    ("PUT", "/sms/agent/thread/switchGroup/private"),
}


class AgentActionsMiddleware:
    """Tells the player about every successful agent action on the agent API, with the
    request's parameters and who sent it (the session's agent)."""

    def __init__(self, app: Any, player: ScenarioPlayer) -> None:
        self.app = app
        self.player = player

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        key = (scope.get("method", ""), scope.get("path", ""))
        if scope["type"] != "http" or key not in _WATCHED:
            await self.app(scope, receive, send)
            return
        body = bytearray()

        async def reading() -> dict[str, Any]:
            message: dict[str, Any] = await receive()
            if message["type"] == "http.request":
                body.extend(message.get("body", b""))
            return message

        async def sending(message: dict[str, Any]) -> None:
            # Journal before the answer leaves: once the agent has it, the player knows too
            # (a test that moves the clock next must find the reply already scheduled).
            if message["type"] == "http.response.start" and 200 <= message["status"] < 300:
                try:
                    self._tell(key, scope, bytes(body))
                except (ApiError, ValueError, KeyError, TypeError) as exc:
                    log.warning("could not journal %s %s: %s", *key, exc)
            await send(message)

        await self.app(scope, reading, sending)

    def _tell(self, key: tuple[str, str], scope: dict[str, Any], raw: bytes) -> None:
        world = self.player.world
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        session = world.session(headers.get("lv-session"), slide=False)
        if session is None:
            return
        agent = world.agent_info(session.user_id)
        who = agent["login"] if agent else session.user_id
        query = {k: v[0] for k, v in parse_qs(scope.get("query_string", b"").decode()).items()}
        data: dict[str, Any] = json.loads(raw) if raw.strip() else {}
        path = key[1]
        if path == "/sms/agent/message/send":
            self.player.agent_sent(
                who,
                str(data.get("threadId") or "") or None,
                normalize_phone(data["toNumber"], "toNumber"),
                str(data["message"]),
            )
        elif path in ("/sms/", "/sms"):
            content = data.get("body") or {}
            text = content.get("message") or f"(template {content.get('templateId')})"
            self.player.agent_sent(who, None, normalize_phone(data["to"], "to"), str(text))
        elif path.endswith("/transfer"):
            target = world.agent_info(query["agentId"])
            self.player.agent_acted(
                "transfer", who, query["threadId"], to=target["login"] if target else None
            )
        elif path.endswith("/resolve"):
            term = data.get("termCodeId")
            self.player.agent_acted(
                "resolve",
                who,
                str(data["threadId"]),
                termCode=int(term) if term not in (None, "") else None,
            )
        elif path.endswith("/public"):
            self.player.agent_acted("to_group", who, query["threadId"])
        else:
            target = world.agent_info(query["channelId"])
            self.player.agent_acted(
                "take", who, query["threadId"], to=target["login"] if target else None
            )

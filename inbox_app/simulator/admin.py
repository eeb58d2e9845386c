"""The trainer's and the tests' back door, under ``/_sim/``: change faults, inspect and reset
the world, tune timers, and make customers write in.

Why a separate router: these routes are not LiveVox's, so they stay out of the OpenAPI
document (the fuzz test must not reset the world mid-run), faults never touch them, and
they refuse any client that is not on the loopback interface.

Routes (JSON in and out, errors as ``{"code", "message"}``):

* ``GET /_sim/faults`` → ``{"spec": "...", "rules": [...]}``
* ``PUT /_sim/faults`` with ``{"spec": "latency=100; error=0.1@503"}`` → the new rules
* ``DELETE /_sim/faults`` → 204, no faults
* ``GET /_sim/state`` → counts per inbox, messages per thread, every API-sent message
* ``POST /_sim/reset`` → back to the dataset (sessions are dropped too)
* ``POST /_sim/config`` with any of ``sessionTtlSeconds``, ``pageSize``,
  ``maxUnresolvedPerAgent``, ``idleReturnSeconds``, ``deliveryDelaySeconds`` → the config
* ``POST /_sim/inbound`` with ``{"threadId" | "phone", "message", "channel"?, "serviceId"?,
  "smsCode"?, "account"?, "agentId"?}`` → ``{"threadId", "messageId"}``
* ``POST /_sim/expire-sessions`` → ``{"expired": n}``
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from .shared import fault_routes, is_loopback, json_object, loopback_only
from .state import World

__all__ = ["admin_router", "is_loopback"]


def admin_router() -> APIRouter:
    router = APIRouter(
        prefix="/_sim", include_in_schema=False, dependencies=[Depends(loopback_only)]
    )

    def world(request: Request) -> World:
        return request.app.state.world  # type: ignore[no-any-return]

    fault_routes(router)

    @router.get("/state")
    async def state(request: Request) -> dict[str, Any]:
        return world(request).summary()

    @router.post("/reset")
    async def reset(request: Request) -> dict[str, Any]:
        world(request).reset()
        return {"reset": True}

    @router.post("/config")
    async def config(request: Request) -> dict[str, Any]:
        return world(request).configure(await json_object(request))

    @router.post("/inbound")
    async def inbound(request: Request) -> dict[str, Any]:
        return world(request).inject_inbound(await json_object(request))

    @router.post("/expire-sessions")
    async def expire_sessions(request: Request) -> dict[str, Any]:
        return {"expired": world(request).expire_all_sessions()}

    return router

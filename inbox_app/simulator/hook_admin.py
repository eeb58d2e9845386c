"""The ``/_sim/`` admin routes the webhook-only simulators (IMIconnect, iLiveIt) share:
state, reset, config, the MT list, the webhook queue and faults, over a
:class:`~.hookworld.HookWorld`. Each simulator adds its own way of making a customer write."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from .hookworld import HookWorld
from .shared import fault_routes, json_object, loopback_only

__all__ = ["hook_admin_router"]


def _world(request: Request) -> HookWorld:
    return request.app.state.world  # type: ignore[no-any-return]


def hook_admin_router() -> APIRouter:
    router = APIRouter(
        prefix="/_sim", include_in_schema=False, dependencies=[Depends(loopback_only)]
    )
    fault_routes(router)

    @router.get("/state")
    async def state(request: Request) -> dict[str, Any]:
        return _world(request).summary()

    @router.post("/reset")
    async def reset(request: Request) -> dict[str, Any]:
        _world(request).reset()
        return {"reset": True}

    @router.get("/config")
    async def get_config(request: Request) -> dict[str, Any]:
        return _world(request).config_json()

    @router.post("/config")
    async def config(request: Request) -> dict[str, Any]:
        return _world(request).configure(await json_object(request))

    @router.get("/mt")
    async def mt(request: Request) -> dict[str, Any]:
        return {"mt": _world(request).mts()}

    @router.get("/webhooks")
    async def webhooks(request: Request) -> dict[str, Any]:
        return _world(request).webhooks(request.query_params.get("delivered") in ("1", "true"))

    return router

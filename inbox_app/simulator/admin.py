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

import ipaddress
import json
from typing import Any

from fastapi import APIRouter, Depends, Request, Response

from .errors import ApiError
from .faults import FaultInjector, FaultSpecError
from .state import World

__all__ = ["admin_router", "is_loopback"]


def is_loopback(host: str | None) -> bool:
    """True for 127.0.0.0/8, ::1 and IPv4-mapped loopback; False for anything else or None."""
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


def _loopback_only(request: Request) -> None:
    client = request.client
    if not is_loopback(client.host if client else None):
        raise ApiError(403, "The /_sim/ admin API only answers clients on this machine.")


async def _json_object(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "The request body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise ApiError(400, "The request body must be a JSON object.")
    return data


def admin_router() -> APIRouter:
    router = APIRouter(
        prefix="/_sim", include_in_schema=False, dependencies=[Depends(_loopback_only)]
    )

    def world(request: Request) -> World:
        return request.app.state.world  # type: ignore[no-any-return]

    def faults(request: Request) -> FaultInjector:
        return request.app.state.faults  # type: ignore[no-any-return]

    def fault_view(injector: FaultInjector) -> dict[str, Any]:
        return {
            "spec": injector.spec(),
            "rules": [r.as_json() for r in injector.rules],
            "injected": injector.injected,
        }

    @router.get("/faults")
    async def get_faults(request: Request) -> dict[str, Any]:
        return fault_view(faults(request))

    @router.put("/faults")
    async def put_faults(request: Request) -> dict[str, Any]:
        body = await _json_object(request)
        spec = body.get("spec", "")
        if not isinstance(spec, str):
            raise ApiError(400, "'spec' must be a fault spec string, e.g. \"error=0.2@503\".")
        try:
            faults(request).set_spec(spec)
        except FaultSpecError as exc:
            raise ApiError(400, str(exc)) from None
        return fault_view(faults(request))

    @router.delete("/faults", status_code=204)
    async def delete_faults(request: Request) -> Response:
        faults(request).clear()
        return Response(status_code=204)

    @router.get("/state")
    async def state(request: Request) -> dict[str, Any]:
        return world(request).summary()

    @router.post("/reset")
    async def reset(request: Request) -> dict[str, Any]:
        world(request).reset()
        return {"reset": True}

    @router.post("/config")
    async def config(request: Request) -> dict[str, Any]:
        return world(request).configure(await _json_object(request))

    @router.post("/inbound")
    async def inbound(request: Request) -> dict[str, Any]:
        return world(request).inject_inbound(await _json_object(request))

    @router.post("/expire-sessions")
    async def expire_sessions(request: Request) -> dict[str, Any]:
        return {"expired": world(request).expire_all_sessions()}

    return router

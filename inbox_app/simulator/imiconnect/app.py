"""The HTTP face of the IMIconnect simulator: ``/resources/v1/messaging`` (send, status) and
the ``/_sim/`` admin API, over an :class:`~.state.IMIconnectWorld`. Errors are IMIconnect's
``{"response": [{"code", "description"}]}``; nothing a client sends gives a 500."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import ApiError
from ..faults import FaultInjector
from ..hook_admin import hook_admin_router
from ..hookworld import HookTraffic
from ..shared import build_app, http_error_message, json_object
from .state import IMIconnectError, IMIconnectWorld, error_body

__all__ = ["create_app"]


def _world(request: Request) -> IMIconnectWorld:
    return request.app.state.world  # type: ignore[no-any-return]


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_: Request, exc: ApiError) -> JSONResponse:
        code = exc.code if isinstance(exc, IMIconnectError) else None
        return JSONResponse(error_body(exc.status, exc.message, code), status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(error_body(400, "The request is invalid."), status_code=400)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = http_error_message(request.method, request.url.path, exc.status_code, exc.detail)
        return JSONResponse(error_body(exc.status_code, message), status_code=exc.status_code)


def _api() -> APIRouter:
    router = APIRouter(prefix="/resources/v1/messaging")

    @router.post("")
    async def send(request: Request) -> dict[str, Any]:
        world = _world(request)
        world.authorize(request.headers.get("key"))
        try:
            body = json.loads(await request.body())
        except (ValueError, UnicodeDecodeError):
            raise IMIconnectError(400, "The request body is not valid JSON.") from None
        return world.send(request.headers.get("key"), body)

    @router.get("/status/{transid}")
    async def status(request: Request, transid: str) -> dict[str, Any]:
        return _world(request).status(request.headers.get("key"), transid)

    return router


def admin_router() -> APIRouter:
    """``/_sim/``: state, config (incl. ``serviceActive``, webhook habits), reset, MO
    injection, the MT list, the webhook queue, faults."""
    router = hook_admin_router()

    @router.post("/mo")
    async def inject_mo(request: Request) -> dict[str, Any]:
        body = await json_object(request)
        unknown = sorted(set(body) - {"customer", "text", "da"})
        if unknown:
            raise IMIconnectError(400, f"Unknown fields {unknown}: customer, text, da.")
        return _world(request).inject_mo(
            body.get("customer"), body.get("text"), our_code=body.get("da")
        )

    return router


def create_app(
    world: IMIconnectWorld,
    *,
    faults: FaultInjector | None = None,
    traffic_rate: float = 0.0,
    traffic_seed: int = 0,
) -> FastAPI:
    injector = faults or FaultInjector()
    injector.error_body, injector.credential_header = error_body, b"key"
    return build_app(
        world,
        injector,
        title="IMIconnect simulator",
        description="IMIconnect's messaging API and its webhooks, for demos, training and tests.",
        routers=[_api(), admin_router()],
        install_handlers=_handlers,
        error_body=error_body,
        make_traffic=(lambda: HookTraffic(world, traffic_rate, seed=traffic_seed))
        if traffic_rate > 0
        else None,
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
    )

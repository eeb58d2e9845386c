"""The HTTP face of the iLiveIt simulator: ``/ping``, ``/message/send``,
``/message/{id}/status`` and the ``/_sim/`` admin API, over an
:class:`~.state.ILiveItWorld`. Errors are iLiveIt's ``{"Error": "..."}``; a simulated 429
says "Maximum messages per second exceeded"."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import ApiError
from ..faults import FaultInjector
from ..hook_admin import hook_admin_router
from ..hookworld import HookTraffic
from ..shared import build_app, http_error_message, json_object
from .state import ILiveItWorld, error_body

__all__ = ["create_app"]


def _world(request: Request) -> ILiveItWorld:
    return request.app.state.world  # type: ignore[no-any-return]


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_: Request, exc: ApiError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return JSONResponse(error_body(exc.status, exc.message), exc.status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(error_body(400, "The request is invalid."), status_code=400)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = http_error_message(request.method, request.url.path, exc.status_code, exc.detail)
        return JSONResponse(error_body(exc.status_code, message), status_code=exc.status_code)


def _bearer(request: Request) -> None:
    _world(request).authorize(request.headers.get("authorization"))


def _api() -> APIRouter:
    router = APIRouter(dependencies=[Depends(_bearer)])

    @router.get("/ping")
    async def ping() -> dict[str, Any]:
        return {"Body": "Pong!"}

    @router.post("/message/send")
    async def send(request: Request) -> dict[str, Any]:
        try:
            body = json.loads(await request.body())
        except (ValueError, UnicodeDecodeError):
            raise ApiError(400, "The request body is not valid JSON.") from None
        return _world(request).send(body)

    @router.get("/message/{message_id}/status")
    async def status(request: Request, message_id: str) -> dict[str, Any]:
        return _world(request).status(message_id)

    return router


def admin_router() -> APIRouter:
    """``/_sim/``: state, config (webhook habits, a message's life), reset, replies
    (``POST /_sim/reply`` ``{message_id | customer, text}``), the MT list, the webhook
    queue, faults."""
    router = hook_admin_router()

    @router.post("/reply")
    async def reply(request: Request) -> dict[str, Any]:
        body = await json_object(request)
        unknown = sorted(set(body) - {"message_id", "customer", "text"})
        if unknown:
            raise ApiError(400, f"Unknown fields {unknown}: message_id, customer, text.")
        return _world(request).inject_mo(
            body.get("customer"), body.get("text"), message_id=body.get("message_id")
        )

    return router


def create_app(
    world: ILiveItWorld,
    *,
    faults: FaultInjector | None = None,
    traffic_rate: float = 0.0,
    traffic_seed: int = 0,
) -> FastAPI:
    injector = faults or FaultInjector()
    injector.error_body, injector.credential_header = error_body, b"authorization"
    return build_app(
        world,
        injector,
        title="iLiveIt simulator",
        description="iLiveIt's messaging API and its postbacks, for demos, training and tests.",
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

"""The HTTP face of the Live Link 365 simulator: the SMS v2 endpoints and OAuth of the
published definition (``livelink365-swagger.yaml``) under ``/api``, over a
:class:`~.state.LiveLinkWorld`.

Why handlers read raw requests instead of typed FastAPI parameters: the wire is the
definition's, not ours, and its errors are Live Link's ``apiErrorCode`` / ``debugMessage``
/ ``userMessage`` body with 400, never FastAPI's 422. All checks live in :mod:`.state`.
Endpoints of the definition that an SMS inbox never calls (v1 ``/messages``, e-mail, MFA)
answer 404 in the same shape; so do unknown paths. Nothing a client sends gives a 500.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import ApiError
from ..faults import FaultInjector
from ..shared import (
    build_app,
    fault_routes,
    http_error_message,
    json_object,
    loopback_only,
)
from .state import LiveLinkError, LiveLinkWorld, error_body

__all__ = ["create_app", "error_body"]


def _world(request: Request) -> LiveLinkWorld:
    return request.app.state.world  # type: ignore[no-any-return]


def _error(status: int, message: str, code: int | None = None, headers: Any = None) -> JSONResponse:
    return JSONResponse(error_body(status, message, code), status_code=status, headers=headers)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_: Request, exc: ApiError) -> JSONResponse:
        code = exc.code if isinstance(exc, LiveLinkError) else None
        headers = {"WWW-Authenticate": 'Bearer realm="livelink"'} if exc.status == 401 else None
        return _error(exc.status, exc.message, code, headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        return _error(400, "The request is invalid.", 1001)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = http_error_message(request.method, request.url.path, exc.status_code, exc.detail)
        return _error(exc.status_code, message, None, getattr(exc, "headers", None))


def _basic(header: str | None) -> tuple[str, str] | None:
    scheme, _, value = (header or "").strip().partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        key, sep, secret = base64.b64decode(value.strip(), validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise LiveLinkError(401, "The Basic credentials are not valid base64 key:secret.") from None
    if not sep:
        raise LiveLinkError(401, "The Basic credentials must be app key:secret.")
    return key, secret


async def _form(request: Request) -> dict[str, str]:
    """The token request's form fields (JSON accepted too, and the query as a fallback)."""
    raw = await request.body()
    fields: dict[str, str] = dict(request.query_params)
    if raw.strip().startswith(b"{"):
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise LiveLinkError(400, "The request body is not valid JSON.") from None
        if isinstance(data, dict):
            fields.update({k: v for k, v in data.items() if isinstance(v, str)})
        return fields
    try:
        fields.update(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
    except UnicodeDecodeError:
        raise LiveLinkError(400, "The form body is not valid UTF-8.") from None
    return fields


def _bearer(request: Request) -> None:
    _world(request).authorize(request.headers.get("authorization"))


def _api_routes() -> APIRouter:
    router = APIRouter(prefix="/api")
    authorized = [Depends(_bearer)]

    @router.post("/oauth/token")
    async def token(request: Request) -> dict[str, Any]:
        form = await _form(request)
        basic = _basic(request.headers.get("authorization"))
        grant = form.get("grant_type", "").strip()
        return _world(request).grant(grant, basic, form.get("refresh_token"))

    @router.post("/oauth/token/validate")
    async def validate(request: Request) -> JSONResponse:
        raw = (await request.body()).strip()
        try:
            value = json.loads(raw) if raw.startswith((b'"', b"{")) else raw.decode()
        except (ValueError, UnicodeDecodeError):
            value = ""
        if isinstance(value, dict):
            value = value.get("access_token", "")
        if not isinstance(value, str) or not _world(request).token_valid(value.strip()):
            raise LiveLinkError(401, "The access token is invalid or has expired.")
        return JSONResponse({"status": "success"})

    @router.post("/v2/sms", dependencies=authorized)
    async def send(request: Request) -> dict[str, Any]:
        raw = await request.body()
        try:
            body = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise LiveLinkError(
                400, "The request body must be JSON (SmsRequestV2).", 1001
            ) from None
        return _world(request).send(body)

    @router.get("/v2/sms/mo", dependencies=authorized)
    async def mo(request: Request) -> dict[str, Any]:
        q = request.query_params
        return _world(request).poll_mo(
            _required(q, "startUTCTime"),
            _required(q, "endUTCTime"),
            q.get("pageIndex") or 1,
            q.get("keyword"),
        )

    @router.get("/v2/sms/status", dependencies=authorized)
    async def status(request: Request) -> dict[str, Any]:
        q = request.query_params
        return _world(request).poll_status(
            _required(q, "startUTCTime"),
            _required(q, "endUTCTime"),
            q.get("pageIndex") or 1,
            q.get("status"),
            q.get("orderId"),
        )

    return router


def _required(query: Any, name: str) -> str:
    value = query.get(name)
    if value is None or not value.strip():
        raise LiveLinkError(400, f"Missing query parameter {name} (yyyyMMddHHmm, UTC).")
    return str(value)


def admin_router() -> APIRouter:
    """``/_sim/``: faults, state, reset, config, MO injection, the MT list, token expiry."""
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

    @router.post("/config")
    async def config(request: Request) -> dict[str, Any]:
        return _world(request).configure(await json_object(request))

    @router.post("/mo")
    async def inject_mo(request: Request) -> dict[str, Any]:
        body = await json_object(request)
        unknown = sorted(set(body) - {"sender", "recipient", "text", "received_at"})
        if unknown:
            raise LiveLinkError(
                400, f"Unknown fields {unknown}: sender, recipient, text, received_at."
            )
        return _world(request).inject_mo(
            body.get("sender"), body.get("text"), body.get("recipient"), body.get("received_at")
        )

    @router.get("/mt")
    async def mt(request: Request) -> dict[str, Any]:
        return {"mt": _world(request).mts()}

    @router.post("/expire-tokens")
    async def expire_tokens(request: Request) -> dict[str, Any]:
        return {"expired": _world(request).expire_all_tokens()}

    return router


def create_app(
    world: LiveLinkWorld,
    *,
    faults: FaultInjector | None = None,
    traffic_rate: float = 0.0,
    traffic_seed: int = 0,
    admin: bool = True,
) -> FastAPI:
    """The ASGI app, with the LiveVox app's options; ``faults`` (created empty if omitted)
    answer in Live Link's error body, and a simulated 401 forgets the caller's token."""
    injector = faults or FaultInjector()
    injector.error_body, injector.credential_header = error_body, b"authorization"
    injector.on_unauthorized = injector.on_unauthorized or world.expire_token

    def traffic() -> Any:
        from .traffic import LiveLinkTraffic

        return LiveLinkTraffic(world, traffic_rate, seed=traffic_seed)

    return build_app(
        world,
        injector,
        title="SAP Live Link 365 simulator",
        description="The SMS v2 API of SAP Live Link 365 for demos, training and tests.",
        routers=[_api_routes(), admin_router()] if admin else [_api_routes()],
        install_handlers=_install_error_handlers,
        error_body=error_body,
        make_traffic=traffic if traffic_rate > 0 else None,
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
    )

"""The HTTP face of the simulator: every endpoint of the LiveVox SMS API (seed 003) plus the
session endpoints, as a FastAPI app over a :class:`~.state.World`.

Why FastAPI: typed query/body declarations give an OpenAPI document that the fuzz test
reads, while the handlers stay one line each — all behaviour lives in :mod:`.state`.
Handlers are ``async`` and call the world directly: its queries are indexed and sub-
millisecond, and skipping the thread pool keeps p99 latency low under 100 polling agents.

Error policy: every error is LiveVox's ``{"code": n, "message": "..."}``; FastAPI's 422
validation shape is turned into 400 with a readable message, and unknown routes and
methods answer 404/405 in the same shape. Nothing a client sends should produce a 500.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import APIKeyHeader
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.exceptions import HTTPException as StarletteHTTPException

from .errors import ApiError, internal_code
from .faults import FaultInjector
from .shared import (
    build_app,
    http_error_message,
    reject_surrogates,
)
from .state import Session, World

__all__ = ["VersionPathMiddleware", "create_app", "safe_path"]


IdValue = str | int
_VERSION = re.compile(
    r"^/(session|sms|realtime|configuration|callControl|agent)/v\d+(?:\.\d+)*(?=/|$)"
)
_SESSION_PATH = re.compile(r"(/session/(?:validate|logout)/)[^/?]+")


def safe_path(path: str) -> str:
    """A path fit for a log line: session ids in ``/session/...`` paths are masked."""
    return _SESSION_PATH.sub(r"\1[redacted]", path)


class VersionPathMiddleware:
    """Accept ``/session/v5.0/login`` and ``/sms/v17.0/templates`` as their plain forms."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            path = scope.get("path", "")
            stripped = _VERSION.sub(r"/\1", path, count=1)
            if stripped != path:
                scope = dict(scope, path=stripped, raw_path=stripped.encode())
        await self.app(scope, receive, send)


# --- request bodies ---------------------------------------------------------------------------


class _Body(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)

    @model_validator(mode="before")
    @classmethod
    def _valid_unicode(cls, data: Any) -> Any:
        reject_surrogates(data)
        return data


class LoginBody(_Body):
    clientName: IdValue
    userName: IdValue
    password: IdValue
    agent: bool | str | None = False


class PasswordBody(LoginBody):
    newPassword: IdValue


class SmsContent(_Body):
    message: str | None = None
    templateId: IdValue | None = None


class SendSmsBody(_Body):
    from_: IdValue = Field(alias="from")
    to: IdValue
    body: SmsContent
    account: IdValue | None = None
    serviceId: IdValue | None = None


class ResolveBody(_Body):
    threadId: IdValue
    account: IdValue
    agentEnteredAccount: IdValue
    termCodeId: IdValue | None = None
    paymentAmt: float | str | None = None


class AgentSendBody(_Body):
    fromNumber: IdValue
    toNumber: IdValue
    message: str
    templateId: IdValue | None = None
    account: IdValue | None = None
    threadId: IdValue | None = None
    ticketId: IdValue | None = None
    crmAccountId: IdValue | None = None


# --- errors -------------------------------------------------------------------------------------


def _error_body(status: int, message: str, internal: int | None = None) -> dict[str, Any]:
    """LiveVox's error body: its internal code (never the status) and a message."""
    return {"code": internal_code(status) if internal is None else internal, "message": message}


def _error(
    status: int,
    message: str,
    headers: dict[str, str] | None = None,
    internal: int | None = None,
) -> JSONResponse:
    return JSONResponse(_error_body(status, message, internal), status_code=status, headers=headers)


_WHAT = {
    "query": "query parameter",
    "body": "body field",
    "path": "path segment",
    "header": "header",
}
# Pydantic names the branch of a union in the error location ("threadId.str"); drop it.
_TYPE_TAGS = {"str", "int", "float", "bool", "dict", "list", "none", "is-instance"}


def _validation_message(exc: RequestValidationError) -> str:
    """One readable sentence per bad field, instead of FastAPI's 422 list."""
    parts: list[str] = []
    seen: set[tuple[str, str]] = set()
    for err in exc.errors():
        kind = err.get("type", "")
        if kind == "json_invalid":
            return "The request body is not valid JSON."
        loc = [str(p) for p in err.get("loc", ())]
        where = loc[0] if loc else "request"
        fields = loc[1:]
        is_union = bool(fields) and fields[-1].split("[")[0] in _TYPE_TAGS
        while fields and fields[-1].split("[")[0] in _TYPE_TAGS:
            fields.pop()
        name = ".".join(fields)
        if (where, name) in seen:
            continue
        seen.add((where, name))
        what = _WHAT.get(where, where)
        if where == "body" and not name and kind == "value_error":
            parts.append(f"The request body is invalid: {err.get('ctx', {}).get('error', '')}.")
        elif where == "body" and not name:
            parts.append(
                "A JSON request body is required."
                if kind == "missing"
                else "The request body must be a JSON object (Content-Type: application/json)."
            )
        elif kind == "missing":
            parts.append(f"Missing {what} '{name}'.")
        elif is_union:
            parts.append(f"The {what} '{name}' must be a string or a whole number.")
        else:
            parts.append(f"The {what} '{name}' is invalid: {err.get('msg', 'bad value')}.")
        if len(parts) == 3:
            break
    return " ".join(parts) or "The request is invalid."


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_: Request, exc: ApiError) -> JSONResponse:
        return _error(exc.status, exc.message, internal=exc.internal)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        return _error(400, _validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        path = safe_path(request.url.path)
        message = http_error_message(request.method, path, exc.status_code, exc.detail)
        return _error(exc.status_code, message, getattr(exc, "headers", None))


# --- auth ---------------------------------------------------------------------------------------

_session_header = APIKeyHeader(
    name="LV-Session", auto_error=False, description="Session id from POST /session/login."
)
_access_header = APIKeyHeader(
    name="LV-Access", auto_error=False, description="The client application's API access token."
)


def _world(request: Request) -> World:
    return request.app.state.world  # type: ignore[no-any-return]


def _session(
    request: Request, session_id: Annotated[str | None, Depends(_session_header)]
) -> Session:
    world = _world(request)
    world.housekeeping()
    session = world.session(session_id)
    if session is None:
        if session_id:
            raise ApiError(401, "Session is not valid (expired or logged out): log in again.")
        raise ApiError(401, "Missing LV-Session header: log in first (POST /session/login).")
    return session


def _agent_session(session: Annotated[Session, Depends(_session)]) -> Session:
    if not session.is_agent:
        raise ApiError(
            403,
            "This method is for agents: your session is a user (non-agent) "
            "session. Log in with agent=true.",
        )
    return session


AnySession = Annotated[Session, Depends(_session)]
AgentSession = Annotated[Session, Depends(_agent_session)]
Page = Annotated[int, Query(ge=1, le=1_000_000, description="1-based page number.")]
ThreadIdQ = Annotated[str, Query(min_length=1, max_length=40)]
ChannelIdQ = Annotated[str, Query(min_length=1, max_length=40)]
ServiceIdQ = Annotated[str, Query(alias="serviceId", min_length=1, max_length=40)]


def _truthy(value: Any, what: str) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes"):
        return True
    if text in ("false", "0", "no"):
        return False
    raise ApiError(400, f"{what} must be true or false, not {str(value)[:20]!r}.")


# --- routes -------------------------------------------------------------------------------------


def _session_routes() -> APIRouter:
    router = APIRouter(prefix="/session", tags=["session"])

    @router.post("/login")
    async def login(
        request: Request, body: LoginBody, access: Annotated[str | None, Depends(_access_header)]
    ) -> dict[str, Any]:
        """Log in; the same session id comes back while a valid one exists."""
        agent = _truthy(body.agent, "agent") or False
        return _world(request).login(access, body.clientName, body.userName, body.password, agent)

    @router.post("/password", status_code=204)
    async def password(
        request: Request,
        body: PasswordBody,
        access: Annotated[str | None, Depends(_access_header)],
    ) -> Response:
        """Change a password (no session needed: an expired password can be changed)."""
        agent = _truthy(body.agent, "agent") or False
        _world(request).password(
            access, body.clientName, body.userName, body.password, body.newPassword, agent
        )
        return Response(status_code=204)

    @router.get("/validate/{sessionId}", status_code=204)
    async def validate(
        request: Request, sessionId: Annotated[str, Path(max_length=200)]
    ) -> Response:
        if _world(request).session(sessionId, slide=False) is None:
            raise ApiError(404, "Session is not valid (expired, logged out or unknown).")
        return Response(status_code=204)

    @router.delete("/logout/{sessionId}", status_code=204)
    async def logout(request: Request, sessionId: Annotated[str, Path(max_length=200)]) -> Response:
        _world(request).logout(sessionId)
        return Response(status_code=204)

    return router


def _sms_routes() -> APIRouter:
    router = APIRouter(prefix="/sms", tags=["sms"])

    @router.get("/templates")
    async def templates(request: Request, _: AnySession) -> dict[str, Any]:
        return {"templates": _world(request).templates()}

    @router.post("/")
    async def send_sms(request: Request, session: AnySession, body: SendSmsBody) -> dict[str, Any]:
        return _world(request).send_sms(session, body.model_dump(by_alias=True))

    # The same send without the trailing slash (redirect_slashes is off: no 307 for a POST).
    router.add_api_route("", send_sms, methods=["POST"], include_in_schema=False)

    @router.get("/codes")
    async def codes(request: Request, session: AnySession) -> dict[str, Any]:
        return {"listSmsCodes": _world(request).sms_codes(session)}

    return router


def _agent_routes() -> APIRouter:
    router = APIRouter(prefix="/sms/agent", tags=["agent"])

    @router.get("/interaction/counts/{agentId}")
    async def counts(
        request: Request, session: AgentSession, agentId: Annotated[str, Path(max_length=40)]
    ) -> dict[str, int]:
        return _world(request).counts(session, agentId.strip())

    @router.get("/channel")
    async def channels(request: Request, session: AgentSession) -> list[dict[str, Any]]:
        return _world(request).channels(session)

    @router.get("/thread/details")
    async def thread_details(
        request: Request,
        session: AgentSession,
        channelId: ChannelIdQ,
        channel: Annotated[str, Query(max_length=20)],
        personal: Annotated[str | None, Query(max_length=10)] = None,
        pagination: Page = 1,
    ) -> list[dict[str, Any]]:
        return _world(request).thread_page(
            session, channelId, channel, _truthy(personal, "personal"), pagination
        )

    @router.put("/thread/switchGroup/public", status_code=204)
    async def switch_public(
        request: Request, session: AgentSession, threadId: ThreadIdQ
    ) -> Response:
        _world(request).switch_public(session, threadId)
        return Response(status_code=204)

    @router.put("/thread/switchGroup/private", status_code=204)
    async def switch_private(
        request: Request, session: AgentSession, threadId: ThreadIdQ, channelId: ChannelIdQ
    ) -> Response:
        _world(request).switch_private(session, threadId, channelId)
        return Response(status_code=204)

    @router.get("/thread/transfer")
    async def transfer(
        request: Request,
        session: AgentSession,
        threadId: ThreadIdQ,
        agentId: Annotated[str, Query(min_length=1, max_length=40)],
        kind: Annotated[str, Query(alias="type", max_length=20)],
    ) -> dict[str, str]:
        return _world(request).transfer(session, threadId, kind, agentId)

    async def search(
        request: Request, session: AgentSession, threadId: ThreadIdQ
    ) -> list[dict[str, Any]]:
        return _world(request).transfer_agents(session, threadId)

    router.add_api_route("/search", search, methods=["GET"], operation_id="search_agents_get")
    router.add_api_route("/search", search, methods=["POST"], operation_id="search_agents_post")

    @router.post("/thread/resolve", status_code=204)
    async def resolve(request: Request, session: AgentSession, body: ResolveBody) -> Response:
        _world(request).resolve(session, body.model_dump())
        return Response(status_code=204)

    @router.post("/message/send")
    async def send(request: Request, session: AgentSession, body: AgentSendBody) -> dict[str, str]:
        return _world(request).send_message(session, body.model_dump())

    def mark(read: bool) -> Any:
        async def handler(
            request: Request, session: AgentSession, threadId: ThreadIdQ, channelId: ChannelIdQ
        ) -> Response:
            _world(request).mark(session, threadId, channelId, read)
            return Response(status_code=204)

        return handler

    for action, read in (("markAsRead", True), ("markAsUnread", False)):
        for verb in ("PUT", "GET"):
            router.add_api_route(
                f"/message/{action}",
                mark(read),
                methods=[verb],
                status_code=204,
                response_class=Response,
                operation_id=f"{action}_{verb.lower()}",
            )

    @router.get("/messages")
    async def messages(
        request: Request,
        session: AgentSession,
        account: Annotated[str | None, Query(max_length=64)] = None,
        threadId: Annotated[str | None, Query(max_length=40)] = None,
        pagination: Page = 1,
    ) -> list[dict[str, Any]]:
        return _world(request).messages_page(session, account, threadId, pagination)

    return router


def _call_control_routes() -> APIRouter:
    """The Agent API's service and term-code methods (LiveVox's call-control category)."""
    router = APIRouter(prefix="/callControl/agent", tags=["callControl"])

    @router.get("/service/access")
    async def access(request: Request, session: AgentSession) -> dict[str, Any]:
        return _world(request).service_access(session)

    @router.post("/service/join", status_code=204)
    async def join(
        request: Request,
        session: AgentSession,
        service: ServiceIdQ,
        phone: Annotated[str | None, Query(alias="phoneNumber", max_length=40)] = None,
    ) -> Response:
        _world(request).join_service(session, service.strip(), phone)
        return Response(status_code=204)

    @router.post("/service/leave", status_code=204)
    async def leave(request: Request, session: AgentSession) -> Response:
        _world(request).leave_service(session)
        return Response(status_code=204)

    @router.get("/termCode")
    async def term_codes(
        request: Request, session: AgentSession, service: ServiceIdQ
    ) -> dict[str, Any]:
        return _world(request).term_code_categories(session, service.strip())

    return router


def _configuration_routes() -> APIRouter:
    router = APIRouter(prefix="/configuration", tags=["configuration"])

    @router.get("/termCodes")
    async def term_codes(
        request: Request,
        _: AnySession,
        count: Annotated[int, Query(ge=1, le=1_000_000)] = 1000,
        offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
        client: Annotated[str | None, Query(max_length=40)] = None,
        service: Annotated[str | None, Query(max_length=40)] = None,
    ) -> dict[str, Any]:
        """Paged: ``offset += count`` while ``next`` is not empty."""
        return _world(request).term_code_page(client, service, offset, count)

    return router


def create_app(
    world: World,
    *,
    faults: FaultInjector | None = None,
    traffic_rate: float = 0.0,
    traffic_seed: int = 0,
    admin: bool = True,
) -> FastAPI:
    """The ASGI app. ``faults`` (created empty if omitted) can be changed at run time."""
    injector = faults or FaultInjector()
    if injector.on_unauthorized is None:
        injector.on_unauthorized = world.expire_session

    def traffic() -> Any:
        from .traffic import TrafficSimulator

        return TrafficSimulator(world, traffic_rate, seed=traffic_seed)

    injector.error_body = _error_body
    routers = [
        _session_routes(),
        _sms_routes(),
        _agent_routes(),
        _call_control_routes(),
        _configuration_routes(),
    ]
    if admin:
        from .admin import admin_router

        routers.append(admin_router())
    app = build_app(
        world,
        injector,
        title="LiveVox simulator",
        description="A LiveVox-compatible SMS/agent API for demos, training and tests.",
        routers=routers,
        install_handlers=_install_error_handlers,
        error_body=_error_body,
        make_traffic=traffic if traffic_rate > 0 else None,
        safe_path=safe_path,
    )
    app.add_middleware(VersionPathMiddleware)
    return app

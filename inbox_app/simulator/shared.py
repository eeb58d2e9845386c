"""Pieces every platform's simulator shares: the loopback guard and the fault routes of the
``/_sim/`` admin API, the last-resort 500 middleware, lone-surrogate rejection, the listening
socket and the background-thread uvicorn runner that embedded simulators use.

Why one module: the LiveVox and Live Link 365 servers differ in their wire (paths, auth,
error bodies) but not in how they are guarded, served or broken on purpose. Each piece takes
the platform's error body as a function where it writes one, so nothing here knows a wire.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import socket
import sqlite3
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from types import TracebackType
from typing import Any, Self

import uvicorn
from fastapi import APIRouter, FastAPI, Request, Response

from .errors import ApiError
from .faults import (
    FaultInjector,
    FaultMiddleware,
    FaultRule,
    FaultSpecError,
    install_log_filter,
    parse_faults,
)

__all__ = [
    "CatchAllMiddleware",
    "EmbeddedServer",
    "ErrorBody",
    "ServerThread",
    "SqliteStore",
    "bind_socket",
    "build_app",
    "fault_routes",
    "is_loopback",
    "json_object",
    "loopback_only",
    "reject_surrogates",
    "traffic_lifespan",
]

log = logging.getLogger("inbox_app.simulator")

ErrorBody = Callable[[int, str], dict[str, Any]]


# --- the admin API's guard and its generic routes ---------------------------------------------


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


def loopback_only(request: Request) -> None:
    """A router dependency: the ``/_sim/`` API answers clients on this machine only."""
    client = request.client
    if not is_loopback(client.host if client else None):
        raise ApiError(403, "The /_sim/ admin API only answers clients on this machine.")


async def json_object(request: Request) -> dict[str, Any]:
    """The request body as a JSON object; an empty body is ``{}``; anything else a 400."""
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


def fault_routes(router: APIRouter) -> None:
    """``GET/PUT/DELETE /faults`` on ``router``, over ``request.app.state.faults``."""

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
        body = await json_object(request)
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


# --- request hygiene and the last line of defence ---------------------------------------------


def reject_surrogates(value: Any) -> None:
    """JSON may carry lone surrogates ("\\ud800") that no database or encoder accepts."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("text contains invalid Unicode (a lone surrogate)") from None
    elif isinstance(value, dict):
        for key, item in value.items():
            reject_surrogates(key)
            reject_surrogates(item)
    elif isinstance(value, list):
        for item in value:
            reject_surrogates(item)


class CatchAllMiddleware:
    """Last line of defence: a bug becomes a JSON 500 and one log line, never a reset
    connection (Starlette's own handler re-raises into the server after answering).
    ``error_body`` writes the platform's error shape; ``safe_path`` masks secrets in paths."""

    def __init__(
        self,
        app: Any,
        error_body: ErrorBody,
        safe_path: Callable[[str], str] = lambda path: path,
    ) -> None:
        self.app = app
        self.error_body = error_body
        self.safe_path = safe_path

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: dict[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            log.error(
                "internal error on %s %s: %s",
                scope.get("method"),
                self.safe_path(scope.get("path", "")),
                type(exc).__name__,
                exc_info=exc,
            )
            if started:
                raise
            body = json.dumps(
                self.error_body(500, "Internal simulator error; see the simulator log.")
            ).encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": 500,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(body)).encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})


def http_error_message(method: str, path: str, status: int, detail: Any) -> str:
    """Starlette's 404/405 in words a trainer understands; other statuses keep their detail."""
    if status == 404 and detail in ("Not Found", None):
        return f"No such endpoint: {method} {path}."
    if status == 405:
        return f"Method {method} is not supported for {path}."
    return str(detail)


# --- serving ----------------------------------------------------------------------------------


def bind_socket(host: str = "127.0.0.1", port: int = 0) -> socket.socket:
    """A listening TCP socket; port 0 picks a free port (read it back with getsockname)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio only sets TCP_NODELAY on accepted sockets whose proto
    # says TCP, and without it every response waits ~40 ms for Nagle + delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(512)
        sock.setblocking(False)
    except OSError:
        sock.close()
        raise
    return sock


class ServerThread:
    """uvicorn serving ``app`` on a free port of ``host`` in a daemon thread.

    Why a thread with its own event loop: the caller may be synchronous (a Qt app, a plain
    pytest test) or run its own loop; uvicorn in a thread serves real HTTP either way. The
    socket is bound *before* uvicorn starts, so the port is known at once."""

    def __init__(self, app: Any, host: str = "127.0.0.1") -> None:
        self.host = host
        self._sock = bind_socket(host, 0)
        self.port: int = self._sock.getsockname()[1]
        config = uvicorn.Config(
            app,
            log_config=None,
            access_log=False,
            lifespan="on",
            log_level="warning",
            timeout_graceful_shutdown=2,
            timeout_keep_alive=5,
        )
        self._server: uvicorn.Server | None = uvicorn.Server(config)
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    @property
    def started(self) -> bool:
        return self._server is not None and self._server.started

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self, timeout: float = 10.0) -> None:
        """Serve and wait until uvicorn answers; a failure stops everything and raises."""
        self._thread = threading.Thread(target=self._run, name=f"sim-{self.port}", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"The simulator did not start: {self._error!r}")
            time.sleep(0.005)

    def _run(self) -> None:
        assert self._server is not None
        try:
            self._server.run(sockets=[self._sock])
        except BaseException as exc:  # reported by start(); a thread must not die silently
            self._error = exc

    def stop(self) -> None:
        """Stop serving and close the port. Safe to call twice."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=15)
        self._sock.close()
        self._server = self._thread = None


# --- the world's store ------------------------------------------------------------------------


class SqliteStore:
    """One SQLite connection (``check_same_thread=False``) behind one re-entrant lock, so
    every public method of a world is atomic for the event-loop thread and the tests alike.
    ``clock`` returns seconds since the epoch; tests may pass a fake one."""

    def __init__(self, db_path: str, schema: str, clock: Callable[[], float]) -> None:
        self.db_path = db_path
        self.clock = clock
        self._lock = threading.RLock()
        self._db = sqlite3.connect(db_path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        if db_path != ":memory:":
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(schema)
        self.closed = False

    def close(self) -> None:
        with self._lock:
            if not self.closed:
                self.closed = True
                self._db.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One atomic transaction under the world lock."""
        with self._lock:
            if self.closed:
                raise ApiError(503, "The simulator is shutting down.")
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            else:
                self._db.execute("COMMIT")

    def now_ms(self) -> int:
        return int(self.clock() * 1000)


# --- the app's life span and the embedded server ----------------------------------------------


def traffic_lifespan(make_traffic: Callable[[], Any] | None) -> Callable[[Any], Any]:
    """A FastAPI lifespan that runs ``make_traffic()`` (a started-by-us simulated-customer
    task, kept as ``app.state.traffic``) while the server serves; None runs nothing."""

    @asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        traffic = None
        if make_traffic is not None:
            traffic = app.state.traffic = make_traffic()
            traffic.start()
        try:
            yield
        finally:
            if traffic is not None:
                await traffic.stop()

    return lifespan


class EmbeddedServer:
    """The life cycle every embedded simulator shares: ``start()`` builds the world and the
    app (:meth:`_build`, by the subclass), serves them on a free loopback port and waits;
    ``stop()`` is safe twice; a context manager; the faults can be changed at run time."""

    world: Any = None

    def __init__(
        self,
        host: str,
        start_timeout: float,
        dataset: Any,
        seed: int,
        db_path: str | None,
        faults: str | None,
        fault_seed: int,
        traffic: float,
    ) -> None:
        self._dataset = dataset
        self._seed = seed
        self._db_path = db_path
        self._fault_rules: list[FaultRule] = parse_faults(faults)  # fail early on a bad spec
        self._fault_seed = fault_seed
        self._traffic = traffic
        self._host = host
        self._start_timeout = start_timeout
        self._server: ServerThread | None = None
        self.faults: FaultInjector | None = None
        self.port = 0

    # The subclass's: its module's ``create_app`` and how to open its world.
    _create_app: Callable[..., Any]

    def _open(self) -> tuple[Any, Any]:
        """``(world, dataset)``: a new world and what it starts with."""
        raise NotImplementedError

    def _injector(self, world: Any) -> FaultInjector:
        return FaultInjector(self._fault_rules, seed=self._fault_seed)

    def _app(self, world: Any) -> Any:
        """The app serving ``world`` (a subclass may add to it before it serves)."""
        return type(self)._create_app(
            world, faults=self.faults, traffic_rate=self._traffic, traffic_seed=self._seed
        )

    def start(self) -> Self:
        """Build the world, bind a free port, start uvicorn and wait until it serves."""
        if self._server is not None:
            raise RuntimeError("The simulator is already running.")
        world, data = self._open()
        try:
            world.load(data, keep_existing=self._db_path is not None)
            self.faults = self._injector(world)
            app = self._app(world)
            self._server = ServerThread(app, self._host)
        except BaseException:
            world.close()
            raise
        self.world = world
        self.port = self._server.port
        try:
            self._server.start(self._start_timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop serving, close the port and the database. Safe to call twice."""
        if self._server is not None:
            self._server.stop()
        if self.world is not None:
            self.world.close()
        self._server = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._server is not None and self._server.started

    @property
    def base_url(self) -> str:
        if not self.port:
            raise RuntimeError("Start the simulator first.")
        host = f"[{self._host}]" if ":" in self._host else self._host
        return f"http://{host}:{self.port}"

    def set_faults(self, spec: str) -> list[FaultRule]:
        if self.faults is None:
            raise RuntimeError("Start the simulator first.")
        return self.faults.set_spec(spec)

    def clear_faults(self) -> None:
        if self.faults is not None:
            self.faults.clear()


def build_app(
    world: Any,
    injector: FaultInjector,
    *,
    title: str,
    description: str,
    routers: list[APIRouter],
    install_handlers: Callable[[FastAPI], None],
    error_body: ErrorBody,
    make_traffic: Callable[[], Any] | None = None,
    safe_path: Callable[[str], str] = lambda path: path,
    **fastapi_options: Any,
) -> FastAPI:
    """A simulator's FastAPI app: world and faults on ``app.state``, the routers, the
    platform's error handlers, simulated customers while serving, and the middleware
    stack (outermost first): faults, then the catch-all 500 in the platform's shape."""
    install_log_filter()
    app = FastAPI(
        title=title,
        version="1.0",
        description=description,
        lifespan=traffic_lifespan(make_traffic),
        redirect_slashes=False,
        **fastapi_options,
    )
    app.state.world = world
    app.state.faults = injector
    install_handlers(app)
    for router in routers:
        app.include_router(router)
    app.add_middleware(CatchAllMiddleware, error_body=error_body, safe_path=safe_path)
    app.add_middleware(FaultMiddleware, injector=injector)
    return app

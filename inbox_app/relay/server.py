"""Serving the relay: a listening socket, and uvicorn in a background thread for the
embedded relay (tests, the desktop demo) or in the foreground for ``inbox-relay``."""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

import uvicorn

__all__ = ["ServerThread", "bind_socket", "uvicorn_config"]


def bind_socket(host: str = "127.0.0.1", port: int = 0) -> socket.socket:
    """A listening TCP socket; port 0 picks a free port (read it back with getsockname)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY only on sockets whose proto says TCP.
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


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://{f'[{host}]' if ':' in host else host}:{port}"


def uvicorn_config(app: Any, log_level: str = "warning") -> uvicorn.Config:
    # No access log: webhook paths carry their secret.
    return uvicorn.Config(
        app,
        log_config=None,
        access_log=False,
        lifespan="on",
        log_level=log_level,
        timeout_graceful_shutdown=3,
        timeout_keep_alive=5,
    )


class ServerThread:
    """uvicorn serving ``app`` on a free port of ``host`` in a daemon thread; the socket is
    bound before uvicorn starts, so the port is known at once."""

    def __init__(self, app: Any, host: str = "127.0.0.1", port: int = 0) -> None:
        self._sock = bind_socket(host, port)
        self.base_url = url_of(self._sock)
        self._server = uvicorn.Server(uvicorn_config(app))
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def start(self, timeout: float = 10.0) -> None:
        self._thread = threading.Thread(target=self._run, name="inbox-relay", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"The relay did not start: {self._error!r}")
            time.sleep(0.005)

    def _run(self) -> None:
        try:
            self._server.run(sockets=[self._sock])
        except BaseException as exc:  # reported by start(); a thread must not die silently
            self._error = exc

    def stop(self) -> None:
        """Stop serving and close the port. Safe to call twice."""
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=15)
            self._thread = None
        self._sock.close()

"""Running a simulator from a shell, for every platform's command line (``inbox-sim`` and
``inbox-sim --platform livelink``): logging, the listening socket, serving until Ctrl+C.

Its own module so that :mod:`.livelink.cli` and :mod:`.__main__` both import it and neither
imports the other (no import cycle).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from typing import Any

import uvicorn

from .app import safe_path
from .shared import bind_socket

__all__ = ["configure_logging", "listen", "run_world", "serve"]


class _MaskSessionPaths(logging.Filter):
    """Access-log lines carry the request path; mask the session id in /session/... paths."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args and isinstance(record.args, tuple):
            record.args = tuple(safe_path(a) if isinstance(a, str) else a for a in record.args)
        return True


def configure_logging(level: str, access_log: bool) -> None:
    logging.basicConfig(
        level=level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if access_log:
        logging.getLogger("uvicorn.access").addFilter(_MaskSessionPaths())


def run_world(
    args: argparse.Namespace,
    open_world: Callable[[], Any],
    data: Any,
    make_app: Callable[[Any], Any],
    banner: Callable[[Any, str], list[str]],
    rules: list[Any],
) -> int:
    """Open the world, load ``data`` (kept as it is when ``--db`` holds one), listen, print
    the banner (its first line names the URL) and serve until Ctrl+C."""
    try:
        world = open_world()
    except Exception as exc:
        print(f"inbox-sim: cannot open the database {args.db}: {exc}", file=sys.stderr)
        return 2
    try:
        world.load(data, keep_existing=bool(args.db))
        sock = listen(args)
        if sock is None:
            return 2
        app = make_app(world)
        host, port = sock.getsockname()[:2]
        lines = banner(world, f"http://{f'[{host}]' if ':' in host else host}:{port}")
        if rules:
            lines.append(f"  faults: {'; '.join(r.source for r in rules)}")
        if args.traffic:
            lines.append(f"  traffic: {args.traffic:g} new conversations per minute")
        lines.append("  press Ctrl+C to stop")
        print("\n".join(lines), flush=True)
        serve(app, sock, args)
        return 0
    finally:
        world.close()


def listen(args: argparse.Namespace) -> Any:
    """The listening socket for ``--host``/``--port``, or None after saying why not."""
    try:
        return bind_socket(args.host, args.port)
    except OSError as exc:
        print(
            f"inbox-sim: cannot listen on {args.host}:{args.port}: {exc.strerror}", file=sys.stderr
        )
        return None


def serve(app: Any, sock: Any, args: argparse.Namespace) -> None:
    """Serve until Ctrl+C (or SIGTERM), then say so."""
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            log_config=None,
            access_log=args.access_log,
            lifespan="on",
            log_level=args.log_level,
            timeout_graceful_shutdown=3,
        )
    )
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass  # uvicorn re-raises Ctrl+C after a clean shutdown
    finally:
        sock.close()
    print("inbox-sim: stopped.", flush=True)

"""``inbox-relay``: serve the relay, or manage its agents.

    inbox-relay [--host 127.0.0.1] [--port 8470] [--database URL] [--public-url URL]
    inbox-relay add-agent NAME [--database URL]      # the token is the last line printed
    inbox-relay revoke-agent NAME [--database URL]

Serving prints ``listening: http://HOST:PORT``, then one ``webhook: URL`` line per
platform endpoint, then one ``webhook: PLATFORM PREFIX`` line per platform (the prefix a
platform or a simulator is given; it appends ``/mo``, ``/dr``...). The secrets, one per
platform, are generated once per database and kept in it. Outside tools read these lines:
keep their wording.
"""

from __future__ import annotations

import argparse
import logging
import re
import signal
import sys
from collections.abc import Sequence
from types import FrameType

import uvicorn

from .app import create_app, hook_prefixes, webhook_paths
from .database import DatabaseUrlError, default_url, open_store, redact
from .server import bind_socket, url_of, uvicorn_config
from .store import AgentExists, RelayStore
from .tokens import hash_token, new_token

__all__ = ["main"]

PROG = "inbox-relay"
_AGENT_NAME = re.compile(r"^[\w.@-]{1,100}$")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="The relay between SMS platforms' webhooks and the desktops."
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (loopback)")
    parser.add_argument("--port", type=int, default=8470, help="0 picks a free port")
    parser.add_argument("--database", default=None, help="sqlite:///PATH (default: user data)")
    parser.add_argument(
        "--public-url",
        default=None,
        help="the base URL the platforms reach this relay at (behind a TLS proxy): the "
        "webhook lines and what signed-in desktops are told (default: the listening address)",
    )
    parser.add_argument("--log-level", default="warning")
    commands = parser.add_subparsers(dest="command")
    for name, text in (("add-agent", "create an agent"), ("revoke-agent", "revoke an agent")):
        command = commands.add_parser(name, help=text)
        command.add_argument("name")
        # SUPPRESS: a --database given before the command is not overwritten by a default.
        command.add_argument("--database", default=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    url = args.database or default_url()
    try:
        store = open_store(url)
    except DatabaseUrlError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        print(f"{PROG}: cannot open the database {redact(url)}: {exc}", file=sys.stderr)
        return 2
    try:
        if args.command == "add-agent":
            return _add_agent(store, args.name)
        if args.command == "revoke-agent":
            return _revoke_agent(store, args.name)
        return _serve(store, args)
    finally:
        store.close()


def _add_agent(store: RelayStore, name: str) -> int:
    if not _AGENT_NAME.match(name):
        print(
            f"{PROG}: an agent name is letters, digits and . _ @ - (at most 100)", file=sys.stderr
        )
        return 2
    token = new_token()
    try:
        store.add_agent(name, hash_token(token))
    except AgentExists:
        print(f"{PROG}: an agent named {name} exists already", file=sys.stderr)
        return 1
    print(f"agent {name} added; their token (shown only now, the relay keeps its hash):")
    print(token, flush=True)
    return 0


def _revoke_agent(store: RelayStore, name: str) -> int:
    if not store.revoke_agent(name):
        print(f"{PROG}: no active agent named {name}", file=sys.stderr)
        return 1
    print(f"agent {name} revoked; their token no longer works", flush=True)
    return 0


def _serve(store: RelayStore, args: argparse.Namespace) -> int:
    logging.basicConfig(
        level=args.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    try:
        sock = bind_socket(args.host, args.port)
    except OSError as exc:
        print(f"{PROG}: cannot listen on {args.host}:{args.port}: {exc.strerror}", file=sys.stderr)
        return 2
    # uvicorn shuts down gracefully on SIGTERM, then raises it again: as Ctrl+C, so this
    # still says "stopped." and closes the database instead of dying on the signal. Set
    # before the first line is printed: whoever read it may stop the relay at once.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        listening = url_of(sock)
        public = (args.public_url or listening).rstrip("/")
        app = create_app(store, public_url=public)
        secrets = app.state.webhook_secrets
        lines = [f"listening: {listening}"]
        lines += [f"webhook: {public}{path}" for path in webhook_paths(secrets).values()]
        lines += [
            f"webhook: {platform} {public}{path}"
            for platform, path in hook_prefixes(secrets).items()
        ]
        print("\n".join(lines), flush=True)
        uvicorn.Server(uvicorn_config(app, args.log_level)).run(sockets=[sock])
    except KeyboardInterrupt:
        pass  # uvicorn re-raises Ctrl+C after a clean shutdown
    finally:
        sock.close()
    print(f"{PROG}: stopped.", flush=True)
    return 0


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt

"""Command line of ``inbox-app``: parse and check arguments, then hand over to the app."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from . import __version__
from .livevox.env import ENVIRONMENTS

LANGUAGE_CODES = ("en", "es")  # as inbox_app.ui.i18n.LANGUAGE_NAMES (cli imports no Qt)
PLATFORMS = ("livevox", "livelink", "imiconnect", "iliveit")  # as inbox_app.wiring.PLATFORMS
DEMO_PLATFORMS = PLATFORMS  # as inbox_app.wiring.DEMO_PLATFORMS


def _is_loopback(host: str) -> bool:
    import ipaddress  # here, not at the top: every start imports this module (launch.py)

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_server_url(url: str, *, allow_insecure_http: bool) -> str | None:
    """Why ``url`` is not acceptable as a LiveVox server address, or None when it is."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"{url!r} is not a server address; expected https://host"
    if parts.scheme == "http" and not _is_loopback(parts.hostname) and not allow_insecure_http:
        return (
            f"refusing plain http:// to {parts.hostname}: passwords would cross the network "
            "unencrypted (use https://, or --allow-insecure-http if you really mean it)"
        )
    return None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inbox-app",
        description="Desktop agent inbox for contact centers' SMS platforms "
        "(LiveVox, SAP Live Link 365, IMIconnect, iLiveIt).",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--demo",
        nargs="?",
        const="livevox",
        choices=DEMO_PLATFORMS,
        metavar="PLATFORM",
        help="start the platform's embedded demo server and sign in to it "
        "(livevox, the default, livelink, or imiconnect or iliveit with an embedded relay)",
    )
    where.add_argument("--server", metavar="URL", help="the platform's API base URL")
    where.add_argument(
        "--environment",
        choices=sorted(ENVIRONMENTS),
        help="LiveVox environment (instead of --server)",
    )
    parser.add_argument(
        "--platform",
        choices=PLATFORMS,
        default="livevox",
        help="which SMS platform --server (or the sign-in dialog) is (default: %(default)s)",
    )
    parser.add_argument(
        "--profile",
        default="default",
        metavar="NAME",
        help="separate settings and credentials (default: %(default)s)",
    )
    parser.add_argument(
        "--screenshot", metavar="PATH", help="save a PNG of the main window once loaded, then exit"
    )
    parser.add_argument(  # for benchmarks/startup.py: not an agent's option
        "--startup-probe", action="store_true", help=argparse.SUPPRESS
    )
    parser.add_argument(
        "--language",
        choices=["system", *LANGUAGE_CODES],
        help="language of the app for this run (default: the one chosen in the settings)",
    )
    parser.add_argument(
        "--allow-insecure-http",
        action="store_true",
        help="allow http:// to a server that is not on this machine",
    )
    parser.add_argument(
        "--demo-faults",
        metavar="SPEC",
        help="with --demo: make its server slow or flaky on purpose, as the simulator's "
        "--faults does (e.g. latency=100: a server 100 ms away)",
    )
    # The demo's servers, run by the app itself in a process of their own (inbox_app.demo).
    parser.add_argument("--demo-servers", choices=DEMO_PLATFORMS, help=argparse.SUPPRESS)
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details to stderr")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.demo_servers:
        from .demo import serve

        return serve(args.demo_servers, faults=args.demo_faults)
    if args.demo_faults and not args.demo:
        parser.error("--demo-faults slows the demo's server: use it with --demo")
    if args.environment and args.platform != "livevox":
        parser.error("--environment names a LiveVox environment; use --server for other platforms")
    if args.server:
        problem = check_server_url(args.server, allow_insecure_http=args.allow_insecure_http)
        if problem:
            parser.error(problem)
    if args.screenshot and not (args.demo or args.server or args.environment):
        args.demo = args.platform  # a screenshot needs data without questions: the demo has it
    from .launch import launch  # Qt is imported only once the arguments are good

    return launch(args)

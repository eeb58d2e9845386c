"""Command line of ``inbox-app``: parse arguments, then hand over to the app."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import __version__
from .livevox.env import ENVIRONMENTS


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inbox-app",
        description="Desktop agent inbox for LiveVox contact centers.",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--demo",
        action="store_true",
        help="start the embedded demo server and sign in as the demo agent",
    )
    where.add_argument("--server", metavar="URL", help="LiveVox API base URL")
    where.add_argument(
        "--environment",
        choices=sorted(ENVIRONMENTS),
        help="LiveVox environment (instead of --server)",
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
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    print(
        "inbox-app: the desktop window is not built yet (issue 4).\n"
        f"When it is, this command will {'start the embedded demo server and ' if args.demo else ''}"
        "open the agent inbox. The protocol layer (inbox_app.livevox) is ready and tested.",
        file=sys.stderr,
    )
    return 0

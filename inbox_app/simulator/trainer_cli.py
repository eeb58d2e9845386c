"""``inbox-sim console URL`` and ``inbox-sim report URL --out debrief.html``: the trainer's
tools for a class that ``inbox-sim --scenario FILE [--classroom N]`` is running."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .admin_client import AdminError, ClassAdmin

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="inbox-sim", description="The trainer's tools.")
    sub = p.add_subparsers(dest="tool", required=True)
    console = sub.add_parser("console", help="the class in a terminal, with the trainer's commands")
    console.add_argument("url", help="the class's URL, as inbox-sim printed it")
    console.add_argument("--refresh", type=float, default=2.0, help="seconds between refreshes")
    console.add_argument("--once", action="store_true", help="print the view once and exit")
    console.add_argument("--width", type=int, default=None, help="columns (with --once)")
    report = sub.add_parser("report", help="the class's debrief as a web page (and CSV)")
    report.add_argument("url", help="the class's URL, as inbox-sim printed it")
    report.add_argument("--out", default="debrief.html", help="the page (default debrief.html)")
    report.add_argument("--csv", metavar="PATH", help="also the figures as CSV")
    return p


def main(argv: Sequence[str]) -> int:
    args = _parser().parse_args(argv)
    admin = ClassAdmin(args.url)
    try:
        if args.tool == "console":
            return _console(admin, args)
        return _report(admin, args)
    except AdminError as exc:
        print(f"inbox-sim {args.tool}: {exc}", file=sys.stderr)
        return 1


def _console(admin: ClassAdmin, args: argparse.Namespace) -> int:
    try:
        from .console import TrainerConsole, render_text
    except ImportError:
        print(
            "inbox-sim console: needs the 'rich' package: pip install 'inbox_app[trainer]'",
            file=sys.stderr,
        )
        return 2
    if args.once:
        print(render_text(admin.view(), width=args.width or 120), end="")
        return 0
    return TrainerConsole(admin).run(refresh=args.refresh)


def _report(admin: ClassAdmin, args: argparse.Namespace) -> int:
    from .debrief import build_debrief, write_csv, write_html

    debrief = build_debrief(admin.events())
    write_html(debrief, args.out)
    print(f"debrief: {args.out}")
    if args.csv:
        write_csv(debrief, args.csv)
        print(f"figures: {args.csv}")
    return 0

"""``inbox-sim console URL``: the trainer's view of a running class, in a terminal.

Each trainee's customers with their state, how long the unanswered ones have waited and the
scripted replies on their way; and the trainer's commands, which go to the class's admin API:
``say RUN TEXT`` (the customer texts it now), ``optout RUN`` (the customer texts STOP / ALTO
and is opted out), ``quiet RUN`` (the customer answers no more), ``restart``.

Why rich (an optional dependency, ``inbox_app[trainer]``): tables that fit the terminal and
colour for the customers kept waiting, with a recordable console the tests render to text.
The view and the commands are separate from the terminal loop, so tests drive both directly.
"""

from __future__ import annotations

import io
import select
import sys
from typing import Any

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from .admin_client import AdminError, ClassAdmin

__all__ = ["TrainerConsole", "render", "render_text"]

HELP = (
    "commands: say RUN TEXT | optout RUN | quiet RUN | restart | help | quit   "
    "(RUN: trainee3.2, or 3.2; group.1 or g.1)"
)
_STATE = {
    "waiting": ("waiting", "bold"),
    "answered": ("answered", ""),
    "resolved": ("resolved", "dim"),
    "quiet": ("quiet", "dim"),
    "opted_out": ("opted out", "magenta"),
}


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return ""
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def _wait_style(seconds: float | None) -> str:
    if seconds is None:
        return ""
    return "bold red" if seconds >= 120 else "yellow" if seconds >= 45 else "green"


def render(view: dict[str, Any]) -> Group:
    """The class at a glance: a summary line, then one row per customer, by trainee."""
    customers = view["customers"]
    waiting = [c for c in customers if c["state"] == "waiting"]
    longest = max((c["waitingS"] or 0 for c in waiting), default=None)
    title = view["scenario"]["title"]
    summary = Text.assemble(
        (f"{title}", "bold"),
        f"  ·  {len(view['trainees'])} trainees, {len(customers)} customers, ",
        (f"{len(waiting)} unanswered", "bold red" if waiting else "green"),
        f", longest wait {_clock(longest)}" if longest is not None else "",
    )
    table = Table(expand=True, show_lines=False, pad_edge=False)
    for name, options in (
        ("Trainee", {"no_wrap": True}),
        ("Run", {"no_wrap": True}),
        ("Customer", {}),
        ("Inbox", {"no_wrap": True}),
        ("State", {"no_wrap": True}),
        ("Waiting", {"justify": "right", "no_wrap": True}),
        ("Next reply", {}),
    ):
        table.add_column(name, **options)
    now = view["now"]
    previous = None
    for c in sorted(customers, key=_order):
        trainee = c["trainee"] or "(group)"
        label, style = _STATE[c["state"]]
        pending = c["pending"]
        upcoming = (
            f"in {max(0, (pending[0]['at'] - now) / 1000):.0f}s: {pending[0]['text']}"
            if pending
            else ""
        )
        table.add_row(
            trainee if trainee != previous else "",
            c["run"],
            c["name"],
            c["owner"] or "group",
            Text(label, style=style),
            Text(_clock(c["waitingS"]), style=_wait_style(c["waitingS"])),
            Text(upcoming, overflow="ellipsis"),
        )
        previous = trainee
    return Group(summary, table, Text(HELP, style="dim"))


def _order(c: dict[str, Any]) -> tuple[int, int]:
    who, _, n = c["run"].partition(".")
    k = int(who.removeprefix("trainee")) if who.startswith("trainee") else 10_000
    return k, int(n or 0)


def render_text(view: dict[str, Any], width: int = 120) -> str:
    """The view as plain text (what a test or ``--once`` into a file reads)."""
    out = io.StringIO()
    Console(file=out, width=width, color_system=None, force_terminal=False).print(render(view))
    return out.getvalue()


class TrainerConsole:
    """The trainer's commands over the admin API, and the terminal loop around them."""

    def __init__(self, admin: ClassAdmin) -> None:
        self.admin = admin

    def execute(self, line: str) -> str:
        """Run one command; the answer is one line for the trainer."""
        words = line.strip().split(maxsplit=2)
        if not words:
            return ""
        command = words[0].lower()
        try:
            if command in ("help", "?"):
                return HELP
            if command == "restart":
                self.admin.restart()
                return "the class starts again: every customer has sent their opener"
            if command in ("say", "optout", "opt-out", "quiet"):
                if len(words) < 2:
                    return f"{command} needs a customer, e.g. {command} trainee1.1"
                run = self._run(words[1])
                if command == "say":
                    if len(words) < 3:
                        return "say needs a text, e.g. say trainee1.1 Are you still there?"
                    self.admin.say(run, words[2])
                    return f"{run} said: {words[2]}"
                if command == "quiet":
                    self.admin.quiet(run)
                    return f"{run} has gone quiet"
                self.admin.opt_out(run)
                return f"{run} opted out"
        except AdminError as exc:
            return f"refused: {exc}"
        return f"unknown command {command!r}; {HELP}"

    @staticmethod
    def _run(text: str) -> str:
        who, dot, n = text.partition(".")
        if not dot:
            return text
        if who.isdigit():
            who = f"trainee{who}"
        elif who.lower() in ("g", "group"):
            who = "group"
        return f"{who}.{n}"

    def run(self, refresh: float = 2.0, console: Console | None = None) -> int:
        """Show the class, refreshed every ``refresh`` s, and take commands until quit/EOF."""
        console = console or Console()
        last = ""
        while True:
            try:
                view = self.admin.view()
            except AdminError as exc:
                console.print(f"[red]{exc}[/red]")
                return 1
            console.clear()
            console.print(render(view))
            if last:
                console.print(last)
            console.print("> ", end="")
            ready, _, _ = select.select([sys.stdin], [], [], refresh)
            if not ready:
                continue
            line = sys.stdin.readline()
            if not line or line.strip().lower() in ("quit", "exit", "q"):
                return 0
            last = self.execute(line)

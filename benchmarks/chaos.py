"""Chaos run: the real window, a scripted agent, and a server that fails 20% of the time.

The desktop app (``MainWindow`` on qasync's loop, a real ``LocalStore``, the durable
``Outbox``, the live ``SyncEngine``) runs against the embedded LiveVox simulator on
loopback while the simulator's fault injector answers about one request in five with a
503/502/500, a 429 (``Retry-After: 1``), a 401 that really ends the session, a response
cut off after the server acted ("did my send go through?"), or truncated JSON, plus some
latency. A scripted agent meanwhile switches inboxes, opens threads, reads history, types
and sends replies (each with a unique text), retries failed ones, marks unread, moves to the
group inbox, takes, transfers (through the dialog) and resolves (through the dialog).

At the end the faults stop, the outbox is given time to finish (items whose outcome is
unknown wait ``reconcile_delay_s`` and are looked up before any resend), and the figures
come from the simulator's own record of every API-sent message:

* sent:       distinct texts the agent sent that the server stored
* duplicates: texts the server stored more than once
* lost:       texts neither on the server nor in a FAILED outbox item the agent was shown
              (a "Not sent" bubble with a reason); items still open at the end count too
* crashes:    exceptions that are bugs (anything but PlatformError/ActionFailed)
              reaching the task runner, sys.excepthook, threading.excepthook or the loop's
              exception handler, and a crashed or hung process
* max_stall_ms: the longest gap between the ticks of a 10 ms QTimer on the UI thread,
              minus the 10 ms, while the agent worked

``--platform livelink`` runs the same against the embedded Live Link 365 simulator, signed in
as ``--demo livelink`` does (``LiveLinkPlatform`` with its local threads): the faults hit its
two pulls (MO, status), its send and its token endpoint; the agent does what Live Link
allows (no transfer, resolve, take or move to group: the window disables them), and a send
is "stored" when the simulator holds an MT for it. Its drain is longer by the report wait: a
send the server never took says "may have been sent" only after that.

Run it as::

    python benchmarks/chaos.py --minutes 3 [--seed 7] [--fault-rate 0.2] [--json out.json]
                               [--traffic 6] [--platform livevox|livelink] [--verbose]

``--traffic`` is the simulator's simulated customers (new chats a minute, replies to the
agent's messages), so inbound messages arrive while the agent works; ``--verbose`` adds the
fault specs and phases, faults per endpoint, and the error banners and task errors by text.

The whole run stays within 10 minutes (the agent's phase is shortened when ``--minutes``
plus the final drain would not fit). The work happens in a child process, so that even a
hard crash of Qt is counted; the parent prints the child's report and, as the very last
line, exactly::

    chaos: sent=N duplicates=N lost=N crashes=N max_stall_ms=X stall_p99_ms=X

The exit status is 0 when duplicates, lost and crashes are all 0 and the UI stall budget holds
(p99 ≤ 8 ms, max ≤ 33 ms), else 1. The five worst stalls, with where the UI thread was, and
how many turns took over 16 ms (with how many of them had their cause sampled) are printed
and kept in the JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import json
import logging
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inbox_app.core.platforms.livevox import LiveVoxPlatform
from inbox_app.core.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from heartbeat import Heartbeat  # noqa: E402

MAX_MINUTES = 10.0
TOTAL_BUDGET_S = 600.0  # the whole run, start-up and drain included
SETUP_MARGIN_S = 45.0  # start-up, the final checks and shutdown
RECONCILE_DELAY_S = 0.5
TEXT_PREFIX = "chaos #"
STALL_P99_MS, STALL_MAX_MS = 8.0, 33.0  # the UI stall budget (benchmarks/run.py)
LAST_LINE = (
    "chaos: sent={sent} duplicates={duplicates} lost={lost} crashes={crashes} "
    "max_stall_ms={stall:.1f}"
)

# Counted and listed at the end, but not echoed while the run goes: under chaos they are
# the expected sound of things working (stamina announces every retry of a read at WARNING;
# the offscreen platform cannot size windows natively).
EXPECTED_NOISE = frozenset(
    {"stamina.retry_scheduled", "This plugin does not support propagateSizeHints()"}
)

WORDS = (
    "thanks for your patience we will check your balance today the payment is posted "
    "please confirm the date your account looks fine I will call you back shortly"
).split()


# --- the fault spec ---------------------------------------------------------------------------

# Which fault, as a share of all faults on a group of endpoints. The groups cover every
# endpoint the agent's app calls; a method-qualified glob keeps them apart (sends and
# resolves are the only POSTs under /sms/agent, transfer is a GET like the reads).
FAULT_TEXT = {
    "503": "error={p}@503",
    "502": "error={p}@502",
    "500": "error={p}@500",
    "429": "error={p}@429:retry-after=1",
    "401": "error={p}@401",
    "drop": "drop={p}",
    "malformed": "malformed={p}",
}
TARGETS = {
    "reads": "GET /sms/*",
    "marks+moves": "PUT /sms/*",
    "resolve": "POST /sms/agent/thread/resolve",
    "send": "POST /sms/agent/message/send",
}
PHASES: dict[str, dict[str, dict[str, float]]] = {
    "mixed": {
        "reads": {
            "503": 3,
            "502": 1,
            "500": 1,
            "429": 1.5,
            "401": 1,
            "drop": 1.25,
            "malformed": 1.25,
        },
        "marks+moves": {"503": 2, "500": 1.5, "429": 1.5, "401": 1.5, "drop": 2, "malformed": 1.5},
        "resolve": {"503": 2, "500": 1.5, "429": 1.5, "401": 1.5, "drop": 2, "malformed": 1.5},
        "send": {
            "drop": 3,
            "malformed": 1.5,
            "500": 1.5,
            "503": 1,
            "502": 0.5,
            "429": 1.2,
            "401": 1.3,
        },
    },
    "send-storm": {  # mostly "the connection broke after the server stored it"
        "reads": {"503": 4, "429": 2, "drop": 2, "malformed": 2},
        "marks+moves": {"503": 3, "drop": 4, "malformed": 3},
        "resolve": {"503": 3, "drop": 4, "malformed": 3},
        "send": {"drop": 5, "malformed": 2.5, "500": 2, "401": 0.5},
    },
    "gateway": {  # a flaky gateway and a rate limiter in front of LiveVox
        "reads": {"503": 4, "502": 3, "500": 1, "429": 2},
        "marks+moves": {"503": 4, "502": 3, "500": 1, "429": 2},
        "resolve": {"503": 4, "502": 3, "500": 1, "429": 2},
        "send": {"503": 3, "502": 2, "500": 3, "429": 2},
    },
    "sessions": {  # sessions keep dying: 401s everywhere, some broken bodies
        "reads": {"401": 5, "503": 2, "malformed": 1.5, "drop": 1.5},
        "marks+moves": {"401": 5, "503": 2, "drop": 3},
        "resolve": {"401": 5, "503": 2, "drop": 3},
        "send": {"401": 4, "drop": 3, "malformed": 1.5, "503": 1.5},
    },
}
LATENCY_RULE = "latency=5+45:rate=0.25"

# Live Link 365 (``--platform livelink``): the app reads only the two pulls (MO, status) and
# sends; marks are local. The same phases, on its paths; the token endpoint is the login.
LIVELINK_TARGETS = {
    "reads": "GET /api/v2/sms/*",
    "send": "POST /api/v2/sms",
}
LIVELINK_LOGIN = "/api/oauth/token"
LIVELINK_PHASES: dict[str, dict[str, dict[str, float]]] = {
    name: {group: shares for group, shares in groups.items() if group in LIVELINK_TARGETS}
    for name, groups in PHASES.items()
}
# Actions Live Link has no notion of (the window disables them): not in its agent's dice.
LIVELINK_CANNOT = ("transfer", "resolve", "move to group", "take")


def _chained(rate: float, shares: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """Per-rule probabilities so that the FIRST firing rule is kind i with probability
    ``rate * share_i``: the injector rolls every rule and the first one that fires decides,
    so rule i gets ``rate*w_i / (1 - rate*sum(w_j, j < i))``. Together: exactly ``rate``."""
    total = sum(w for _, w in shares)
    out, before = [], 0.0
    for kind, weight in shares:
        want = rate * weight / total
        out.append((kind, min(1.0, want / max(1e-9, 1.0 - before))))
        before += want
    return out


def build_specs(rate: float, seed: int, platform: str = "livevox") -> list[tuple[str, str]]:
    """One spec per phase, built once; the seed orders the rules and the later phases."""
    livelink = platform == "livelink"
    phases = LIVELINK_PHASES if livelink else PHASES
    targets = LIVELINK_TARGETS if livelink else TARGETS
    login = LIVELINK_LOGIN if livelink else "/session/login"
    rng = random.Random(seed)
    names = list(phases)
    tail = names[1:]
    rng.shuffle(tail)
    specs = []
    for name in [names[0], *tail]:
        rules = [LATENCY_RULE]
        if rate > 0:
            # Re-logins go through here: only a retryable 503 (login is retried like a read).
            rules.append(f"POST {login}:error={rate / 4:.4f}@503")
            for group, shares in phases[name].items():
                items = list(shares.items())
                rng.shuffle(items)
                for kind, p in _chained(rate, items):
                    if p > 0:
                        rules.append(f"{targets[group]}:{FAULT_TEXT[kind].format(p=f'{p:.4f}')}")
        specs.append((name, "; ".join(rules)))
    return specs


# --- bookkeeping --------------------------------------------------------------------------------


@dataclass
class Problems:
    """Every exception that is a bug, wherever it surfaced."""

    crashes: list[dict[str, str]] = field(default_factory=list)

    def add(self, where: str, exc: BaseException | None, detail: str = "") -> None:
        text = "".join(traceback.format_exception(exc)) if exc is not None else detail
        self.crashes.append(
            {"where": where, "type": type(exc).__name__ if exc else "", "trace": text}
        )
        print(f"\nchaos: CRASH in {where}: {detail}\n{text}", file=sys.stderr, flush=True)


@dataclass
class Stats:
    actions: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    banner_errors: Counter[str] = field(default_factory=Counter)
    banner_notices: Counter[str] = field(default_factory=Counter)
    expected_errors: Counter[str] = field(default_factory=Counter)  # task name: error type
    requests: Counter[str] = field(default_factory=Counter)  # endpoint group
    faults: Counter[str] = field(default_factory=Counter)  # kind
    faults_by_group: Counter[str] = field(default_factory=Counter)
    latency_hits: int = 0
    send_faults: list[tuple[float, str]] = field(default_factory=list)  # (t, outcome)
    item_history: dict[str, list[tuple[float, str, str]]] = field(default_factory=dict)
    submitted: dict[str, str] = field(default_factory=dict)  # text -> thread id
    submitted_at: dict[str, float] = field(default_factory=dict)
    ui_refused: int = 0
    resolved_at: dict[str, float] = field(default_factory=dict)  # the agent pressed Resolve
    sends_to_resolved: int = 0  # replies typed into a thread the agent had resolved before
    phases: list[tuple[float, str]] = field(default_factory=list)


def _normalise(text: str) -> str:
    text = re.sub(r"chaos #\d+[^\"]*", "chaos #N…", text)
    text = re.sub(r"\d+(\.\d+)?", "N", text)
    return text[:110]


def _group(method: str, path: str, platform: str = "livevox") -> str:
    if path == LIVELINK_LOGIN:
        return "login"
    if path.startswith("/session/"):
        return "login" if path.endswith("/login") else "session"
    for name, target in (LIVELINK_TARGETS if platform == "livelink" else TARGETS).items():
        want_method, _, pattern = target.partition(" ")
        if method.upper() == want_method and (
            pattern == path.rstrip("/") or (pattern.endswith("*") and path.startswith(pattern[:-1]))
        ):
            return name
    return "other"


# --- the child: the real app under chaos --------------------------------------------------------


def _offscreen_unless_display() -> None:
    if not (
        os.environ.get("QT_QPA_PLATFORM")
        or os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


async def until(condition: Callable[[], object], within: float, step: float = 0.02) -> bool:
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(step)
    return True


def _make_runner(problems: Problems, stats: Stats) -> Any:
    """The app's TaskRunner, watched: every error a task raises is sorted into expected
    (the server or the network said no) or a bug, before the app's own handler sees it."""
    from inbox_app.core.outcomes import ActionFailed, PlatformError
    from inbox_app.core.tasks import TaskRunner

    def classify(exc: BaseException, name: str) -> None:
        if isinstance(exc, ActionFailed | PlatformError):
            cause = exc.error if isinstance(exc, ActionFailed) else exc
            stats.expected_errors[f"{name}: {cause.reason.value}"] += 1
        else:
            problems.add(f"task {name!r}", exc, "an unexpected exception reached the task runner")

    class WatchedRunner(TaskRunner):
        def start(self, coro, *, name, owner=None, on_result=None, on_error=None):  # type: ignore[no-untyped-def]
            def watched(exc: BaseException, task_name: str) -> None:
                classify(exc, task_name)
                (on_error or (lambda e, n: TaskRunner._report(self, e, n)))(exc, task_name)

            return super().start(
                coro, name=name, owner=owner, on_result=on_result, on_error=watched
            )

        def _report(self, exc: BaseException, name: str) -> None:  # a broken result callback
            classify(exc, name)
            super()._report(exc, name)

    return WatchedRunner()


def _count_faults(
    injector: Any, stats: Stats, t0: list[float], on: list[bool], platform: str = "livevox"
) -> None:
    """Wrap the injector's dice so each injected fault is counted by kind and endpoint
    (only while ``on[0]``: the start-up and the drain run without faults)."""
    plan = injector.plan

    def counting_plan(method: str, path: str) -> Any:
        result = plan(method, path)
        if not on[0]:
            return result
        group = _group(method, path, platform)
        stats.requests[group] += 1
        if result.delay_s:
            stats.latency_hits += 1
        outcome = result.outcome
        if outcome is not None:
            kind = f"error@{outcome.status}" if outcome.kind == "error" else outcome.kind
            stats.faults[kind] += 1
            stats.faults_by_group[f"{group}: {kind}"] += 1
            if group == "send":
                stats.send_faults.append((time.monotonic() - t0[0], kind))
        return result

    injector.plan = counting_plan


class Agent:
    """Drives the window the way an agent would: through its widgets and actions."""

    def __init__(self, window: Any, sim: Any, args: argparse.Namespace, stats: Stats) -> None:
        from PySide6.QtCore import QModelIndex

        self.window = window
        self.inbox = window.workspace
        self.sim = sim
        self.stats = stats
        self.rng = random.Random(args.seed)
        self.seed = args.seed
        self.verbose = args.verbose
        self.counter = 0
        self.root = QModelIndex()
        self.actions: dict[str, tuple[float, Callable[[], Any]]] = {
            "send": (30, self.send),
            "open thread": (18, self.open_thread),
            "switch inbox": (7, self.switch_inbox),
            "flick threads": (3, self.flick),
            "load older": (3, self.load_older),
            "fetch more": (3, self.fetch_more),
            "mark unread": (6, self.mark_unread),
            "refresh": (3, self.refresh),
            "retry failed": (3, self.retry_failed),
            "transfer": (4, self.transfer),
            "resolve": (4, self.resolve),
            "move to group": (3, self.move_to_group),
            "take": (8, self.take),
        }
        if args.platform == "livelink":
            for name in LIVELINK_CANNOT:
                del self.actions[name]

    # --- helpers ----------------------------------------------------------------------------

    def refs(self) -> list[tuple[Any, Any]]:
        from inbox_app.core.inbox import InboxRef

        return [(InboxRef.of(c), c) for c in self.inbox.channels]

    def personal_sms_total(self) -> int:
        return sum(
            c.total_count or 0 for ref, c in self.refs() if ref.personal and ref.channel == "SMS"
        )

    async def ensure_thread(self) -> bool:
        if self.window.current_thread is not None:
            return True
        if self.window.thread_list.proxy.rowCount() == 0:
            await self.switch_inbox()
        return await self.open_thread() is not False and self.window.current_thread is not None

    # --- the loop ---------------------------------------------------------------------------

    async def run(self, deadline: float) -> None:
        names = list(self.actions)
        weights = [self.actions[n][0] for n in names]
        while time.monotonic() < deadline:
            name = self.rng.choices(names, weights)[0]
            # Keep the personal inbox stocked: an empty inbox leaves nothing to reply to.
            if name in ("transfer", "resolve", "move to group") and self.personal_sms_total() < 6:
                name = "take"
            try:
                done = await self.actions[name][1]()
            except Exception as exc:  # a bug in this script must not pass for an app crash
                print(f"chaos: script error in {name!r}: {exc!r}", file=sys.stderr)
                traceback.print_exc()
                self.stats.skipped[f"{name} (script error)"] += 1
                done = False
            if done is False:
                self.stats.skipped[name] += 1
            else:
                self.stats.actions[name] += 1
            await asyncio.sleep(self.rng.uniform(0.03, 0.35))

    # --- actions ----------------------------------------------------------------------------

    async def switch_inbox(self, want_group: bool = False) -> bool:
        refs = self.refs()
        if not refs:
            return False
        weights = []
        for ref, channel in refs:
            if want_group:
                weights.append(
                    5.0
                    if (not ref.personal and ref.channel == "SMS" and channel.total_count)
                    else 0.0
                )
            elif ref.channel == "SMS":
                weights.append(6.0 if ref.personal else 2.0)
            else:
                weights.append(0.5)
        if not any(weights):
            return False
        ref = self.rng.choices([r for r, _ in refs], weights)[0]
        if not self.window.inbox_panel.select(ref):
            return False
        threads = self.inbox.thread_list(ref)
        banner = self.window.banner
        loaded = await until(lambda: threads.pages_loaded > 0 or banner.retry_button.isVisible(), 8)
        if (
            threads.pages_loaded == 0
            and banner.retry_button.isVisible()
            and self.rng.random() < 0.8
        ):
            banner.retry_button.click()  # what the agent does when an inbox did not load
            loaded = await until(lambda: threads.pages_loaded > 0, 8)
        if loaded:
            await until(lambda: self.window.current_thread is not None, 2)
        return bool(loaded)

    async def open_thread(self) -> bool:
        rows = self.window.thread_list.proxy.rowCount()
        if rows == 0:
            return False
        self.window.thread_list.select_row(self.rng.randrange(min(rows, 12)))
        thread = self.window.current_thread
        if thread is None or thread.thread_id is None:
            return False
        conversation = self.inbox.conversation(thread.thread_id)
        banner = self.window.banner
        await until(lambda: conversation.pages_loaded > 0 or banner.isVisible(), 5)
        return True

    async def flick(self) -> bool:
        rows = self.window.thread_list.proxy.rowCount()
        if rows < 2:
            return False
        for _ in range(self.rng.randint(2, 5)):  # quick switching supersedes history loads
            self.window.thread_list.select_row(self.rng.randrange(min(rows, 12)))
            await asyncio.sleep(self.rng.uniform(0.0, 0.05))
        return True

    async def load_older(self) -> bool:
        if self.window.current_thread is None:
            return False
        self.window.conversation.sig_wants_older.emit()
        await asyncio.sleep(0.1)
        return True

    async def fetch_more(self) -> bool:
        proxy = self.window.thread_list.proxy
        self.window.thread_list.view.scrollToBottom()
        if not proxy.canFetchMore(self.root):
            return False
        proxy.fetchMore(self.root)
        await asyncio.sleep(0.2)
        return True

    async def send(self) -> bool:
        if not await self.ensure_thread():
            return False
        window, composer = self.window, self.window.composer
        thread = window.current_thread
        if thread is None or not composer.isEnabled() or composer.from_number.count() == 0:
            return False
        self.counter += 1
        words = " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(2, 9)))
        text = f"{TEXT_PREFIX}{self.counter} s{self.seed} {words}"
        composer.set_text(text)
        await asyncio.sleep(self.rng.uniform(0.0, 0.1))  # "typing"
        if window.current_thread is not thread:  # the thread changed under the agent's hands
            composer.set_text("")
            return False
        if self.rng.random() < 0.5:
            composer.send_button.click()
        else:
            from PySide6.QtCore import Qt
            from PySide6.QtTest import QTest

            QTest.keyClick(composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        if composer.text():  # the composer did not take it (no number to send from...)
            self.stats.ui_refused += 1
            composer.set_text("")
            return False
        self.stats.submitted[text] = str(thread.thread_id)
        self.stats.submitted_at[text] = time.monotonic()
        if thread.thread_id in self.stats.resolved_at:
            self.stats.sends_to_resolved += 1
        return True

    async def retry_failed(self) -> bool:
        from inbox_app.core.conversation import SendState

        thread = self.window.current_thread
        if thread is None or thread.thread_id is None:
            return False
        entries = self.inbox.conversation(thread.thread_id).entries
        failed = [e for e in entries if e.state is SendState.FAILED and e.key.startswith("out:")]
        if not failed:
            return False
        self.window.conversation.sig_entry_activated.emit(self.rng.choice(failed))  # double-click
        return True

    async def mark_unread(self) -> bool:
        if not self.window.act_unread.isEnabled():
            return False
        self.window.act_unread.trigger()
        await asyncio.sleep(0.05)
        return True

    async def refresh(self) -> bool:
        self.window.act_refresh.trigger()
        return True

    async def move_to_group(self) -> bool:
        ref = self.window.current_inbox
        if ref is None or not ref.personal:
            if not await self.switch_inbox():
                return False
        if not self.window.act_to_group.isEnabled():
            return False
        self.window.act_to_group.trigger()
        await asyncio.sleep(0.1)
        return True

    async def take(self) -> bool:
        ref = self.window.current_inbox
        if ref is None or ref.personal or ref.channel != "SMS":
            if not await self.switch_inbox(want_group=True):
                return False
        if not await self.ensure_thread() or not self.window.act_take.isEnabled():
            return False
        self.window.act_take.trigger()
        await asyncio.sleep(0.1)
        return True

    async def transfer(self) -> bool:
        from PySide6.QtWidgets import QDialogButtonBox
        from shiboken6 import isValid

        from inbox_app.ui.dialogs.transfer import AgentRole

        if not await self.ensure_thread() or not self.window.act_transfer.isEnabled():
            return False
        self.window.act_transfer.trigger()
        dialog = self.window.actions.transfer_dialog
        if dialog is None or not isValid(dialog) or not dialog.isVisible():
            return False  # the thread went away (a sync round) before the dialog opened
        try:

            def settled() -> bool:
                if not isValid(dialog) or dialog.list.isEnabled():
                    return True
                first = dialog.agents.item(0)  # "Loading agents…" until set_agents/set_error
                return first is None or not first.text().startswith("Loading")

            await until(settled, 10)
            if not isValid(dialog) or not dialog.list.isEnabled():
                return False  # the agent list did not load: the agent cancels
            proxy = dialog.proxy
            available = [
                r for r in range(proxy.rowCount()) if proxy.index(r, 0).data(AgentRole).available
            ]
            if not available:
                return False
            dialog.list.setCurrentIndex(proxy.index(self.rng.choice(available), 0))
            ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
            if not ok.isEnabled():
                return False
            ok.click()
            await asyncio.sleep(0.1)
            return True
        finally:
            if isValid(dialog) and dialog.isVisible():
                dialog.reject()

    async def resolve(self) -> bool:
        from PySide6.QtWidgets import QDialogButtonBox
        from shiboken6 import isValid

        if not await self.ensure_thread() or not self.window.act_resolve.isEnabled():
            return False
        thread = self.window.current_thread
        self.window.act_resolve.trigger()
        dialog = self.window.actions.resolve_dialog
        if dialog is None or not isValid(dialog) or not dialog.isVisible():
            return False  # the thread went away (a sync round) before the dialog opened
        try:
            dialog.term_code.setCurrentIndex(self.rng.randrange(dialog.term_code.count()))
            if not dialog.account.text().strip():
                dialog.account.setText(f"CHAOS{self.rng.randrange(1000, 9999)}")
            await asyncio.sleep(self.rng.uniform(0.0, 0.1))
            ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
            if not ok.isEnabled():
                return False
            ok.click()
            if thread is not None and thread.thread_id:
                self.stats.resolved_at.setdefault(thread.thread_id, time.monotonic())
            await asyncio.sleep(0.1)
            return True
        finally:
            if isValid(dialog) and dialog.isVisible():
                dialog.reject()


async def _drain(outbox: Any, deadline_s: float) -> tuple[float, int]:
    """Faults are off: let the outbox finish. Items in backoff or "unknown" become due on
    their own schedule (unknown ones after reconcile_delay_s); flush() respects it."""
    started = time.monotonic()
    while time.monotonic() - started < deadline_s:
        await outbox.flush()
        if not outbox.open_items():
            break
        await asyncio.sleep(0.25)
    return time.monotonic() - started, len(outbox.open_items())


def _account(
    stats: Stats, outbox: Any, inbox: Any, sent_rows: list[dict[str, Any]]
) -> dict[str, Any]:
    from inbox_app.core.conversation import SendState, outbox_key
    from inbox_app.core.store import OPEN_STATES, OutboxState

    on_server: Counter[str] = Counter()
    threads_of: dict[str, set[str]] = collections.defaultdict(set)
    for row in sent_rows:
        text = str(row.get("message") or "")
        if text.startswith(TEXT_PREFIX):
            on_server[text] += 1
            threads_of[text].add(str(row.get("threadId")))
    items_of: dict[str, list[Any]] = collections.defaultdict(list)
    for item in outbox.items.values():
        items_of[item.text].append(item)

    figures = Counter()
    problems: dict[str, list[dict[str, Any]]] = collections.defaultdict(list)

    def detail(text: str) -> dict[str, Any]:
        items = items_of.get(text, [])
        return {
            "text": text,
            "thread": stats.submitted.get(text),
            "stored": on_server.get(text, 0),
            "stored_in_threads": sorted(threads_of.get(text, ())),
            "items": [
                {
                    "id": i.id,
                    "state": i.state.value,
                    "attempts": i.attempts,
                    "transaction_id": i.transaction_id,
                    "error": i.error,
                    "history": stats.item_history.get(i.id, []),
                }
                for i in items
            ],
        }

    for text, thread_id in stats.submitted.items():
        items = items_of.get(text, [])
        stored = on_server.get(text, 0)
        if len(items) != 1:
            problems["items_per_send_not_1"].append(detail(text))
        if stored:
            figures["sent"] += 1
            if stored > 1:
                figures["duplicates"] += 1
                problems["duplicates"].append(detail(text))
            if threads_of[text] != {thread_id}:
                problems["stored_in_another_thread"].append(detail(text))
            if any(i.state is OutboxState.FAILED for i in items):
                figures["failed_but_on_server"] += 1
                problems["failed_but_on_server"].append(detail(text))
            continue
        item = items[0] if items else None
        if item is not None and item.state is OutboxState.FAILED and item.error:
            conversation = inbox.conversation(item.thread_id) if item.thread_id else None
            key = outbox_key(item.id)
            bubble = (
                next((e for e in conversation.entries if e.key == key), None)
                if conversation is not None
                else None
            )
            if bubble is not None and bubble.state is SendState.FAILED:
                figures["failed_visible"] += 1
                figures[f"failed reason: {_normalise(item.error)}"] += 1
                resolved = stats.resolved_at.get(thread_id)
                if resolved is not None and resolved < stats.submitted_at[text]:
                    when = "typed into a thread the agent had already resolved"
                elif resolved is not None:
                    when = "waiting (queued/unknown) when the agent resolved its thread"
                else:
                    when = "thread not resolved by the agent"
                figures[f"failed when: {when}"] += 1
                continue
        figures["lost"] += 1
        if item is not None and item.state in OPEN_STATES:
            figures["open_at_end"] += 1
            problems["lost_open_at_end"].append(detail(text))
        else:
            problems["lost"].append(detail(text))
    phantom = [t for t in on_server if t not in stats.submitted]
    figures["phantom"] = len(phantom)
    if phantom:
        problems["phantom_on_server"] = [{"text": t, "stored": on_server[t]} for t in phantom]
    return {"figures": dict(figures), "problems": dict(problems)}


async def _livelink_sent(sim: Any, platform: Any) -> list[dict[str, Any]]:
    """Live Link's record of every send (one row per request: its first part), with the
    local thread of its (origin, destination) as ``threadId``, as LiveVox's list has it."""
    rows = []
    for mt in await asyncio.to_thread(sim.sent):
        if mt["part"] != 1:
            continue
        thread_id = await platform.local.thread_of(mt["origin"], mt["phone"])
        rows.append({"message": mt["message"], "threadId": thread_id, "subject": mt["subject"]})
    return rows


async def _chaos(
    args: argparse.Namespace,
    problems: Problems,
    script_s: float,
    drain_s: float,
    collector: Any = None,
) -> dict[str, Any]:
    from PySide6.QtCore import QSettings

    from inbox_app.core.drafts import Drafts
    from inbox_app.core.outbox import Outbox
    from inbox_app.core.store import LocalStore
    from inbox_app.core.sync import SyncEngine
    from inbox_app.livevox import LiveVoxClient
    from inbox_app.simulator import EmbeddedSimulator
    from inbox_app.ui.main_window import MainWindow

    stats = Stats()
    t0 = [time.monotonic()]
    counting = [False]
    livelink = args.platform == "livelink"
    specs = build_specs(args.fault_rate, args.seed, args.platform)
    phase_s = min(45.0, max(15.0, script_s / 6))
    tmp = tempfile.TemporaryDirectory(prefix="inbox-chaos-")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(Path(tmp.name) / "settings"))

    sim: Any
    if livelink:
        from inbox_app.simulator.livelink import LiveLinkSimulator

        sim = LiveLinkSimulator(dataset="demo", fault_seed=args.seed, traffic=args.traffic)
    else:
        sim = EmbeddedSimulator(dataset="demo", fault_seed=args.seed, traffic=args.traffic)
    await asyncio.to_thread(sim.start)
    client = store = drafts = runner = window = inbox = platform = None
    heartbeat = Heartbeat()
    try:
        assert sim.base_url.startswith(("http://127.0.0.1:", "http://[::1]:")), sim.base_url
        assert sim.faults is not None and sim.world is not None
        _count_faults(sim.faults, stats, t0, counting, args.platform)
        creds = sim.credentials
        folder = Path(tmp.name) / "data"
        if livelink:
            from inbox_app.wiring import _sign_in_livelink  # as --demo livelink signs in

            platform = await _sign_in_livelink(
                sim.base_url, creds.app_key, creds.secret, creds.numbers, folder
            )
        else:
            client = LiveVoxClient(sim.base_url, creds.access_token)
            await client.login(creds.client_code, creds.agent_login, creds.password, agent=True)
            platform = LiveVoxPlatform(
                client, client_code=creds.client_code, user_name=creds.agent_login
            )
            await platform.enter_service()  # as signing in does
        store = await LocalStore.open(folder / "local.sqlite3")
        outbox = Outbox(platform, store, reconcile_delay_s=RECONCILE_DELAY_S)
        await outbox.load()

        def remember(item: Any) -> None:
            history = stats.item_history.setdefault(item.id, [])
            reason = item.error.value if item.error else ""
            history.append((round(time.monotonic() - t0[0], 3), item.state.value, reason))

        outbox.changed.connect(remember)
        drafts = Drafts(store)
        await drafts.load()
        inbox = Workspace(platform, outbox)
        sync = SyncEngine(inbox)
        runner = _make_runner(problems, stats)
        window = MainWindow(
            inbox,
            runner,
            sync=sync,
            drafts=drafts,
            settings=None,
            where=f"Chaos {sim.base_url}",
            template_values=None if livelink else {"company": sim.world.meta("company", "")},
        )
        banner = window.banner
        show_error, show_notice = banner.show_error, banner.show_notice

        def on_error(text: str, retry: Any = None) -> None:
            stats.banner_errors[_normalise(text)] += 1
            show_error(text, retry)

        def on_notice(text: str) -> None:
            stats.banner_notices[_normalise(text)] += 1
            show_notice(text)

        banner.show_error, banner.show_notice = on_error, on_notice  # counted, then shown
        ready = asyncio.get_running_loop().create_future()
        window.sig_ready.connect(lambda: ready.done() or ready.set_result(None))
        window.sig_ready.connect(lambda: runner.start(sync.run(), name="live sync"))
        if collector is not None:
            window.sig_ready.connect(collector.freeze)  # as app.py does
        window.show()
        window.start()
        await asyncio.wait_for(ready, 30)
        await until(lambda: runner.pending <= 1, 10)  # start-up work done; the sync runs on

        # --- chaos ---------------------------------------------------------------------------
        agent = Agent(window, sim, args, stats)
        t0[0] = time.monotonic()
        deadline = t0[0] + script_s

        progress_file = Path(f"{args.result_file}.progress")

        def progress() -> None:
            """What a crash would leave behind: how many sends nobody can now verify."""
            figures = {"submitted": len(stats.submitted), "max_stall_ms": heartbeat.max_stall_ms()}
            with contextlib.suppress(OSError):
                progress_file.write_text(json.dumps(figures), encoding="utf-8")

        async def rotate() -> None:
            for index in range(10_000):
                name, spec = specs[index % len(specs)]
                sim.set_faults(spec)
                stats.phases.append((round(time.monotonic() - t0[0], 1), name))
                if args.verbose:
                    print(f"chaos: t={time.monotonic() - t0[0]:6.1f}s phase {name}", flush=True)
                until_next = time.monotonic() + phase_s
                while time.monotonic() < until_next:
                    progress()
                    await asyncio.sleep(min(2.0, phase_s))

        counting[0] = True
        heartbeat.start()
        rotation = asyncio.ensure_future(rotate())
        try:
            await agent.run(deadline)
        finally:
            heartbeat.stop()
            rotation.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await rotation
            sim.clear_faults()
            counting[0] = False
        elapsed = time.monotonic() - t0[0]

        # --- settle ---------------------------------------------------------------------------
        for name in ("transfer_dialog", "resolve_dialog"):
            from shiboken6 import isValid

            dialog = getattr(window.actions, name, None)
            if dialog is not None and isValid(dialog) and dialog.isVisible():
                dialog.reject()
        drain_took, still_open = await _drain(outbox, drain_s)
        await until(lambda: runner.pending <= 1, 10)  # the agent's last actions finish
        state = await asyncio.to_thread(sim.state)
        if livelink:
            sent_rows = await _livelink_sent(sim, platform)
            server = {"sent_via_api": len(sent_rows), "mo": state["mo"], "acks": state["acks"]}
        else:
            sent_rows = state["sent"]
            server = {
                "sent_via_api": len(sent_rows),
                "resolved_threads": state["resolvedThreads"],
                "threads": state["threads"],
            }
        accounting = _account(stats, outbox, inbox, sent_rows)
        figures = accounting["figures"]
        return {
            "sent": figures.get("sent", 0),
            "duplicates": figures.get("duplicates", 0),
            "lost": figures.get("lost", 0),
            "crashes": 0,  # filled in by the caller, after shutdown
            "max_stall_ms": round(heartbeat.max_stall_ms(), 1),
            "stall_p99_ms": round(heartbeat.stall_percentile_ms(0.99), 2),
            "worst_stalls": heartbeat.worst_stalls(),
            "long_turns": heartbeat.long_turns(),
            "submitted": len(stats.submitted),
            "failed_visible": figures.get("failed_visible", 0),
            "failed_but_on_server": figures.get("failed_but_on_server", 0),
            "open_at_end": figures.get("open_at_end", 0),
            "phantom": figures.get("phantom", 0),
            "failed_reasons": {
                k[len("failed reason: ") :]: v
                for k, v in figures.items()
                if k.startswith("failed reason: ")
            },
            "failed_when": {
                k[len("failed when: ") :]: v
                for k, v in figures.items()
                if k.startswith("failed when: ")
            },
            "sends_to_resolved_threads": stats.sends_to_resolved,
            "threads_resolved_by_agent": len(stats.resolved_at),
            "ui_refused_sends": stats.ui_refused,
            "elapsed_s": round(elapsed, 1),
            "drain_s": round(drain_took, 1),
            "still_open_after_drain": still_open,
            "heartbeat": {
                "ticks": len(heartbeat.gaps),
                "p50_gap_ms": round(heartbeat.percentile_ms(0.5), 1),
                "p99_gap_ms": round(heartbeat.percentile_ms(0.99), 1),
                "p999_gap_ms": round(heartbeat.percentile_ms(0.999), 1),
                "worst_at_s": round(heartbeat.worst_at, 1),
                "gaps_over_100ms": sum(1 for g in heartbeat.gaps if g > 0.1),
                "gc": heartbeat.gc_summary(),
            },
            "actions": dict(stats.actions),
            "skipped": dict(stats.skipped),
            "requests": dict(stats.requests),
            "faults": dict(stats.faults),
            "faults_by_endpoint": dict(stats.faults_by_group),
            "faults_injected_total": sim.faults.injected,
            "latency_hits": stats.latency_hits,
            "banner_errors": dict(stats.banner_errors),
            "banner_notices": dict(stats.banner_notices),
            "expected_task_errors": dict(stats.expected_errors),
            "sync_ticks": sync.ticks,
            "sync_health_at_end": sync.health.health.value,
            "traffic": args.traffic,
            "platform": args.platform,
            "server": server,
            "phases": stats.phases,
            "specs": dict(specs),
            "problems": accounting["problems"],
            "send_faults": stats.send_faults,
        }
    finally:
        with contextlib.suppress(Exception):
            heartbeat.stop()
        if window is not None:
            window.close()
        if runner is not None:
            from inbox_app.wiring import shut_down  # the app's own shutdown order

            await shut_down(
                runner=runner,
                workspace=inbox,
                platform=platform,
                drafts=drafts,
                store=store,
                logout=True,
                simulator=sim,
            )
        else:
            await asyncio.to_thread(sim.stop)
        if window is not None:
            window.deleteLater()
        await asyncio.sleep(0)
        tmp.cleanup()


def _print_table(result: dict[str, Any], verbose: bool) -> None:
    def section(title: str) -> None:
        print(f"\n{title}")
        print("-" * len(title))

    def rows(items: dict[str, Any], indent: str = "  ", limit: int | None = None) -> None:
        ordered = sorted(
            items.items(), key=lambda kv: (-kv[1], kv[0]) if isinstance(kv[1], int) else (0, kv[0])
        )
        for key, value in ordered[:limit]:
            print(f"{indent}{value:>6}  {key}")
        if limit is not None and len(ordered) > limit:
            print(f"{indent}   ...  ({len(ordered) - limit} more)")

    print(f"\n=== chaos run ({result.get('platform', 'livevox')}) ===")
    print(
        f"seed {result['seed']}  fault rate {result['fault_rate']:.0%}  traffic "
        f"{result['traffic']:g}/min  agent phase {result['elapsed_s']:.1f} s  "
        f"drain {result['drain_s']:.1f} s"
    )
    section("Agent actions (done)")
    rows(result["actions"])
    if result["skipped"]:
        section("Agent actions skipped (nothing to act on / dialog could not load)")
        rows(result["skipped"])
    section("Requests seen by the simulator while faults were on, by endpoint group")
    rows(result["requests"])
    section(
        f"Faults injected (outcomes; plus {result['latency_hits']} requests delayed; the "
        f"injector's own count of touched requests: {result['faults_injected_total']})"
    )
    rows(result["faults"])
    total_requests = sum(result["requests"].values()) or 1
    print(f"  {'':>6}  = {sum(result['faults'].values()) / total_requests:.1%} of requests")
    if verbose:
        section("Faults by endpoint group")
        rows(result["faults_by_endpoint"])
        section("Fault phases (t = seconds into the run)")
        for t, name in result["phases"]:
            print(f"  t={t:6.1f}  {name}")
        for name, spec in result["specs"].items():
            print(f"\n  [{name}] {spec}")
    section("Shown to the agent")
    print(f"  {sum(result['banner_errors'].values()):>6}  error banners")
    print(f"  {sum(result['banner_notices'].values()):>6}  notices")
    print(f"  {result['failed_visible']:>6}  sends failed and marked 'Not sent' with a reason")
    for when, n in sorted(result["failed_when"].items(), key=lambda kv: -kv[1]):
        print(f"  {'':>6}  {n:>4} {when}")
    print(
        f"  {result['sends_to_resolved_threads']:>6}  replies typed into a thread the agent had "
        f"resolved before (of {result['threads_resolved_by_agent']} resolved)"
    )
    if verbose:
        section("Error banners by text")
        rows(result["banner_errors"], limit=40)
        section("Notices by text")
        rows(result["banner_notices"])
        section("Expected task errors (task: cause)")
        rows(result["expected_task_errors"], limit=40)
        if result["failed_reasons"]:
            section("Why sends failed")
            rows(result["failed_reasons"])
    hb = result["heartbeat"]
    section("UI thread (10 ms heartbeat while the agent worked)")
    print(f"  {hb['ticks']:>6}  ticks")
    print(f"  {hb['p50_gap_ms']:>6.1f}  p50 gap ms")
    print(f"  {hb['p99_gap_ms']:>6.1f}  p99 gap ms")
    print(f"  {hb['p999_gap_ms']:>6.1f}  p99.9 gap ms")
    print(
        f"  {result['max_stall_ms']:>6.1f}  max stall ms "
        f"(worst gap - 10 ms, at t={hb['worst_at_s']} s)"
    )
    print(f"  {hb['gaps_over_100ms']:>6}  gaps over 100 ms")
    gcs = hb["gc"]
    print(
        f"  {gcs['collections']:>6}  garbage collections on the UI thread (longest "
        f"{gcs['longest_ms']} ms; {gcs['during_worst_stall_ms']} ms inside the worst stall)"
    )
    section("Messages")
    print(f"  {result['submitted']:>6}  submitted by the agent (unique texts)")
    print(f"  {result['sent']:>6}  stored on the server")
    print(f"  {result['duplicates']:>6}  stored more than once")
    print(f"  {result['failed_visible']:>6}  failed, shown to the agent (not lost)")
    print(f"  {result['lost']:>6}  lost (of which {result['open_at_end']} still open at the end)")
    print(f"  {result['failed_but_on_server']:>6}  shown as failed although on the server")
    print(f"  {result['phantom']:>6}  on the server but never submitted")
    print(f"  {result['still_open_after_drain']:>6}  outbox items open after the drain")
    print(f"  {result['server']['sent_via_api']:>6}  API-sent messages on the server in all")
    section("Health")
    print(
        f"  {result['sync_ticks']:>6}  live sync rounds "
        f"(health at the end: {result['sync_health_at_end']})"
    )
    print(f"  {result['crashes']:>6}  crashes")
    for crash in result.get("crash_list", []):
        print(f"          {crash['where']}: {crash['type']}")
    problems = result.get("problems", {})
    if problems:
        section("Problems (details)")
        for kind, entries in problems.items():
            print(f"  {kind}: {len(entries)}")
            for entry in entries[: (20 if verbose else 5)]:
                print("    " + json.dumps(entry, default=str)[:1500])


def child_main(args: argparse.Namespace, script_s: float, drain_s: float) -> int:
    _offscreen_unless_display()
    import qasync
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from inbox_app.ui.gc_guard import MainThreadCollector

    problems = Problems()
    qt_messages: Counter[str] = Counter()
    log_records: Counter[str] = Counter()

    def qt_handler(kind: Any, context: Any, message: str) -> None:
        if kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            key = f"qt: {message[:160]}"
            qt_messages[key] += 1
            if qt_messages[key] == 1 and message not in EXPECTED_NOISE:
                print(key, file=sys.stderr, flush=True)

    qInstallMessageHandler(qt_handler)

    class Counting(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            log_records[f"{record.levelname} {record.name}: {_normalise(record.getMessage())}"] += 1

    root = logging.getLogger()
    console = logging.StreamHandler()
    console.setLevel(logging.WARNING)
    console.addFilter(lambda record: record.getMessage() not in EXPECTED_NOISE)
    console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    counting = Counting(logging.WARNING)
    root.addHandler(console)
    root.addHandler(counting)
    root.setLevel(logging.WARNING)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)

    def excepthook(kind: type[BaseException], exc: BaseException, tb: Any) -> None:
        problems.add("sys.excepthook", exc, "an exception escaped to sys.excepthook")

    def thread_hook(hook_args: threading.ExceptHookArgs) -> None:
        if hook_args.exc_value is not None:
            name = hook_args.thread.name if hook_args.thread else "?"
            problems.add(f"thread {name}", hook_args.exc_value, "an exception ended a thread")

    def loop_handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        problems.add("event loop", context.get("exception"), str(context.get("message")))

    sys.excepthook = excepthook
    threading.excepthook = thread_hook
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setQuitOnLastWindowClosed(False)
    collector = MainThreadCollector()
    loop = qasync.QEventLoop(app)
    loop.set_exception_handler(loop_handler)
    asyncio.set_event_loop(loop)
    result: dict[str, Any] | None = None
    failure = ""
    try:
        with loop:
            result = loop.run_until_complete(_chaos(args, problems, script_s, drain_s, collector))
    except BaseException as exc:  # the run itself broke: that is a crash, and a loud one
        failure = f"{type(exc).__name__}: {exc}"
        problems.add("chaos run", exc, "the run did not complete")
    finally:
        collector.stop()
    if result is None:
        result = {"sent": 0, "duplicates": 0, "lost": 0, "max_stall_ms": 0.0, "failure": failure}
    result.update(
        seed=args.seed,
        fault_rate=args.fault_rate,
        crashes=len(problems.crashes),
        crash_list=problems.crashes,
        qt_warnings=dict(qt_messages),
        log_warnings=dict(log_records),
    )
    if "actions" in result:
        _print_table(result, args.verbose)
        if qt_messages or log_records:
            print("\nWarnings logged (not counted as crashes)")
            print("----------------------------------------")
            for text, n in sorted({**qt_messages, **log_records}.items(), key=lambda kv: -kv[1])[
                :30
            ]:
                print(f"  {n:>6}  {text}")
    Path(args.result_file).write_text(json.dumps(result, default=str), encoding="utf-8")
    sys.stdout.flush()
    return 0


# --- the parent: runs the child, survives its crash, prints the last line -----------------------


def _budget(minutes: float, platform: str = "livevox") -> tuple[float, float]:
    """The agent's phase and the drain deadline, so that the whole run fits in 10 minutes."""
    from inbox_app.core.outbox import RETRY_DELAYS_S

    drain = max(RETRY_DELAYS_S) + RECONCILE_DELAY_S + 10.0  # the longest backoff, then a check
    if platform == "livelink":
        from inbox_app.core.platforms.livelink import REPORT_WAIT_S

        # A send whose answer was lost and that the status pull never shows (the server did
        # not take it) says "may have been sent" only after the report wait.
        drain += REPORT_WAIT_S
    script = min(minutes, MAX_MINUTES) * 60.0
    script = max(5.0, min(script, TOTAL_BUDGET_S - drain - SETUP_MARGIN_S))
    return script, drain


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Bounded chaos run of the inbox app against the simulator (loopback only)."
    )
    parser.add_argument("--minutes", type=float, default=1.0, help="agent phase (cap 10)")
    parser.add_argument("--seed", type=int, default=20240607, help="faults and agent dice")
    parser.add_argument(
        "--fault-rate", type=float, default=0.2, help="share of requests that fail (0..1)"
    )
    parser.add_argument("--traffic", type=float, default=6.0, help="new customer chats a minute")
    parser.add_argument(
        "--platform",
        choices=("livevox", "livelink"),
        default="livevox",
        help="which platform's simulator (and adapter) the app runs against",
    )
    parser.add_argument("--json", metavar="PATH", help="write the figures here")
    parser.add_argument("--verbose", action="store_true", help="banners, faults, specs in detail")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--result-file", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not 0 < args.minutes:
        parser.error("--minutes must be positive")
    if not 0 <= args.fault_rate <= 0.9:
        parser.error("--fault-rate must be between 0 and 0.9")
    if args.traffic < 0:
        parser.error("--traffic must not be negative")
    if args.child and not args.result_file:
        parser.error("--child needs --result-file")
    args.minutes = min(args.minutes, MAX_MINUTES)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    script_s, drain_s = _budget(args.minutes, args.platform)
    if args.child:
        return child_main(args, script_s, drain_s)
    if script_s < args.minutes * 60:
        print(
            f"chaos: agent phase shortened to {script_s:.0f} s so the run (with up to "
            f"{drain_s:.0f} s of drain) stays within {TOTAL_BUDGET_S / 60:.0f} minutes",
            flush=True,
        )
    with tempfile.TemporaryDirectory(prefix="inbox-chaos-result-") as folder:
        result_file = Path(folder) / "result.json"
        command = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--child",
            "--result-file",
            str(result_file),
            "--minutes",
            repr(args.minutes),
            "--seed",
            str(args.seed),
            "--fault-rate",
            repr(args.fault_rate),
            "--traffic",
            repr(args.traffic),
            "--platform",
            args.platform,
        ] + (["--verbose"] if args.verbose else [])
        timeout = script_s + drain_s + SETUP_MARGIN_S + 60.0
        started = time.monotonic()
        child = subprocess.Popen(command, cwd=ROOT)
        note = ""
        try:
            code = child.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            child.kill()  # our own child, by its handle
            code = child.wait()
            note = f"the run hung: killed after {timeout:.0f} s"
        except KeyboardInterrupt:
            child.kill()
            child.wait()
            raise
        result: dict[str, Any] = {}
        if result_file.exists():
            with contextlib.suppress(ValueError):
                result = json.loads(result_file.read_text(encoding="utf-8"))
        crashes = int(result.get("crashes", 0))
        if code != 0 or not result:
            crashes += 1
            note = note or f"the chaos process ended with status {code} and no complete report"
        if not result.get("actions"):  # no complete report: what was sent is unverified
            progress = Path(f"{result_file}.progress")
            with contextlib.suppress(OSError, ValueError):
                result.update(json.loads(progress.read_text(encoding="utf-8")))
            result["unverified"] = True
        if note:
            print(f"\nchaos: PROCESS CRASH: {note}", file=sys.stderr, flush=True)
            result["process_crash"] = note
        result["crashes"] = crashes
        result["wall_s"] = round(time.monotonic() - started, 1)
        if args.json:
            Path(args.json).write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    sent = int(result.get("sent", 0))
    duplicates = int(result.get("duplicates", 0))
    lost = int(result.get("lost", 0))
    stall = float(result.get("max_stall_ms", 0.0))
    p99 = float(result.get("stall_p99_ms", 0.0))
    for worst in result.get("worst_stalls", []):
        print(f"  stall {worst['stall_ms']} ms at {worst['at_s']} s: {worst['ui_thread_was_in']}")
    turns = result.get("long_turns", {})
    if turns:
        print(f"  turns over 16 ms: {turns['count']}, cause named for {turns['named']}")
    smooth = p99 <= STALL_P99_MS and stall <= STALL_MAX_MS
    if result.get("unverified"):  # the run broke off: no send could be checked on the server
        lost = max(lost, int(result.get("submitted", 0)))
        print(f"chaos: {lost} submitted messages could not be verified (counted as lost)")
    print(f"\nwall time {result['wall_s']:.1f} s", flush=True)
    print(
        LAST_LINE.format(sent=sent, duplicates=duplicates, lost=lost, crashes=crashes, stall=stall)
        + f" stall_p99_ms={p99}"
    )
    sys.stdout.flush()
    return 0 if duplicates == lost == crashes == 0 and smooth else 1


if __name__ == "__main__":
    sys.exit(main())

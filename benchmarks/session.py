"""The UI-stall session: an agent's scripted hour, compressed, against 100 ms per request.

A heartbeat on the UI thread records every gap between event-loop turns while the real
window (real client, inbox, outbox and live sync) is driven through its widgets against the
simulator in its own process, with ``latency=100`` on every request:

  log in · load every inbox · scroll a 10,000-thread group inbox to its end · open 200
  threads · re-open cached ones (time to the next painted frame) · send 50 messages ·
  transfer and resolve 20 · then sit idle (live sync only) to count idle traffic.

Every request goes through a watching transport: requests per minute (active and idle) and
identical requests in flight at the same time (``duplicate_inflight``, which must be 0).

    python benchmarks/session.py [--quick] --json session.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from inbox_app.core.platforms.livevox import LiveVoxPlatform
from inbox_app.core.workspace import Workspace

sys.path.insert(0, str(Path(__file__).resolve().parent))

from heartbeat import Heartbeat
from world import CARE, large_dataset, ref_of, run_on_qt, simulator_process, until

LATENCY_MS = 100
FULL = {"threads": 10_000, "open": 200, "reopen": 20, "send": 50, "act": 20, "idle_s": 120.0}
QUICK = {"threads": 1_000, "open": 40, "reopen": 10, "send": 10, "act": 5, "idle_s": 60.0}


class WatchedTransport(httpx.AsyncBaseTransport):
    """The app's transport, counted: when each request started, and whether an identical
    one (method, URL, body) was already on the wire."""

    def __init__(self) -> None:
        self._inner = httpx.AsyncHTTPTransport(retries=2)
        self.started: list[float] = []
        self.in_flight: Counter[tuple[str, str, bytes]] = Counter()
        self.duplicates: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        key = (request.method, str(request.url), request.content)
        if self.in_flight[key]:
            self.duplicates.append(f"{request.method} {request.url.path}")
        self.in_flight[key] += 1
        self.started.append(time.monotonic())
        try:
            response = await self._inner.handle_async_request(request)
            await response.aread()
            return response
        finally:
            self.in_flight[key] -= 1

    async def aclose(self) -> None:
        await self._inner.aclose()

    def count_between(self, start: float, end: float) -> int:
        return sum(1 for t in self.started if start <= t < end)


class Painted:
    """Time from "now" to the next paint of a widget."""

    def __init__(self, widget: Any) -> None:
        from PySide6.QtCore import QEvent, QObject

        self.at: float | None = None
        outer = self

        class Filter(QObject):
            def eventFilter(self, watched: Any, event: Any) -> bool:
                if event.type() == QEvent.Type.Paint and outer.at is None:
                    outer.at = time.perf_counter()
                return False

        self._filter = Filter(widget)
        widget.installEventFilter(self._filter)

    def arm(self) -> None:
        self.at = None


async def _script(url: str, size: dict[str, Any]) -> dict[str, Any]:
    from PySide6.QtWidgets import QDialogButtonBox
    from shiboken6 import isValid

    from inbox_app.core.inbox import InboxRef
    from inbox_app.core.sync import SyncEngine
    from inbox_app.core.tasks import TaskRunner
    from inbox_app.livevox import LiveVoxClient
    from inbox_app.ui.dialogs.transfer import AgentRole
    from inbox_app.ui.gc_guard import MainThreadCollector
    from inbox_app.ui.main_window import open_main_window
    from inbox_app.ui.warmup import warm_up

    heartbeat = Heartbeat()
    collector = MainThreadCollector()  # the app's garbage collection, as inbox_app.app runs it
    transport = WatchedTransport()
    problems: list[str] = []
    runner = TaskRunner(on_error=lambda exc, name: problems.append(f"{name}: {exc!r}"))
    steps: dict[str, float] = {}
    worst_by_step: dict[str, float] = {}
    mark = [0]
    heartbeat.start()
    script_started = time.monotonic()

    def step(name: str, since: float) -> None:
        steps[name] = round(time.monotonic() - since, 1)
        stalls = heartbeat.stalls_ms()[mark[0] :]
        mark[0] += len(stalls)
        worst_by_step[name] = round(max(stalls, default=0.0), 1)
        print(f"session: {name} in {steps[name]} s", file=sys.stderr, flush=True)

    # --- log in, load every inbox ---------------------------------------------------------
    t = time.monotonic()
    warm = asyncio.ensure_future(warm_up())  # as the app does: while the login is on its way
    client = LiveVoxClient(url, "demo-token", transport=transport)
    await client.login("DEMO", "agent1", "demo", agent=True)
    platform = LiveVoxPlatform(client)
    await platform.enter_service()  # as signing in does
    inbox = Workspace(platform)
    sync = SyncEngine(inbox)
    window = await open_main_window(
        inbox, runner, warm=warm, size=(1280, 800), settings=None, sync=sync, where="benchmark"
    )
    await until(lambda: window._ready, "the first inbox")
    collector.freeze()  # the app does this on sig_ready: start-up objects stay
    runner.start(sync.run(), name="live sync")
    step("log in", t)
    t = time.monotonic()
    for channel in list(inbox.channels):
        ref = InboxRef.of(channel)
        if window.inbox_panel.select(ref):
            threads = inbox.thread_list(ref)
            await until(lambda threads=threads: threads.pages_loaded > 0, f"inbox {ref}")
    step("load every inbox", t)

    # --- scroll the big group inbox to its end ----------------------------------------------
    t = time.monotonic()
    group = ref_of(inbox, CARE, personal=False)
    assert window.inbox_panel.select(group)
    threads = inbox.thread_list(group)
    await until(lambda: threads.pages_loaded > 0, "the group inbox")
    view = window.thread_list.view
    while not threads.exhausted:
        before = len(threads.threads)
        view.scrollToBottom()
        await until(
            lambda before=before: len(threads.threads) > before or threads.exhausted,
            "the next page while scrolling",
        )
        await asyncio.sleep(0.02)  # the agent's wheel
    rows_scrolled = window.thread_list.proxy.rowCount()
    step("scroll to the end", t)

    # --- open threads -----------------------------------------------------------------------
    t = time.monotonic()
    opened: list[int] = []
    for row in range(0, min(size["open"] * 7, rows_scrolled), 7)[: size["open"]]:
        window.thread_list.select_row(row)
        thread = window.current_thread
        assert thread is not None and thread.thread_id is not None
        conversation = inbox.conversation(thread.thread_id)
        await until(lambda c=conversation: c.pages_loaded > 0, "a thread's history")
        opened.append(row)
    step(f"open {len(opened)} threads", t)

    # --- re-open cached threads: shown in the next frame? ----------------------------------
    t = time.monotonic()
    painted = Painted(window.conversation.viewport())
    reopen_ms: list[float] = []
    for row in opened[-size["reopen"] :]:
        await asyncio.sleep(0.05)
        painted.arm()
        started = time.perf_counter()
        window.thread_list.select_row(row)
        await until(lambda: painted.at is not None, "the cached conversation painted", 5)
        assert painted.at is not None
        reopen_ms.append((painted.at - started) * 1000)
    step(f"re-open {len(reopen_ms)} cached threads", t)

    # --- send ------------------------------------------------------------------------------
    t = time.monotonic()
    personal = ref_of(inbox, CARE, personal=True)
    assert window.inbox_panel.select(personal)
    mine = inbox.thread_list(personal)
    await until(lambda: mine.pages_loaded > 0, "the personal inbox")
    composer = window.composer
    for n in range(size["send"]):
        window.thread_list.select_row(n % max(1, window.thread_list.proxy.rowCount()))
        await until(lambda: composer.isEnabled() and composer.from_number.count() > 0, "composer")
        composer.set_text(f"Benchmark reply {n}: thanks, I have noted that.")
        composer.send_button.click()
        await asyncio.sleep(0.05)
    await until(lambda: not inbox.outbox.open_items(), "every message delivered", 120)
    step(f"send {size['send']}", t)

    # --- transfer and resolve ---------------------------------------------------------------
    t = time.monotonic()
    transferred = resolved = 0
    for _ in range(size["act"] * 2):
        await until(lambda: window.thread_list.proxy.rowCount() > 0, "a thread to act on")
        window.thread_list.select_row(0)
        await until(lambda: window.act_resolve.isEnabled(), "the thread's actions")
        if transferred <= resolved:
            window.act_transfer.trigger()
            dialog = window.actions.transfer_dialog
            await until(lambda d=dialog: not isValid(d) or d.list.isEnabled(), "agents", 30)
            proxy = dialog.proxy
            rows = [
                r for r in range(proxy.rowCount()) if proxy.index(r, 0).data(AgentRole).available
            ]
            if not rows:
                dialog.reject()
                problems.append("transfer: nobody available")
                continue
            dialog.list.setCurrentIndex(proxy.index(rows[0], 0))
            dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
            transferred += 1
        else:
            window.act_resolve.trigger()
            dialog = window.actions.resolve_dialog
            if not dialog.account.text().strip():
                dialog.account.setText("BENCH1")
            dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
            resolved += 1
        await until(lambda: runner.pending <= 1, "the action's answer", 30)  # sync stays
    step(f"transfer {transferred} and resolve {resolved}", t)
    script_ended = time.monotonic()
    heartbeat.stop()

    # --- idle: nobody at the screen --------------------------------------------------------
    await until(
        lambda: not sync.attentive, "the agent to count as away", sync.user_idle_after_s + 5
    )
    idle_started = time.monotonic()
    await asyncio.sleep(size["idle_s"])
    idle_requests = transport.count_between(idle_started, time.monotonic())

    await runner.shutdown()
    await inbox.settle()
    window.close()
    await client.aclose()
    collector.stop()
    script_s = script_ended - script_started
    return {
        "stall_p50_ms": round(heartbeat.stall_percentile_ms(0.50), 2),
        "stall_p99_ms": round(heartbeat.stall_percentile_ms(0.99), 2),
        "stall_max_ms": round(heartbeat.max_stall_ms(), 1),
        "stall_samples": len(heartbeat.gaps),
        "gc": heartbeat.gc_summary(),
        "script_s": round(script_s, 1),
        "steps_s": steps,
        "stall_max_ms_by_step": worst_by_step,
        "worst_stalls": heartbeat.worst_stalls(),
        "long_turns": heartbeat.long_turns(),
        "threads_scrolled": rows_scrolled,
        "reopen_cached_ms_median": round(statistics.median(reopen_ms), 1),
        "reopen_cached_ms_max": round(max(reopen_ms), 1),
        "active_requests_per_min": round(
            transport.count_between(script_started, script_ended) / script_s * 60, 1
        ),
        "idle_requests_per_min": round(idle_requests / size["idle_s"] * 60, 1),
        "idle_window_s": size["idle_s"],
        "duplicate_inflight": len(transport.duplicates),
        "duplicate_samples": transport.duplicates[:5],
        "problems": problems[:10],
        "latency_ms": LATENCY_MS,
    }


def child(url: str, quick: bool) -> int:
    result = run_on_qt(lambda: _script(url, QUICK if quick else FULL))
    print("session-result " + json.dumps(result), flush=True)
    return 0


def measure(quick: bool) -> dict[str, Any]:
    import os
    import subprocess

    size = QUICK if quick else FULL
    with tempfile.TemporaryDirectory(prefix="inbox-session-") as tmp:
        world = large_dataset(
            group_threads=size["threads"], big_thread_messages=0, personal_threads=2 * size["act"]
        )
        with simulator_process(world, faults=f"latency={LATENCY_MS}", workdir=Path(tmp)) as url:
            argv = [sys.executable, __file__, "--child", url] + (["--quick"] if quick else [])
            out = subprocess.run(
                argv,
                stdout=subprocess.PIPE,
                stderr=None,  # progress lines go straight through
                text=True,
                env={
                    **os.environ,
                    "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
                },
                timeout=3600,
            )
    lines = [ln for ln in out.stdout.splitlines() if ln.startswith("session-result ")]
    if out.returncode != 0 or not lines:
        raise RuntimeError("session: the scripted app failed (see its output above)")
    return json.loads(lines[-1].split(" ", 1)[1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the same script, scaled down")
    parser.add_argument("--json", metavar="PATH")
    parser.add_argument("--child", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child, args.quick)
    result = measure(args.quick)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(
        f"session: stall_p50_ms={result['stall_p50_ms']} stall_p99_ms={result['stall_p99_ms']} "
        f"stall_max_ms={result['stall_max_ms']} idle_rpm={result['idle_requests_per_min']} "
        f"duplicates={result['duplicate_inflight']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

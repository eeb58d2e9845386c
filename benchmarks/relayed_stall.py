"""Relayed platforms live: customers write in through the relay while the real window runs.

IMIconnect and iLiveIt report only by webhook, to our relay; the desktop reads the relay's
events on every live-sync round (``RelayedPlatform.pull``). Three processes, so no server and
no customer shares the measured app's GIL:

* the demo's servers (``DemoProcess.spawn``: the platform's simulator and the relay);
* the app: agent1 signed in the way ``--demo`` does (``sign_in_relayed_demo``, a fresh
  profile folder, ``Session.open``, the real ``MainWindow``, live sync started once the first
  screen is ready, the app's garbage collection), a 10 ms heartbeat on its UI thread, and a
  scripted agent who opens a thread now and then;
* the customers (this process): ``--rate`` messages a second for ``--seconds`` through the
  simulator's loopback admin API (IMIconnect ``POST /_sim/mo``; iLiveIt ``POST /_sim/reply``,
  a new customer first getting a message of ours, since iLiveIt passes on replies only), new
  customers and ones already in a conversation.

Every message carries a mark; the run ends when all of them are messages in the app's local
threads (the window's source), so the figures prove the relay path really ran. Measured:
UI stall p50/p99/max from the first customer's message until the last one is in the
threads, the worst five stalls with the UI thread's stack, every turn over 16 ms by cause.

    python benchmarks/relayed_stall.py --platform imiconnect|iliveit [--seconds N] [--rate R]
        [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from http.client import HTTPConnection
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

PREFIX = {"imiconnect": "imi", "iliveit": "ilv"}
SECONDS, QUICK_SECONDS, RATE = 30.0, 20.0, 5.0
NEW_SHARE = 0.4  # of the messages, from a customer not yet in a conversation
DRAIN_S = 90.0  # the last messages must be in the threads by then (sync polls every 5 s)
OPEN_EVERY_S = 3.0  # the agent opens another thread
MARK = "[bench #"  # in every message we inject: "... [bench #17]"
RESULT = "relayed-stall-result "


# --- the customers (this process) ------------------------------------------------------------


class Customers:
    """The simulator's customers, writing in over its loopback HTTP API."""

    def __init__(self, platform: str, server: str, token: str, seed: int = 3) -> None:
        self.platform = platform
        self.token = token  # iLiveIt's bearer token: a new customer first gets our message
        parts = urlsplit(server)
        self.http = HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=10)
        self.rng = random.Random(seed)
        self.known = self._existing()
        self.new = 0
        self.injected = 0

    def _call(self, method: str, path: str, body: Any = None, **headers: str) -> Any:
        data = None if body is None else json.dumps(body).encode()
        headers = {"Content-Type": "application/json", **headers} if data else headers
        self.http.request(method, path, body=data, headers=headers)
        response = self.http.getresponse()
        payload = response.read()
        if response.status != 200:
            raise RuntimeError(f"{method} {path}: {response.status} {payload[:200]!r}")
        return json.loads(payload) if payload else None

    def _existing(self) -> list[str]:
        """The demo's customers (already in a conversation)."""
        if self.platform == "imiconnect":
            from inbox_app.simulator.imiconnect.state import demo_dataset

            return [str(mo["customer"]) for mo in demo_dataset()["mo"]]
        return sorted({str(mt["msisdn"]) for mt in self._call("GET", "/_sim/mt")["mt"]})

    def quiet(self) -> None:
        """No simulated customer answers on its own: the only traffic is ours."""
        self._call("POST", "/_sim/config", {"replyRate": 0})

    def _fresh_number(self) -> str:
        if self.platform == "imiconnect":
            return f"1312{self.rng.randrange(2_000_000, 9_999_999):07d}"
        return f"2782{self.rng.randrange(1_000_000, 9_999_999):07d}"

    def write(self) -> None:
        """One customer writes one marked message."""
        new = self.rng.random() < NEW_SHARE or not self.known
        customer = self._fresh_number() if new else self.rng.choice(self.known)
        text = f"{self.rng.choice(_TEXTS)} {MARK}{self.injected}]"
        if self.platform == "imiconnect":
            self._call("POST", "/_sim/mo", {"customer": customer, "text": text})
        else:
            if new:  # iLiveIt passes on replies only: we wrote to them first (a reminder)
                self._call(
                    "POST",
                    "/message/send",
                    {"Action": 2, "Data": {"MSISDN": [customer], "Text": _REMINDER}},
                    Authorization=f"Bearer {self.token}",
                )
            self._call("POST", "/_sim/reply", {"customer": customer, "text": text})
        if new:
            self.known.append(customer)
            self.new += 1
        self.injected += 1

    def run(self, seconds: float, rate: float) -> None:
        """``rate`` messages a second, on a fixed schedule (a late one goes at once)."""
        self.http.close()  # (idle while the app started: the server may have dropped it)
        start = time.monotonic()
        for n in range(int(seconds * rate)):
            due = start + n / rate
            wait = due - time.monotonic()
            if wait > 2.0:  # longer than a server keeps an idle connection for sure
                self.http.close()
            if wait > 0:
                time.sleep(wait)
            self.write()

    def close(self) -> None:
        self.http.close()


_REMINDER = "Reminder: your account review is due this week."
_TEXTS = (
    "Hi, I got a text about my balance",
    "Can I move my payment to Friday?",
    "Is my appointment still on for Tuesday?",
    "I already paid this, can you check?",
    "Please call me after 5",
    "Yes, that works",
    "Thanks!",
    "Can you send the link again?",
)


# --- the app (its own process) ---------------------------------------------------------------


async def _script(facts_json: str) -> dict[str, Any]:
    import asyncio

    from heartbeat import Heartbeat
    from world import until

    from inbox_app.core.inbox import InboxRef
    from inbox_app.core.models import Direction
    from inbox_app.core.tasks import TaskRunner
    from inbox_app.demo import DemoFacts
    from inbox_app.ui.gc_guard import MainThreadCollector
    from inbox_app.ui.main_window import open_main_window
    from inbox_app.ui.warmup import warm_up
    from inbox_app.wiring import Session, sign_in_relayed_demo

    facts = DemoFacts.from_json(facts_json)
    heartbeat = Heartbeat()
    collector = MainThreadCollector()
    problems: list[str] = []
    runner = TaskRunner(on_error=lambda exc, name: problems.append(f"{name}: {exc!r}"))
    rng = random.Random(5)
    with tempfile.TemporaryDirectory(prefix="inbox-relayed-stall-") as tmp:
        folder = Path(tmp)
        warm = asyncio.ensure_future(warm_up())
        platform = await sign_in_relayed_demo(facts, "agent1", folder)
        session = await Session.open(platform, folder)
        local = platform.local  # type: ignore[attr-defined]

        def count_marked() -> int:
            row = local._conn().execute(
                "SELECT count(*) FROM messages WHERE direction=? AND instr(text, ?) > 0",
                (Direction.INBOUND, MARK),
            )
            return int(row.fetchone()[0])

        window = await open_main_window(
            session.workspace,
            runner,
            warm=warm,
            size=(1280, 800),
            sync=session.sync,
            drafts=session.drafts,
            settings=None,
            where="benchmark",
        )

        def live() -> None:  # as the app does once the first screen is loaded
            runner.start(session.sync.run(), name="live sync")
            collector.freeze()

        if window._ready:  # (already, while the window opened)
            live()
        else:
            window.sig_ready.connect(live)
        await until(lambda: window._ready, "the first inbox", 60)
        inboxes = [InboxRef.of(c) for c in session.workspace.channels]

        # --- the customers write; the agent opens a thread now and then ------------------
        done = asyncio.ensure_future(asyncio.to_thread(sys.stdin.readline))
        heartbeat.start()
        print("ready", flush=True)  # the customers start
        started = time.monotonic()
        opened = 0
        while not done.done():
            await asyncio.wait({done}, timeout=OPEN_EVERY_S)
            if done.done():
                break
            session.sync.note_input()  # what the window's input watcher does on a click
            if rng.random() < 0.3 and len(inboxes) > 1:
                window.inbox_panel.select(rng.choice(inboxes))
                await asyncio.sleep(0.3)  # the inbox's first page
            rows = window.thread_list.proxy.rowCount()
            if window.thread_list.select_row(rng.randrange(min(rows, 12)) if rows else 0):
                opened += 1
        traffic_s = time.monotonic() - started
        injected = int(done.result().split()[1])

        # --- every message in the threads ------------------------------------------------
        arrived = await local._run(count_marked)
        drain_until = time.monotonic() + DRAIN_S
        while arrived < injected and time.monotonic() < drain_until:
            await asyncio.sleep(0.1)
            arrived = await local._run(count_marked)
        drain_s = time.monotonic() - started - traffic_s
        heartbeat.stop()
        stalls = sorted(heartbeat.stalls_ms())
        busy = sorted(cpu * 1000 for cpu in heartbeat.cpu)  # the UI thread's own work a turn
        shown = window.thread_list.proxy.rowCount()

        await runner.shutdown()
        await session.workspace.settle()
        window.close()
        await session.store.close()
        await platform.close()
        collector.stop()

    def pct(q: float) -> float:
        return round(stalls[min(len(stalls) - 1, int(q * len(stalls)))], 2) if stalls else 0.0

    return {
        "traffic_s": round(traffic_s, 1),
        "drain_s": round(drain_s, 1),
        "delivered": arrived,
        "injected": injected,
        "missing": injected - arrived,
        "pulls": getattr(platform, "pulls", None),
        "threads_opened": opened,
        "threads_shown": shown,
        "stall_p50_ms": pct(0.50),
        "stall_p99_ms": pct(0.99),
        "stall_max_ms": round(heartbeat.max_stall_ms(), 1),
        "stall_samples": len(stalls),
        # what the app itself asked of the UI thread in one turn, whatever the machine's load
        "ui_cpu_p99_ms": round(busy[min(len(busy) - 1, int(0.99 * len(busy)))], 2) if busy else 0,
        "ui_cpu_max_ms": round(busy[-1], 1) if busy else 0.0,
        "worst_stalls": heartbeat.worst_stalls(5),
        "busiest_turns": heartbeat.busiest_turns(5),
        "long_turns": heartbeat.long_turns(),
        "gc": heartbeat.gc_summary(),
        "problems": problems[:10],
    }


def child(facts_json: str) -> int:
    from world import run_on_qt

    result = run_on_qt(lambda: _script(facts_json))
    print(RESULT + json.dumps(result), flush=True)
    return 0


# --- the run ---------------------------------------------------------------------------------


def measure(
    platform: str, quick: bool, seconds: float | None = None, rate: float = RATE
) -> dict[str, Any]:
    """One run; every key prefixed ``imi_`` / ``ilv_``."""
    from inbox_app.demo import DemoProcess

    seconds = seconds if seconds is not None else (QUICK_SECONDS if quick else SECONDS)
    paths = [str(ROOT), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    os.environ["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))  # the demo's too
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    demo = DemoProcess.spawn(platform)
    app: subprocess.Popen[str] | None = None
    try:
        facts = demo.facts()
        customers = Customers(platform, facts.server, facts.secret)
        customers.quiet()
        app = subprocess.Popen(
            [sys.executable, __file__, "--child", facts.to_json()],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )
        assert app.stdin is not None and app.stdout is not None
        for line in app.stdout:
            if line.strip() == "ready":
                break
        else:
            raise RuntimeError("relayed_stall: the app did not start (see its output above)")
        customers.run(seconds, rate)
        customers.close()
        app.stdin.write(f"done {customers.injected}\n")
        app.stdin.flush()
        lines = [ln for ln in app.stdout if ln.startswith(RESULT)]
        if app.wait(timeout=DRAIN_S + 60) != 0 or not lines:
            raise RuntimeError("relayed_stall: the app failed (see its output above)")
        result = json.loads(lines[-1][len(RESULT) :]) | {
            "platform": platform,
            "rate": rate,
            "new_customers": customers.new,
        }
    finally:
        if app is not None and app.poll() is None:
            app.kill()
            app.wait()
        demo.stop()
    prefix = PREFIX[platform]
    return {f"{prefix}_{key}": value for key, value in result.items()}


def summary_line(result: dict[str, Any], platform: str) -> str:
    p = PREFIX[platform]
    return (
        f"relayed_stall: platform={platform} p99_ms={result[f'{p}_stall_p99_ms']} "
        f"max_ms={result[f'{p}_stall_max_ms']} "
        f"delivered={result[f'{p}_delivered']}/{result[f'{p}_injected']} "
        f"ui_cpu_max_ms={result[f'{p}_ui_cpu_max_ms']}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--platform", choices=sorted(PREFIX), default="imiconnect")
    parser.add_argument("--seconds", type=float, help=f"customers write this long ({SECONDS:g})")
    parser.add_argument("--rate", type=float, default=RATE, help=f"messages a second ({RATE:g})")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_SECONDS:g} s of traffic")
    parser.add_argument("--json", metavar="PATH")
    parser.add_argument("--child", metavar="FACTS", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child)
    result = measure(args.platform, args.quick, args.seconds, args.rate)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2), encoding="utf-8")
    p = PREFIX[args.platform]
    for stall in result[f"{p}_worst_stalls"]:
        print(
            f"  stall {stall['stall_ms']} ms at {stall['at_s']} s "
            f"(CPU: UI thread {stall['ui_cpu_ms']} ms, process {stall['process_cpu_ms']} ms): "
            f"{stall['ui_thread_was_in']}"
        )
    for turn in result[f"{p}_busiest_turns"]:
        print(
            f"  busiest turn: UI thread on CPU {turn['ui_cpu_ms']} ms of {turn['turn_ms']} ms "
            f"at {turn['at_s']} s: {turn['ui_thread_was_in']}"
        )
    print(f"  long turns: {json.dumps(result[f'{p}_long_turns'])}")
    print(summary_line(result, args.platform))
    all_in = result[f"{p}_delivered"] == result[f"{p}_injected"]
    held = result[f"{p}_stall_p99_ms"] <= 8.0 and result[f"{p}_stall_max_ms"] <= 33.0
    return 0 if all_in and held else 1


if __name__ == "__main__":
    sys.exit(main())

"""The benchmark's world: the demo data grown to a large contact centre, served by the
simulator in its own process (so the server never shares the measured app's GIL).
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from inbox_app.core.platforms.livevox import LiveVoxPlatform
from inbox_app.core.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CARE = "94881"  # Customer Care: agent1's group
AGENT1 = "645836"
CARE_CODE = "18005550142"
BIG_THREAD = "57900000000"

_OPENERS = (
    "Hi, I got a text about my balance",
    "Can I move my payment to Friday?",
    "Is my appointment still on for Tuesday?",
    "I already paid this, can you check?",
    "What is the address of your office?",
    "Please call me after 5",
    "Can you send me the payment link again?",
)


def large_dataset(
    *, group_threads: int, big_thread_messages: int, personal_threads: int = 0, seed: int = 7
) -> dict[str, Any]:
    """The demo, plus ``group_threads`` waiting customers in Customer Care's group inbox,
    ``personal_threads`` more in agent1's own inbox (the session transfers and resolves 40,
    more than the demo gives), and one personal thread of agent1 with
    ``big_thread_messages`` messages."""
    from inbox_app.simulator.dataset import demo_dataset

    rng = random.Random(seed)
    data = demo_dataset(seed=seed)
    threads = data["threads"]
    for i in range(group_threads + personal_threads):
        threads.append(
            {
                "id": str(58000000000 + i * 2),
                "channel": "SMS",
                "serviceId": CARE,
                "owner": AGENT1 if i >= group_threads else None,
                "account": str(5000000 + i),
                "phone": f"1{rng.choice((202, 312, 415, 617, 713))}{5550000 + i % 10000:07d}",
                "smsCode": CARE_CODE,
                "messages": [
                    {
                        "id": str(58000000001 + i * 2),
                        "direction": 1,
                        "text": f"{rng.choice(_OPENERS)} (ref {i})",
                        "minutesAgo": 5 + i % 600,
                    }
                ],
            }
        )
    if big_thread_messages:
        threads.append(
            {
                "id": BIG_THREAD,
                "channel": "SMS",
                "serviceId": CARE,
                "owner": AGENT1,
                "account": "4999999",
                "phone": "12025559999",
                "smsCode": CARE_CODE,
                "messages": [
                    {
                        "id": str(int(BIG_THREAD) + 1 + n),
                        "direction": 1 if n % 2 == 0 else 2,
                        "text": f"Message {n}: {rng.choice(_OPENERS)}",
                        "minutesAgo": (big_thread_messages - n) * 0.5,
                    }
                    for n in range(big_thread_messages)
                ],
            }
        )
    return data


@contextmanager
def simulator_process(
    dataset: dict[str, Any] | Path, *, faults: str = "", page_size: int = 10, workdir: Path
) -> Iterator[str]:
    """Serve ``dataset`` from ``python -m inbox_app.simulator``; yields the base URL."""
    if isinstance(dataset, Path):
        path = dataset
    else:
        path = workdir / "world.json"
        path.write_text(json.dumps(dataset), encoding="utf-8")
    argv = [
        sys.executable,
        "-m",
        "inbox_app.simulator",
        "--port",
        "0",
        "--dataset",
        str(path),
        "--page-size",
        str(page_size),
        "--log-level",
        "warning",
    ]
    if faults:
        argv += ["--faults", faults]
    proc = subprocess.Popen(
        argv,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.stdout is not None
    try:
        for _ in range(30):
            match = re.search(r"listening on (http://\S+)", proc.stdout.readline())
            if match:
                break
        else:
            raise RuntimeError("the simulator did not print its URL")
        yield match.group(1)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stdout.close()


def rss_mb() -> float:
    """Resident set size now (Linux), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_on_qt(main: Any) -> Any:
    """Run ``main()`` (a coroutine function) on a qasync loop over a fresh QApplication, the
    way the app runs; offscreen unless a display is there."""
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import asyncio

    import qasync
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(main())
    finally:
        loop.close()
        asyncio.set_event_loop(None)


async def until(condition: Any, what: str, within: float = 60.0) -> None:
    import asyncio
    import time

    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {within:.0f} s waiting for {what}")
        await asyncio.sleep(0.005)


async def signed_in_window(url: str, **window_options: Any) -> tuple[Any, Any, Any]:
    """agent1 signed in, the real MainWindow shown and its first inbox loaded."""
    import asyncio

    from inbox_app.core.tasks import TaskRunner
    from inbox_app.livevox import LiveVoxClient
    from inbox_app.ui.main_window import open_main_window
    from inbox_app.ui.warmup import warm_up

    warm = asyncio.ensure_future(warm_up())
    client = LiveVoxClient(url, "demo-token")
    await client.login("DEMO", "agent1", "demo", agent=True)
    platform = LiveVoxPlatform(client)
    await platform.enter_service()  # as signing in does
    inbox = Workspace(platform, window_options.pop("outbox", None))
    runner = TaskRunner()
    window = await open_main_window(
        inbox,
        runner,
        warm=warm,
        size=(1280, 800),
        settings=None,
        where="benchmark",
        **window_options,
    )
    await until(lambda: window._ready, "the first inbox")
    return window, inbox, runner


def ref_of(inbox: Any, service: str, *, personal: bool) -> Any:
    from inbox_app.core.inbox import InboxRef

    for channel in inbox.channels:
        ref = InboxRef.of(channel)
        if ref.channel == "SMS" and ref.personal == personal:
            if personal or str(channel.channel_id) == service:
                return ref
    raise LookupError(f"no SMS {'personal' if personal else 'group'} inbox for {service}")

"""Memory: the app's RSS with 100,000 threads in the thread list and a 5,000-message
conversation open, against a bare PySide6 window measured in the same run.

The threads reach the model the real way: the simulator (own process) serves them in pages
of 1,000, the client parses them, the inbox appends them, the list model shows them. RSS is
read after a full garbage collection, with the window shown and painted.

    python benchmarks/memory.py --threads 100000 --messages 5000 --json memory.json
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from world import (
    BIG_THREAD,
    CARE,
    ROOT,
    large_dataset,
    ref_of,
    rss_mb,
    run_on_qt,
    signed_in_window,
    simulator_process,
    until,
)

BARE = r"""
import sys
sys.path.insert(0, sys.argv[1])
from world import rss_mb
from PySide6.QtWidgets import QApplication, QListWidget, QMainWindow
app = QApplication([])
window = QMainWindow()
rows = QListWidget()
rows.addItems([f"Conversation {i}" for i in range(30)])
window.setCentralWidget(rows)
window.resize(1280, 800)
window.show()
for _ in range(5):
    app.processEvents()
print(f"rss_bare_mb={rss_mb():.1f}")
"""


def bare_rss() -> float:
    out = subprocess.run(
        [sys.executable, "-c", BARE, str(Path(__file__).resolve().parent)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"QT_QPA_PLATFORM": "offscreen", **_env()},
    ).stdout
    return float(out.strip().rsplit("=", 1)[1])


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"} | {
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")
    }


async def _loaded_app(url: str) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication

    window, inbox, runner = await signed_in_window(url)
    signed_in_mb = round(rss_mb(), 1)
    group = ref_of(inbox, CARE, personal=False)
    assert window.inbox_panel.select(group)
    threads = inbox.thread_list(group)
    await until(lambda: threads.pages_loaded > 0, "the group inbox")
    while not threads.exhausted:
        await inbox.fetch_more(group)
    await until(lambda: runner.pending == 0, "the list to settle")
    rows = window.thread_list.proxy.rowCount()
    personal = ref_of(inbox, CARE, personal=True)
    assert window.inbox_panel.select(personal)
    await until(lambda: inbox.thread_list(personal).pages_loaded > 0, "the personal inbox")
    await until(lambda: window.thread_list.select_thread(BIG_THREAD), "the big thread", 30)
    conversation = inbox.conversation(BIG_THREAD)
    await until(lambda: conversation.pages_loaded > 0, "the big thread's first page")
    stages = {"signed_in_mb": signed_in_mb, "threads_loaded_mb": round(rss_mb(), 1)}
    while not conversation.exhausted:
        if not await inbox.load_older(BIG_THREAD):
            await asyncio.sleep(0.01)  # a page still on its way
    await asyncio.sleep(0.3)
    QApplication.processEvents()
    gc.collect()
    rss = rss_mb()
    result = {
        "rss_100k_mb": round(rss, 1),
        "threads_in_model": len(threads.threads),
        "rows_in_view": rows,
        "messages_in_conversation": len(conversation.entries),
        "history_rows_in_view": window.conversation.model().rowCount(),
        **stages,
    }
    await runner.shutdown()
    await inbox.settle()
    window.close()
    await inbox.close()
    return result


def app_child(url: str) -> int:
    result = run_on_qt(lambda: _loaded_app(url))
    print("memory-result " + json.dumps(result), flush=True)
    return 0


def measure(threads: int, messages: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="inbox-memory-") as tmp:
        world = large_dataset(group_threads=threads, big_thread_messages=messages)
        with simulator_process(world, page_size=1000, workdir=Path(tmp)) as url:
            out = subprocess.run(
                [sys.executable, __file__, "--child", url],
                capture_output=True,
                text=True,
                cwd=ROOT,
                env=_env(),
                timeout=900,
            )
    lines = [ln for ln in out.stdout.splitlines() if ln.startswith("memory-result ")]
    if out.returncode != 0 or not lines:
        raise RuntimeError(f"memory: the app child failed:\n{out.stderr[-3000:]}")
    result = json.loads(lines[-1].split(" ", 1)[1])
    result["rss_bare_mb"] = round(bare_rss(), 1)
    result["rss_over_bare_mb"] = round(result["rss_100k_mb"] - result["rss_bare_mb"], 1)
    result["rss_signed_in_over_bare_mb"] = round(result["signed_in_mb"] - result["rss_bare_mb"], 1)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=100_000)
    parser.add_argument("--messages", type=int, default=5_000)
    parser.add_argument("--json", metavar="PATH")
    parser.add_argument("--child", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return app_child(args.child)
    result = measure(args.threads, args.messages)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(
        f"memory: threads={result['threads_in_model']} "
        f"messages={result['messages_in_conversation']} rss_mb={result['rss_100k_mb']} "
        f"bare_mb={result['rss_bare_mb']} over_bare_mb={result['rss_over_bare_mb']}"
    )
    print(
        f"memory stages: signed in {result['signed_in_mb']} MB, threads loaded "
        f"{result['threads_loaded_mb']} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Classroom load: N trainees polling their inboxes and answering scripted customers.

The trainer's machine runs ``inbox-sim --classroom N --scenario NAME`` as its own process
(as in class); each trainee is the real LiveVox client (``inbox_app.livevox``), polling
like the desktop does every ``--interval`` seconds (counts, inbox list, personal thread
page) and answering every customer whose last message is unanswered, after a short
"typing" pause, with lines that walk the scenario's script. Every request's latency is
recorded; the scripted customers' answers are counted from the class journal.

    python benchmarks/classroom.py --trainees 30 --seconds 30 --json classroom.json

The last line is machine-readable::

    classroom: trainees=30 p50_ms=2.1 p99_ms=9.8 replies=240 answers=210
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from inbox_app.livevox import LiveVoxClient  # noqa: E402

# What a trainee types, in turn: each walks the payment-arrangement script a step further.
LINES = [
    "Thanks for writing in. We can set up a payment plan.",
    "$50 a month on the 15th works, starting next month.",
    "All set, your arrangement is confirmed.",
    "Is there anything else I can help with?",
]


async def _timed(latencies: list[float], errors: list[str], what: str, call: Any) -> Any:
    started = time.perf_counter()
    try:
        return await call
    except Exception as exc:  # a benchmark counts failures, it does not stop on them
        errors.append(f"{what}: {type(exc).__name__}: {exc}"[:200])
        return None
    finally:
        latencies.append((time.perf_counter() - started) * 1000)


async def _trainee(
    url: str,
    k: int,
    stop_at: float,
    interval: float,
    latencies: list[float],
    errors: list[str],
    sent: list[int],
) -> None:
    rng = random.Random(k)
    async with LiveVoxClient(url, "demo-token", read_timeout=10.0) as lv:
        session = await lv.login("DEMO", f"trainee{k}", "demo")
        me = str(session.user_id)
        turns: dict[str, int] = {}
        await asyncio.sleep(rng.uniform(0, interval))  # the room does not poll in step
        while time.monotonic() < stop_at:
            tick = time.monotonic()
            await _timed(latencies, errors, "counts", lv.channel_counts(me))
            await _timed(latencies, errors, "channels", lv.list_channels())
            threads = await _timed(
                latencies, errors, "threads", lv.list_threads(me, "SMS", personal=True)
            )
            for thread in threads or []:
                if not thread.sms_inbound:
                    continue
                await asyncio.sleep(rng.uniform(0.1, 0.4))  # typing
                tid = str(thread.thread_id)
                turn = turns.get(tid, 0)
                turns[tid] = turn + 1
                result = await _timed(
                    latencies,
                    errors,
                    "send",
                    lv.send_message(
                        str(thread.to), str(thread.from_), LINES[turn % len(LINES)], thread_id=tid
                    ),
                )
                if result is not None:
                    sent.append(1)
            await asyncio.sleep(max(0.0, interval - (time.monotonic() - tick)))


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


async def _run(url: str, trainees: int, seconds: float, interval: float) -> dict[str, Any]:
    latencies: list[float] = []
    errors: list[str] = []
    sent: list[int] = []
    started = time.monotonic()
    await asyncio.gather(
        *(
            _trainee(url, k, started + seconds, interval, latencies, errors, sent)
            for k in range(1, trainees + 1)
        )
    )
    elapsed = time.monotonic() - started
    async with httpx.AsyncClient(base_url=url) as http:
        events = (await http.get("/_sim/class/events")).json()["events"]
    answers = sum(1 for e in events if e["kind"] == "said")
    return {
        "trainees": trainees,
        "seconds": round(elapsed, 2),
        "requests": len(latencies),
        "errors": len(errors),
        "error_samples": errors[:5],
        "rps": round(len(latencies) / elapsed, 1),
        "replies_sent": len(sent),
        "scripted_answers": answers,
        "p50_ms": round(_percentile(latencies, 50), 2),
        "p90_ms": round(_percentile(latencies, 90), 2),
        "p99_ms": round(_percentile(latencies, 99), 2),
        "max_ms": round(max(latencies), 2),
        "mean_ms": round(statistics.fmean(latencies), 2),
    }


def _serve(trainees: int, scenario: str) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "inbox_app.simulator", "--port", "0"),
            *("--log-level", "warning", "--classroom", str(trainees), "--scenario", scenario),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.stdout is not None
    for _ in range(30):
        match = re.search(r"listening on (http://\S+)", proc.stdout.readline())
        if match:
            return proc, match.group(1)
    proc.kill()
    raise RuntimeError("the simulator did not print its URL")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trainees", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--interval", type=float, default=1.0, help="poll period per trainee")
    parser.add_argument("--scenario", default="payment-arrangement")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    args = parser.parse_args(argv)
    proc, url = _serve(args.trainees, args.scenario)
    try:
        result = asyncio.run(_run(url, args.trainees, args.seconds, args.interval))
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=20)
    print(f"requests: {result['requests']} in {result['seconds']} s, errors: {result['errors']}")
    print(
        f"latency ms: p50 {result['p50_ms']}  p90 {result['p90_ms']}  p99 {result['p99_ms']}  "
        f"max {result['max_ms']}"
    )
    print(
        f"trainees' replies: {result['replies_sent']}, "
        f"scripted customers' answers: {result['scripted_answers']}"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(
        f"classroom: trainees={result['trainees']} p50_ms={result['p50_ms']} "
        f"p99_ms={result['p99_ms']} replies={result['replies_sent']} "
        f"answers={result['scripted_answers']}"
    )
    return 0 if result["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

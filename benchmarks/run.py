"""The performance harness: every measurement of the budget in one run, one JSON, one table.

    python benchmarks/run.py [--quick] --json bench.json      (or: scripts/dev.sh bench)

Parts (each in its own processes, so one part's memory or threads never colour another):
session (UI stall with 100 ms per request, traffic, duplicate requests, cached re-open),
startup (first inbox painted vs a bare PySide6 window), memory (100,000 threads and a
5,000-message conversation vs the bare window), the simulator under 100 polling agents, the
Live Link pull (10,000 customers' replies into the local threads, its token renewed every
2 s, UI stall meanwhile) and IMIconnect and iLiveIt live (customers writing in through the
relay at 5 a second, UI stall meanwhile). ``--quick`` runs the same script scaled down
(about 5 minutes here). The budget is checked
here, not in unit tests; the exit status is 1 when a line of it does not hold.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import livelink_pull  # noqa: E402
import memory  # noqa: E402
import relayed_stall  # noqa: E402
import session  # noqa: E402
import startup  # noqa: E402

# (key, limit, how it compares, what it means)
BUDGET: list[tuple[str, float, str, str]] = [
    ("stall_p99_ms", 8.0, "<=", "UI stall p99 (ms)"),
    ("stall_max_ms", 33.0, "<=", "UI stall max (ms)"),
    ("startup_ratio", 1.3, "<=", "start-up / bare window"),
    ("startup_live_ratio", 2.5, "<=", "live inbox, demo second start / bare window"),
    ("startup_far_ratio", 2.5, "<=", "live inbox, server 100 ms away, first start / bare"),
    ("rss_signed_in_over_bare_mb", 40.0, "<=", "RSS signed in, no thread, over bare (MB)"),
    ("rss_over_bare_mb", 80.0, "<=", "RSS over bare window (MB)"),
    ("reopen_cached_ms_max", 16.7, "<=", "cached thread painted (ms)"),
    ("idle_requests_per_min", 12.0, "<=", "idle requests per minute"),
    ("duplicate_inflight", 0.0, "<=", "duplicate in-flight requests"),
    ("sim_p99_ms", 50.0, "<", "simulator p99, 100 agents (ms)"),
    ("ll_pull_stall_p99_ms", 8.0, "<=", "Live Link pull: UI stall p99 (ms)"),
    ("ll_pull_stall_max_ms", 33.0, "<=", "Live Link pull: UI stall max (ms)"),
    ("imi_stall_p99_ms", 8.0, "<=", "IMIconnect relay: UI stall p99 (ms)"),
    ("imi_stall_max_ms", 33.0, "<=", "IMIconnect relay: UI stall max (ms)"),
    ("imi_missing", 0.0, "<=", "IMIconnect relay: messages not in the threads"),
    ("ilv_stall_p99_ms", 8.0, "<=", "iLiveIt relay: UI stall p99 (ms)"),
    ("ilv_stall_max_ms", 33.0, "<=", "iLiveIt relay: UI stall max (ms)"),
    ("ilv_missing", 0.0, "<=", "iLiveIt relay: messages not in the threads"),
]


def sim_load(agents: int, seconds: float) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "sim.json"
        subprocess.run(
            [
                sys.executable,
                str(HERE / "sim_load.py"),
                "--agents",
                str(agents),
                "--seconds",
                str(seconds),
                "--json",
                str(out),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        data = json.loads(out.read_text(encoding="utf-8"))
    return {"sim_agents": data["agents"], "sim_p99_ms": data["p99_ms"], "sim_rps": data["rps"]}


def holds(value: float, limit: float, op: str) -> bool:
    return value <= limit if op == "<=" else value < limit


def table(result: dict[str, Any]) -> str:
    lines = [
        f"Performance — {result['date']} ({'quick' if result['quick'] else 'full'} run)",
        "",
        "| measure | value | budget | holds |",
        "| --- | --- | --- | --- |",
    ]
    for key, limit, op, what in BUDGET:
        value = result[key]
        lines.append(
            f"| {what} | {value} | {op} {limit:g} | {'yes' if holds(value, limit, op) else 'NO'} |"
        )
    lines += [
        "",
        f"stall p50 {result['stall_p50_ms']} ms over {result['stall_samples']} heartbeats; "
        f"start-up {result['startup_s']} s (kept first screen) vs bare "
        f"{result['startup_bare_s']} s, live window in {result['startup_live_s']} s "
        f"(a server 100 ms away, first start: {result['startup_far_live_s']} s; only importing "
        f"what the live window runs: {result['startup_imports_s']} s); "
        f"RSS {result['rss_100k_mb']} MB vs bare {result['rss_bare_mb']} MB; "
        f"active traffic {result['active_requests_per_min']} requests/min; "
        f"simulator {result['sim_agents']} agents at {result['sim_rps']} requests/s.",
        f"Live Link: first inbox on screen at {result['ll_first_screen_s']} s, "
        f"{result['ll_mos']} MOs in threads in {result['ll_pull_s']} s "
        f"(stall p50 {result['ll_pull_stall_p50_ms']} ms over {result['ll_pull_samples']} "
        f"heartbeats); scrolling its biggest inbox ({result['ll_scroll_threads']} threads): "
        f"stall p99 {result['ll_scroll_stall_p99_ms']} ms, "
        f"max {result['ll_scroll_stall_max_ms']} ms; "
        f"{result['ll_token_refreshes']} token renewals during the pull (tokens live "
        f"{result['ll_token_ttl_s']} s).",
        *(relayed(result, name, prefix) for name, prefix in RELAYED),
    ]
    return "\n".join(lines)


RELAYED = (("IMIconnect", "imi"), ("iLiveIt", "ilv"))


def relayed(result: dict[str, Any], name: str, p: str) -> str:
    """One relayed platform's run in a sentence."""
    return (
        f"{name} through the relay: {result[f'{p}_delivered']} of {result[f'{p}_injected']} "
        f"customers' messages ({result[f'{p}_new_customers']} from new customers, "
        f"{result[f'{p}_rate']:g}/s for {result[f'{p}_traffic_s']} s) in the threads "
        f"{result[f'{p}_drain_s']} s after the last, over {result[f'{p}_pulls']} pulls; "
        f"stall p50 {result[f'{p}_stall_p50_ms']} ms, p99 {result[f'{p}_stall_p99_ms']} ms, "
        f"max {result[f'{p}_stall_max_ms']} ms over {result[f'{p}_stall_samples']} heartbeats "
        f"({result[f'{p}_long_turns']['count']} turns over 16 ms, "
        f"{result[f'{p}_long_turns']['off_cpu']} of them mostly off the CPU; the UI thread's "
        f"longest own work in one turn {result[f'{p}_ui_cpu_max_ms']} ms)."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="scaled down: about 5 minutes")
    parser.add_argument("--json", metavar="PATH", help="write the results as one JSON object")
    args = parser.parse_args(argv)
    result: dict[str, Any] = {"date": datetime.now(UTC).date().isoformat(), "quick": args.quick}
    print("bench: session (UI stall, traffic) …", file=sys.stderr, flush=True)
    result |= session.measure(args.quick)
    print("bench: start-up …", file=sys.stderr, flush=True)
    result |= startup.measure(5 if args.quick else 15)
    print("bench: memory …", file=sys.stderr, flush=True)
    threads, messages = (100_000, 5_000)
    result |= memory.measure(threads, messages)
    print("bench: simulator load …", file=sys.stderr, flush=True)
    result |= sim_load(100, 10.0 if args.quick else 30.0)
    print("bench: Live Link pull …", file=sys.stderr, flush=True)
    result |= livelink_pull.measure(args.quick)
    for name, _ in RELAYED:
        print(f"bench: {name} through the relay …", file=sys.stderr, flush=True)
        result |= relayed_stall.measure(name.lower(), args.quick)
    result["budget_holds"] = {key: holds(result[key], limit, op) for key, limit, op, _ in BUDGET}
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(table(result))
    return 0 if all(result["budget_holds"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())

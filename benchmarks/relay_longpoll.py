"""The relay handing webhooks to desktops: 100 desktops long-polling while webhooks arrive.

    python benchmarks/relay_longpoll.py [--desktops 100] [--rate 50] [--seconds 30] [--quick]
                                        --json out.json

Each desktop is an agent added with ``inbox-relay add-agent`` and a real long-poll loop on
``GET /v1/events?after=CURSOR&wait=25`` with its own token and cursor, through the app's own
:class:`~inbox_app.relayapi.RelayClient` (desktops run in ``--desktop-processes`` processes).
Meanwhile webhooks (the platforms' mix, a few duplicates) are posted open-loop at ``--rate``
a second. Delivery latency is from a webhook's 200 to the moment a desktop has the event in
hand, for every (desktop, event) pair.

On SQLite one relay serves everyone. On PostgreSQL two relay processes share the database:
webhooks go to the first only, desktops are split between both, so the second process's
desktops are woken by LISTEN/NOTIFY alone (reported apart as "other process").

Checked: every desktop saw every stored event exactly once, in cursor order. Exit status 1
if not, or if any webhook was not answered 200.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from relay_ingest import _client_process
from relay_world import (
    Relay,
    add_agents,
    cpu_seconds,
    database,
    load_average,
    percentile,
    relay_processes,
    scratch,
    webhooks,
)

from inbox_app.relayapi import RelayClient

WAIT = 25.0  # the desktop's long-poll wait, as the app uses


def _webhook_id(body: dict[str, Any]) -> str:
    """The id our generator put in each body (every kind names it differently)."""
    if "tid" in body:
        return body["tid"]
    if "deliveryInfoNotification" in body:
        return body["deliveryInfoNotification"]["transid"]
    return body.get("MessageId") or body["message_id"]


async def _desktop(
    url: str, token: str, expected: int, stop_at: float
) -> tuple[list[tuple[int, str, str, float]], int]:
    """Poll like the app: (cursor, kind, id, seen) per event; and the number of polls."""
    seen: list[tuple[int, str, str, float]] = []
    cursor, polls = 0, 0
    async with RelayClient(url, token) as client:
        while len(seen) < expected and time.monotonic() < stop_at:
            page = await client.events(after=cursor, wait=WAIT)
            now = time.monotonic()
            polls += 1
            seen += [(e.cursor, e.kind, _webhook_id(e.body), now) for e in page.events]
            cursor = page.cursor
    return seen, polls


async def _desktops(
    desks: list[tuple[str, str]], expected: int, stop_at: float
) -> list[tuple[list[tuple[int, str, str, float]], int]]:
    return list(
        await asyncio.gather(*(_desktop(url, token, expected, stop_at) for url, token in desks))
    )


def _desktop_process(desks: list[tuple[str, str]], expected: int, stop_at: float, out: Any) -> None:
    out.send(asyncio.run(_desktops(desks, expected, stop_at)))
    out.close()


def measure(
    kind: str, processes: int, desktops: int, rate: float, seconds: float, desk_procs: int
) -> dict[str, Any]:
    stream = webhooks(round(rate * seconds))
    first_of: dict[tuple[str, str, str], int] = {}
    for index, hook in enumerate(stream):
        first_of.setdefault(hook.key, index)
    expected = len(first_of)
    with scratch() as tmp, database(kind, Path(tmp)) as url:
        tokens = add_agents(url, [f"desk{n:03d}" for n in range(desktops)])
        with relay_processes(url, processes) as relays:
            context = multiprocessing.get_context("fork")
            load_before, cpu_before = load_average(), cpu_seconds(relays)
            start = time.monotonic() + 3.0  # the desktops are polling by then
            stop_at = start + seconds + 60.0
            desks = [
                (relays[n % len(relays)].url, token) for n, token in enumerate(tokens.values())
            ]
            pipes, workers = [], []
            for p in range(desk_procs):
                receive, send = context.Pipe(duplex=False)
                worker = context.Process(
                    target=_desktop_process, args=(desks[p::desk_procs], expected, stop_at, send)
                )
                worker.start()
                send.close()
                pipes.append(receive)
                workers.append(worker)
            receive, send = context.Pipe(duplex=False)
            target = Relay(relays[0].url, relays[0].host, relays[0].port, relays[0].prefixes, None)  # type: ignore[arg-type]
            poster = context.Process(
                target=_client_process,
                args=([target], list(enumerate(stream)), start, rate, 8, send),
            )
            poster.start()
            send.close()
            posted = receive.recv()
            poster.join()
            per_proc = [pipe.recv() for pipe in pipes]
            for worker in workers:
                worker.join()
            cpu = cpu_seconds(relays) - cpu_before
    # Desktop n is in process n % desk_procs at position n // desk_procs.
    seen_by = [per_proc[n % desk_procs][n // desk_procs] for n in range(desktops)]
    result = _summary(kind, processes, desktops, rate, seconds, stream, posted, seen_by, start)
    result["relay_cpu_share"] = round(cpu / (time.monotonic() - start), 2)  # cores, roughly
    result["load_average_before"] = load_before
    result["load_average_after"] = load_average()
    return result


def _summary(
    kind: str,
    processes: int,
    desktops: int,
    rate: float,
    seconds: float,
    stream: list[Any],
    posted: list[tuple[int, int, str, float, float]],
    seen_by: list[tuple[list[tuple[int, str, str, float]], int]],
    start: float,
) -> dict[str, Any]:
    answered: dict[str, float] = {}  # webhook id -> its first 200
    for index, status, _, _, latency in posted:
        if status == 200:
            ident = _webhook_id(json.loads(stream[index].body))
            moment = start + index / rate + latency
            answered[ident] = min(answered.get(ident, moment), moment)
    wanted = {(stream[i].kind, _webhook_id(json.loads(stream[i].body))) for i, *_ in posted}
    latencies: dict[int, list[float]] = {0: [], 1: []}  # same process / other process
    complete = True
    for n, (seen, _) in enumerate(seen_by):
        cursors = [cursor for cursor, *_ in seen]
        got = {(kind_, ident) for _, kind_, ident, _ in seen}
        if cursors != sorted(set(cursors)) or got != wanted or len(seen) != len(wanted):
            complete = False
        for _, _, ident, moment in seen:
            if ident in answered:
                latencies[min(1, n % processes)].append((moment - answered[ident]) * 1000)
    every = latencies[0] + latencies[1]
    polls = sum(p for _, p in seen_by)
    result = {
        "database": kind,
        "relay_processes": processes,
        "desktops": desktops,
        "rate": rate,
        "seconds": seconds,
        "posts": len(stream),
        "events": len(wanted),
        "non_200": sum(1 for r in posted if r[1] != 200),
        "webhook_p99_ms": round(percentile([r[4] * 1000 for r in posted], 99), 2),
        "deliveries": len(every),
        "polls": polls,
        "p50_ms": round(percentile(every, 50), 2),
        "p99_ms": round(percentile(every, 99), 2),
        "max_ms": round(max(every), 2) if every else float("nan"),
        "every_desktop_every_event_once_in_order": complete,
    }
    if processes > 1:
        for label, values in (("same", latencies[0]), ("other", latencies[1])):
            result[f"{label}_process_p50_ms"] = round(percentile(values, 50), 2)
            result[f"{label}_process_p99_ms"] = round(percentile(values, 99), 2)
    return result


def line(result: dict[str, Any]) -> str:
    text = (
        f"{result['database']} x{result['relay_processes']}: {result['desktops']} desktops, "
        f"{result['events']} events, {result['deliveries']} deliveries in {result['polls']} "
        f"polls; delivery p50 {result['p50_ms']} ms  p99 {result['p99_ms']} ms  max "
        f"{result['max_ms']} ms; webhook p99 {result['webhook_p99_ms']} ms, non-200 "
        f"{result['non_200']}; every desktop every event once in order: "
        f"{'yes' if result['every_desktop_every_event_once_in_order'] else 'NO'}; load "
        f"average {result['load_average_before']} → {result['load_average_after']}"
    )
    if result["relay_processes"] > 1:
        text += (
            f"\n    woken in the posting process p50 {result['same_process_p50_ms']} / p99 "
            f"{result['same_process_p99_ms']} ms; in the other (NOTIFY) p50 "
            f"{result['other_process_p50_ms']} / p99 {result['other_process_p99_ms']} ms"
        )
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--desktops", type=int, default=100)
    parser.add_argument("--rate", type=float, default=50.0, help="webhooks per second")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--quick", action="store_true", help="5 seconds per setup")
    parser.add_argument("--desktop-processes", type=int, default=2)
    parser.add_argument(
        "--only", choices=["sqlite", "postgresql"], help="one database (default: both)"
    )
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    args = parser.parse_args(argv)
    seconds = 5.0 if args.quick else args.seconds
    setups = [
        (kind, processes)
        for kind, processes in (("sqlite", 1), ("postgresql", 2))
        if args.only in (None, kind)
    ]
    results = []
    for kind, processes in setups:
        print(f"relay_longpoll: {kind} x{processes} …", file=sys.stderr, flush=True)
        result = measure(kind, processes, args.desktops, args.rate, seconds, args.desktop_processes)
        print(line(result), flush=True)
        results.append(result)
    report = {
        "date": datetime.now(UTC).date().isoformat(),
        "desktops": args.desktops,
        "rate": args.rate,
        "seconds": seconds,
        "results": results,
    }
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2), encoding="utf-8")
    good = all(r["every_desktop_every_event_once_in_order"] and not r["non_200"] for r in results)
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())

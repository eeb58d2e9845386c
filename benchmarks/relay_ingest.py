"""The relay taking webhooks: a steady open-loop rate of platform posts into real relay
processes, on SQLite and on PostgreSQL.

    python benchmarks/relay_ingest.py [--rate 1000] [--seconds 30] [--quick] --json out.json

Each setup (one relay on SQLite; one, then ``--pg-processes`` relays sharing one PostgreSQL
database) gets the same stream: IMIconnect MO and DR, iLiveIt reply and status posts with
unique ids, about 3 % of them a byte-for-byte repeat of an earlier one (a platform retrying).
Post *i* is due at ``start + i / rate`` whatever happened before it (open loop); client
processes (``--clients``, each with ``--connections`` keep-alive connections spread over the
relays) send each when due, and its answer time counts from when it was due, so a stalled
relay shows as latency instead of as fewer requests (no coordinated omission).

Afterwards the store is read directly: every post answered 200 must be there exactly once,
and the events must be exactly the distinct posts answered 200. Exit status 1 if that check
fails, any post was not answered 200, or the offered or accepted rate fell short of
``--rate`` by more than 5 %. The relay processes' CPU time per webhook is printed too: unlike
answer times it hardly depends on what else the machine runs (the load average is printed
beside it).
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
from relay_world import (
    Relay,
    Webhook,
    cpu_seconds,
    database,
    load_average,
    percentile,
    relay_processes,
    scratch,
    stored_keys,
    webhooks,
)

TIMEOUT = 30.0  # a post not answered by then is counted as failed (status 0)


def _request(relay: Relay, hook: Webhook) -> bytes:
    path = f"{relay.prefixes[hook.platform]}/{hook.kind}"
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {relay.host}:{relay.port}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(hook.body)}\r\n\r\n"
    )
    return head.encode() + hook.body


async def _answer(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    """One HTTP/1.1 response: status and body (the relay always sends Content-Length)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    return status, await reader.readexactly(length)


async def _client(
    relays: list[Relay], hooks: list[tuple[int, Webhook]], start: float, rate: float, conns: int
) -> list[tuple[int, int, str, float, float]]:
    """Send each post when due, on the first free connection; (index, status, answer,
    dispatched - due, answered - due). A post waiting for a free connection is the load
    generator's queue, not the relay's, but it waits because the relay has not answered:
    its answer time counts from when it was due."""
    queue: asyncio.Queue[tuple[int, float, float, bytes] | None] = asyncio.Queue()
    results: list[tuple[int, int, str, float, float]] = []
    # Built up front: the due times must not wait on formatting. Relays sharing a database
    # share its secrets, so one request fits any of them.
    requests = [_request(relays[0], hook) for _, hook in hooks]

    async def connection(k: int) -> None:
        relay = relays[k % len(relays)]
        reader, writer = await asyncio.open_connection(relay.host, relay.port)
        while (item := await queue.get()) is not None:
            index, due, dispatched, request = item
            try:
                writer.write(request)
                status, body = await asyncio.wait_for(_answer(reader), TIMEOUT)
                answer = json.loads(body).get("status", "") if status == 200 else ""
            except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError):
                status, answer = 0, ""
                writer.close()
                reader, writer = await asyncio.open_connection(relay.host, relay.port)
            results.append((index, status, answer, dispatched - due, time.monotonic() - due))
        writer.close()

    workers = [asyncio.create_task(connection(k)) for k in range(conns)]
    await asyncio.sleep(max(0.0, start - time.monotonic()))
    for (index, _), request in zip(hooks, requests, strict=True):
        due = start + index / rate
        delay = due - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        queue.put_nowait((index, due, time.monotonic(), request))
    for _ in workers:
        queue.put_nowait(None)
    await asyncio.gather(*workers)
    return results


def _client_process(
    relays: list[Relay],
    hooks: list[tuple[int, Webhook]],
    start: float,
    rate: float,
    conns: int,
    out: Any,
) -> None:
    out.send(asyncio.run(_client(relays, hooks, start, rate, conns)))
    out.close()


def measure(
    kind: str, processes: int, rate: float, seconds: float, clients: int, conns: int
) -> dict[str, Any]:
    """One setup: ``processes`` relays on a new ``kind`` database, one run of the stream."""
    stream = webhooks(round(rate * seconds))
    with scratch() as tmp, database(kind, Path(tmp)) as url:
        with relay_processes(url, processes) as relays:
            # Plain (no pickling of popen objects): the clients need the addresses only.
            plain = [Relay(r.url, r.host, r.port, r.prefixes, None) for r in relays]  # type: ignore[arg-type]
            context = multiprocessing.get_context("fork")
            load_before, cpu_before = load_average(), cpu_seconds(relays)
            start = time.monotonic() + 1.5  # every client connected and waiting by then
            pipes, workers = [], []
            for c in range(clients):
                share = [(i, hook) for i, hook in enumerate(stream) if i % clients == c]
                receive, send = context.Pipe(duplex=False)
                worker = context.Process(
                    target=_client_process,
                    args=(plain, share, start, rate, max(1, conns // clients), send),
                )
                worker.start()
                send.close()
                pipes.append(receive)
                workers.append(worker)
            results = [row for pipe in pipes for row in pipe.recv()]
            for worker in workers:
                worker.join()
            cpu = cpu_seconds(relays) - cpu_before
        stored = stored_keys(url)  # the relays have stopped: what is on disk is what counts
    result = _summary(kind, processes, rate, seconds, stream, results, stored)
    result["relay_cpu_ms_per_webhook"] = round(cpu * 1000 / len(stream), 3)
    result["load_average_before"] = load_before
    result["load_average_after"] = load_average()
    return result


def _summary(
    kind: str,
    processes: int,
    rate: float,
    seconds: float,
    stream: list[Webhook],
    results: list[tuple[int, int, str, float, float]],
    stored: dict[tuple[str, str, str], int],
) -> dict[str, Any]:
    ok = [r for r in results if r[1] == 200]
    latencies = [r[4] * 1000 for r in results]
    last_dispatch = max(r[0] / rate + r[3] for r in results)  # seconds after the start
    last_answer = max(r[0] / rate + r[4] for r in ok) if ok else float("nan")
    answered_keys = {stream[r[0]].key for r in ok}
    missing = [key for key in answered_keys if stored.get(key, 0) != 1]
    extra = set(stored) - {hook.key for hook in stream}
    duplicates_stored = sum(1 for n in stored.values() if n > 1)
    stored_answers = sum(1 for r in ok if r[2] == "stored")
    check = not missing and not extra and not duplicates_stored and stored_answers == len(stored)
    return {
        "database": kind,
        "relay_processes": processes,
        "target_rate": rate,
        "seconds": seconds,
        "posts": len(stream),
        "duplicates_sent": sum(1 for hook in stream if hook.duplicate),
        "offered_rate": round(len(results) / last_dispatch, 1)
        if last_dispatch > 0
        else float("nan"),
        "accepted_rate": round(len(ok) / last_answer, 1) if ok else 0.0,
        "dispatch_lag_max_ms": round(max(r[3] for r in results) * 1000, 1),
        "p50_ms": round(percentile(latencies, 50), 2),
        "p99_ms": round(percentile(latencies, 99), 2),
        "max_ms": round(max(latencies), 2),
        "non_200": len(results) - len(ok),
        "events_stored": sum(stored.values()),
        "answered_stored": stored_answers,
        "answered_duplicate": sum(1 for r in ok if r[2] == "duplicate"),
        "missing_or_twice": len(missing),
        "stored_exactly_once": check,
    }


def line(result: dict[str, Any]) -> str:
    setup = f"{result['database']} x{result['relay_processes']}"
    return (
        f"{setup:<14} offered {result['offered_rate']:>7}/s  accepted "
        f"{result['accepted_rate']:>7}/s  p50 {result['p50_ms']:>7} ms  p99 "
        f"{result['p99_ms']:>8} ms  max {result['max_ms']:>8} ms  non-200 {result['non_200']}  "
        f"events {result['events_stored']} (exactly once: "
        f"{'yes' if result['stored_exactly_once'] else 'NO'}); relay CPU "
        f"{result['relay_cpu_ms_per_webhook']} ms/webhook; load average "
        f"{result['load_average_before']} → {result['load_average_after']}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=1000.0, help="posts per second")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--quick", action="store_true", help="5 seconds per setup")
    parser.add_argument("--clients", type=int, default=2, help="client processes")
    parser.add_argument("--connections", type=int, default=64, help="in all, over the relays")
    parser.add_argument("--pg-processes", type=int, default=2, help="relays sharing PostgreSQL")
    parser.add_argument(
        "--only", choices=["sqlite", "postgresql"], help="one database (default: both)"
    )
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    args = parser.parse_args(argv)
    seconds = 5.0 if args.quick else args.seconds
    setups = []
    if args.only in (None, "sqlite"):
        setups.append(("sqlite", 1))
    if args.only in (None, "postgresql"):
        setups += [("postgresql", 1)]
        if args.pg_processes > 1:
            setups.append(("postgresql", args.pg_processes))
    results = []
    for kind, processes in setups:
        print(f"relay_ingest: {kind} x{processes} …", file=sys.stderr, flush=True)
        result = measure(kind, processes, args.rate, seconds, args.clients, args.connections)
        print(line(result), flush=True)
        results.append(result)
    report = {
        "date": datetime.now(UTC).date().isoformat(),
        "rate": args.rate,
        "seconds": seconds,
        "clients": args.clients,
        "connections": args.connections,
        "results": results,
    }
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2), encoding="utf-8")
    good = all(
        r["stored_exactly_once"]
        and r["non_200"] == 0
        and min(r["offered_rate"], r["accepted_rate"]) >= 0.95 * args.rate
        for r in results
    )
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())

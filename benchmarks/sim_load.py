"""Load test for the LiveVox simulator: N agents polling like the desktop app does.

Each simulated agent logs in with its own session, then every ``--interval`` seconds (2 by
default) fetches its counts, its channel list and one page of an inbox, the way the inbox
polls. The server runs as a separate process (``python -m inbox_app.simulator --port 0``)
so the load generator does not share its GIL; its URL is read from the banner it prints.

    python benchmarks/sim_load.py --agents 100 --seconds 20 --json load.json

The last line is machine-readable::

    sim_load: agents=100 p50_ms=1.9 p99_ms=7.4 rps=150.2
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from inbox_app.simulator.dataset import demo_dataset  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
from world import simulator_process  # noqa: E402

GROUPS = ["94881", "94874", "94887"]


def _dataset_with_agents(n: int, path: Path) -> None:
    """The demo world plus enough extra agents that every poller has its own session."""
    data = demo_dataset()
    for i in range(max(0, n - 8)):
        data["agents"].append(
            {
                "id": str(800000 + i),
                "login": f"load{i:03d}",
                "name": f"Load Agent {i}",
                "password": "demo",
                "status": "READY",
                "team": "North",
                "isAgent": True,
                "serviceId": GROUPS[i % 3],
            }
        )
    path.write_text(json.dumps(data), encoding="utf-8")


async def _agent(
    url: str,
    login: str,
    stop_at: float,
    interval: float,
    latencies: list[float],
    errors: list[str],
    rng: random.Random,
) -> None:
    async with httpx.AsyncClient(
        base_url=url, timeout=10, limits=httpx.Limits(max_connections=3)
    ) as http:
        r = await http.post(
            "/session/login",
            headers={"LV-Access": "demo-token"},
            json={"clientName": "DEMO", "userName": login, "password": "demo", "agent": True},
        )
        r.raise_for_status()
        agent_id = str(r.json()["userId"])
        headers = {"LV-Session": r.json()["sessionId"]}
        personal = login.startswith("agent")
        await asyncio.sleep(rng.uniform(0, interval))  # spread the agents over the period
        while time.monotonic() < stop_at:
            tick = time.monotonic()
            requests: list[tuple[str, dict[str, Any] | None]] = [
                (f"/sms/agent/interaction/counts/{agent_id}", None),
                ("/sms/agent/channel", None),
                (
                    "/sms/agent/thread/details",
                    {
                        "channelId": agent_id if personal else rng.choice(GROUPS),
                        "channel": "SMS",
                        "personal": "true" if personal else "false",
                        "pagination": rng.randint(1, 3),
                    },
                ),
            ]
            for path, params in requests:
                started = time.perf_counter()
                try:
                    response = await http.get(path, headers=headers, params=params)
                    if response.status_code != 200:
                        errors.append(f"{path}: {response.status_code}")
                except httpx.HTTPError as exc:
                    errors.append(f"{path}: {type(exc).__name__}")
                latencies.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(max(0.0, interval - (time.monotonic() - tick)))


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


async def _run(url: str, agents: int, seconds: float, interval: float) -> dict[str, Any]:
    logins = [f"agent{i}" for i in range(1, 9)][:agents]
    logins += [f"load{i:03d}" for i in range(agents - len(logins))]
    latencies: list[float] = []
    errors: list[str] = []
    started = time.monotonic()
    stop_at = started + seconds
    await asyncio.gather(
        *(
            _agent(url, login, stop_at, interval, latencies, errors, random.Random(i))
            for i, login in enumerate(logins)
        )
    )
    elapsed = time.monotonic() - started
    return {
        "agents": agents,
        "seconds": round(elapsed, 2),
        "requests": len(latencies),
        "errors": len(errors),
        "error_samples": errors[:5],
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(_percentile(latencies, 50), 2),
        "p90_ms": round(_percentile(latencies, 90), 2),
        "p99_ms": round(_percentile(latencies, 99), 2),
        "max_ms": round(max(latencies), 2),
        "mean_ms": round(statistics.fmean(latencies), 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agents", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--interval", type=float, default=2.0, help="poll period per agent")
    parser.add_argument("--url", help="use a running simulator (its dataset needs the agents)")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        if args.url is not None:
            result = asyncio.run(_run(args.url, args.agents, args.seconds, args.interval))
        else:
            dataset = Path(tmp) / "load.json"
            _dataset_with_agents(args.agents, dataset)
            with simulator_process(dataset, workdir=Path(tmp)) as url:
                result = asyncio.run(_run(url, args.agents, args.seconds, args.interval))
    print(f"requests: {result['requests']} in {result['seconds']} s, errors: {result['errors']}")
    print(
        f"latency ms: p50 {result['p50_ms']}  p90 {result['p90_ms']}  p99 {result['p99_ms']}  "
        f"max {result['max_ms']}"
    )
    print(f"throughput: {result['rps']} requests/s")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(
        f"sim_load: agents={result['agents']} p50_ms={result['p50_ms']} "
        f"p99_ms={result['p99_ms']} rps={result['rps']}"
    )
    return 0 if result["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

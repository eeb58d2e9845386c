"""What the relay benchmarks share: real ``inbox-relay`` processes on a SQLite file or a
throwaway PostgreSQL server, agents added with ``inbox-relay add-agent``, and the webhook
bodies the platforms post (IMIconnect MO / DR, iLiveIt reply / status), with the
duplicates they send.

The relay always runs as its own process (``python -m inbox_app.relay --port 0``), so the
load generators never share its GIL; its URL and webhook prefixes are read from the lines
it prints.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from inbox_app.relay.cli import main as relay_cli  # noqa: E402
from inbox_app.relay.validation import parse_webhook  # noqa: E402
from tests.relay.postgres_server import throwaway_postgres  # noqa: E402

__all__ = [
    "Relay",
    "Webhook",
    "add_agents",
    "cpu_seconds",
    "database",
    "load_average",
    "percentile",
    "relay_processes",
    "stored_keys",
    "webhooks",
]

KINDS = (  # (platform, kind, share of the traffic)
    ("imiconnect", "mo", 0.35),
    ("imiconnect", "dr", 0.35),
    ("iliveit", "reply", 0.15),
    ("iliveit", "status", 0.15),
)


@dataclass(frozen=True)
class Relay:
    """One running relay process."""

    url: str
    host: str
    port: int
    prefixes: dict[str, str]  # platform -> path prefix ("/hooks/imiconnect/SECRET")
    process: subprocess.Popen[str]


@dataclass(frozen=True)
class Webhook:
    """One post: its path under the platform's prefix, the body, and the key the relay
    stores it under (the same for a platform's duplicate)."""

    platform: str
    kind: str
    body: bytes
    key: tuple[str, str, str]  # (platform, kind, dedupe_key)
    duplicate: bool


@contextmanager
def database(kind: str, folder: Path) -> Iterator[str]:
    """A database URL: ``sqlite`` a new file in ``folder``; ``postgresql`` a throwaway
    server with PostgreSQL's durable defaults (fsync and synchronous commit on)."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'relay.sqlite3'}"
        return
    with throwaway_postgres(durable=True, settings={"max_connections": "200"}) as url:
        yield url


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def _start(url: str) -> Relay:
    serve = ["--host", "127.0.0.1", "--port", "0", "--database", url]
    process = subprocess.Popen(
        [sys.executable, "-m", "inbox_app.relay", *serve],
        stdout=subprocess.PIPE,
        text=True,
        env=_env(),
        cwd=ROOT,
    )
    assert process.stdout is not None
    listening, prefixes = "", {}
    while len(prefixes) < 2:
        line = process.stdout.readline()
        if not line:
            raise RuntimeError(f"the relay stopped before it listened (exit {process.wait()})")
        line = line.strip()
        if line.startswith("listening: "):
            listening = line.removeprefix("listening: ")
        elif line.startswith("webhook: ") and " " in line.removeprefix("webhook: "):
            platform, prefix = line.removeprefix("webhook: ").split(" ", 1)
            prefixes[platform] = prefix.removeprefix(listening)
    host, port = listening.removeprefix("http://").rsplit(":", 1)
    return Relay(listening, host, int(port), prefixes, process)


def _stop(relay: Relay) -> None:
    if relay.process.poll() is None:
        relay.process.send_signal(signal.SIGTERM)
        try:
            relay.process.wait(20)
        except subprocess.TimeoutExpired:
            relay.process.kill()
            relay.process.wait()


@contextmanager
def relay_processes(url: str, count: int = 1) -> Iterator[list[Relay]]:
    """``count`` relay processes on the database ``url``, stopped (SIGTERM) afterwards.
    The first is started alone so the migrations and the webhook secrets are made once."""
    relays: list[Relay] = []
    try:
        relays.append(_start(url))
        relays += [_start(url) for _ in range(count - 1)]
        yield relays
    finally:
        for relay in relays:
            _stop(relay)


def add_agents(url: str, names: list[str]) -> dict[str, str]:
    """``inbox-relay add-agent NAME --database URL`` for each name (the command's own code,
    in this process: a hundred interpreter starts would add a minute); name -> token."""
    tokens = {}
    for name in names:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = relay_cli(["add-agent", name, "--database", url])
        if code != 0:
            raise RuntimeError(f"add-agent {name} failed ({code})")
        tokens[name] = out.getvalue().strip().splitlines()[-1]
    return tokens


def _body(platform: str, kind: str, n: int, rng: random.Random) -> dict[str, Any]:
    customer = f"9198{rng.randrange(10_000_000):08d}"
    if (platform, kind) == ("imiconnect", "mo"):
        return {
            "userId": f"cust-{n}",
            "channel": "SMS",
            "da": rng.choice(["DEMOBK", "DEMOCC"]),
            "oa": customer,
            "message": f"Can I move my payment to Friday? ({n})",
            "tid": f"bench-mo-{n}",
            "datetime": "2026-12-01 10:00:00",
            "ts": "1796119200000",
        }
    if (platform, kind) == ("imiconnect", "dr"):
        return {
            "deliveryInfoNotification": {
                "deliveryInfo": {
                    "deliveryChannel": "SMS",
                    "Description": "Delivered",
                    "destinationType": "msisdn",
                    "timeStamp": "2026-12-01T10:00:01.908",
                    "code": rng.choice(["7500", "7501"]),
                    "deliveryStatus": "Delivered",
                    "destination": customer,
                },
                "correlationid": f"ours-{n}",
                "callbackData": "",
                "transid": f"bench-tr-{n}",
            }
        }
    customer = f"2782{rng.randrange(10_000_000):07d}"
    if kind == "reply":
        return {
            "MessageId": f"bench-msg-{n}",
            "SourceMSISDN": customer,
            "DestinationMSISDN": "27820000001",
            "Message": f"Yes please ({n})",
            "ExtraDigits": "",
            "RetryCount": 0,
        }
    return {
        "type": "sms",
        "message_id": f"bench-msg-{n}",
        "msisdn": customer,
        "delivered_status": 1,
        "delivered_timestamp": "2026-12-01T10:00:30Z",
        "postback_type": "delivery",
    }


def webhooks(count: int, *, duplicate_rate: float = 0.03, seed: int = 14) -> list[Webhook]:
    """``count`` posts in the platforms' mix; about ``duplicate_rate`` of them repeat one of
    the last few hundred posts byte for byte (a platform retrying after a lost answer)."""
    rng = random.Random(seed)
    weights = [share for _, _, share in KINDS]
    made: list[Webhook] = []
    for n in range(count):
        if made and rng.random() < duplicate_rate:
            earlier = rng.choice(made[-300:])
            made.append(Webhook(earlier.platform, earlier.kind, earlier.body, earlier.key, True))
            continue
        platform, kind, _ = rng.choices(KINDS, weights)[0]
        body = json.dumps(_body(platform, kind, n, rng)).encode()
        inbound = parse_webhook(platform, kind, body)
        made.append(Webhook(platform, kind, body, (platform, kind, inbound.dedupe_key), False))
    return made


def stored_keys(url: str) -> dict[tuple[str, str, str], int]:
    """How many events the store holds under each webhook key (agents' actions have none)."""
    query = (
        "SELECT platform, kind, dedupe_key, COUNT(*) FROM events"
        " WHERE dedupe_key IS NOT NULL GROUP BY platform, kind, dedupe_key"
    )
    if url.startswith("sqlite:///"):
        db = sqlite3.connect(url.removeprefix("sqlite:///"))
        try:
            rows = db.execute(query).fetchall()
        finally:
            db.close()
    else:
        import psycopg

        with psycopg.connect(url) as db:
            rows = db.execute(query).fetchall()
    return {(p, k, d): n for p, k, d, n in rows}


def cpu_seconds(relays: list[Relay]) -> float:
    """CPU time (user + system) the relay processes have used so far: unlike answer times,
    it hardly depends on what else the machine is running."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for relay in relays:
        fields = Path(f"/proc/{relay.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def load_average() -> float:
    """The machine's 1-minute load average: others' work competes for the same cores."""
    return round(os.getloadavg()[0], 2)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def scratch() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix="relay-bench-")

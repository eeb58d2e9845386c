"""``inbox-relay`` as outside tools run it: its printed lines, agents from the shell, and a
kill -9 in the middle of webhooks that loses nothing acknowledged."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from .helpers import bearer, events, imi_mo, wait_until

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONWARNINGS": "error"}


def _relay(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "inbox_app.relay", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env=ENV,
        check=False,
    )


class Served:
    def __init__(self, proc: subprocess.Popen[str], lines: list[str]) -> None:
        self.proc = proc
        self.lines = lines
        self.url = lines[0].removeprefix("listening: ")
        self.webhooks = [line.removeprefix("webhook: ") for line in lines[1:5]]
        self.prefixes = dict(line.removeprefix("webhook: ").split(" ") for line in lines[5:])

    def webhook(self, ending: str) -> str:
        (url,) = [u for u in self.webhooks if u.endswith(ending)]
        return url


@contextmanager
def serving(database: Path, *extra: str) -> Iterator[Served]:
    """``inbox-relay --port 0``; its first seven lines, read with a time limit."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "inbox_app.relay",
            "--port",
            "0",
            "--database",
            f"sqlite:///{database}",
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=ENV,
    )
    lines: queue.Queue[str] = queue.Queue()
    assert proc.stdout is not None
    stdout = proc.stdout
    reader = threading.Thread(target=lambda: [lines.put(line) for line in stdout], daemon=True)
    reader.start()
    try:
        got = []
        for _ in range(7):
            try:
                got.append(lines.get(timeout=30).rstrip("\n"))
            except queue.Empty:
                raise AssertionError(f"the relay printed only {got}") from None
        yield Served(proc, got)
    finally:
        if proc.poll() is None:
            proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        reader.join(timeout=5)
        for pipe in (proc.stdout, proc.stderr):
            if pipe is not None:
                pipe.close()


def test_serve_prints_its_url_and_webhooks_and_agents_come_from_the_shell(
    tmp_path: Path,
) -> None:
    database = tmp_path / "relay.sqlite3"
    added = _relay("add-agent", "alice", "--database", f"sqlite:///{database}")
    assert added.returncode == 0, added.stderr
    token = added.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"[A-Za-z0-9_-]{43,}", token)
    twice = _relay("add-agent", "alice", "--database", f"sqlite:///{database}")
    assert twice.returncode == 1 and "exists" in twice.stderr

    with serving(database) as relay:
        assert re.fullmatch(r"listening: http://127\.0\.0\.1:\d+", relay.lines[0])
        assert all(line.startswith("webhook: ") for line in relay.lines[1:])
        paths = sorted(
            re.sub(r"/hooks/(\w+)/[\w-]{43}/", r"\1 ", u.split(relay.url)[1])
            for u in relay.webhooks
        )
        assert paths == ["iliveit reply", "iliveit status", "imiconnect dr", "imiconnect mo"]
        assert sorted(relay.prefixes) == ["iliveit", "imiconnect"]
        for platform, prefix in relay.prefixes.items():  # one secret per platform
            assert re.fullmatch(rf"{relay.url}/hooks/{platform}/[\w-]{{43}}", prefix)
            assert sum(u.startswith(prefix + "/") for u in relay.webhooks) == 2
        with httpx.Client(base_url=relay.url, timeout=10) as http:
            # A signed-in desktop is told the same webhook URLs the relay printed.
            me = http.get("/v1/me", headers=bearer(token)).json()
            assert me["name"] == "alice"
            told = [url for kinds in me["webhooks"].values() for url in kinds.values()]
            assert sorted(told) == sorted(relay.webhooks)
            assert http.post(relay.webhook("/mo"), json=imi_mo("t1")).status_code == 200
            assert [e["kind"] for e in events(http, token)["events"]] == ["mo"]
            revoked = _relay("revoke-agent", "alice", "--database", f"sqlite:///{database}")
            assert revoked.returncode == 0, revoked.stderr
            assert http.get("/v1/events", headers=bearer(token)).status_code == 401
    first_webhooks = relay.webhooks

    with serving(database) as again:  # the same secrets on the next start
        assert [u.replace(again.url, "") for u in again.webhooks] == [
            u.replace(relay.url, "") for u in first_webhooks
        ]
        assert len(again.lines) == 7


def test_public_url_and_unusable_database_urls(tmp_path: Path) -> None:
    database = tmp_path / "r.sqlite3"
    token = _relay("add-agent", "bob", "--database", f"sqlite:///{database}").stdout.split()[-1]
    with serving(database, "--public-url", "https://relay.example.com/") as relay:
        assert all(u.startswith("https://relay.example.com/hooks/") for u in relay.webhooks)
        # Desktops are told the public URLs too (iLiveIt posts there), not the listening one.
        with httpx.Client(base_url=relay.url, timeout=10) as http:
            me = http.get("/v1/me", headers=bearer(token)).json()
        assert me["webhooks"]["iliveit"]["reply"] == relay.webhook("/reply")
        assert me["webhooks"]["iliveit"]["reply"].startswith("https://relay.example.com/hooks/")
    assert relay.proc.returncode == 0, "SIGTERM stops it cleanly"
    for url, message in (
        ("mysql://x/y", "must start with sqlite:/// or postgresql://"),
        ("sqlite://relative", "three slashes"),
    ):
        result = _relay("--database", url)
        assert result.returncode == 2
        assert message in result.stderr and "Traceback" not in result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_killed_relay_keeps_every_acknowledged_webhook_once(tmp_path: Path) -> None:
    database = tmp_path / "relay.sqlite3"
    token = _relay("add-agent", "alice", "--database", f"sqlite:///{database}").stdout.split()[-1]
    acknowledged: list[str] = []
    stop = threading.Event()

    def post_forever(url: str) -> None:
        with httpx.Client(timeout=5) as http:
            n = 0
            while not stop.is_set():
                tid = f"crash-{n}"
                n += 1
                try:
                    if http.post(url, json=imi_mo(tid)).status_code == 200:
                        acknowledged.append(tid)
                except httpx.HTTPError:
                    pass  # the relay is gone: this one was never acknowledged

    with serving(database) as relay:
        client = threading.Thread(target=post_forever, args=(relay.webhook("/mo"),))
        client.start()
        try:
            wait_until(lambda: len(acknowledged) >= 40, timeout=30)
            relay.proc.send_signal(signal.SIGKILL)
            relay.proc.wait(timeout=10)
        finally:
            stop.set()
            client.join(timeout=30)
    assert relay.proc.returncode == -signal.SIGKILL

    with serving(database) as restarted, httpx.Client(base_url=restarted.url, timeout=10) as http:
        stored, cursor = [], 0
        while page := events(http, token, after=cursor)["events"]:
            stored += [e["data"]["body"]["tid"] for e in page]
            cursor = page[-1]["cursor"]
    assert len(stored) == len(set(stored))
    missing = set(acknowledged) - set(stored)
    assert not missing, f"acknowledged but lost: {sorted(missing)}"
    assert len(acknowledged) >= 40

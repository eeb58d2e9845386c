"""Kill the app while the agent types and while a message is on the wire; start it again:
the draft is back and the message is on the server exactly once."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from ..waiting import wait_until

AGENT = Path(__file__).with_name("agent_process.py")
LATENCY_MS = 3000


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """A simulator process of its own, with a database: it outlives the app."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "inbox_app.simulator",
            "--port",
            "0",
            "--db",
            str(tmp_path / "sim.db"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.stdout is not None
    url = None
    deadline = time.monotonic() + 30
    while url is None and time.monotonic() < deadline:
        line = proc.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:\d+", line)
        url = found.group(0) if found else None
    assert url, "the simulator did not start"
    yield url
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=15)


def agent(url: str, data: Path, mode: str, thread_id: str, text: str) -> subprocess.Popen[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen(
        [sys.executable, str(AGENT), url, str(data), mode, thread_id, text],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def kill(proc: subprocess.Popen[str]) -> None:
    """SIGKILL: no shutdown code of the app runs, as in a crash or a pulled plug."""
    proc.kill()
    proc.communicate()


def wait_for(proc: subprocess.Popen[str], event: str) -> dict[str, object]:
    assert proc.stdout is not None
    for line in proc.stdout:
        message = json.loads(line)
        if message.get("event") == event:
            return message
    raise AssertionError(f"{event} never came: {proc.stderr.read() if proc.stderr else ''}")


def first_threads(url: str) -> list[str]:
    with httpx.Client(base_url=url) as http:
        login = http.post(
            "/session/login",
            headers={"LV-Access": "demo-token"},
            json={"clientName": "DEMO", "userName": "agent1", "password": "demo", "agent": True},
        ).json()
        headers = {"LV-Session": login["sessionId"]}
        page = http.get(
            "/sms/agent/thread/details",
            headers=headers,
            params={"channelId": login["userId"], "channel": "SMS", "personal": "true"},
        )
        return [t["threadId"] for t in page.json()]


def stored(url: str, text: str) -> int:
    state = httpx.get(f"{url}/_sim/state").json()
    return sum(1 for m in state["sent"] if m["message"] == text)


@pytest.mark.parametrize("reaches_server", [True, False], ids=["request-arrives", "request-lost"])
def test_killed_while_typing_and_sending(server: str, tmp_path: Path, reaches_server: bool) -> None:
    data = tmp_path / "data"
    typed_in, sent_in = first_threads(server)[:2]
    draft = "Hi Dana, I checked your account and"

    typing = agent(server, data, "type", typed_in, draft)
    wait_for(typing, "TYPED")
    kill(typing)

    text = "Your refund was issued today."
    # 'request-arrives': the server stores the message, then trickles its answer (slow body)
    # and the app dies waiting for it. 'request-lost': the server waits before acting
    # (latency) and the app dies first, so the request is gone with it.
    fault = "slow=3000" if reaches_server else f"latency={LATENCY_MS}"
    answer = httpx.put(
        f"{server}/_sim/faults", json={"spec": f"POST /sms/agent/message/send:{fault}"}
    )
    assert answer.status_code == 200, answer.text
    sending = agent(server, data, "send", sent_in, text)
    wait_for(sending, "SENDING")
    if reaches_server:
        wait_until(lambda: stored(server, text) == 1, what="the server stored the message")
        kill(sending)  # while the answer trickles
    else:
        kill(sending)  # the server still waits out its latency: it must drop the request
        # Nothing to wait on for something that must not happen: watch it for the whole
        # window in which the server could act (its latency from the kill on, and a margin).
        deadline = time.monotonic() + LATENCY_MS / 1000 + 2.0
        while time.monotonic() < deadline:
            assert stored(server, text) == 0
            time.sleep(0.1)
    httpx.delete(f"{server}/_sim/faults")
    assert stored(server, text) == (1 if reaches_server else 0)

    resumed = agent(server, data, "resume", typed_in, text)
    assert wait_for(resumed, "DRAFT")["text"] == draft
    assert wait_for(resumed, "OUTBOX")["state"] == "sent"
    assert resumed.wait(timeout=30) == 0
    resumed.communicate()
    assert stored(server, text) == 1  # never lost, never twice

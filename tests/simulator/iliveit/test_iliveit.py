"""The iLiveIt simulator over real loopback HTTP, its postbacks reaching a real relay."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest

from inbox_app.relay import EmbeddedRelay
from inbox_app.simulator.iliveit import ILiveItSimulator

AUTH = {"Authorization": "Bearer demo-app-token"}
QUIET = {"duplicate_rate": 0.0, "reorder_rate": 0.0, "reply_rate": 0.0}
FAST = {"submit_delay": 0.0, "sent_delay": 0.02, "delivery_delay": 0.05}


def sms(number: str = "27821234567", **extra: object) -> dict[str, object]:
    return {
        "Action": 2,
        "Data": {"message_type": "sms", "MSISDN": [number], "Network": "*", "text": "Hi"},
        **extra,
    }


def stored(relay: EmbeddedRelay, kind: str) -> list[dict[str, object]]:
    assert relay.store is not None
    return [e.data["body"] for e in relay.store.events_after(0, 1000) if e.kind == kind]


@pytest.fixture
def relay(tmp_path) -> Iterator[EmbeddedRelay]:
    with EmbeddedRelay(tmp_path / "relay.sqlite3") as running:
        yield running


@pytest.fixture
def sim(relay: EmbeddedRelay) -> Iterator[ILiveItSimulator]:
    with ILiveItSimulator(relay=relay.hook_prefix("iliveit"), **QUIET, **FAST) as simulator:
        yield simulator


@pytest.fixture
def http(sim: ILiveItSimulator) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sim.base_url, timeout=10, headers=AUTH) as client:
        yield client


def test_ping_send_status_and_status_postbacks(
    sim: ILiveItSimulator, relay: EmbeddedRelay, http: httpx.Client
) -> None:
    assert http.get("/ping").json() == {"Body": "Pong!"}
    prefix = relay.hook_prefix("iliveit")
    message_id = http.post(
        "/message/send",
        json=sms(PostbackStatusUrl=prefix + "/status", PostBackStatusTypes="submit,delivery"),
    ).json()["MessageID"]
    sim.wait_webhooks()
    assert [b["postback_type"] for b in stored(relay, "status")] == ["submit", "delivery"]
    status = http.get(f"/message/{message_id}/status").json()
    assert status["message_id"] == message_id and status["delivered_status"] == 1
    assert status["submit_status"] == 2 and status["msisdn"] == "27821234567"


def test_lower_case_spelling_and_refusals(sim: ILiveItSimulator, http: httpx.Client) -> None:
    lower = {"Action": 2, "Data": {"msisdn": ["27821234567"], "network": "*", "text": "x"}}
    assert "MessageID" in http.post("/message/send", json=lower).json()
    assert http.post("/message/send", json={"Action": 1, "Data": {}}).status_code == 400
    assert httpx.get(sim.base_url + "/ping").status_code == 401
    wrong = httpx.get(sim.base_url + "/ping", headers={"Authorization": "Bearer x"})
    assert wrong.status_code == 401 and wrong.json() == {"Error": "Authentication failure"}
    sim.set_faults("POST /message/send:error=1@429")
    limited = http.post("/message/send", json=sms())
    assert limited.status_code == 429
    assert limited.json() == {"Error": "Maximum messages per second exceeded"}
    assert http.get("/message/nope/status").status_code == 404


def test_a_reply_postback_to_the_message_reply_url(
    sim: ILiveItSimulator, relay: EmbeddedRelay, http: httpx.Client
) -> None:
    prefix = relay.hook_prefix("iliveit")
    message_id = http.post("/message/send", json=sms(PostbackReplyUrl=prefix + "/reply")).json()[
        "MessageID"
    ]
    http.post("/_sim/reply", json={"message_id": message_id, "text": "Yes please"})
    sim.wait_webhooks()
    (reply,) = stored(relay, "reply")
    assert reply["MessageId"] == message_id and reply["Message"] == "Yes please"
    assert reply["SourceMSISDN"] == "27821234567" and reply["RetryCount"] == 0


def test_a_demo_customer_answers_after_a_delay(relay: EmbeddedRelay) -> None:
    with (
        ILiveItSimulator(
            relay=relay.hook_prefix("iliveit"),
            reply_rate=1.0,
            reply_delay=0.05,
            duplicate_rate=0.0,
            reorder_rate=0.0,
            **FAST,
        ) as sim,
        httpx.Client(base_url=sim.base_url, headers=AUTH) as http,
    ):
        message_id = http.post("/message/send", json=sms()).json()["MessageID"]
        sim.wait_webhooks()
    (reply,) = stored(relay, "reply")
    assert reply["MessageId"] == message_id


def test_retries_count_up_until_answered(relay: EmbeddedRelay) -> None:
    """The first attempts meet a relay that answers 503 (a fault of the relay's proxy,
    here the simulator's own fault route standing in for it): RetryCount goes up."""
    with (
        ILiveItSimulator(
            relay=relay.hook_prefix("iliveit"), retry_delays=[0.05] * 10, **QUIET, **FAST
        ) as sim,
        httpx.Client(base_url=sim.base_url, headers=AUTH) as http,
    ):
        unavailable = sim.base_url + "/unavailable"
        sim.set_faults("POST /unavailable/*:error=1@503")
        message_id = http.post(
            "/message/send", json=sms(PostbackReplyUrl=unavailable + "/reply")
        ).json()["MessageID"]
        sim.inject_reply(message_id, "Hello?")
        assert sim.world is not None
        import time

        deadline = time.monotonic() + 20
        while not any(
            h["attempts"] >= 2 for h in sim.webhooks()["pending"] if h["kind"] == "reply"
        ):
            assert time.monotonic() < deadline
            time.sleep(0.01)
        for hook in sim.world.pusher._queue:
            if hook.kind == "reply":
                hook.url = relay.hook_prefix("iliveit") + "/reply"
        sim.wait_webhooks()
    (reply,) = stored(relay, "reply")
    assert reply["RetryCount"] >= 2


def test_duplicates_and_reordered_statuses(relay: EmbeddedRelay) -> None:
    with (
        ILiveItSimulator(
            relay=relay.hook_prefix("iliveit"),
            duplicate_rate=1.0,
            duplicate_delay=0.0,
            reorder_rate=1.0,
            reply_rate=0.0,
            **FAST,
        ) as sim,
        httpx.Client(base_url=sim.base_url, headers=AUTH) as http,
    ):
        http.post("/message/send", json=sms())
        sim.wait_webhooks()
        assert sim.webhooks()["duplicatesSent"] == 3
    assert [b["postback_type"] for b in stored(relay, "status")] == ["delivery", "sent", "submit"]


def test_cli_banner(relay: EmbeddedRelay) -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "inbox_app.simulator",
            "--platform",
            "iliveit",
            "--port",
            "0",
            "--relay",
            relay.hook_prefix("iliveit"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        match = re.fullmatch(r"iLiveIt simulator listening on (http://127\.0\.0\.1:\d+)\n", first)
        assert match, first
        assert "demo-app-token" in proc.stdout.readline()
        with httpx.Client(base_url=match.group(1), timeout=10, headers=AUTH) as http:
            assert http.get("/ping").status_code == 200
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=15)
    assert "Traceback" not in err + out

"""The IMIconnect simulator over real loopback HTTP, its webhooks reaching a real relay."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from inbox_app.relay import EmbeddedRelay
from inbox_app.simulator.imiconnect import IMIconnectSimulator

KEY = {"key": "demo-service-key"}
QUIET = {"duplicate_rate": 0.0, "reorder_rate": 0.0, "reply_rate": 0.0}


def sms(*numbers: str, text: str = "Hello", **extra: object) -> dict[str, object]:
    return {
        "deliverychannel": "sms",
        "channels": {"sms": {"text": text, "senderid": "DEMOBK"}},
        "destination": [{"msisdn": list(numbers)}],
        **extra,
    }


def stored(relay: EmbeddedRelay, kind: str) -> list[dict[str, object]]:
    assert relay.store is not None
    return [e.data["body"] for e in relay.store.events_after(0, 1000) if e.kind == kind]


def codes(relay: EmbeddedRelay) -> list[str]:
    return [b["deliveryInfoNotification"]["deliveryInfo"]["code"] for b in stored(relay, "dr")]


@pytest.fixture
def relay(tmp_path) -> Iterator[EmbeddedRelay]:
    with EmbeddedRelay(tmp_path / "relay.sqlite3") as running:
        yield running


@pytest.fixture
def sim(relay: EmbeddedRelay) -> Iterator[IMIconnectSimulator]:
    with IMIconnectSimulator(
        relay=relay.hook_prefix("imiconnect"),
        dataset="empty",
        submit_delay=0.0,
        delivery_delay=0.05,
        retry_delays=[0.05] * 5,
        **QUIET,
    ) as simulator:
        yield simulator


@pytest.fixture
def http(sim: IMIconnectSimulator) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sim.base_url, timeout=10) as client:
        yield client


def test_send_answers_queued_and_the_reports_reach_the_relay(
    sim: IMIconnectSimulator, relay: EmbeddedRelay, http: httpx.Client
) -> None:
    answer = http.post(
        "/resources/v1/messaging", headers=KEY, json=sms("13125550142", correlationid="k1")
    )
    assert answer.status_code == 200
    (entry,) = answer.json()["response"]
    assert (entry["code"], entry["description"], entry["correlationid"]) == ("1001", "Queued", "k1")
    sim.wait_webhooks()
    assert codes(relay) == ["7501", "7500"]
    report = stored(relay, "dr")[-1]["deliveryInfoNotification"]
    assert report["transid"] == entry["transid"] and report["correlationid"] == "k1"
    assert report["deliveryInfo"]["destination"] == "13125550142"
    status = http.get(f"/resources/v1/messaging/status/{entry['transid']}", headers=KEY)
    assert status.json()["deliveryInfoNotification"]["deliveryInfo"]["code"] == "7500"
    assert sim.sent()[0]["text"] == "Hello"


def test_failing_destinations_fail_or_expire(
    sim: IMIconnectSimulator, relay: EmbeddedRelay, http: httpx.Client
) -> None:
    http.post("/resources/v1/messaging", headers=KEY, json=sms("13125550198", "13125550199"))
    sim.wait_webhooks()
    assert sorted(codes(relay)) == ["7203", "7208", "7501", "7501"]


def test_refusals(sim: IMIconnectSimulator, http: httpx.Client) -> None:
    wrong = http.post("/resources/v1/messaging", headers={"key": "nope"}, json=sms("13125550142"))
    assert wrong.status_code == 401 and wrong.json()["response"][0]["code"] == "7001"
    many = sms(*[f"1312555{n:04d}" for n in range(1001)])
    assert (
        http.post("/resources/v1/messaging", headers=KEY, json=many).json()["response"][0]["code"]
        == "7009"
    )
    http.post("/_sim/config", json={"serviceActive": False})
    inactive = http.post("/resources/v1/messaging", headers=KEY, json=sms("13125550142"))
    assert inactive.json()["response"][0]["code"] == "7007"
    assert http.get("/resources/v1/messaging/status/x", headers=KEY).status_code == 404
    assert http.post("/resources/v1/messaging", headers=KEY, content=b"{").status_code == 400
    assert sim.sent() == []


def test_a_customer_message_reaches_the_relay(
    sim: IMIconnectSimulator, relay: EmbeddedRelay, http: httpx.Client
) -> None:
    sent = http.post("/_sim/mo", json={"customer": "+13125550142", "text": "Hi there"}).json()
    sim.wait_webhooks()
    (body,) = stored(relay, "mo")
    assert body == sent and body["oa"] == "13125550142" and body["da"] == "55123"
    assert set(body) == {"userId", "channel", "da", "oa", "message", "tid", "datetime", "ts"}


def test_retried_until_answered_and_stored_once(relay: EmbeddedRelay) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{closed.getsockname()[1]}/hooks/imiconnect/x"
    with IMIconnectSimulator(relay=dead, dataset="empty", retry_delays=[0.05] * 50, **QUIET) as sim:
        sim.inject_mo("13125550142", "Anyone there?")
        deadline = time.monotonic() + 20
        while not any(h["attempts"] >= 2 for h in sim.webhooks()["pending"]):
            assert time.monotonic() < deadline
            time.sleep(0.01)
        sim.configure(relayUrl=None)  # the relay comes back at its real address
        sim.world.relay = relay.hook_prefix("imiconnect")
        for hook in sim.world.pusher._queue:
            hook.url = relay.hook_prefix("imiconnect") + "/mo"
        sim.wait_webhooks()
        (answered,) = sim.webhooks(delivered=True)["answered"]
        assert answered["attempts"] >= 3 and answered["history"][-1] == "200"
    assert len(stored(relay, "mo")) == 1


def test_duplicates_are_reposted_and_stored_once(relay: EmbeddedRelay) -> None:
    with IMIconnectSimulator(
        relay=relay.hook_prefix("imiconnect"),
        dataset="empty",
        duplicate_rate=1.0,
        duplicate_delay=0.0,
        reorder_rate=0.0,
        reply_rate=0.0,
    ) as sim:
        sim.inject_mo("13125550142", "Hello?")
        sim.wait_webhooks()
        assert sim.webhooks()["duplicatesSent"] == 1
    assert len(stored(relay, "mo")) == 1


def test_reports_out_of_order(relay: EmbeddedRelay) -> None:
    with (
        IMIconnectSimulator(
            relay=relay.hook_prefix("imiconnect"),
            dataset="empty",
            reorder_rate=1.0,
            duplicate_rate=0.0,
            reply_rate=0.0,
            submit_delay=0.0,
            delivery_delay=0.05,
        ) as sim,
        httpx.Client(base_url=sim.base_url) as http,
    ):
        http.post("/resources/v1/messaging", headers=KEY, json=sms("13125550142"))
        sim.wait_webhooks()
    assert codes(relay) == ["7500", "7501"]


def test_a_fake_clock_drives_the_reports(relay: EmbeddedRelay) -> None:
    now = [1_700_000_000.0]
    with (
        IMIconnectSimulator(
            relay=relay.hook_prefix("imiconnect"),
            dataset="empty",
            clock=lambda: now[0],
            submit_delay=1,
            delivery_delay=60,
            **QUIET,
        ) as sim,
        httpx.Client(base_url=sim.base_url) as http,
    ):
        transid = http.post("/resources/v1/messaging", headers=KEY, json=sms("13125550142")).json()[
            "response"
        ][0]["transid"]
        state = lambda: http.get(  # noqa: E731
            f"/resources/v1/messaging/status/{transid}", headers=KEY
        ).json()["deliveryInfoNotification"]["deliveryInfo"]["code"]
        assert state() == "1001"
        sim.wait_webhooks(due_only=True)
        assert codes(relay) == []
        now[0] += 1
        sim.wait_webhooks(due_only=True)
        assert codes(relay) == ["7501"] and state() == "7501"
        now[0] += 59
        sim.wait_webhooks()
        assert codes(relay) == ["7501", "7500"] and state() == "7500"


def test_the_admin_api_is_there(sim: IMIconnectSimulator, http: httpx.Client) -> None:
    assert http.post("/_sim/config", json={"duplicateRate": 0.5}).json()["duplicateRate"] == 0.5
    assert http.post("/_sim/config", json={"nope": 1}).status_code == 400
    assert http.get("/_sim/webhooks").json()["pending"] == []
    assert http.get("/_sim/mt").json() == {"mt": []}
    assert http.get("/_sim/state").json()["platform"] == "imiconnect"
    http.put("/_sim/faults", json={"spec": "POST /resources/v1/messaging:error=1@503"})
    assert (
        http.post("/resources/v1/messaging", headers=KEY, json=sms("13125550142")).status_code
        == 503
    )


def test_cli_banner(relay: EmbeddedRelay) -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "inbox_app.simulator",
            "--platform",
            "imiconnect",
            "--port",
            "0",
            "--relay",
            relay.hook_prefix("imiconnect"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        match = re.fullmatch(
            r"IMIconnect simulator listening on (http://127\.0\.0\.1:\d+)\n", first
        )
        assert match, first
        assert "demo-service-key" in proc.stdout.readline()
        with httpx.Client(base_url=match.group(1), timeout=10) as http:
            answer = http.post("/resources/v1/messaging", headers=KEY, json=sms("13125550142"))
            assert answer.json()["response"][0]["code"] == "1001"
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=15)
    assert "Traceback" not in err + out

"""Faults (the shared grammar, Live Link's error body), the ``/_sim/`` admin API, the
world surviving a restart with ``db_path``, and the simulated customers."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from inbox_app.simulator.livelink import LiveLinkSimulator, LiveLinkWorld
from inbox_app.simulator.livelink.dataset import demo_dataset
from inbox_app.simulator.livelink.traffic import LiveLinkTraffic

from ...waiting import until
from .conftest import FakeClock, assert_error, get_token, window

SEND = {"destination": ["+13125550142"], "message": "hello", "subject": "outbox-1"}


def test_429_and_503_in_live_links_shape(
    sim: LiveLinkSimulator, http: httpx.Client, auth: dict
) -> None:
    sim.set_faults("POST /api/v2/sms:error=1@429:retry-after=3")
    limited = http.post("/api/v2/sms", headers=auth, json=SEND)
    assert_error(limited, 429)
    assert limited.headers["retry-after"] == "3"
    sim.set_faults("/api/v2/sms/*:error=1@503")
    assert_error(http.get("/api/v2/sms/mo", headers=auth, params=window()), 503)
    assert http.post("/api/v2/sms", headers=auth, json=SEND).status_code == 200
    assert len(sim.sent()) == 1  # only the send that got through


def test_dropped_answer_after_a_send_is_stored_exactly_once(
    sim: LiveLinkSimulator, http: httpx.Client, auth: dict
) -> None:
    sim.set_faults("POST /api/v2/sms:drop=1")
    with pytest.raises(httpx.TransportError):
        http.post("/api/v2/sms", headers=auth, json=SEND)
    sim.clear_faults()
    stored = http.get("/_sim/mt").json()["mt"]
    assert [(m["phone"], m["subject"]) for m in stored] == [("+13125550142", "outbox-1")]
    # The client finds it by its subject in the status pull instead of sending again.
    acks = http.get("/api/v2/sms/status", headers=auth, params=window()).json()
    assert [a["subject"] for a in acks["SAPNotification"]] == ["outbox-1"]


def test_a_simulated_401_really_forgets_the_token(
    sim: LiveLinkSimulator, http: httpx.Client, auth: dict
) -> None:
    sim.set_faults("GET /api/v2/sms/mo:error=1@401")
    assert_error(http.get("/api/v2/sms/mo", headers=auth, params=window()), 401)
    sim.clear_faults()
    assert_error(http.get("/api/v2/sms/mo", headers=auth, params=window()), 401)
    fresh = {"Authorization": f"Bearer {get_token(http)['access_token']}"}
    assert http.get("/api/v2/sms/mo", headers=fresh, params=window()).status_code == 200


def test_faults_over_the_admin_api(http: httpx.Client) -> None:
    put = http.put("/_sim/faults", json={"spec": "POST /api/v2/sms:error=0.5@503"})
    assert put.status_code == 200 and put.json()["rules"][0]["status"] == 503
    assert http.get("/_sim/faults").json()["spec"] == "POST /api/v2/sms:error=0.5@503"
    assert_error(http.put("/_sim/faults", json={"spec": "boom=1"}), 400)
    assert http.delete("/_sim/faults").status_code == 204
    assert http.get("/_sim/faults").json()["rules"] == []


def test_admin_mo_mt_state_config_reset(
    sim: LiveLinkSimulator, http: httpx.Client, auth: dict, clock: FakeClock
) -> None:
    injected = http.post(
        "/_sim/mo", json={"sender": "+13125550160", "recipient": "55501", "text": "hi"}
    )
    assert injected.status_code == 200, injected.text
    assert injected.json()["sender"] == "tel:+13125550160"
    mo = http.get("/api/v2/sms/mo", headers=auth, params=window()).json()["sapnotification"]
    assert [(m["recipient"], m["contentText"]) for m in mo] == [("55501", "hi")]
    for bad in (
        {"sender": "+13125550160"},
        {"sender": "nobody", "text": "x"},
        {"sender": "+13125550160", "text": "x", "received_at": "yesterday"},
        {"sender": "+13125550160", "text": "x", "colour": "red"},
    ):
        assert_error(http.post("/_sim/mo", json=bad), 400)
    assert_error(http.post("/_sim/mo", content=b"[1]"), 400)

    http.post("/api/v2/sms", headers=auth, json={**SEND, "message": "y" * 170})
    mt = http.get("/_sim/mt").json()["mt"]
    assert [(m["part"], m["parts"]) for m in mt] == [(1, 2), (2, 2)]
    state = http.get("/_sim/state").json()
    assert (state["mo"], state["mtRequests"], state["mtParts"], state["accessTokens"]) == (
        1,
        1,
        2,
        1,
    )

    config = http.post("/_sim/config", json={"deliveryDelaySeconds": 0, "accessTokenTtlMs": 5000})
    assert config.json()["deliveryDelaySeconds"] == 0
    assert get_token(http)["expires_in"] == 5000
    assert_error(http.post("/_sim/config", json={"pageSize": 0}), 400)
    assert_error(http.post("/_sim/config", json={"colour": 1}), 400)

    assert http.post("/_sim/reset").json() == {"reset": True}
    assert http.get("/_sim/state").json()["mo"] == 0
    assert_error(http.get("/api/v2/sms/mo", headers=auth, params=window()), 401)


def test_unknown_paths_and_methods_answer_in_the_same_shape(http: httpx.Client, auth: dict) -> None:
    assert_error(http.get("/api/v2/nothing", headers=auth), 404)
    assert_error(http.post("/api/messages", headers=auth, json={}), 404)
    assert_error(http.delete("/api/v2/sms", headers=auth), 405)


def test_the_world_survives_a_restart_with_a_db(tmp_path: Path, clock: FakeClock) -> None:
    db = str(tmp_path / "ll.sqlite")
    with (
        LiveLinkSimulator(db_path=db, clock=clock) as sim,
        httpx.Client(base_url=sim.base_url) as http,
    ):
        auth = {"Authorization": f"Bearer {get_token(http)['access_token']}"}
        assert http.post("/api/v2/sms", headers=auth, json=SEND).status_code == 200
        before = sim.state()
    with (
        LiveLinkSimulator(db_path=db, clock=clock) as sim,
        httpx.Client(base_url=sim.base_url) as http,
    ):
        after = sim.state()
        assert (after["mo"], after["mtParts"]) == (before["mo"], before["mtParts"])
        assert after["accessTokens"] == 0  # tokens are not kept: ask again
        assert_error(http.get("/api/v2/sms/mo", headers=auth, params=window()), 401)


def test_traffic_opens_conversations_and_answers_our_messages(clock: FakeClock) -> None:
    world = LiveLinkWorld(clock=clock)
    world.load(demo_dataset())
    try:
        traffic = LiveLinkTraffic(
            world, 600, seed=1, reply_probability=1.0, reply_delay=(0.0, 0.0), tick=0.01
        )
        before = world.summary()["mo"]

        async def run_until_answered() -> None:
            traffic.start()
            try:
                # Running (it notes where the MTs stand when it begins): a customer wrote in.
                await until(lambda: traffic.opened, what="a customer wrote in")
                world.send({"destination": ["+13125550142"], "message": "hi", "origin": "55501"})
                await until(lambda: traffic.replied, what="the customer answered us")
            finally:
                await traffic.stop()

        asyncio.run(run_until_answered())
        assert traffic.replied >= 1 and traffic.opened >= 1
        replies = [p for p in world.customer_phones() if p == ("+13125550142", "55501")]
        assert replies and world.summary()["mo"] >= before + 2
    finally:
        world.close()

"""Each fault kind is observable from an httpx client, and the admin API changes faults live."""

from __future__ import annotations

import time

import httpx
import pytest

from inbox_app.simulator import EmbeddedSimulator
from inbox_app.simulator.admin import is_loopback
from inbox_app.simulator.errors import internal_code
from inbox_app.simulator.faults import FaultSpecError, parse_faults

from .helpers import AGENT1, login

SEND = {"fromNumber": "18005550142", "toNumber": "4155550177", "message": "did it go through?"}


def test_parse_grammar() -> None:
    rules = parse_faults(
        "latency=200+50; /sms/agent/messages:error=0.3@503\n"
        "error=20%@429:retry-after=2; POST /sms/agent/message/send:drop=1;"
        "GET /sms/agent/*:slow=1500:rate=0.5; malformed=0.1"
    )
    assert [r.kind for r in rules] == ["latency", "error", "error", "drop", "slow", "malformed"]
    assert (rules[0].ms, rules[0].jitter_ms, rules[0].pattern) == (200, 50, None)
    assert (rules[1].pattern, rules[1].rate, rules[1].status) == ("/sms/agent/messages", 0.3, 503)
    assert (rules[2].rate, rules[2].retry_after) == (0.2, 2)
    assert (rules[3].method, rules[3].pattern) == ("POST", "/sms/agent/message/send")
    assert rules[4].matches("GET", "/sms/agent/channel") and not rules[4].matches(
        "PUT", "/sms/agent/x"
    )
    assert parse_faults("") == [] and parse_faults(" ; ") == []


@pytest.mark.parametrize(
    ("spec", "needle"),
    [
        ("explode=1", "unknown fault"),
        ("error=2", "between 0 and 1"),
        ("error=0.1@200", "4xx or 5xx"),
        ("latency=abc", "milliseconds"),
        ("FETCH /x:error=1", "HTTP method"),
        ("drop=1:retry-after=3", "retry-after"),
        ("error=1:colour=red", "unknown option"),
        ("/sms:", "fault is missing"),
        ("sms/agent:error=1", "must look like"),
    ],
)
def test_bad_specs_have_clear_errors(spec: str, needle: str) -> None:
    with pytest.raises(FaultSpecError, match=needle):
        parse_faults(spec)


def test_latency(sim: EmbeddedSimulator, http: httpx.Client, agent1: dict[str, str]) -> None:
    sim.set_faults("/sms/codes:latency=300+50")
    started = time.perf_counter()
    assert http.get("/sms/codes", headers=agent1).status_code == 200
    assert 0.3 <= time.perf_counter() - started < 2.0
    started = time.perf_counter()
    http.get("/sms/templates", headers=agent1)
    assert time.perf_counter() - started < 0.25  # other endpoints untouched


def test_error_status_and_retry_after(
    sim: EmbeddedSimulator, http: httpx.Client, agent1: dict[str, str]
) -> None:
    sim.set_faults("/sms/agent/channel:error=1@429:retry-after=2; /sms/codes:error=1@503")
    r = http.get("/sms/agent/channel", headers=agent1)
    assert r.status_code == 429 and r.headers["Retry-After"] == "2"
    assert r.json()["code"] == internal_code(429)
    assert http.get("/sms/codes", headers=agent1).status_code == 503
    assert http.get("/sms/templates", headers=agent1).status_code == 200


def test_error_rate_is_roughly_the_probability(
    sim: EmbeddedSimulator, http: httpx.Client, agent1: dict[str, str]
) -> None:
    sim.set_faults("/sms/codes:error=0.5@502")
    statuses = [http.get("/sms/codes", headers=agent1).status_code for _ in range(60)]
    assert 10 < statuses.count(502) < 50 and statuses.count(200) == 60 - statuses.count(502)


def test_error_faults_do_not_act(
    sim: EmbeddedSimulator, http: httpx.Client, agent1: dict[str, str]
) -> None:
    sim.set_faults("POST /sms/agent/message/send:error=1@500")
    assert http.post("/sms/agent/message/send", headers=agent1, json=SEND).status_code == 500
    assert sim.state()["sent"] == []


def test_401_fault_expires_the_session(
    sim: EmbeddedSimulator, http: httpx.Client, agent1: dict[str, str]
) -> None:
    sim.set_faults("/sms/codes:error=1@401")
    assert http.get("/sms/codes", headers=agent1).status_code == 401
    sim.clear_faults()
    assert http.get("/sms/templates", headers=agent1).status_code == 401  # really gone
    assert login(http, sim) != agent1


def test_malformed_json(sim: EmbeddedSimulator, http: httpx.Client, agent1: dict[str, str]) -> None:
    sim.set_faults("/sms/agent/channel:malformed=1")
    r = http.get("/sms/agent/channel", headers=agent1)
    assert r.status_code == 200
    with pytest.raises(ValueError):
        r.json()


def test_drop_after_processing_keeps_the_message(
    sim: EmbeddedSimulator, http: httpx.Client, agent1: dict[str, str]
) -> None:
    sim.set_faults("POST /sms/agent/message/send:drop=1")
    with pytest.raises(httpx.RemoteProtocolError):
        http.post("/sms/agent/message/send", headers=agent1, json=SEND)
    sim.clear_faults()
    state = sim.state()
    assert [m["message"] for m in state["sent"]] == ["did it go through?"]
    assert list(state["sentPerThread"].values()) == [1]
    # The client reconciles against the history and finds it there, exactly once.
    thread_id = state["sent"][0]["threadId"]
    history = http.get("/sms/agent/messages", headers=agent1, params={"threadId": thread_id}).json()
    assert [m["message"] for m in history].count("did it go through?") == 1


def test_slow_body(sim: EmbeddedSimulator, http: httpx.Client, agent1: dict[str, str]) -> None:
    sim.set_faults("/sms/agent/channel:slow=600")
    started = time.perf_counter()
    with http.stream("GET", "/sms/agent/channel", headers=agent1) as r:
        headers_after = time.perf_counter() - started
        body = r.read()
    total = time.perf_counter() - started
    assert r.status_code == 200 and headers_after < 0.3 and total >= 0.5
    assert isinstance(httpx.Response(200, content=body).json(), list)


def test_faults_never_touch_admin_routes(sim: EmbeddedSimulator, http: httpx.Client) -> None:
    sim.set_faults("error=1@503")
    assert http.get("/_sim/state").status_code == 200
    assert http.get("/sms/codes").status_code == 503


def test_admin_api_changes_faults_at_run_time(
    sim: EmbeddedSimulator, http: httpx.Client, agent1: dict[str, str]
) -> None:
    r = http.put("/_sim/faults", json={"spec": "/sms/codes:error=1@502"})
    assert r.status_code == 200 and r.json()["rules"][0]["status"] == 502
    assert http.get("/sms/codes", headers=agent1).status_code == 502
    assert http.get("/_sim/faults").json()["spec"] == "/sms/codes:error=1@502"
    bad = http.put("/_sim/faults", json={"spec": "error=7"})
    assert bad.status_code == 400 and "between 0 and 1" in bad.json()["message"]
    assert http.delete("/_sim/faults").status_code == 204
    assert http.get("/sms/codes", headers=agent1).status_code == 200


def test_admin_state_config_inbound_reset(
    sim: EmbeddedSimulator, http: httpx.Client, agent1: dict[str, str]
) -> None:
    before = http.get("/_sim/state").json()
    assert before["threads"] > 300 and before["sent"] == []
    cfg = http.post("/_sim/config", json={"pageSize": 5}).json()
    assert cfg["pageSize"] == 5
    assert (
        len(
            http.get(
                "/sms/agent/thread/details",
                headers=agent1,
                params={"channelId": AGENT1, "channel": "SMS"},
            ).json()
        )
        == 5
    )
    assert http.post("/_sim/config", json={"pageSize": 0}).status_code == 400
    assert http.post("/_sim/config", json={"colour": 1}).status_code == 400
    created = http.post("/_sim/inbound", json={"phone": "12025550142", "message": "hi"}).json()
    assert set(created) == {"threadId", "messageId"}
    assert http.post("/_sim/inbound", json={"message": "hi"}).status_code == 400
    assert http.post("/_sim/inbound", content=b"[").status_code == 400
    assert http.get("/_sim/state").json()["threads"] == before["threads"] + 1
    assert http.post("/_sim/expire-sessions").json()["expired"] >= 1
    assert http.get("/sms/codes", headers=agent1).status_code == 401
    assert http.post("/_sim/reset").status_code == 200
    assert http.get("/_sim/state").json()["threads"] == before["threads"]


@pytest.mark.parametrize(
    ("host", "ok"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("::ffff:127.0.0.1", True),
        ("localhost", True),
        ("10.0.0.5", False),
        ("192.168.1.2", False),
        ("::ffff:10.0.0.1", False),
        ("example.com", False),
        ("", False),
        (None, False),
    ],
)
def test_loopback_check(host: str | None, ok: bool) -> None:
    assert is_loopback(host) is ok


def test_faults_are_deterministic_for_a_seed() -> None:
    from inbox_app.simulator.faults import FaultInjector

    def run() -> list[bool]:
        inj = FaultInjector(parse_faults("error=0.5"), seed=7)
        return [inj.plan("GET", "/x").outcome is not None for _ in range(50)]

    assert run() == run()


async def test_admin_rejects_non_loopback_clients() -> None:
    from inbox_app.simulator.app import create_app
    from inbox_app.simulator.dataset import empty_dataset
    from inbox_app.simulator.state import World

    world = World()
    world.load(empty_dataset())
    app = create_app(world)
    try:
        for client, status in ((("10.1.2.3", 5000), 403), (("127.0.0.1", 5000), 200)):
            transport = httpx.ASGITransport(app=app, client=client)
            async with httpx.AsyncClient(transport=transport, base_url="http://sim") as http:
                r = await http.get("/_sim/state")
                assert r.status_code == status
                if status == 403:
                    assert r.json()["code"] == internal_code(403)
    finally:
        world.close()

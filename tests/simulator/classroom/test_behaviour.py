"""The optional behaviour of scripted customers, over HTTP on the test's clock: a reply that
opts the customer out, silence after a number of replies, follow-ups while kept waiting, a
customer shared in the group inbox, and starting the class again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from inbox_app.simulator.class_server import EmbeddedClass

from .helpers import FakeClock, customer, history, login, send, wait_for

SCRIPT = """
[scenario]
title = "Behaviour"
reply_after_s = 1

[[customer]]
name = "Olive Out"
number = "+17735550201"
opens = "Hello?"
[[customer.reply]]
when = "account"
say = "STOP"
then = "opt_out"
[[customer.reply]]
when = "*"
say = "What is this about?"

[[customer]]
name = "Quinn Quiet"
number = "+17735550202"
opens = "Hi"
quiet_after = 2
[[customer.reply]]
when = "*"
say = "ok"

[[customer]]
name = "Wes Waiting"
number = "+17735550203"
opens = "Anyone?"
[customer.escalation]
after_s = 60
say = ["Hello??", "I want a supervisor."]
[[customer.reply]]
when = "*"
say = "fine"

[[customer]]
name = "Gus Group"
number = "+17735550204"
opens = "For whoever is free"
inbox = "group"
[[customer.reply]]
when = "*"
say = "thanks"
"""


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def room(tmp_path: Path, clock: FakeClock) -> Iterator[EmbeddedClass]:
    path = tmp_path / "behaviour.toml"
    path.write_text(SCRIPT, encoding="utf-8")
    with EmbeddedClass(path, classroom=2, clock=clock) as sim:
        yield sim


@pytest.fixture
def http(room: EmbeddedClass) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=room.base_url, timeout=10) as client:
        yield client


def _step(http: httpx.Client, clock: FakeClock, seconds: float) -> None:
    """Move the clock on and wait until the player has looked at it."""
    clock.advance(seconds)
    now = int(clock.now * 1000)
    wait_for(lambda: http.get("/_sim/class").json()["steppedAt"] >= now, "a step")


def _texts(http: httpx.Client, headers: dict[str, str], run: str) -> list[str]:
    return [m["message"] for m in history(http, headers, customer(http, run)["threadId"])]


def _say_to(http: httpx.Client, headers: dict[str, str], run: str, text: str) -> None:
    c = customer(http, run)
    send(http, headers, c["threadId"], c["number"], text)


def test_a_reply_that_opts_out_and_then_nothing_more(http: httpx.Client, clock: FakeClock) -> None:
    me = login(http, "trainee1")
    _say_to(http, me, "trainee1.1", "About your account")
    _step(http, clock, 1)
    assert _texts(http, me, "trainee1.1") == ["Hello?", "About your account", "STOP"]
    assert customer(http, "trainee1.1")["state"] == "opted_out"
    _say_to(http, me, "trainee1.1", "Sorry, one more thing")  # a slip; no answer comes
    _step(http, clock, 30)
    assert _texts(http, me, "trainee1.1")[-1] == "Sorry, one more thing"
    # The other trainee's copy is not opted out.
    assert customer(http, "trainee2.1")["state"] == "waiting"


def test_silence_after_quiet_after_replies(http: httpx.Client, clock: FakeClock) -> None:
    me = login(http, "trainee1")
    for text in ("one", "two", "three"):
        _say_to(http, me, "trainee1.2", text)
        _step(http, clock, 1)
    assert _texts(http, me, "trainee1.2") == ["Hi", "one", "ok", "two", "ok", "three"]
    assert customer(http, "trainee1.2")["state"] == "quiet"


def test_follow_ups_while_kept_waiting_stop_when_answered(
    http: httpx.Client, clock: FakeClock
) -> None:
    me = login(http, "trainee1")
    _step(http, clock, 59)
    assert _texts(http, me, "trainee1.3") == ["Anyone?"]
    _step(http, clock, 1)
    assert _texts(http, me, "trainee1.3") == ["Anyone?", "Hello??"]
    _step(http, clock, 60)
    assert _texts(http, me, "trainee1.3") == ["Anyone?", "Hello??", "I want a supervisor."]
    _step(http, clock, 600)  # only as many follow-ups as the script has
    assert len(_texts(http, me, "trainee1.3")) == 3
    # trainee2 answers in time: their copy never follows up.
    two = login(http, "trainee2")
    assert len(_texts(http, two, "trainee2.3")) == 3  # waited as long, untouched by trainee1
    _say_to(http, two, "trainee2.3", "Here now, sorry")
    _step(http, clock, 1)
    _step(http, clock, 600)
    assert _texts(http, two, "trainee2.3")[-2:] == ["Here now, sorry", "fine"]


def test_a_group_customer_is_shared_and_answers_whoever_writes(
    http: httpx.Client, clock: FakeClock
) -> None:
    view = http.get("/_sim/class").json()
    assert [c["run"] for c in view["customers"] if c["trainee"] is None] == ["group.4"]
    one, two = login(http, "trainee1"), login(http, "trainee2")
    group = http.get(
        "/sms/agent/thread/details",
        headers=two,
        params={"channelId": "80001", "channel": "SMS", "personal": "false"},
    ).json()
    assert [t["details"] for t in group] == ["For whoever is free"]
    r = http.put(
        "/sms/agent/thread/switchGroup/private",
        headers=two,
        params={"threadId": group[0]["threadId"], "channelId": "810002"},
    )
    assert r.status_code == 204, r.text
    _say_to(http, two, "group.4", "I can help")
    _step(http, clock, 1)
    assert _texts(http, one, "group.4")[-1] == "thanks"
    events = http.get("/_sim/class/events").json()["events"]
    assert [(e["kind"], e.get("agent"), e.get("to")) for e in events if e.get("run") == "group.4"][
        1:3
    ] == [("take", "trainee2", "trainee2"), ("sent", "trainee2", None)]


def test_restart_and_a_world_reset_start_the_class_again(
    http: httpx.Client, clock: FakeClock
) -> None:
    me = login(http, "trainee1")
    _say_to(http, me, "trainee1.2", "hello")
    _step(http, clock, 1)
    assert http.post("/_sim/class/restart").json() == {"restarted": True}
    me = login(http, "trainee1")  # a reset drops the sessions
    assert _texts(http, me, "trainee1.2") == ["Hi"]
    kinds = [e["kind"] for e in http.get("/_sim/class/events").json()["events"]]
    assert kinds == ["class_started"] + ["opened"] * 7

    _say_to(http, me, "trainee1.2", "hello again")
    assert http.post("/_sim/reset").status_code == 200  # the plain world reset, too
    me = login(http, "trainee1")

    def opener_again() -> bool:
        thread = customer(http, "trainee1.2")["threadId"]
        r = http.get("/sms/agent/messages", headers=me, params={"threadId": thread})
        # 404 until the player has seen the reset and sent the openers again
        return r.status_code == 200 and [m["message"] for m in r.json()] == ["Hi"]

    wait_for(opener_again, "trainee1's Quinn to open again")


def test_a_trainer_line_to_a_resolved_customer_reopens_it_in_the_group_inbox(
    http: httpx.Client,
) -> None:
    me = login(http, "trainee1")
    quinn = customer(http, "trainee1.2")
    r = http.post(
        "/sms/agent/thread/resolve",
        headers=me,
        json={"threadId": quinn["threadId"], "account": quinn["account"]}
        | {"agentEnteredAccount": quinn["account"]},
    )
    assert r.status_code == 204, r.text
    assert customer(http, "trainee1.2")["state"] == "resolved"
    r = http.post("/_sim/class/customers/trainee1.2/say", json={"message": "One more question"})
    assert r.status_code == 200, r.text
    after = customer(http, "trainee1.2")
    assert (after["state"], after["owner"]) == ("waiting", None)
    group = http.get(
        "/sms/agent/thread/details",
        headers=me,
        params={"channelId": "80001", "channel": "SMS", "personal": "false"},
    ).json()
    assert "One more question" in [t["details"] for t in group]

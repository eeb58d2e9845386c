"""A scenario run over HTTP (issue 17): the opening message arrives, a matching reply comes
back after its delay, a non-matching one gets the fallback. The world's clock is the test's:
a reply is proven *not* there before its delay by the player having scheduled it, and there
once the clock has moved past it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from inbox_app.simulator.class_server import EmbeddedClass

from .helpers import MINIMAL, FakeClock, customer, history, login, send, wait_for


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sim(tmp_path: Path, clock: FakeClock) -> Iterator[EmbeddedClass]:
    path = tmp_path / "minimal.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    with EmbeddedClass(path, clock=clock) as simulator:
        yield simulator


@pytest.fixture
def http(sim: EmbeddedClass) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sim.base_url, timeout=10) as client:
        yield client


def _group_thread(http: httpx.Client, headers: dict[str, str], phone: str) -> dict:
    for page in range(1, 100):
        r = http.get(
            "/sms/agent/thread/details",
            headers=headers,
            params={
                "channelId": "94881",
                "channel": "SMS",
                "personal": "false",
                "pagination": page,
            },
        )
        assert r.status_code == 200, r.text
        for thread in r.json():
            if thread["contactInfo"]["phoneDetails"]["number"] == phone:
                return thread
        if not r.json():
            break
    raise AssertionError(f"no thread from {phone} in the group inbox")


def test_opening_then_matching_reply_after_its_delay_then_fallback(
    sim: EmbeddedClass, http: httpx.Client, clock: FakeClock
) -> None:
    agent = login(http, "agent1")
    thread = _group_thread(http, agent, "13125550101")
    tid = thread["threadId"]
    assert thread["details"] == "Hi, I got a letter about my account"
    assert thread["smsInbound"] is True
    assert [m["message"] for m in history(http, agent, tid)] == [
        "Hi, I got a letter about my account"
    ]

    # A message matching "payment|pay" (any case): the scripted answer is due 2 s later.
    sent_at = int(clock.now * 1000)
    send(http, agent, tid, "13125550101", "We can set up a PAYMENT plan today.")
    pending = wait_for(lambda: customer(http, "group.1")["pending"], "the reply to be scheduled")
    assert pending == [{"at": sent_at + 2000, "text": "Can I pay $50 a month?"}]
    clock.advance(1.9)
    # The player has looked at the moved clock ...
    stepped = int(clock.now * 1000)
    wait_for(lambda: http.get("/_sim/class").json()["steppedAt"] >= stepped, "a step at 1.9 s")
    assert len(history(http, agent, tid)) == 2  # ... and the reply was not due yet
    clock.advance(0.1)
    messages = wait_for(
        lambda: (h := history(http, agent, tid)) and len(h) == 3 and h, "the scripted reply"
    )
    assert messages[-1]["message"] == "Can I pay $50 a month?"
    assert messages[-1]["direction"] == "1"
    assert messages[-1]["date"] == sent_at + 2000

    # Nothing in the scenario matches this: the fallback answers after the default delay.
    send(http, agent, tid, "13125550101", "Hello, is there anything else?")
    fallback = wait_for(lambda: customer(http, "group.1")["pending"], "the fallback")
    assert [p["text"] for p in fallback] == ["ok"]
    clock.advance(3)
    messages = wait_for(
        lambda: (h := history(http, agent, tid)) and len(h) == 5 and h, "the fallback reply"
    )
    assert [m["message"] for m in messages[-2:]] == ["Hello, is there anything else?", "ok"]

    events = http.get("/_sim/class/events").json()["events"]
    kinds = [(e["kind"], e.get("why")) for e in events if e.get("run") == "group.1"]
    assert kinds == [
        ("opened", None),
        ("sent", None),
        ("said", "reply"),
        ("sent", None),
        ("said", "fallback"),
    ]

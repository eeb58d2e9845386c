"""Shared pieces of the trainer tests: a clock the test moves, waiting on a condition over
HTTP, and the minimal scenario of issue 17 (kept working as written there)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

import httpx

T = TypeVar("T")

# 2026-12-01 15:00 UTC: 9:00 in Chicago, daytime for every US number of the scenarios.
DAYTIME = 1_764_601_200.0

MINIMAL = """
[[customer]]
name = "Dana Fox"
number = "+13125550101"
account = "A-1001"
opens = "Hi, I got a letter about my account"     # first inbound message, at start
[[customer.reply]]
when = "payment|pay"                               # regex, case-insensitive, on the agent's message
say = "Can I pay $50 a month?"
after_s = 2
[[customer.reply]]
when = "*"                                         # anything else
say = "ok"
"""


class FakeClock:
    """Seconds since the epoch, moved on by the test: the world's and the player's clock."""

    def __init__(self, start: float = DAYTIME) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def wait_for(probe: Callable[[], T | None], what: str, timeout: float = 10.0) -> T:
    """Poll ``probe`` until it returns something truthy (never a fixed sleep)."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.01)


def login(http: httpx.Client, user: str) -> dict[str, str]:
    r = http.post(
        "/session/login",
        headers={"LV-Access": "demo-token"},
        json={"clientName": "DEMO", "userName": user, "password": "demo", "agent": True},
    )
    assert r.status_code == 200, r.text
    return {"LV-Session": r.json()["sessionId"]}


def history(http: httpx.Client, headers: dict[str, str], thread_id: str) -> list[dict[str, Any]]:
    """The thread's messages, oldest first."""
    r = http.get("/sms/agent/messages", headers=headers, params={"threadId": thread_id})
    assert r.status_code == 200, r.text
    return list(reversed(r.json()))


def customer(http: httpx.Client, run: str) -> dict[str, Any]:
    view = http.get("/_sim/class").json()
    return next(c for c in view["customers"] if c["run"] == run)


def send(http: httpx.Client, headers: dict[str, str], thread_id: str, to: str, text: str) -> None:
    r = http.post(
        "/sms/agent/message/send",
        headers=headers,
        json={"fromNumber": "18005550100", "toNumber": to, "message": text, "threadId": thread_id},
    )
    assert r.status_code == 200, r.text

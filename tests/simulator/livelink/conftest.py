"""Fixtures for the Live Link 365 simulator tests: a real server on a free loopback port,
real HTTP with httpx, and a clock the test moves by hand."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from inbox_app.simulator.livelink import LiveLinkSimulator

NOW = datetime(2024, 6, 1, 12, 0, 30, tzinfo=UTC)  # half a minute past noon


class FakeClock:
    """Seconds since the epoch, moved only by the test."""

    def __init__(self, start: datetime = NOW) -> None:
        self.t = start.timestamp()

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


def utc(moment: datetime) -> str:
    """``yyyyMMddHHmm`` as the pulls take it."""
    return moment.strftime("%Y%m%d%H%M")


def window(before: timedelta = timedelta(hours=1), after: timedelta = timedelta(minutes=5)):
    return {"startUTCTime": utc(NOW - before), "endUTCTime": utc(NOW + after), "pageIndex": 1}


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sim(clock: FakeClock) -> Iterator[LiveLinkSimulator]:
    with LiveLinkSimulator(dataset="empty", clock=clock, delivery_delay=2.0) as simulator:
        yield simulator


@pytest.fixture
def demo(clock: FakeClock) -> Iterator[LiveLinkSimulator]:
    with LiveLinkSimulator(clock=clock) as simulator:
        yield simulator


@pytest.fixture
def http(sim: LiveLinkSimulator) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sim.base_url, timeout=10) as client:
        yield client


def get_token(http: httpx.Client, key: str = "demo-key", secret: str = "demo-secret") -> dict:
    response = http.post(
        "/api/oauth/token", auth=(key, secret), data={"grant_type": "client_credentials"}
    )
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture
def auth(http: httpx.Client) -> dict[str, str]:
    return {"Authorization": f"Bearer {get_token(http)['access_token']}"}


def assert_error(response: httpx.Response, status: int) -> dict:
    """Live Link's error body (the definition's LiveLinkResponse), never FastAPI's."""
    assert response.status_code == status, response.text
    body = response.json()
    assert isinstance(body["apiErrorCode"], int)
    assert body["debugMessage"] and body["userMessage"]
    assert "detail" not in body
    return body


@pytest.fixture
def demo_http(demo: LiveLinkSimulator) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=demo.base_url, timeout=10) as client:
        yield client


@pytest.fixture
def demo_auth(demo_http: httpx.Client) -> dict[str, str]:
    return {"Authorization": f"Bearer {get_token(demo_http)['access_token']}"}

"""Contract fixtures: the real LiveLinkClient against the real Live Link 365 simulator over
loopback HTTP, both on one clock that only the test moves.

The simulator is wrapped in a small ASGI recorder (outside its fault middleware), so a test
can count what the *server* received and answered: every request's method, path, status
and, for the token endpoint, its ``grant_type``. Counting on the server's side is what
proves "repeated exactly once" or "never retried", whatever the client believes it did.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

import pytest

from inbox_app.livelink import LiveLinkClient
from inbox_app.simulator.livelink import LiveLinkSimulator
from inbox_app.simulator.livelink.app import create_app

NOW = datetime(2024, 6, 1, 12, 0, 30, tzinfo=UTC)  # half a minute past noon
TOKEN = "/api/oauth/token"
SMS = "/api/v2/sms"
MO = "/api/v2/sms/mo"
STATUS = "/api/v2/sms/status"


class FakeClock:
    """Seconds since the epoch, moved only by the test. The simulator reads it as its wall
    clock and the client as its monotonic clock: one ``advance`` moves both worlds."""

    def __init__(self, start: datetime = NOW) -> None:
        self.t = start.timestamp()

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


@dataclass
class Seen:
    """One request as the server received it; ``status`` once it answered (None if never)."""

    method: str
    path: str
    body: bytearray = field(default_factory=bytearray)
    status: int | None = None

    @property
    def grant(self) -> str | None:
        return dict(parse_qsl(self.body.decode("utf-8", "replace"))).get("grant_type")


class Recorder:
    """ASGI middleware that appends a :class:`Seen` for every HTTP request but ``/_sim``."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.seen: list[Seen] = []

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/_sim"):
            await self.app(scope, receive, send)
            return
        entry = Seen(scope["method"], scope["path"])
        self.seen.append(entry)

        async def recv() -> Any:
            message = await receive()
            if message.get("type") == "http.request":
                entry.body.extend(message.get("body", b""))
            return message

        async def tell(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                entry.status = message["status"]
            await send(message)

        await self.app(scope, recv, tell)


def _recording_app(world: Any, **options: Any) -> Recorder:
    recorder = Recorder(create_app(world, **options))
    world.contract_recorder = recorder  # the simulator hands the app to uvicorn: keep a handle
    return recorder


class RecordingSimulator(LiveLinkSimulator):
    """The embedded simulator, its app wrapped in a :class:`Recorder`."""

    _create_app = staticmethod(_recording_app)

    @property
    def seen(self) -> list[Seen]:
        return list(self._require_world().contract_recorder.seen)  # type: ignore[attr-defined]

    def calls(self, method: str, path: str) -> list[int | None]:
        """The statuses the server answered to ``method path``, in order."""
        return [s.status for s in self.seen if s.method == method and s.path == path]

    def grants(self) -> list[tuple[str | None, int | None]]:
        """``(grant_type, status)`` of every token request, in order."""
        return [(s.grant, s.status) for s in self.seen if s.path == TOKEN]

    def forget_seen(self) -> None:
        self._require_world().contract_recorder.seen.clear()  # type: ignore[attr-defined]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sim(clock: FakeClock) -> Iterator[RecordingSimulator]:
    """An empty account (our numbers and the failing destinations, nothing sent or received)."""
    with RecordingSimulator(dataset="empty", clock=clock, delivery_delay=2.0) as simulator:
        yield simulator


@pytest.fixture
def demo(clock: FakeClock) -> Iterator[RecordingSimulator]:
    """The demo account: customers who wrote in, messages we sent, one that failed."""
    with RecordingSimulator(dataset="demo", clock=clock) as simulator:
        yield simulator


def new_client(
    sim: LiveLinkSimulator, clock: Callable[[], float], **options: Any
) -> LiveLinkClient:
    creds = sim.credentials
    options.setdefault("read_timeout", 5.0)
    options.setdefault("secret", creds.secret)
    return LiveLinkClient(sim.base_url, creds.app_key, clock=clock, **options)


@pytest.fixture
async def ll(sim: RecordingSimulator, clock: FakeClock) -> AsyncIterator[LiveLinkClient]:
    """A client with the demo app key and secret, on the test's clock (no token yet)."""
    async with new_client(sim, clock) as client:
        yield client


@pytest.fixture
async def demo_ll(demo: RecordingSimulator, clock: FakeClock) -> AsyncIterator[LiveLinkClient]:
    async with new_client(demo, clock) as client:
        yield client


async def wait_until(condition: Callable[[], bool], *, limit: float = 10.0) -> None:
    """Wait for a condition the server's thread makes true (generous limit, no fixed sleep)."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still not true after {limit} s")
        await asyncio.sleep(0.01)

"""A Live Link client wired to a respx router through an injected transport, on a fake clock."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from urllib.parse import parse_qs

import httpx
import pytest
import respx

from inbox_app.livelink import LiveLinkClient

BASE = "https://ll.test"
APP_KEY = "appkey-7d1e9a"
SECRET = "s3cret-Ab9!xq"
BASIC = "Basic " + base64.b64encode(f"{APP_KEY}:{SECRET}".encode()).decode()
ACCESS = "acc-1f2e3d4c5b6a"
REFRESH = "ref-9a8b7c6d5e4f"


def token(access: str = ACCESS, refresh: str | None = REFRESH, **extra: object) -> dict:
    """A token answer as Live Link sends it: lifetimes in milliseconds (45 and 60 min)."""
    body: dict[str, object] = {
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": 2_700_000,
        "refresh_expires_in": 3_600_000,
        "scope": "livelink:api livelink:pollData",
        **extra,
    }
    if refresh is not None:
        body["refresh_token"] = refresh
    return body


def form(request: httpx.Request) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(request.content.decode()).items()}


class Clock:
    """A monotonic clock that moves only when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def router() -> respx.Router:
    return respx.Router(base_url=BASE, assert_all_called=False)


@pytest.fixture
async def ll(router: respx.Router, clock: Clock) -> AsyncIterator[LiveLinkClient]:
    client = LiveLinkClient(
        BASE, APP_KEY, SECRET, transport=httpx.MockTransport(router.async_handler), clock=clock
    )
    yield client
    await client.aclose()


@pytest.fixture
def token_route(router: respx.Router) -> respx.Route:
    """The token endpoint, answering with a fresh token."""
    return router.post("/api/oauth/token").respond(200, json=token())

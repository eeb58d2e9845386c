"""A LiveVox client wired to a respx router through an injected transport (no patching)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
import respx

from inbox_app.livevox import LiveVoxClient

from . import seed_examples as seed

BASE = "https://lv.test"
TOKEN = "tok-3f9d2c71-access"
PASSWORD = "pw-Secr3t!"
SESSION = seed.LOGIN["sessionId"]


@pytest.fixture
def router() -> respx.Router:
    return respx.Router(base_url=BASE, assert_all_called=False)


@pytest.fixture
async def lv(router: respx.Router) -> AsyncIterator[LiveVoxClient]:
    client = LiveVoxClient(BASE, TOKEN, transport=httpx.MockTransport(router.async_handler))
    yield client
    await client.aclose()


@pytest.fixture
async def agent(lv: LiveVoxClient, router: respx.Router) -> LiveVoxClient:
    """A client logged in as an agent (agent id 645836)."""
    router.post("/session/login").respond(200, json=seed.LOGIN)
    await lv.login("DEMO", "agent1", PASSWORD, agent=True)
    return lv

"""An iLiveIt client wired to a respx router through an injected transport."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
import respx

from inbox_app.iliveit import ILiveItClient

BASE = "https://il.test"
TOKEN = "app-tok-5f3e2d1c0b9a"


@pytest.fixture
def router() -> respx.Router:
    return respx.Router(base_url=BASE, assert_all_called=False)


@pytest.fixture
async def il(router: respx.Router) -> AsyncIterator[ILiveItClient]:
    client = ILiveItClient(
        BASE,
        TOKEN,
        transport=httpx.MockTransport(router.async_handler),
        retry_attempts=3,
        retry_timeout=5.0,
    )
    yield client
    await client.aclose()

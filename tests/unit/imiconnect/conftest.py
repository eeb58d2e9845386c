"""An IMIconnect client wired to a respx router through an injected transport."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
import respx

from inbox_app.imiconnect import IMIconnectClient

BASE = "https://imi.test"
KEY = "svc-key-4b1f9e2a77"
SEND = "/resources/v1/messaging"


def answer(*entries: dict[str, str]) -> dict[str, list[dict[str, str]]]:
    return {"response": list(entries)}


def queued(transid: str = "tid-1", correlationid: str | None = "k1") -> dict[str, str]:
    entry = {"code": "1001", "description": "Queued", "transid": transid}
    if correlationid is not None:
        entry["correlationid"] = correlationid
    return entry


@pytest.fixture
def router() -> respx.Router:
    return respx.Router(base_url=BASE, assert_all_called=False)


@pytest.fixture
async def imi(router: respx.Router) -> AsyncIterator[IMIconnectClient]:
    client = IMIconnectClient(BASE, KEY, transport=httpx.MockTransport(router.async_handler))
    yield client
    await client.aclose()

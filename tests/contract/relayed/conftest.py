"""The workspace on the IMIconnect and iLiveIt adapters with the REAL relay (EmbeddedRelay
on loopback): the test posts the platforms' webhooks to it as they would, and the platform's
send endpoint is a fake behind an ``httpx.MockTransport`` that records every send.

:class:`Desk` is one agent's desktop: a workspace on its own profile folder (local threads)
and its own agent token. :class:`Scenario` is what differs per platform: how a customer's
message and a delivery report are posted, and the fake send endpoint.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from inbox_app.core.inbox import InboxRef
from inbox_app.core.local_threads import LocalThreads
from inbox_app.core.models import Thread
from inbox_app.core.platforms.iliveit import ILiveItPlatform
from inbox_app.core.platforms.imiconnect import IMIconnectPlatform
from inbox_app.core.platforms.relayed import RelayedPlatform
from inbox_app.core.workspace import Workspace
from inbox_app.iliveit import ILiveItClient
from inbox_app.imiconnect import IMIconnectClient
from inbox_app.relay import EmbeddedRelay
from inbox_app.relayapi import RelayClient

OURS = "+13125550100"
CUSTOMER = "+13125550101"
PERSONAL = InboxRef(OURS, "SMS", True)
GROUP = InboxRef(OURS, "SMS", False)


async def wait_until(condition: Callable[[], bool], *, limit: float = 10.0) -> None:
    """Wait for a condition another thread makes true (no fixed sleep racing it)."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still not true after {limit} s")
        await asyncio.sleep(0.01)


@dataclass
class FakeSends:
    """The platform's send endpoint: records each send, answers with a new id, or (``lose``)
    takes the message and loses the answer (a read timeout)."""

    answer: Callable[[str], httpx.Response]
    sent: list[dict[str, Any]] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    lose: bool = False
    _next: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def handler(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/ping":
            return httpx.Response(200, json={"Body": "Pong!"})
        self.sent.append(json.loads(request.content))
        platform_id = f"pid-{next(self._next)}"
        self.ids.append(platform_id)
        if self.lose:
            raise httpx.ReadTimeout("the answer was lost", request=request)
        return self.answer(platform_id)


class Scenario:
    """What differs per platform."""

    key = ""

    def __init__(self, relay: EmbeddedRelay) -> None:
        self.relay = relay
        self.sends = FakeSends(self.answer)

    def answer(self, platform_id: str) -> httpx.Response:  # pragma: no cover
        raise NotImplementedError

    def customer_message(self, text: str, message_id: str) -> tuple[str, dict[str, Any]]:
        raise NotImplementedError  # pragma: no cover

    def delivered(self, platform_id: str, key: str | None = None) -> tuple[str, dict[str, Any]]:
        raise NotImplementedError  # pragma: no cover

    def platform(
        self, relay_client: RelayClient, threads: LocalThreads, agent: str, **options: Any
    ) -> RelayedPlatform:
        raise NotImplementedError  # pragma: no cover

    async def post(self, hook_and_body: tuple[str, dict[str, Any]]) -> None:
        hook, body = hook_and_body
        async with httpx.AsyncClient(timeout=10) as http:
            (await http.post(self.relay.webhook_urls[hook], json=body)).raise_for_status()

    async def customer_writes(self, text: str, message_id: str = "m1") -> None:
        await self.post(self.customer_message(text, message_id))


class IMIconnect(Scenario):
    key = "imiconnect"

    def answer(self, platform_id: str) -> httpx.Response:
        return httpx.Response(
            200,
            json={"response": [{"code": "1001", "description": "Queued", "transid": platform_id}]},
        )

    def customer_message(self, text: str, message_id: str) -> tuple[str, dict[str, Any]]:
        body = {"da": OURS[1:], "oa": CUSTOMER[1:], "message": text, "tid": message_id}
        return "imiconnect/mo", body

    def delivered(self, platform_id: str, key: str | None = None) -> tuple[str, dict[str, Any]]:
        info = {"code": "7500", "deliveryStatus": "Delivered", "destination": CUSTOMER[1:]}
        notification: dict[str, Any] = {"deliveryInfo": info, "transid": platform_id}
        if key is not None:
            notification["correlationid"] = key
        return "imiconnect/dr", {"deliveryInfoNotification": notification}

    def platform(
        self, relay_client: RelayClient, threads: LocalThreads, agent: str, **options: Any
    ) -> RelayedPlatform:
        client = IMIconnectClient(
            "https://imi.test", "service-key", transport=httpx.MockTransport(self.sends.handler)
        )
        return IMIconnectPlatform(
            client, relay_client, threads, agent=agent, numbers=[OURS], **options
        )


class ILiveIt(Scenario):
    key = "iliveit"

    def answer(self, platform_id: str) -> httpx.Response:
        return httpx.Response(200, json={"MessageID": platform_id})

    def customer_message(self, text: str, message_id: str) -> tuple[str, dict[str, Any]]:
        body = {
            "MessageId": message_id,
            "SourceMSISDN": CUSTOMER[1:],
            "DestinationMSISDN": OURS[1:],
            "Message": text,
            "ExtraDigits": "",
            "RetryCount": 0,
        }
        return "iliveit/reply", body

    def delivered(self, platform_id: str, key: str | None = None) -> tuple[str, dict[str, Any]]:
        body = {
            "type": "sms",
            "message_id": platform_id,
            "msisdn": CUSTOMER[1:],
            "postback_type": "delivery",
            "sent_status": 1,
            "delivered_status": 1,
            "delivered_status_description": "Delivered",
        }
        return "iliveit/status", body

    def platform(
        self, relay_client: RelayClient, threads: LocalThreads, agent: str, **options: Any
    ) -> RelayedPlatform:
        client = ILiveItClient(
            "https://iliveit.test", "app-token", transport=httpx.MockTransport(self.sends.handler)
        )
        return ILiveItPlatform(
            client,
            relay_client,
            threads,
            agent=agent,
            numbers=[OURS],
            reply_url=self.relay.webhook_urls["iliveit/reply"],
            status_url=self.relay.webhook_urls["iliveit/status"],
            **options,
        )


@dataclass(eq=False)
class Desk:
    """One agent's desktop: a workspace on its own folder, signed in with its own token."""

    name: str
    workspace: Workspace
    platform: RelayedPlatform
    closed: bool = False

    async def sync(self) -> None:
        """One sync round's reading: the pull (in load_channels) and the inboxes' first pages."""
        await self.workspace.load_channels()
        for ref in (PERSONAL, GROUP):
            await self.workspace.refresh_first_page(ref)

    def ids(self, ref: InboxRef) -> list[str | None]:
        return [t.thread_id for t in self.workspace.thread_list(ref).threads]

    def thread(self, ref: InboxRef) -> Thread:
        (thread,) = list(self.workspace.thread_list(ref).threads)
        return thread

    async def close(self) -> None:
        self.closed = True
        await self.workspace.close()


@pytest.fixture
def relay(tmp_path: Path) -> Iterator[EmbeddedRelay]:
    with EmbeddedRelay(tmp_path / "relay.sqlite3") as running:
        yield running


@pytest.fixture(params=[IMIconnect, ILiveIt], ids=["imiconnect", "iliveit"])
def scenario(request: pytest.FixtureRequest, relay: EmbeddedRelay) -> Scenario:
    return request.param(relay)  # type: ignore[no-any-return]


@pytest.fixture
async def desks(
    scenario: Scenario, relay: EmbeddedRelay, tmp_path: Path
) -> AsyncIterator[Callable[..., Any]]:
    """``await open_desk("alice")``: a desktop for a new agent (or, given ``token``, the
    same agent again on the same folder: a restart)."""
    opened: list[Desk] = []
    tokens: dict[str, str] = {}

    async def open_desk(name: str, **options: Any) -> Desk:
        if name not in tokens:
            tokens[name] = relay.add_agent(name)
        relay_client = RelayClient(relay.base_url, tokens[name], read_timeout=10.0)
        threads = await LocalThreads.open(tmp_path / name / "threads.sqlite3")
        agent = (await relay_client.me()).name
        platform = scenario.platform(relay_client, threads, agent, **options)
        desk = Desk(name, Workspace(platform), platform)
        opened.append(desk)
        return desk

    yield open_desk
    for desk in opened:
        if not desk.closed:
            await desk.close()

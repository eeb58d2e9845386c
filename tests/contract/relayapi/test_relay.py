"""RelayClient against the real relay (EmbeddedRelay on loopback): webhooks posted as the
platforms post them, read back as events; conversations shared between two agents."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from inbox_app.relay import EmbeddedRelay
from inbox_app.relayapi import RelayClient, errors

KEY = "imiconnect:DEMOBK:+919812345678"


def imi_mo(tid: str, text: str = "Hi") -> dict[str, str]:
    return {"da": "DEMOBK", "oa": "919812345678", "message": text, "tid": tid}


@pytest.fixture
def relay(tmp_path: Path) -> Iterator[EmbeddedRelay]:
    with EmbeddedRelay(tmp_path / "relay.sqlite3") as running:
        yield running


async def wait_until(condition: Callable[[], bool], *, limit: float = 10.0) -> None:
    """Wait for a condition the relay's thread makes true (no fixed sleep racing it)."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still not true after {limit} s")
        await asyncio.sleep(0.01)


async def post(relay: EmbeddedRelay, hook: str, body: dict[str, object]) -> None:
    async with httpx.AsyncClient(timeout=10) as http:
        (await http.post(relay.webhook_urls[hook], json=body)).raise_for_status()


async def test_webhooks_come_back_as_events_after_the_cursor(relay: EmbeddedRelay) -> None:
    async with RelayClient(relay.base_url, relay.add_agent("alice")) as client:
        me = await client.me()
        assert me.name == "alice"
        assert me.webhook("iliveit", "reply") == relay.webhook_urls["iliveit/reply"]
        empty = await client.events()
        assert empty.events == () and empty.cursor == 0
        await post(relay, "imiconnect/mo", imi_mo("t1"))
        await post(relay, "imiconnect/mo", imi_mo("t1"))  # the platform retrying
        page = await client.events(after=0)
        (event,) = page.events
        assert (event.kind, event.platform, event.conversation) == ("mo", "imiconnect", KEY)
        assert event.body["tid"] == "t1"
        assert (await client.events(after=page.cursor)).events == ()


async def test_a_long_poll_answers_when_an_event_arrives(relay: EmbeddedRelay) -> None:
    async with RelayClient(relay.base_url, relay.add_agent("alice")) as client:
        waiting = asyncio.create_task(client.events(after=0, wait=20))
        await wait_until(lambda: relay.notifier is not None and relay.notifier.waiting > 0)
        await post(relay, "imiconnect/mo", imi_mo("t2"))
        page = await asyncio.wait_for(waiting, 10)
    assert [e.kind for e in page.events] == ["mo"]


async def test_claims_conflict_and_transfers_move_ownership(relay: EmbeddedRelay) -> None:
    async with (
        RelayClient(relay.base_url, relay.add_agent("alice")) as alice,
        RelayClient(relay.base_url, relay.add_agent("bob")) as bob,
    ):
        assert [a.name for a in await alice.agents()] == ["alice", "bob"]
        claimed = await alice.claim(KEY)
        assert claimed.state.owner == "alice" and claimed.event is not None
        assert (await alice.claim(KEY)).event is None  # nothing changes: no event
        with pytest.raises(errors.Claimed) as caught:
            await bob.claim(KEY)
        assert caught.value.owner == "alice"
        with pytest.raises(errors.NotFound):
            await alice.transfer(KEY, "nobody")
        moved = await alice.transfer(KEY, "bob")
        assert moved.state.owner == "bob"
        assert (await bob.read(KEY)).state.read is True
        assert (await alice.conversation(KEY)).owner == "bob"
        resolved = await bob.resolve(KEY)
        assert resolved.state.resolved and resolved.state.owner is None
        page = await alice.events()
        assert [e.kind for e in page.events] == ["claim", "transfer", "read", "resolve"]
        assert page.events[1].data["from"] == "alice" and page.events[1].data["to"] == "bob"
        assert page.events[-1].state is not None and page.events[-1].state.resolved


async def test_a_malformed_key_and_a_revoked_token_are_typed(relay: EmbeddedRelay) -> None:
    token = relay.add_agent("alice")
    async with RelayClient(relay.base_url, token) as client:
        with pytest.raises(errors.BadRequest):
            await client.claim("nope:1:2")
        relay.revoke_agent("alice")
        with pytest.raises(errors.Unauthorized):
            await client.events()

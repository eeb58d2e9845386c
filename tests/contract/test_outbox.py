"""The outbox against the real simulator: every failure ends with the message stored once."""

from __future__ import annotations

import os
import stat
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from inbox_app.core.inbox import customer_number
from inbox_app.core.outbox import Outbox, OutboxState
from inbox_app.core.outcomes import Reason
from inbox_app.core.platforms.livevox import LiveVoxPlatform
from inbox_app.core.store import LocalStore
from inbox_app.livevox import LiveVoxClient, models
from inbox_app.simulator import EmbeddedSimulator

from ..waiting import until
from .conftest import new_client


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[LocalStore]:
    opened = await LocalStore.open(tmp_path / "profile" / "local.sqlite3")
    yield opened
    await opened.close()


async def a_thread(lv: LiveVoxClient) -> tuple[str, str]:
    channel = next(
        c for c in await lv.list_channels() if c.kind is models.ChannelKind.SMS and c.personal
    )
    thread = (await lv.list_threads(channel.channel_id, "SMS", personal=True))[0]
    number = customer_number(thread)
    assert thread.thread_id and number
    return thread.thread_id, number


def stored(sim: EmbeddedSimulator, text: str) -> int:
    return sum(1 for m in sim.state()["sent"] if m["message"] == text)


async def submit(outbox: Outbox, lv: LiveVoxClient, text: str) -> str:
    thread_id, number = await a_thread(lv)
    item = await outbox.submit(
        thread_id=thread_id, to_number=number, from_number="18005550142", text=text
    )
    return item.id


async def test_plain_send(lv: LiveVoxClient, sim: EmbeddedSimulator, store: LocalStore) -> None:
    outbox = Outbox(LiveVoxPlatform(lv), store)
    item_id = await submit(outbox, lv, "plain send")
    assert (await store.outbox())[0].state is OutboxState.QUEUED  # durable before it leaves
    item = await outbox.deliver(item_id)
    assert item.state is OutboxState.SENT and item.transaction_id
    assert stored(sim, "plain send") == 1


@pytest.mark.parametrize("fault", ["drop=1", "malformed=1"])
async def test_reached_the_server_but_no_answer(
    lv: LiveVoxClient, sim: EmbeddedSimulator, store: LocalStore, fault: str
) -> None:
    outbox = Outbox(LiveVoxPlatform(lv), store, reconcile_delay_s=0)
    item_id = await submit(outbox, lv, f"unknown outcome {fault}")
    sim.set_faults(f"POST /sms/agent/message/send:{fault}")
    item = await outbox.deliver(item_id)
    assert item.state is OutboxState.UNKNOWN
    assert stored(sim, item.text) == 1
    sim.clear_faults()
    item = await outbox.deliver(item_id)  # checks the history first: found, not resent
    assert item.state is OutboxState.SENT and item.transaction_id
    assert stored(sim, item.text) == 1


@pytest.mark.parametrize("status", [500, 502, 503])
async def test_server_error_is_checked_then_sent_once(
    lv: LiveVoxClient, sim: EmbeddedSimulator, store: LocalStore, status: int
) -> None:
    outbox = Outbox(LiveVoxPlatform(lv), store, reconcile_delay_s=0)
    item_id = await submit(outbox, lv, f"after a {status}")
    sim.set_faults(f"POST /sms/agent/message/send:error=1@{status}")
    assert (await outbox.deliver(item_id)).state is OutboxState.UNKNOWN
    sim.clear_faults()
    item = await outbox.deliver(item_id)  # not in the history: sent now, once
    assert item.state is OutboxState.SENT
    assert stored(sim, item.text) == 1


@pytest.mark.parametrize(
    ("fault", "server_took_it"),
    # Well past the client's 2 s read timeout (a trickle gives up to ten pieces), which is
    # itself generous for the setup calls on a loaded machine.
    [("slow=30000", True), ("latency=6000", False)],
    ids=["stored-then-answer-trickles", "dropped-when-the-client-left"],
)
async def test_timeout_while_the_server_works(
    sim: EmbeddedSimulator, store: LocalStore, fault: str, server_took_it: bool
) -> None:
    """The client gives up (read timeout) while the server works: either the server stored
    the message and its answer is still on the way, or it had not acted yet and drops the
    request of a client that left. Delivered again, it is on the server exactly once."""
    creds = sim.credentials
    async with new_client(sim, read_timeout=2.0, retry_attempts=1) as lv:
        await lv.login(creds.client_code, creds.agent_login, creds.password)
        outbox = Outbox(LiveVoxPlatform(lv), store, reconcile_delay_s=0)
        item_id = await submit(outbox, lv, "slow server")
        sim.set_faults(f"POST /sms/agent/message/send:{fault}")
        assert (await outbox.deliver(item_id)).state is OutboxState.UNKNOWN
        sim.clear_faults()
        if server_took_it:
            await until(lambda: stored(sim, "slow server") == 1, what="the server stored it")
        item = await outbox.deliver(item_id)
        assert item.state is OutboxState.SENT
        assert stored(sim, "slow server") == 1


async def test_server_down_keeps_it_queued_then_sends(
    sim: EmbeddedSimulator, store: LocalStore
) -> None:
    creds = sim.credentials
    async with new_client(sim, connect_timeout=0.5, retry_attempts=1) as lv:
        await lv.login(creds.client_code, creds.agent_login, creds.password)
        outbox = Outbox(LiveVoxPlatform(lv), store)
        thread_id, number = await a_thread(lv)
        sim.set_faults("POST /sms/agent/message/send:error=1@429:retry-after=5")
        item = await outbox.submit(
            thread_id=thread_id, to_number=number, from_number="18005550142", text="rate limited"
        )
        item = await outbox.deliver(item.id)
        assert item.state is OutboxState.QUEUED
        retry_at = outbox.retry_at(item.id)
        assert retry_at is not None and retry_at - outbox.clock() > 4  # honours Retry-After
        assert await outbox.flush() == []  # not due yet
        sim.clear_faults()
        item = await outbox.deliver(item.id)
        assert item.state is OutboxState.SENT
        assert stored(sim, "rate limited") == 1


async def test_refused_message_fails_with_the_reason(
    lv: LiveVoxClient, sim: EmbeddedSimulator, store: LocalStore
) -> None:
    outbox = Outbox(LiveVoxPlatform(lv), store)
    thread_id, _ = await a_thread(lv)
    item = await outbox.submit(
        thread_id=thread_id, to_number="15550109999", from_number="18005550142", text="wrong number"
    )
    item = await outbox.deliver(item.id)
    assert item.state is OutboxState.FAILED
    assert item.error is Reason.BAD_REQUEST  # refused, with the server's words on why
    assert item.detail and "customer" in item.detail
    assert stored(sim, "wrong number") == 0
    await outbox.discard(item.id)
    assert await store.outbox() == []


async def test_expired_session_is_renewed_for_the_send(
    lv: LiveVoxClient, sim: EmbeddedSimulator, store: LocalStore
) -> None:
    outbox = Outbox(LiveVoxPlatform(lv), store)
    item_id = await submit(outbox, lv, "after expiry")
    sim.expire_sessions()
    assert (await outbox.deliver(item_id)).state is OutboxState.SENT
    assert stored(sim, "after expiry") == 1


@pytest.mark.parametrize("reached_server", [True, False])
async def test_restart_after_a_crash_mid_send(
    lv: LiveVoxClient, sim: EmbeddedSimulator, tmp_path: Path, reached_server: bool
) -> None:
    """The process died after writing 'sending'; the request may or may not have arrived."""
    path = tmp_path / "crash.sqlite3"
    store = await LocalStore.open(path)
    first = Outbox(LiveVoxPlatform(lv), store)
    text = f"crash, reached={reached_server}"
    item_id = await submit(first, lv, text)
    item = first.items[item_id]
    await first._save(item.but(state=OutboxState.SENDING, attempts=1))  # written before sending
    if reached_server:
        await lv.send_message(item.from_number, item.to_number, text, thread_id=item.thread_id)
    await store.close()  # the crash: nothing after this point ran

    store = await LocalStore.open(path)
    second = Outbox(LiveVoxPlatform(lv), store)
    assert [i.state for i in await second.load()] == [OutboxState.SENDING]
    (result,) = await second.flush()
    assert result.state is OutboxState.SENT
    assert stored(sim, text) == 1
    await store.close()


async def test_store_is_private(tmp_path: Path) -> None:
    path = tmp_path / "private" / "local.sqlite3"
    store = await LocalStore.open(path)
    await store.save_draft("t1", "hello", 1.0)
    await store.close()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700

"""Shutdown leaves no request behind: shared (shielded) requests outlive their waiters'
cancellation, so the inbox settles them before the loop may close."""

from __future__ import annotations

import asyncio

from inbox_app.core.inbox import Inbox
from inbox_app.livevox import LiveVoxClient
from inbox_app.simulator import EmbeddedSimulator


async def test_settle_waits_for_a_shared_request_whose_waiter_was_cancelled(
    lv: LiveVoxClient, sim: EmbeddedSimulator
) -> None:
    inbox = Inbox(lv)
    sim.set_faults("GET /sms/agent/channel:slow=300")
    waiter = asyncio.ensure_future(inbox.load_channels())
    await asyncio.sleep(0.05)
    waiter.cancel()  # what TaskRunner.shutdown does to the task that asked
    await asyncio.gather(waiter, return_exceptions=True)
    assert inbox._in_flight, "the shared request keeps running after its waiter went away"
    await inbox.settle(grace=5.0)
    assert not inbox._in_flight


async def test_settle_cancels_a_request_that_outlasts_the_grace(
    lv: LiveVoxClient, sim: EmbeddedSimulator
) -> None:
    inbox = Inbox(lv)
    sim.set_faults("GET /sms/agent/channel:slow=3000")
    waiter = asyncio.ensure_future(inbox.load_channels())
    await asyncio.sleep(0.05)
    waiter.cancel()
    await asyncio.gather(waiter, return_exceptions=True)
    loop = asyncio.get_running_loop()
    started = loop.time()
    await inbox.settle(grace=0.2)
    assert loop.time() - started < 2.0
    assert not inbox._in_flight

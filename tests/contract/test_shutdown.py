"""Shutdown leaves no request behind: shared (shielded) requests outlive their waiters'
cancellation, so the inbox settles them before the loop may close."""

from __future__ import annotations

import asyncio

from inbox_app.core.platforms.livevox import LiveVoxPlatform
from inbox_app.core.workspace import Workspace
from inbox_app.livevox import LiveVoxClient
from inbox_app.simulator import EmbeddedSimulator

from ..waiting import until


async def _orphaned_request(
    lv: LiveVoxClient, sim: EmbeddedSimulator, *, slow_ms: int
) -> Workspace:
    """An inbox whose shared channel request (answered after ``slow_ms``) lost the task that
    asked for it, the way TaskRunner.shutdown cancels it."""
    inbox = Workspace(LiveVoxPlatform(lv))
    sim.set_faults(f"GET /sms/agent/channel:slow={slow_ms}")
    waiter = asyncio.ensure_future(inbox.load_channels())
    await until(lambda: inbox._in_flight, what="the shared request started")
    waiter.cancel()
    await asyncio.gather(waiter, return_exceptions=True)
    return inbox


async def test_settle_waits_for_a_shared_request_whose_waiter_was_cancelled(
    lv: LiveVoxClient, sim: EmbeddedSimulator
) -> None:
    inbox = await _orphaned_request(lv, sim, slow_ms=300)
    assert inbox._in_flight, "the shared request keeps running after its waiter went away"
    await inbox.settle(grace=5.0)
    assert not inbox._in_flight


async def test_settle_cancels_a_request_that_outlasts_the_grace(
    lv: LiveVoxClient, sim: EmbeddedSimulator
) -> None:
    inbox = await _orphaned_request(lv, sim, slow_ms=3000)
    loop = asyncio.get_running_loop()
    started = loop.time()
    await inbox.settle(grace=0.2)
    assert loop.time() - started < 2.0
    assert not inbox._in_flight

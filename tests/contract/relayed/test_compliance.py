"""The compliance guard on IMIconnect and iLiveIt (threads kept by core, replies from the
relay): a customer's STOP that arrived as a webhook holds the agent's reply, START lets it go,
and a reply at night in the customer's zone waits for the morning."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from inbox_app.core.compliance import Guard, Reason
from inbox_app.core.outbox import OutboxState

from .conftest import GROUP, OURS, Desk, Scenario

OpenDesk = Callable[..., Any]
NOON_CHICAGO = datetime(2026, 12, 1, 18, tzinfo=UTC)  # the conftest's customer: +1 312


async def guarded(desks: OpenDesk, now: list[datetime]) -> Desk:
    desk: Desk = await desks("alice")
    desk.workspace.guard = Guard()
    desk.workspace.now = lambda: now[0]
    desk.workspace.outbox.clock = lambda: now[0].timestamp()
    return desk


async def test_a_stop_from_the_relay_holds_the_reply_and_start_lifts_it(
    scenario: Scenario, desks: OpenDesk
) -> None:
    now = [NOON_CHICAGO]
    alice = await guarded(desks, now)
    await scenario.customer_writes("Hello?", "m1")
    await scenario.customer_writes("STOP", "m2")
    await alice.sync()
    thread = alice.thread(GROUP)
    held = await alice.workspace.send(GROUP, thread, "We can help", from_number=OURS)
    assert (held.state, held.error) == (OutboxState.HELD, Reason.OPTED_OUT)
    assert scenario.sends.sent == []  # nothing reached the platform
    await scenario.customer_writes("START", "m3")
    await alice.sync()
    sent = await alice.workspace.retry_send(held.id)
    assert sent.state is OutboxState.SENT and len(scenario.sends.sent) == 1


async def test_a_reply_at_night_waits_for_the_customers_morning(
    scenario: Scenario, desks: OpenDesk
) -> None:
    night = NOON_CHICAGO + timedelta(hours=10)  # 22:00 in Chicago
    now = [night]
    alice = await guarded(desks, now)
    await scenario.customer_writes("Are you there?", "m1")
    await alice.sync()
    item = await alice.workspace.send(GROUP, alice.thread(GROUP), "Yes", from_number=OURS)
    assert (item.state, item.error) == (OutboxState.HELD, Reason.QUIET_HOURS)
    morning = datetime(2026, 12, 2, 14, tzinfo=UTC)  # 08:00 in Chicago
    assert item.send_at == morning.timestamp()
    await alice.workspace.outbox.flush()
    assert scenario.sends.sent == []  # still night
    now[0] = morning + timedelta(minutes=1)
    await alice.workspace.outbox.flush()
    assert alice.workspace.outbox.items[item.id].state is OutboxState.SENT
    assert len(scenario.sends.sent) == 1

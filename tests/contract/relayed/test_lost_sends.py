"""A send whose answer was lost is never sent again blind: IMIconnect's is found by its
correlation id in the delivery reports, iLiveIt's by the outbox key on the status address it
named; with no report it "may have been sent" until the agent decides or a late report
settles it."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from inbox_app.core.outbox import OutboxState
from inbox_app.core.outcomes import Reason

from .conftest import GROUP, OURS, Desk, ILiveIt, IMIconnect, Scenario

OpenDesk = Callable[..., Any]


async def _lost_send(scenario: Scenario, alice: Desk) -> Any:
    await scenario.customer_writes("Hello?", "m1")
    await alice.sync()
    scenario.sends.lose = True
    item = await alice.workspace.send(GROUP, alice.thread(GROUP), "On my way", from_number=OURS)
    assert item.state is OutboxState.UNKNOWN and len(scenario.sends.sent) == 1
    scenario.sends.lose = False
    return item


@pytest.mark.parametrize("scenario", [IMIconnect], indirect=True)
async def test_imiconnect_finds_a_lost_send_by_its_correlation_id(
    scenario: Scenario, desks: OpenDesk
) -> None:
    alice: Desk = await desks("alice")
    item = await _lost_send(scenario, alice)
    transid = scenario.sends.ids[0]
    assert scenario.sends.sent[0]["correlationid"] == item.id
    await scenario.post(scenario.delivered(transid, key=item.id))
    found = await alice.workspace.outbox.deliver(item.id)  # the check, then no resend
    assert (found.state, found.transaction_id) == (OutboxState.SENT, transid)
    assert len(scenario.sends.sent) == 1
    history = await alice.platform.history(alice.thread(GROUP).thread_id or "", 1)
    assert (history[0].message, history[0].status) == ("On my way", "delivered")


@pytest.mark.parametrize("scenario", [IMIconnect], indirect=True)
async def test_imiconnect_waits_for_the_report_then_lets_the_agent_decide(
    scenario: Scenario, desks: OpenDesk
) -> None:
    later = 0.0
    alice: Desk = await desks("alice", clock=lambda: time.time() + later)
    item = await _lost_send(scenario, alice)
    waiting = await alice.workspace.outbox.deliver(item.id)
    assert waiting.state is OutboxState.UNKNOWN  # not reported yet: checked again later
    later = 600.0
    decided = await alice.workspace.outbox.deliver(item.id)
    assert (decided.state, decided.error) == (OutboxState.FAILED, Reason.MAY_HAVE_BEEN_SENT)
    assert len(scenario.sends.sent) == 1


@pytest.mark.parametrize("scenario", [ILiveIt], indirect=True)
async def test_iliveit_finds_a_lost_send_by_the_key_on_its_status_address(
    scenario: Scenario, desks: OpenDesk
) -> None:
    alice: Desk = await desks("alice")
    item = await _lost_send(scenario, alice)
    status_url = scenario.sends.sent[0]["PostbackStatusUrl"]
    assert status_url.startswith(scenario.relay.webhook_urls["iliveit/status"])
    assert status_url.endswith(f"?ref={item.id}")
    await _post_to(status_url, scenario.delivered(scenario.sends.ids[0])[1])
    found = await alice.workspace.outbox.deliver(item.id)
    assert (found.state, found.transaction_id) == (OutboxState.SENT, scenario.sends.ids[0])
    assert len(scenario.sends.sent) == 1
    history = await alice.platform.history(alice.thread(GROUP).thread_id or "", 1)
    assert (history[0].message, history[0].status) == ("On my way", "delivered")


@pytest.mark.parametrize("scenario", [ILiveIt], indirect=True)
async def test_iliveit_may_have_sent_a_lost_send_until_a_late_postback_settles_it(
    scenario: Scenario, desks: OpenDesk
) -> None:
    later = 0.0
    alice: Desk = await desks("alice", clock=lambda: time.time() + later)
    item = await _lost_send(scenario, alice)
    waiting = await alice.workspace.outbox.deliver(item.id)
    assert waiting.state is OutboxState.UNKNOWN  # no postback yet: checked again later
    later = 600.0
    decided = await alice.workspace.outbox.deliver(item.id)
    assert (decided.state, decided.error) == (OutboxState.FAILED, Reason.MAY_HAVE_BEEN_SENT)
    await alice.workspace.outbox.flush()  # looked for again: still nothing, nothing sent
    assert alice.workspace.outbox.items[item.id].state is OutboxState.FAILED
    assert len(scenario.sends.sent) == 1
    await _post_to(
        scenario.sends.sent[0]["PostbackStatusUrl"], scenario.delivered(scenario.sends.ids[0])[1]
    )
    await alice.workspace.outbox.flush(force=True)
    settled = alice.workspace.outbox.items[item.id]
    assert (settled.state, settled.error) == (OutboxState.SENT, None)
    assert len(scenario.sends.sent) == 1


async def _post_to(url: str, body: dict[str, Any]) -> None:
    async with httpx.AsyncClient(timeout=10) as http:
        (await http.post(url, json=body)).raise_for_status()

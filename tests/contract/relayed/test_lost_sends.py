"""A send whose answer was lost is never sent again blind: IMIconnect's is found by its
correlation id in the delivery reports; iLiveIt's "may have been sent"."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

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
async def test_iliveit_may_have_sent_a_lost_send_and_never_sends_it_again(
    scenario: Scenario, desks: OpenDesk
) -> None:
    alice: Desk = await desks("alice")
    item = await _lost_send(scenario, alice)
    decided = await alice.workspace.outbox.deliver(item.id)
    assert (decided.state, decided.error) == (OutboxState.FAILED, Reason.MAY_HAVE_BEEN_SENT)
    assert len(scenario.sends.sent) == 1

"""A supervisor's spread on a relay platform: the relay counts what each agent holds, so the
conversations go to whoever holds fewest, and every desktop sees where they went."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from inbox_app.core.bulk import BulkKind, spread

from .conftest import GROUP, OURS, PERSONAL, Desk, IMIconnect, Scenario

OpenDesk = Callable[..., Any]


@pytest.mark.parametrize("scenario", [IMIconnect], indirect=True)
async def test_spread_goes_to_whoever_holds_fewest(scenario: Scenario, desks: OpenDesk) -> None:
    lead: Desk = await desks("lead")
    bob: Desk = await desks("bob")
    carol: Desk = await desks("carol")
    for n in range(5):
        body = {"da": OURS[1:], "oa": f"1312555{n:04d}", "message": f"Hi {n}", "tid": f"m{n}"}
        await scenario.post(("imiconnect/mo", body))
    await bob.sync()
    await bob.workspace.take(GROUP, bob.workspace.thread_list(GROUP).threads[0])  # bob: 1
    await lead.sync()
    queue = list(lead.workspace.thread_list(GROUP).threads)
    assert len(queue) == 4
    agents = await lead.workspace.transfer_agents(queue[0])
    assert {(a.name, a.open_threads) for a in agents} == {("bob", 1), ("carol", 0)}
    result = await lead.workspace.bulk(GROUP, BulkKind.SPREAD, spread(queue, agents)).run()
    assert len(result.done) == 4 and result.refused == []
    given = [s.agent.name for s in result.done if s.agent]
    assert given == ["carol", "bob", "carol", "bob"]  # fewest first, ties by name
    held = {a.name: a.open_threads for a in await lead.workspace.transfer_agents(queue[0])}
    assert held == {"bob": 3, "carol": 2}
    await lead.sync()
    assert lead.ids(GROUP) == []
    await carol.sync()

    assert len(carol.ids(PERSONAL)) == 2

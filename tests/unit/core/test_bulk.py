"""Dealing a selection over the team (pure: no platform)."""

from __future__ import annotations

import pytest

from inbox_app.core.bulk import spread
from inbox_app.core.models import Thread, TransferAgent
from inbox_app.core.outcomes import PlatformError, Reason


def _threads(n: int) -> list[Thread]:
    return [Thread(channel_type="SMS", channel_id="1", thread_id=f"t{i}") for i in range(n)]


def _agent(name: str, status: str = "READY", holding: int | None = None) -> TransferAgent:
    return TransferAgent(
        agent_id=name, login_id=name, name=name, status=status, open_threads=holding
    )


def test_by_load_each_thread_goes_to_whoever_holds_fewest() -> None:
    agents = [_agent("ann", holding=3), _agent("bo", holding=0), _agent("cy", holding=1)]
    steps = spread(_threads(5), agents)
    assert [s.agent.name for s in steps if s.agent] == ["bo", "bo", "cy", "bo", "cy"]


def test_without_loads_it_is_round_robin_among_the_available() -> None:
    agents = [_agent("ann"), _agent("bo", "BREAK"), _agent("cy"), _agent("di", holding=0)]
    steps = spread(_threads(5), agents)
    assert [s.agent.name for s in steps if s.agent] == ["ann", "cy", "di", "ann", "cy"]
    assert [s.thread.thread_id for s in steps] == ["t0", "t1", "t2", "t3", "t4"]


def test_nobody_available_says_so() -> None:
    with pytest.raises(PlatformError) as caught:
        spread(_threads(2), [_agent("ann", "BREAK"), _agent("bo", "INCALL")])
    assert caught.value.reason is Reason.NO_AGENT_AVAILABLE

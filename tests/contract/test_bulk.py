"""A supervisor's bulk actions through the real workspace against the real LiveVox
simulator: a refusal in the middle, 429s and 5xx along the way, a cancel — and afterwards
every selected thread is exactly one of done / refused / not started, on the server as in
the summary, none lost from the inbox and none shown twice."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest

from inbox_app.core.bulk import BulkKind, Step, spread
from inbox_app.core.inbox import InboxRef, customer_number
from inbox_app.core.models import Thread, TransferAgent
from inbox_app.core.outcomes import Reason
from inbox_app.core.platforms.livevox import LiveVoxPlatform
from inbox_app.core.workspace import Workspace
from inbox_app.livevox import LiveVoxClient
from inbox_app.simulator import EmbeddedSimulator

TRANSFER = "GET /sms/agent/thread/transfer"


@dataclass
class Floor:
    sim: EmbeddedSimulator
    lv: LiveVoxClient
    workspace: Workspace
    group: InboxRef

    def owner(self, thread: Thread) -> object:
        assert self.sim.world is not None and thread.thread_id
        row = self.sim.world.thread_row(thread.thread_id)
        assert row is not None
        return row["owner"]

    def shown(self) -> list[str | None]:
        return [t.thread_id for t in self.workspace.thread_list(self.group).threads]


@pytest.fixture
async def floor(sim: EmbeddedSimulator, lv: LiveVoxClient) -> AsyncIterator[Floor]:
    platform = LiveVoxPlatform(lv)
    await platform.enter_service()  # as signing in does: its term codes come with it
    workspace = Workspace(platform)
    await workspace.load_channels()
    await workspace.load_lists()
    group = next(InboxRef.of(c) for c in workspace.channels if not c.personal)
    await workspace.refresh_first_page(group)
    yield Floor(sim, lv, workspace, group)


async def _agents(floor: Floor, thread: Thread) -> list[TransferAgent]:
    agents = await floor.workspace.transfer_agents(thread)
    assert agents
    return agents


async def test_transfer_with_a_refusal_in_the_middle_and_rate_limits(floor: Floor) -> None:
    threads = list(floor.workspace.thread_list(floor.group).threads)[:6]
    assert len(threads) == 6
    to = (await _agents(floor, threads[0]))[0]
    # Another agent resolved the third one meanwhile: its transfer is refused (409).
    gone = threads[2]
    await floor.lv.resolve_thread(gone.thread_id or "", gone.account or "4100001")
    floor.sim.set_faults(f"{TRANSFER}:error=0.5@429:retry-after=0")
    bulk = floor.workspace.bulk(floor.group, BulkKind.TRANSFER, [Step(t, to) for t in threads])
    seen: list[tuple[int, int]] = []
    waits: list[float] = []
    bulk.progress.connect(seen.append)
    bulk.waiting.connect(waits.append)
    result = await bulk.run()
    floor.sim.clear_faults()

    assert [s.thread for s in result.done] == [t for t in threads if t is not gone]
    ((refused, failure),) = result.refused
    assert refused.thread is gone and failure.error.reason is Reason.CONFLICT
    assert "resolved" in (failure.error.server_words or "")
    assert result.not_started == [] and not result.cancelled
    assert seen == [(n, 6) for n in range(1, 7)]
    assert waits, "the simulator's 429s were waited out, not counted as refusals"
    for step in result.done:
        assert floor.owner(step.thread) == to.agent_id
    shown = floor.shown()
    assert all(s.thread.thread_id not in shown for s in result.done)
    assert shown.count(gone.thread_id) == 1  # refused: back in its place, once
    assert len(shown) == len(set(shown))


async def test_a_server_error_is_listed_and_the_retry_finishes_the_rest(floor: Floor) -> None:
    threads = list(floor.workspace.thread_list(floor.group).threads)[:4]
    to = (await _agents(floor, threads[0]))[0]
    floor.sim.set_faults(f"{TRANSFER}:error=1@503")
    first = await floor.workspace.bulk(
        floor.group, BulkKind.TRANSFER, [Step(t, to) for t in threads]
    ).run()
    floor.sim.clear_faults()
    assert first.done == [] and len(first.refused) == 4
    assert {f.error.reason for _, f in first.refused} == {Reason.SERVER_TROUBLE}
    assert all(floor.owner(t) != to.agent_id for t in threads)  # nothing half-applied
    again = await floor.workspace.bulk(
        floor.group, BulkKind.TRANSFER, [step for step, _ in first.refused]
    ).run()
    assert [s.thread for s in again.done] == threads and again.refused == []
    assert all(floor.owner(t) == to.agent_id for t in threads)


async def test_cancel_leaves_the_rest_untouched(floor: Floor) -> None:
    threads = list(floor.workspace.thread_list(floor.group).threads)[:5]
    to = (await _agents(floor, threads[0]))[0]
    before = {t.thread_id: floor.owner(t) for t in threads}
    bulk = floor.workspace.bulk(floor.group, BulkKind.TRANSFER, [Step(t, to) for t in threads])
    bulk.progress.connect(lambda done: bulk.cancel() if done[0] == 2 else None)
    result = await bulk.run()
    assert result.cancelled
    assert [s.thread for s in result.done] == threads[:2]
    assert [s.thread for s in result.not_started] == threads[2:]
    assert result.total == 5
    for thread in threads[2:]:
        assert floor.owner(thread) == before[thread.thread_id]
        assert thread.thread_id in floor.shown()


async def test_spread_deals_the_threads_over_the_available_agents(floor: Floor) -> None:
    threads = list(floor.workspace.thread_list(floor.group).threads)[:6]
    agents = await _agents(floor, threads[0])
    ready = [a for a in agents if a.available]
    assert len(ready) >= 2, "the demo team has agents ready"
    steps = spread(threads, agents)
    result = await floor.workspace.bulk(floor.group, BulkKind.SPREAD, steps).run()
    assert len(result.done) == 6 and result.refused == []
    per_agent: dict[object, int] = {}
    for step in result.done:
        assert step.agent is not None and step.agent.available
        assert floor.owner(step.thread) == step.agent.agent_id
        per_agent[step.agent.agent_id] = per_agent.get(step.agent.agent_id, 0) + 1
    assert max(per_agent.values()) - min(per_agent.values()) <= 1


async def test_bulk_read_unread_and_take(floor: Floor) -> None:
    threads = list(floor.workspace.thread_list(floor.group).threads)[:3]
    unread = await floor.workspace.bulk(
        floor.group, BulkKind.UNREAD, [Step(t) for t in threads]
    ).run()
    assert len(unread.done) == 3
    assert floor.sim.world is not None
    assert all(floor.sim.world.thread_row(t.thread_id or "")["read"] == 0 for t in threads)  # type: ignore[index]
    taken = await floor.workspace.bulk(floor.group, BulkKind.TAKE, [Step(t) for t in threads]).run()
    assert len(taken.done) == 3
    me = floor.workspace.agent_id
    assert all(str(floor.owner(t)) == str(me) for t in threads)


async def test_a_queue_of_200_is_cleared_across_the_team_in_one_action(floor: Floor) -> None:
    """The issue's measure of done: 200 group conversations, one spread, a full account."""
    assert floor.sim.world is not None
    for n in range(200):
        floor.sim.world.inject_inbound(
            {
                "phone": f"1312777{n:04d}",
                "message": f"Question {n}",
                "serviceId": floor.group.channel_id,
            }
        )
    threads = floor.workspace.thread_list(floor.group)
    await floor.workspace.reload_threads(floor.group)
    await floor.workspace.load_whole_inbox(floor.group)
    queue = [
        t for t in threads.threads if (customer_number(t) or "").lstrip("+").startswith("1312777")
    ]
    assert len(queue) == 200
    agents = await floor.workspace.transfer_agents(queue[0])
    result = await floor.workspace.bulk(floor.group, BulkKind.SPREAD, spread(queue, agents)).run()
    assert result.total == 200 and result.not_started == []
    for step, failure in result.refused:  # a platform limit is named, never silent
        assert failure.error.server_words, step.thread.thread_id
    for step in result.done:
        assert step.agent is not None and floor.owner(step.thread) == step.agent.agent_id
    held: dict[str, int] = {}
    for step in result.done:
        assert step.agent is not None
        held[step.agent.agent_id] = held.get(step.agent.agent_id, 0) + 1
    assert max(held.values()) - min(held.values()) <= 1  # evenly
    assert len(result.done) + len(result.refused) == 200
    left = {t.thread_id for t in threads.threads}
    assert all(s.thread.thread_id not in left for s in result.done)


async def test_resolve_with_one_term_code_a_refusal_429s_and_a_5xx(floor: Floor) -> None:
    threads = list(floor.workspace.thread_list(floor.group).threads)[:5]
    gone = threads[3]  # resolved elsewhere meanwhile: refused, listed, nothing else touched
    await floor.lv.resolve_thread(gone.thread_id or "", gone.account or "4100001")
    assert floor.sim.world is not None
    code = next(
        c for c in floor.workspace.term_codes if not c.payment_required
    )  # one code for all; a payment code is resolved one conversation at a time
    floor.sim.set_faults(
        "POST /sms/agent/thread/resolve:error=0.3@429:retry-after=0; "
        "POST /sms/agent/thread/resolve:error=0.15@503"
    )
    result = await floor.workspace.bulk(
        floor.group, BulkKind.RESOLVE, [Step(t) for t in threads], term_code_id=code.id
    ).run()
    floor.sim.clear_faults()
    assert result.total == 5 and result.not_started == []
    refused = {s.thread.thread_id: f.error.reason for s, f in result.refused}
    assert refused.get(gone.thread_id) in (Reason.CONFLICT, Reason.NOT_FOUND, Reason.BAD_REQUEST)
    assert set(refused) - {gone.thread_id} <= {t.thread_id for t in threads}
    for step in result.done:
        row = floor.sim.world.thread_row(step.thread.thread_id or "")
        assert row is not None and row["resolved"] == 1 and str(row["term_code"]) == code.id
    shown = floor.shown()
    assert all(s.thread.thread_id not in shown for s in result.done)
    assert len(shown) == len(set(shown))
    # Whatever a 5xx refused is still open on the server and back in the list: a retry ends it.
    again = [s for s, f in result.refused if f.error.reason is Reason.SERVER_TROUBLE]
    for step in again:
        row = floor.sim.world.thread_row(step.thread.thread_id or "")
        assert row is not None and row["resolved"] == 0 and step.thread.thread_id in shown

"""Simulated customers open conversations and answer agents; random inbox operations by
several agents never break the count invariants."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inbox_app.simulator.dataset import demo_dataset
from inbox_app.simulator.errors import ApiError
from inbox_app.simulator.state import Session, World
from inbox_app.simulator.traffic import TrafficSimulator

from ..waiting import until
from .helpers import AGENT1, FIXED_NOW_MS
from .test_fuzz import world_is_consistent


@pytest.fixture
def world() -> Iterator[World]:
    w = World()
    w.load(demo_dataset(now_ms=FIXED_NOW_MS))
    yield w
    w.close()


def _session(world: World, login: str = "agent1") -> Session:
    body = world.login(world.access_token, world.client_code, login, "demo", True)
    session = world.session(body["sessionId"])
    assert session is not None
    return session


async def test_traffic_opens_conversations_and_replies(world: World) -> None:
    session = _session(world)
    before = world.summary()["messages"]
    traffic = TrafficSimulator(
        world, 1200, seed=1, reply_probability=1.0, reply_delay=(0.02, 0.05), tick=0.02
    )
    traffic.start()
    try:
        await until(lambda: traffic.opened >= 2, what="customers opened conversations")
        sent = world.send_message(
            session, {"fromNumber": "18005550142", "toNumber": "4155550166", "message": "Hi!"}
        )
        thread_id = world.summary()["sent"][0]["threadId"]
        await until(
            lambda: world.messages_page(session, None, thread_id, 1)[0]["id"] != sent["id"],
            what="the customer answered",
        )
    finally:
        await traffic.stop()
    assert traffic.replied >= 1
    history = world.messages_page(session, None, thread_id, 1)
    assert history[0]["direction"] == "1" and history[1]["id"] == sent["id"]
    assert world.summary()["messages"] > before + 2
    world_is_consistent(world)


_OPS = st.lists(
    st.tuples(
        st.sampled_from(
            ["public", "private", "transfer", "resolve", "read", "unread", "send", "inbound"]
        ),
        st.sampled_from(["agent1", "agent2", "agent5"]),
        st.integers(min_value=0, max_value=400),
    ),
    min_size=1,
    max_size=25,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=_OPS)
def test_random_operations_keep_counts_consistent(
    world: World, ops: list[tuple[str, str, int]]
) -> None:
    world.reset()
    thread_ids = sorted(world.summary()["messagesPerThread"])
    agents = {"agent1": AGENT1, "agent2": "645835", "agent5": "689579"}
    for op, login, n in ops:
        session = _session(world, login)
        tid = thread_ids[n % len(thread_ids)]
        try:
            if op == "public":
                world.switch_public(session, tid)
            elif op == "private":
                world.switch_private(session, tid, agents[login])
            elif op == "transfer":
                target = list(agents.values())[n % 3]
                world.transfer(session, tid, world.thread_row(tid)["channel"], target)
            elif op == "resolve":
                world.resolve(
                    session, {"threadId": tid, "account": "a", "agentEnteredAccount": "a"}
                )
            elif op in ("read", "unread"):
                world.mark(session, tid, world.thread_row(tid)["service_id"], op == "read")
            elif op == "send":
                row = world.thread_row(tid)
                world.send_message(
                    session,
                    {
                        "fromNumber": row["sms_code"],
                        "toNumber": row["phone"],
                        "message": f"m{n}",
                        "threadId": tid,
                    },
                )
            else:
                world.inject_inbound({"threadId": tid, "message": f"c{n}"})
        except ApiError as exc:
            assert exc.status in (400, 403, 404, 409), exc.message
    for login in agents:
        world_is_consistent(world, login)
    sent = world.summary()["sent"]
    assert len({m["id"] for m in sent}) == len(sent)

"""Fuzz the simulator from its own OpenAPI document (in-process ASGI, bounded): whatever a
client sends, the answer is never a 5xx, and the world stays consistent afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings

from inbox_app.simulator.app import create_app
from inbox_app.simulator.dataset import demo_dataset
from inbox_app.simulator.state import World

from .helpers import FIXED_NOW_MS


@pytest.fixture
def fuzz_world() -> Iterator[World]:
    """A world of each test's own: no test sees what another one's calls left behind, in
    any order and on any worker."""
    world = World()
    world.load(demo_dataset(now_ms=FIXED_NOW_MS))
    yield world
    world.close()


@pytest.fixture
def fuzz_app(fuzz_world: World) -> Any:
    return create_app(fuzz_world)


def _read_schema() -> Any:
    """The OpenAPI document, read while collecting from a world that is closed at once (the
    document does not depend on the data); each test calls an app on its own world."""
    world = World()
    try:
        return schemathesis.openapi.from_asgi("/openapi.json", create_app(world))
    finally:
        world.close()


schema = _read_schema()


def world_is_consistent(world: World, agent_login: str = "agent1") -> None:
    """Channel counts == the thread lists, straight from the world (no HTTP)."""
    body = world.login(world.access_token, world.client_code, agent_login, "demo", True)
    session = world.session(body["sessionId"])
    assert session is not None
    seen: set[str] = set()
    for inbox in world.channels(session):
        threads: list[dict[str, Any]] = []
        page = 1
        while items := world.thread_page(
            session, inbox["channelId"], inbox["channel"], inbox["personal"], page
        ):
            threads.extend(items)
            page += 1
        ids = {t["threadId"] for t in threads}
        assert len(ids) == len(threads) == inbox["totalCount"], inbox
        assert not ids & seen
        seen |= ids
        assert sum(1 for t in threads if not t["read"]) == inbox["unreadCount"], inbox
    counts = world.counts(session, session.user_id)
    sms = next(i for i in world.channels(session) if i["personal"] and i["channel"] == "SMS")
    assert (
        counts["countOfUnreadSMSThreadsInPersonalInbox"]
        + counts["countOfReadSMSThreadsInPersonalInbox"]
    ) == sms["totalCount"]


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_no_server_errors(case: Any, fuzz_world: World, fuzz_app: Any) -> None:
    login = fuzz_world.login(
        fuzz_world.access_token, fuzz_world.client_code, "agent1", "demo", True
    )
    response = case.call(
        app=fuzz_app,
        headers={"LV-Session": login["sessionId"], "LV-Access": "demo-token"},
    )
    assert response.status_code < 500, (case.method, case.formatted_path, response.text)
    if response.status_code >= 400:
        body = response.json()
        assert isinstance(body["code"], int) and body["code"] != response.status_code
        assert body["message"]
    if case.method.upper() != "GET" and response.status_code < 400:
        world_is_consistent(fuzz_world)  # after every change: the call that broke it is named

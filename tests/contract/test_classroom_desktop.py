"""A trainee's desktop in a classroom: what ``inbox-app --server URL`` does after the sign-in
dialog (the LiveVox sign-in, the session, the workspace), against ``--classroom``. The trainee
sees their own copies of the scenario's customers, answers through the outbox, and the
scripted customer's reply arrives in the conversation."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from inbox_app.core.inbox import InboxRef
from inbox_app.core.outbox import OutboxState
from inbox_app.core.platforms import livevox as livevox_platform
from inbox_app.core.tasks import TaskRunner
from inbox_app.simulator.class_server import EmbeddedClass
from inbox_app.wiring import Session, shut_down


class Clock:
    def __init__(self) -> None:
        self.now = 1_764_601_200.0  # 2026-12-01 15:00 UTC

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def room(clock: Clock) -> Iterator[EmbeddedClass]:
    with EmbeddedClass("es/hardship", classroom=3, clock=clock) as sim:
        yield sim


async def test_a_trainee_desktop_works_the_scripted_customer(
    room: EmbeddedClass, clock: Clock, tmp_path: Path
) -> None:
    platform = await livevox_platform.sign_in(
        room.base_url, "DEMO", "trainee3", "demo", "demo-token"
    )
    session = await Session.open(platform, tmp_path)
    workspace = session.workspace
    try:
        await workspace.load_lists()
        refs = [InboxRef.of(c) for c in await workspace.load_channels()]
        mine = next(r for r in refs if r.personal)
        await workspace.reload_threads(mine)
        (thread,) = workspace.thread_list(mine).threads
        assert thread.details == (
            "Acabo de perder mi trabajo y no puedo pagar este mes. ¿Qué pasa ahora?"
        )
        assert thread.account == "H-2051-T3"
        item = await workspace.send(
            mine,
            thread,
            "Lo siento mucho, entiendo que es un momento difícil.",
            from_number=workspace.sender_numbers[0].code,
        )
        assert item.state is OutboxState.SENT
        clock.now += 5  # the scenario's reply_after_s

        deadline = asyncio.get_running_loop().time() + 10
        while True:
            entries = await workspace.refresh_history(str(thread.thread_id))
            texts = [e.text for e in entries]
            if "Gracias. Es que no sé qué hacer." in texts:
                break
            assert asyncio.get_running_loop().time() < deadline, texts
            await asyncio.sleep(0.02)
        assert texts[-1] == "Gracias. Es que no sé qué hacer."  # the newest entry
    finally:
        await shut_down(
            runner=TaskRunner(),
            workspace=workspace,
            platform=session.platform,
            drafts=session.drafts,
            store=session.store,
            logout=True,
            simulator=None,
        )

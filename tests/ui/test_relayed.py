"""The real window on the IMIconnect and iLiveIt demos, brought up the way the app does it
(``wiring.start_demo``: the platform's simulator pushing webhooks to a real relay, agent1
signed in through it), and a second real window for agent2 on the same relay and number:
what one agent does with a shared conversation shows in the other's inbox.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from inbox_app import wiring
from inbox_app.core.conversation import SendState
from inbox_app.core.inbox import InboxRef
from inbox_app.core.models import DeliveryState
from inbox_app.core.tasks import TaskRunner
from inbox_app.core.thread_table import customer_number
from inbox_app.ui.inbox_panel import ChannelRole
from inbox_app.ui.main_window import MainWindow, open_main_window

from .conftest import _no_task_left, until
from .test_workflows import threads_shown


@dataclass(eq=False)
class Desk:
    """One agent's real window, its session and task runner."""

    window: MainWindow
    session: wiring.Session
    runner: TaskRunner

    async def tick(self) -> None:
        assert self.window.sync is not None
        await self.window.sync.tick()
        await until(lambda: self.runner.pending == 0, "the round's work")

    async def tick_until(self, condition: Callable[[], object], what: str) -> None:
        """Sync rounds until ``condition`` holds: the relay hands news over by polling."""

        deadline = time.monotonic() + 30.0
        while True:
            await self.tick()
            if condition():
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"never saw {what} in 30 s")
            await asyncio.sleep(0.05)  # the platform's simulator posts on its own thread

    def refs(self) -> tuple[InboxRef, InboxRef]:
        """(personal, group) of the demo's first number."""
        channels = list(self.window.workspace.channels)
        mine = next(c for c in channels if c.personal)
        group = next(c for c in channels if not c.personal and c.channel_id == mine.channel_id)
        return InboxRef.of(mine), InboxRef.of(group)

    async def show(self, ref: InboxRef) -> None:
        assert self.window.inbox_panel.select(ref)
        await until(lambda: self.window.current_inbox == ref, "the inbox on screen")
        await until(lambda: self.runner.pending == 0, "its first page")

    def ids(self) -> list[str | None]:
        return [t.thread_id for t in threads_shown(self.window)]


@pytest.fixture(params=["imiconnect", "iliveit"])
async def demo(
    request: pytest.FixtureRequest, tmp_path: Path, qtbot: Any
) -> AsyncIterator[tuple[Any, Callable[[str], Any]]]:
    """The demo (simulator + relay) and ``await open_desk(agent)``."""
    running, _target = await wiring.start_demo(request.param)
    opened: list[Desk] = []

    async def open_desk(agent: str) -> Desk:
        folder = tmp_path / agent
        folder.mkdir()
        runner = TaskRunner()
        platform = await running.sign_in(agent, folder)
        session = await wiring.Session.open(platform, folder)
        window = await open_main_window(
            session.workspace,
            runner,
            sync=session.sync,
            drafts=session.drafts,
            settings=None,
            where=f"demo · {agent}",
        )
        qtbot.addWidget(window)
        desk = Desk(window, session, runner)
        opened.append(desk)
        await until(lambda: window._ready, "the first inbox and thread")
        await until(lambda: runner.pending == 0, "the start-up work")
        return desk

    try:
        yield running, open_desk
    finally:
        for desk in opened:
            with contextlib.suppress(AssertionError):
                await until(lambda d=desk: d.runner.pending == 0, "the test's work", within=5.0)
            await wiring.shut_down(
                runner=desk.runner,
                workspace=desk.session.workspace,
                platform=desk.session.platform,
                drafts=desk.session.drafts,
                store=desk.session.store,
                logout=True,
                simulator=None,
            )
        running.stop()
        await _no_task_left()


def tree_titles(window: MainWindow) -> dict[str, tuple[bool, str]]:
    model = window.inbox_panel.model
    titles: dict[str, tuple[bool, str]] = {}
    for group in range(model.rowCount()):
        parent = model.index(group, 0)
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            channel = index.data(ChannelRole)
            titles[index.data()] = (channel.personal, channel.channel_id)
    return titles


async def test_each_number_has_a_personal_and_a_group_inbox_told_apart(demo: Any) -> None:
    _, open_desk = demo
    desk: Desk = await open_desk("agent1")
    titles = tree_titles(desk.window)
    numbers = {number for _, number in titles.values()}
    assert numbers
    for number in numbers:
        mine = [t for t, (personal, n) in titles.items() if n == number and personal]
        group = [t for t, (personal, n) in titles.items() if n == number and not personal]
        assert len(mine) == 1 and mine[0].endswith(" · mine")
        assert len(group) == 1 and group[0].endswith(" · group")
    personal, _ = desk.refs()
    assert desk.window.current_inbox == personal  # the agent's own work first


async def test_take_reply_and_delivery_on_the_demo(demo: Any, qtbot: Any) -> None:
    _, open_desk = demo
    desk: Desk = await open_desk("agent1")
    window = desk.window
    personal, group = desk.refs()
    await desk.show(group)
    waiting = threads_shown(window)
    assert waiting and window.act_take.isEnabled() and not window.act_to_group.isEnabled()
    thread = window.current_thread
    assert thread is not None
    window.act_take.trigger()
    await until(lambda: thread.thread_id not in desk.ids(), "the thread to leave the group")
    await desk.show(personal)
    assert window.thread_list.select_thread(thread.thread_id)
    await until(
        lambda: window.current_thread and window.current_thread.thread_id == thread.thread_id,
        "the taken thread open",
    )
    window.activateWindow()
    window.composer.editor.setFocus()
    qtbot.keyClicks(window.composer.editor, "Thanks, I can help with that.")
    window.composer.send_button.click()
    entries = window.workspace.conversation(thread.thread_id or "").entries
    await until(lambda: entries[len(entries) - 1].state is SendState.SENT, "the send")
    await desk.tick_until(
        lambda: entries[len(entries) - 1].status == DeliveryState.DELIVERED,
        "the delivery report reach the bubble",
    )
    assert [e.text for e in entries].count("Thanks, I can help with that.") == 1


async def test_two_agents_on_one_number_see_a_claim_and_a_transfer(demo: Any) -> None:
    _, open_desk = demo
    one: Desk = await open_desk("agent1")
    two: Desk = await open_desk("agent2")
    mine1, group1 = one.refs()
    mine2, group2 = two.refs()
    await one.show(group1)
    await two.show(group2)
    assert sorted(map(str, one.ids())) == sorted(map(str, two.ids()))  # one group inbox
    # agent1 takes a conversation: it leaves agent2's group inbox within one poll.
    thread = one.window.current_thread
    assert thread is not None
    customer = customer_number(thread)
    one.window.act_take.trigger()
    await until(lambda: thread.thread_id not in one.ids(), "the take on agent1's desktop")
    await until(lambda: one.runner.pending == 0, "the relay's answer to the take")
    await two.tick()
    assert customer not in [customer_number(t) for t in threads_shown(two.window)]

    # agent1 answers, then transfers it to agent2: it lands in agent2's personal inbox with
    # agent1's reply in its history.
    await one.show(mine1)
    assert one.window.thread_list.select_thread(thread.thread_id)
    await until(
        lambda: (
            one.window.current_thread and one.window.current_thread.thread_id == thread.thread_id
        ),
        "the taken thread open on agent1's desktop",
    )
    one.window.composer.editor.setPlainText("Let me pass you to my colleague.")
    one.window.composer.send_button.click()
    entries = one.window.workspace.conversation(thread.thread_id or "").entries
    await until(lambda: entries[len(entries) - 1].state is SendState.SENT, "agent1's reply")
    await one.tick()  # tells the relay what agent1 sent
    one.window.act_transfer.trigger()
    dialog = one.window.actions.transfer_dialog
    await until(lambda: dialog.list.isEnabled(), "the agents to transfer to")
    dialog.search.setText("agent2")
    await until(lambda: dialog.proxy.rowCount() == 1, "agent2 found")
    chosen = dialog.chosen()
    assert chosen is not None and chosen.name == "agent2"
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    await until(lambda: thread.thread_id not in one.ids(), "the transfer on agent1's desktop")
    await until(lambda: "Transferred" in one.window.banner.message.text(), "the relay's answer")

    await two.show(mine2)
    await two.tick()  # within one poll
    handed = [t for t in threads_shown(two.window) if customer_number(t) == customer]
    assert len(handed) == 1
    assert two.window.thread_list.select_thread(handed[0].thread_id)
    await until(
        lambda: (
            two.window.current_thread and two.window.current_thread.thread_id == handed[0].thread_id
        ),
        "the handed-over thread open on agent2's desktop",
    )
    history = two.window.workspace.conversation(handed[0].thread_id or "").entries
    await until(
        lambda: any(e.text == "Let me pass you to my colleague." for e in history),
        "agent1's reply in agent2's history",
    )
    assert [e.text for e in history].count("Let me pass you to my colleague.") == 1


async def test_resolve_takes_the_conversation_out_of_every_inbox(demo: Any) -> None:
    _, open_desk = demo
    one: Desk = await open_desk("agent1")
    two: Desk = await open_desk("agent2")
    _, group1 = one.refs()
    _, group2 = two.refs()
    await one.show(group1)
    await two.show(group2)
    thread = one.window.current_thread
    assert thread is not None
    customer = customer_number(thread)
    assert customer in [customer_number(t) for t in threads_shown(two.window)]
    one.window.act_resolve.trigger()
    dialog = one.window.actions.resolve_dialog
    assert not dialog.account.isVisible() and not dialog.term_code.isVisible()  # none here
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    await until(lambda: thread.thread_id not in one.ids(), "the resolve on agent1's desktop")
    await until(lambda: "Resolved" in one.window.banner.message.text(), "the relay's answer")
    await two.tick()
    assert customer not in [customer_number(t) for t in threads_shown(two.window)]

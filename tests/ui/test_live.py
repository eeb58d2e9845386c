"""Live sync in the window: new messages appear, are announced, and health is shown."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from inbox_app.core.platforms.livevox import LiveVoxPlatform
from inbox_app.core.sync import SyncEngine
from inbox_app.core.tasks import TaskRunner
from inbox_app.core.workspace import Workspace
from inbox_app.livevox import LiveVoxClient
from inbox_app.simulator import EmbeddedSimulator
from inbox_app.ui.main_window import MainWindow

from .conftest import settled, until
from .screen_reader import ScreenReader
from .test_workflows import threads_shown


@pytest.fixture
async def live(client: LiveVoxClient, sim: EmbeddedSimulator, qtbot) -> AsyncIterator[MainWindow]:  # type: ignore[no-untyped-def]
    creds = sim.credentials
    platform = LiveVoxPlatform(client, client_code=creds.client_code, user_name=creds.agent_login)
    inbox = Workspace(platform)
    runner = TaskRunner()
    window = MainWindow(inbox, runner, settings=None, sync=SyncEngine(inbox))
    qtbot.addWidget(window)
    window.show()
    window.start()
    await until(lambda: window._ready, "the first screen")
    await until(lambda: runner.pending == 0, "start-up work")
    assert window.sync is not None
    await window.sync.tick()  # the first look
    yield window
    await runner.shutdown()


async def test_a_customer_writes_and_the_agent_sees_it(
    live: MainWindow, sim: EmbeddedSimulator
) -> None:
    assert live.sync is not None
    live.sync.window_active = False  # the agent is in another window
    other = threads_shown(live)[-1]
    assert other.thread_id is not None and other.thread_id != live.current_thread.thread_id  # type: ignore[union-attr]
    unread_before = live.unread_count()
    sim.inject_inbound("Is my payment late?", thread_id=other.thread_id)
    await live.sync.tick()
    assert threads_shown(live)[0].thread_id == other.thread_id  # moved to the top
    assert live.notifier.shown and live.notifier.shown[-1][1] == "New message"
    assert live.unread_count() == unread_before + (1 if other.read else 0)
    assert live.windowTitle().startswith(f"({live.unread_count()})")
    # The open thread stays selected while rows move around it.
    assert live.thread_list.current_thread() is not None
    assert live.thread_list.current_thread().thread_id == live.current_thread.thread_id  # type: ignore[union-attr]


async def test_the_open_thread_updates_in_place(live: MainWindow, sim: EmbeddedSimulator) -> None:
    assert live.sync is not None and live.current_thread is not None
    thread_id = live.current_thread.thread_id
    assert thread_id is not None
    sim.inject_inbound("One more question", thread_id=thread_id)
    await live.sync.tick()
    texts = [e.text for e in live.conversation.model_.source]
    assert texts[-1] == "One more question"
    assert live.notifier.shown == []  # the agent is reading it


async def test_health_is_shown(live: MainWindow, sim: EmbeddedSimulator) -> None:
    assert live.sync is not None
    assert live.health.text() == "Live"
    sim.set_faults("GET /sms/agent/channel:error=1@503")
    await live.sync.tick()
    assert "retrying in" in live.health.text()
    sim.clear_faults()
    await live.sync.tick()
    assert live.health.text() == "Live"


async def test_refresh_pokes_the_one_poller(live: MainWindow) -> None:
    assert live.sync is not None
    workspace = live.workspace
    before = workspace.requests_started
    await live.sync.tick()
    one_round = workspace.requests_started - before
    assert one_round > 0
    live.act_refresh.trigger()
    assert live.sync._wake.is_set()
    before = workspace.requests_started
    await live.sync.tick()  # the round the poke asked for; whatever the refresh started runs too
    await settled(live)
    assert workspace.requests_started - before == one_round  # no second poll of its own


async def test_session_lost_prompts_over_the_intact_window(
    live: MainWindow, sim: EmbeddedSimulator
) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from inbox_app.core.sync import Health
    from inbox_app.ui.login import LoginDialog
    from inbox_app.wiring import Target, prompt_when_session_lost

    assert live.sync is not None and live.current_thread is not None
    selected = live.current_thread.thread_id
    live.composer.editor.setPlainText("a reply in progress")
    creds = sim.credentials
    target = Target(sim.base_url, client_code=creds.client_code, user_name=creds.agent_login)
    prompt_when_session_lost(live, live.runner, target)  # as the app wires it
    sim.set_faults("POST /session/login:error=1@401")  # the password 'changed'
    sim.expire_sessions()
    await live.sync.tick()
    assert live.sync.health.health is Health.EXPIRED
    await until(
        lambda: any(
            isinstance(w, LoginDialog) and w.isVisible() for w in live.findChildren(LoginDialog)
        ),
        "the sign-in prompt",
    )
    dialog = next(w for w in live.findChildren(LoginDialog) if w.isVisible())
    assert not dialog.user_name.isEnabled()  # who signs in is not in question
    sim.clear_faults()
    dialog.password.setText(creds.password)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    await until(lambda: live.runner.pending == 0, "signing in again")
    await live.sync.tick()
    assert live.sync.health.health is Health.LIVE
    assert live.current_thread is not None and live.current_thread.thread_id == selected
    assert live.composer.text() == "a reply in progress"


async def test_clicking_a_notification_opens_the_thread(live: MainWindow) -> None:
    from inbox_app.core.inbox import InboxRef
    from inbox_app.core.sync import NewMessage
    from inbox_app.livevox import models

    group = next(
        InboxRef.of(c)
        for c in live.workspace.channels
        if c.kind is models.ChannelKind.SMS and not c.personal
    )
    await live.workspace.fetch_more(group)
    wanted = live.workspace.thread_list(group).threads[2]
    live.notifier.sig_open.emit(NewMessage(group, wanted, ()))
    await until(
        lambda: (
            live.current_thread is not None and live.current_thread.thread_id == wanted.thread_id
        ),
        "the notified thread",
    )
    assert live.current_inbox == group


async def test_a_key_press_tells_sync_the_agent_is_back(live: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    sync = live.sync
    assert sync is not None
    sync.user_idle_after_s = 0.1
    await until(lambda: not sync.attentive, "the agent to count as away")
    live._presence._last = 0.0  # type: ignore[union-attr]  # the once-a-second throttle
    away_since = sync._last_input
    qtbot.keyClick(live.thread_list.view, Qt.Key.Key_Shift)
    assert sync._last_input > away_since
    sync.user_idle_after_s = 60.0
    assert sync.attentive


async def test_health_changes_are_announced_once_each(
    live: MainWindow, sim: EmbeddedSimulator, screen_reader: ScreenReader
) -> None:
    assert live.sync is not None
    sim.set_faults("GET /sms/agent/channel:error=1@503")
    await live.sync.tick()
    trouble = live.health.text()
    assert live.health.accessibleDescription() == trouble
    await live.sync.tick()  # still failing: a longer wait is not news
    sim.clear_faults()
    await live.sync.tick()
    said = [h.text for h in screen_reader.heard if h.source is live.health]
    assert said == [trouble, "Live"]
    assert live.health.accessibleDescription() == "Live"


async def test_a_closed_window_leaves_no_listener_in_core(
    client: LiveVoxClient, sim: EmbeddedSimulator, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """Core outlives windows (sign in again, a second window): a closed window must not be
    called back, nor kept alive, by anything in core."""
    workspace = Workspace(LiveVoxPlatform(client))
    sync = SyncEngine(workspace)
    runner = TaskRunner()
    window = MainWindow(workspace, runner, settings=None, sync=sync)
    qtbot.addWidget(window)
    window.show()
    window.start()
    await until(lambda: window._ready, "the first screen")
    await until(lambda: runner.pending == 0, "start-up work")
    listened = [
        len(workspace.counts_changed),
        len(sync.health_changed),
        len(sync.new_messages),
        len(workspace.channels._observers),
    ]
    assert all(listened), listened  # the window did listen
    threads = window.thread_list.model.source
    entries = window.conversation.model_.source
    assert threads._observers and entries._observers
    window.close()
    assert len(workspace.counts_changed) == len(sync.health_changed) == 0
    assert len(sync.new_messages) == 0
    assert workspace.channels._observers == []
    assert threads._observers == [] and entries._observers == []
    await runner.shutdown()

"""Compliance in the window, on the demo: an opted-out customer cannot be texted and the
agent sees why; a send in the customer's night waits for their morning; nothing written is
lost; the opt-out notice is offered and counted. The clock is the test's."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from inbox_app.core.compliance import Guard, Reason
from inbox_app.core.conversation import SendState
from inbox_app.core.inbox import customer_number
from inbox_app.core.numbers import e164
from inbox_app.core.outbox import Outbox, OutboxState
from inbox_app.core.sync import SyncEngine
from inbox_app.core.workspace import Workspace
from inbox_app.livevox import LiveVoxClient
from inbox_app.simulator import EmbeddedSimulator
from inbox_app.simulator.traffic import TrafficSimulator
from inbox_app.ui import wording
from inbox_app.ui.main_window import MainWindow
from inbox_app.ui.settings import Settings

from .conftest import demo_platform, open_window, settled, until


class WallClock:
    """What the outbox and the guard read as "now"; only the test moves it."""

    def __init__(self) -> None:
        self.at = datetime(2026, 12, 1, 18, tzinfo=UTC)  # noon in Chicago

    def now(self) -> datetime:
        return self.at

    def time(self) -> float:
        return self.at.timestamp()


@pytest.fixture
def clock() -> WallClock:
    return WallClock()


@pytest.fixture
async def guarded(
    sim: EmbeddedSimulator, client: LiveVoxClient, qtbot, clock: WallClock
) -> AsyncIterator[MainWindow]:  # type: ignore[no-untyped-def]
    platform = await demo_platform(sim, client)
    outbox = Outbox(platform, None, clock=clock.time)
    workspace = Workspace(platform, outbox, guard=Guard(), now=clock.now)
    async with open_window(sim, client, qtbot, workspace=workspace) as window:
        await until(lambda: window.current_thread is not None, "a thread to open")
        await settled(window)
        yield window


def customer_zone(window: MainWindow) -> ZoneInfo:
    thread = window.current_thread
    assert thread is not None
    number = e164(customer_number(thread) or "")
    assert number
    verdict = window.workspace.verdict(thread)
    assert verdict is not None
    return ZoneInfo(verdict.zones[0])


def sent(sim: EmbeddedSimulator, text: str) -> int:
    return sum(1 for m in sim.state()["sent"] if m["message"] == text)


def bubble(window: MainWindow, text: str):  # type: ignore[no-untyped-def]
    return next(e for e in window.conversation.model_.source if e.text == text)


async def test_stop_locks_the_composer_holds_the_queue_and_start_lifts_it(
    guarded: MainWindow, sim: EmbeddedSimulator, clock: WallClock
) -> None:
    window, composer = guarded, guarded.composer
    thread = window.current_thread
    assert thread is not None and thread.thread_id
    zone = customer_zone(window)
    clock.at = datetime(2026, 12, 1, 12, tzinfo=zone)
    # Queued by an earlier run, before the customer's answer came.
    number = e164(customer_number(thread) or "")
    assert number
    queued = await window.workspace.outbox.submit(
        thread_id=thread.thread_id, to_number=number, from_number="18005550142", text="queued"
    )
    sim.inject_inbound("STOP", thread_id=thread.thread_id)
    await window.workspace.refresh_history(thread.thread_id)  # what sync does for it
    assert composer.locked is Reason.OPTED_OUT
    assert composer.lock_note.isVisible() and "opted out" in composer.lock_note.text()
    assert window.consent.isVisible() and "“STOP”" in window.consent.opt_out.text()
    # The agent types and presses Send: nothing leaves, the draft stays.
    composer.editor.setPlainText("Are you sure?")
    assert not composer.send_button.isEnabled()
    assert not composer.notice_button.isVisible()  # nothing to add to a message that cannot go
    composer.act_send.trigger()
    assert composer.text() == "Are you sure?"
    # The queued message is held and shown as not sent, with the reason.
    (held,) = await window.workspace.outbox.flush(force=True)
    assert (held.id, held.state, held.error) == (queued.id, OutboxState.HELD, Reason.OPTED_OUT)
    entry = bubble(window, "queued")
    assert entry.state is SendState.HELD
    assert "opted out" in wording.entry_status(entry, "LiveVox")
    assert sent(sim, "queued") == 0

    sim.inject_inbound("START", thread_id=thread.thread_id)
    await window.workspace.refresh_history(thread.thread_id)
    assert composer.locked is None and composer.send_button.isEnabled()
    assert not composer.lock_note.isVisible()
    assert composer.notice_button.isVisible()  # the first message of the day: offer the notice
    assert window.consent.opt_in.isVisible() and window.consent.opt_out.text() == ""
    # The agent double-clicks the held bubble: the guard decides anew, and it goes.
    window.conversation.sig_entry_activated.emit(entry)
    await until(lambda: bubble(window, "queued").state is SendState.SENT, "the held send")
    assert sent(sim, "queued") == 1
    composer.send_button.click()
    await until(lambda: sent(sim, "Are you sure?") == 1, "the reply to be sent")
    await settled(window)


async def test_a_send_at_2140_their_time_waits_for_0800_and_keeps_the_draft(
    guarded: MainWindow, sim: EmbeddedSimulator, clock: WallClock
) -> None:
    window, composer = guarded, guarded.composer
    zone = customer_zone(window)
    clock.at = datetime(2026, 12, 1, 21, 40, tzinfo=zone)
    window.consent.refresh()  # the bar's timer does this every half minute
    assert composer.locked is Reason.QUIET_HOURS
    assert composer.lock_note.text() == (
        f"It is 21:40 for this customer ({zone.key}); texting opens at 08:00"
    )
    assert composer.later_button.isVisible()
    assert composer.later_button.text() == "Send at 08:00 their time"
    composer.editor.setPlainText("We can talk tomorrow")
    composer.act_send.trigger()  # the send keys do nothing in quiet hours
    assert composer.text() == "We can talk tomorrow" and not composer.send_button.isEnabled()

    composer.later_button.click()
    await until(
        lambda: (
            any(e.text == "We can talk tomorrow" for e in window.conversation.model_.source)
            and bubble(window, "We can talk tomorrow").state is SendState.HELD
        ),
        "the message to be held",
    )
    entry = bubble(window, "We can talk tomorrow")
    morning = datetime(2026, 12, 2, 8, tzinfo=zone)
    assert entry.send_at == morning and entry.error is Reason.QUIET_HOURS
    assert morning.astimezone().strftime("%H:%M") in wording.entry_status(entry, "LiveVox")
    assert composer.text() == ""  # it is in the outbox now, not lost
    clock.at = morning - timedelta(minutes=1)
    assert await window.workspace.outbox.flush() == []
    assert sent(sim, "We can talk tomorrow") == 0
    clock.at = morning
    await window.workspace.outbox.flush()
    await until(lambda: bubble(window, "We can talk tomorrow").state is SendState.SENT, "08:00")
    assert sent(sim, "We can talk tomorrow") == 1
    window.consent.refresh()
    assert composer.locked is None and not composer.later_button.isVisible()
    await settled(window)


async def test_the_opt_out_notice_is_offered_and_counted(guarded: MainWindow) -> None:
    window, composer = guarded, guarded.composer
    window.apply_settings(Settings(opt_out_notice=True))
    text = "Your payment plan is ready. " * 5  # 140 characters: one segment
    composer.editor.setPlainText(text)
    assert composer.notice_button.isVisible()
    assert "1 segment ·" in composer.counter.text()
    assert "with the opt-out notice: 2 segments" in composer.counter.text()
    composer.notice_button.click()
    assert composer.text().endswith("Reply STOP to opt out")
    assert "2 segments" in composer.counter.text()
    assert not composer.notice_button.isVisible()
    window.apply_settings(Settings(opt_out_notice=False))
    composer.editor.setPlainText("Hello")
    assert not composer.notice_button.isVisible()


async def test_the_setting_narrows_the_window(guarded: MainWindow, clock: WallClock) -> None:
    window, composer = guarded, guarded.composer
    zone = customer_zone(window)
    clock.at = datetime(2026, 12, 1, 8, 30, tzinfo=zone)
    window.consent.refresh()
    assert composer.locked is None
    window.apply_settings(Settings(texting_from_min=9 * 60, texting_until_min=20 * 60))
    assert composer.locked is Reason.QUIET_HOURS
    assert composer.lock_note.text().endswith("texting opens at 09:00")
    # A wider window in a hand-edited profile falls back to the law's.
    window.apply_settings(Settings(texting_from_min=6 * 60))
    assert window.workspace.guard is not None and window.workspace.guard.start.hour == 8


async def test_the_traffic_simulators_stop_answers_lock_the_real_app(
    sim: EmbeddedSimulator, client: LiveVoxClient, qtbot, clock: WallClock
) -> None:  # type: ignore[no-untyped-def]
    """``--traffic``'s customers answer some messages with STOP: here every one does."""
    platform = await demo_platform(sim, client)
    workspace = Workspace(
        platform, Outbox(platform, None, clock=clock.time), guard=Guard(), now=clock.now
    )
    sync = SyncEngine(workspace, active_interval_s=0.2)
    assert sim.world is not None
    traffic = TrafficSimulator(
        sim.world, 0.0, stop_probability=1.0, reply_probability=1.0, reply_delay=(0.1, 0.3)
    )
    traffic.start()
    try:
        async with open_window(sim, client, qtbot, workspace=workspace, sync=sync) as window:
            window.apply_settings(Settings(poll_interval_s=2.0))
            sync.active_interval_s = 0.2
            window.runner.start(sync.run(), name="live sync", owner=window)
            await until(lambda: window.current_thread is not None, "a thread")
            clock.at = datetime(2026, 12, 1, 12, tzinfo=customer_zone(window))
            window.consent.refresh()
            composer = window.composer
            composer.editor.setPlainText("Your statement is ready")
            composer.send_button.click()
            await until(lambda: traffic.replied >= 1, "the customer to answer")
            await until(
                lambda: composer.locked is Reason.OPTED_OUT, "the STOP to reach the composer"
            )
            assert window.consent.opt_out.isVisible()
            assert "“STOP”" in window.consent.opt_out.text()
            composer.editor.setPlainText("one more thing")
            composer.act_send.trigger()
            assert composer.text() == "one more thing"
            assert sent(sim, "one more thing") == 0
    finally:
        await traffic.stop()


async def test_help_is_flagged_without_locking(
    guarded: MainWindow, sim: EmbeddedSimulator, clock: WallClock
) -> None:
    window, composer = guarded, guarded.composer
    thread = window.current_thread
    assert thread is not None and thread.thread_id
    clock.at = datetime(2026, 12, 1, 12, tzinfo=customer_zone(window))
    sim.inject_inbound("HELP", thread_id=thread.thread_id)
    await window.workspace.refresh_history(thread.thread_id)
    assert window.consent.help.isVisible() and "“HELP”" in window.consent.help.text()
    assert composer.locked is None
    composer.editor.setPlainText("This is Acme support. Reply STOP to opt out.")
    composer.send_button.click()
    await until(lambda: not window.consent.help.isVisible(), "the answer to clear the flag")
    await settled(window)


def test_the_settings_dialog_offers_only_a_narrower_window(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTime

    from inbox_app.ui.dialogs.settings import SettingsDialog

    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    assert dialog.opt_out_notice.isChecked()  # on for a new profile
    dialog.texting_from.setTime(QTime(6, 30))  # wider: the editor stays at the law's limit
    dialog.texting_until.setTime(QTime(23, 0))
    chosen = dialog.chosen()
    assert (chosen.texting_from_min, chosen.texting_until_min) == (8 * 60, 21 * 60)
    dialog.texting_from.setTime(QTime(9, 15))
    dialog.texting_until.setTime(QTime(19, 45))
    dialog.opt_out_notice.setChecked(False)
    chosen = dialog.chosen()
    assert (chosen.texting_from_min, chosen.texting_until_min) == (9 * 60 + 15, 19 * 60 + 45)
    guard = chosen.texting_window()
    assert (guard.start.hour, guard.start.minute, guard.end.hour) == (9, 15, 19)
    assert not chosen.opt_out_notice
    dialog.texting_from.setTime(QTime(20, 0))  # not past the end
    assert dialog.texting_from.time() <= dialog.texting_until.time()


async def test_a_new_sms_at_night_waits_and_one_to_an_invalid_number_is_held(
    guarded: MainWindow, sim: EmbeddedSimulator, clock: WallClock
) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    window = guarded
    clock.at = datetime(2026, 12, 1, 23, 30, tzinfo=ZoneInfo("America/Chicago"))
    morning = datetime(2026, 12, 2, 8, tzinfo=ZoneInfo("America/Chicago"))
    for to, text, expected in (
        (
            "(312) 555-0177",
            "Your appointment is Tuesday",
            f"goes out at {morning.astimezone():%H:%M}",
        ),
        ("555 010 0199", "Hello from support", "not a valid phone number"),
    ):
        window.act_new_sms.trigger()
        dialog = window.actions.new_sms_dialog
        assert dialog is not None
        dialog.to.setText(to)
        dialog.message.setPlainText(text)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        await until(lambda e=expected: e in window.banner.message.text(), "the banner")
        assert sent(sim, text) == 0
    clock.at = morning
    await window.workspace.outbox.flush()
    assert sent(sim, "Your appointment is Tuesday") == 1
    assert sent(sim, "Hello from support") == 0
    await settled(window)

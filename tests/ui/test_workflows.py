"""Every agent workflow, driven through the real widgets against the real simulator."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialogButtonBox

from inbox_app.core.conversation import SendState
from inbox_app.core.inbox import InboxRef
from inbox_app.livevox import models
from inbox_app.simulator import EmbeddedSimulator
from inbox_app.ui.list_model import ItemRole
from inbox_app.ui.main_window import MainWindow
from inbox_app.ui.wording import entry_status

from .conftest import until


def threads_shown(window: MainWindow) -> list[models.Thread]:
    proxy = window.thread_list.proxy
    return [proxy.index(row, 0).data(ItemRole) for row in range(proxy.rowCount())]


def row_of(sim: EmbeddedSimulator, thread: models.Thread) -> dict[str, object]:
    assert sim.world is not None and thread.thread_id is not None
    row = sim.world.thread_row(thread.thread_id)
    assert row is not None
    return row


def group_inbox(window: MainWindow) -> InboxRef:
    return next(
        InboxRef.of(c)
        for c in window.workspace.channels
        if c.kind is models.ChannelKind.SMS and not c.personal
    )


async def show(window: MainWindow, ref: InboxRef) -> None:
    assert window.inbox_panel.select(ref)
    await until(
        lambda: window.workspace.thread_list(ref).pages_loaded > 0 and window.current_thread,
        "the inbox's first page and thread",
    )


async def test_start_shows_inboxes_threads_and_history(
    window: MainWindow, sim: EmbeddedSimulator
) -> None:
    assert window.inbox_panel.model.rowCount() >= 3  # SMS, Email, Chat, ... groups
    ref = window.current_inbox
    assert ref is not None and ref.personal and ref.channel == "SMS"
    thread = window.current_thread
    assert thread is not None and thread.thread_id is not None
    await until(lambda: window.conversation.model_.rowCount() > 0, "the history")
    assert threads_shown(window)[0].thread_id == thread.thread_id
    assert "counts" not in window.inbox_panel.counts.text()
    assert "unread" in window.inbox_panel.counts.text()
    assert window.header.title.text()
    # Opening the thread marked it read on the server.
    await until(lambda: row_of(sim, thread)["read"] == 1, "mark read on the server")


async def test_opening_an_unread_thread_marks_it_read_everywhere(
    window: MainWindow, sim: EmbeddedSimulator
) -> None:
    unread = next(t for t in threads_shown(window) if not t.read)
    ref = window.current_inbox
    channel_before = next(c for c in window.workspace.channels if InboxRef.of(c) == ref)
    window.thread_list.select_thread(unread.thread_id)
    await until(lambda: row_of(sim, unread)["read"] == 1, "mark read on the server")
    shown = next(t for t in threads_shown(window) if t.thread_id == unread.thread_id)
    assert shown.read is True
    channel_after = next(c for c in window.workspace.channels if InboxRef.of(c) == ref)
    assert channel_after.unread_count == (channel_before.unread_count or 0) - 1


async def test_switching_inbox_shows_its_threads(
    window: MainWindow, sim: EmbeddedSimulator
) -> None:
    ref = group_inbox(window)
    await show(window, ref)
    shown = threads_shown(window)
    assert shown and all(row_of(sim, t)["owner"] is None for t in shown)
    assert window.act_take.isEnabled() and not window.act_to_group.isEnabled()


async def test_paging_to_the_end_of_a_large_inbox(
    window: MainWindow, sim: EmbeddedSimulator
) -> None:
    sim.configure(pageSize=4)
    ref = group_inbox(window)
    total = next(c.total_count for c in window.workspace.channels if InboxRef.of(c) == ref)
    assert total and total > 8
    await show(window, ref)
    threads = window.workspace.thread_list(ref)
    view = window.thread_list.view
    root = QModelIndex()
    while not threads.exhausted:
        loaded = len(threads.threads)
        view.scrollToBottom()  # what the agent does; Qt's view asks the model for more
        if window.thread_list.proxy.canFetchMore(root):
            window.thread_list.proxy.fetchMore(root)
        await until(
            lambda n=loaded: len(threads.threads) > n or threads.exhausted,
            "the next page",  # type: ignore[misc]
        )
    assert threads.pages_loaded >= total // 4
    ids = [t.thread_id for t in threads_shown(window)]
    assert len(ids) == len(set(ids)) == total


async def test_send_shows_sending_then_sent_and_stores_once(
    window: MainWindow, sim: EmbeddedSimulator, qtbot
) -> None:  # type: ignore[no-untyped-def]
    thread = window.current_thread
    assert thread is not None and thread.thread_id is not None
    composer = window.composer
    window.activateWindow()
    composer.editor.setFocus()  # as the agent types: Send's keys work where the reply is
    qtbot.keyClicks(composer.editor, "Your payment plan is set up.")
    assert "GSM-7" in composer.counter.text()
    qtbot.keyClick(composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    entries = window.workspace.conversation(thread.thread_id).entries
    assert entries[len(entries) - 1].state is SendState.SENDING
    await until(lambda: entries[len(entries) - 1].state is SendState.SENT, "the send to finish")
    assert composer.text() == ""
    assert sim.world is not None
    sent = [m for m in sim.state()["sent"] if m["threadId"] == thread.thread_id]
    assert [m["message"] for m in sent] == ["Your payment plan is set up."]


async def test_template_send_fills_variables(window: MainWindow, sim: EmbeddedSimulator) -> None:
    composer = window.composer
    thread = window.current_thread
    assert thread is not None and thread.thread_id is not None
    # The "Payment reminder" template needs first name, company, balance, account, due date.
    index = composer.template.findText("Payment reminder")
    assert index > 0
    composer.template.setCurrentIndex(index)
    composer.template.activated.emit(index)
    text = composer.text()
    assert text and composer._template_id is not None
    assert "{" not in text, text  # every variable was filled from the contact and the tenant
    assert "Acme Services" in text
    composer.send_button.click()
    entries = window.workspace.conversation(thread.thread_id).entries
    await until(lambda: entries[len(entries) - 1].state is SendState.SENT, "the template send")
    sent = [m for m in sim.state()["sent"] if m["threadId"] == thread.thread_id]
    assert sent[-1]["message"] == text


async def test_transfer_to_an_available_agent(window: MainWindow, sim: EmbeddedSimulator) -> None:
    thread = window.current_thread
    assert thread is not None
    window.act_transfer.trigger()
    dialog = window.actions.transfer_dialog
    await until(lambda: dialog.list.isEnabled(), "the transfer agents")
    first = dialog.chosen()
    assert first is not None
    statuses = [
        dialog.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1).available
        for r in range(dialog.proxy.rowCount())
    ]
    assert statuses == sorted(statuses, reverse=True)  # available agents first
    dialog.search.setText(first.login_id)
    assert dialog.proxy.rowCount() >= 1
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    await until(
        lambda: row_of(sim, thread)["owner"] == first.agent_id, "the transfer on the server"
    )
    assert thread.thread_id not in [t.thread_id for t in threads_shown(window)]
    await until(lambda: "Transferred" in window.banner.message.text(), "the confirmation")


async def test_resolve_with_term_code(window: MainWindow, sim: EmbeddedSimulator) -> None:
    thread = window.current_thread
    assert thread is not None
    before = len(threads_shown(window))
    window.act_resolve.trigger()
    dialog = window.actions.resolve_dialog
    assert dialog.account.text() == (thread.account or "")
    dialog.term_code.setCurrentIndex(2)
    term_code = dialog.term_code.currentData()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    await until(lambda: row_of(sim, thread)["resolved"] == 1, "the resolve on the server")
    assert str(row_of(sim, thread)["term_code"]) == term_code
    assert thread.thread_id not in [t.thread_id for t in threads_shown(window)]
    assert before > 1
    # The next thread opened by itself: the agent keeps working without a click.
    await until(lambda: window.current_thread is not None, "the next thread")
    assert window.current_thread.thread_id != thread.thread_id  # type: ignore[union-attr]


async def test_mark_unread(window: MainWindow, sim: EmbeddedSimulator) -> None:
    thread = window.current_thread
    assert thread is not None
    await until(lambda: row_of(sim, thread)["read"] == 1, "mark read on open")
    window.act_unread.trigger()
    await until(lambda: row_of(sim, thread)["read"] == 0, "mark unread on the server")
    shown = next(t for t in threads_shown(window) if t.thread_id == thread.thread_id)
    assert shown.read is False


async def test_move_to_group_then_take_back(window: MainWindow, sim: EmbeddedSimulator) -> None:
    thread = window.current_thread
    assert thread is not None
    me = window.workspace.agent_id
    window.act_to_group.trigger()
    await until(lambda: row_of(sim, thread)["owner"] is None, "the move to the group inbox")
    assert thread.thread_id not in [t.thread_id for t in threads_shown(window)]
    group = next(
        InboxRef.of(c)
        for c in window.workspace.channels
        if not c.personal
        and c.channel_id == str(row_of(sim, thread)["service_id"])
        and c.kind is models.ChannelKind.SMS
    )
    await show(window, group)
    assert window.thread_list.select_thread(thread.thread_id)
    await until(
        lambda: window.current_thread and window.current_thread.thread_id == thread.thread_id,
        "the thread in the group inbox",
    )
    window.act_take.trigger()
    await until(lambda: row_of(sim, thread)["owner"] == me, "the take on the server")


async def test_new_sms_to_a_number(window: MainWindow, sim: EmbeddedSimulator) -> None:
    window.act_new_sms.trigger()
    dialog = window.actions.new_sms_dialog
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.to.setText("555 010 0199")
    dialog.message.setPlainText("Your appointment is confirmed for Tuesday.")
    dialog.account.setText("4100999")
    assert ok.isEnabled()
    ok.click()
    await until(
        lambda: "sent (transaction" in window.banner.message.text(), "the send confirmation"
    )
    sent = sim.state()["sent"]
    assert sent[-1]["message"] == "Your appointment is confirmed for Tuesday."


async def test_server_refusal_rolls_back_and_retry_recovers(
    window: MainWindow, sim: EmbeddedSimulator
) -> None:
    thread = window.current_thread
    assert thread is not None
    await until(lambda: row_of(sim, thread)["read"] == 1, "mark read on open")
    sim.set_faults("/sms/agent/message/markAsUnread:error=1@500")
    window.act_unread.trigger()
    await until(
        lambda: window.banner.isVisible() and "Could not mark" in window.banner.message.text(),
        "the error banner",
    )
    shown = next(t for t in threads_shown(window) if t.thread_id == thread.thread_id)
    assert shown.read is True  # rolled back
    assert row_of(sim, thread)["read"] == 1
    sim.clear_faults()
    window.act_unread.trigger()
    await until(lambda: row_of(sim, thread)["read"] == 0, "the second try")


async def test_refused_send_is_marked_and_can_be_retried(
    window: MainWindow, sim: EmbeddedSimulator
) -> None:
    thread = window.current_thread
    assert thread is not None and thread.thread_id is not None
    sim.set_faults("POST /sms/agent/message/send:error=1@400")
    window.composer.set_text("Checking in about your account.")
    window.composer.submit()
    entries = window.workspace.conversation(thread.thread_id).entries
    await until(lambda: entries[len(entries) - 1].state is SendState.FAILED, "the refused send")
    await until(lambda: "Could not send" in window.banner.message.text(), "the banner")
    assert "double-click" in entry_status(entries[len(entries) - 1], "LiveVox")
    sim.clear_faults()
    window.conversation.sig_entry_activated.emit(entries[len(entries) - 1])
    await until(lambda: entries[len(entries) - 1].state is SendState.SENT, "the retried send")
    sent = [m for m in sim.state()["sent"] if m["threadId"] == thread.thread_id]
    assert [m["message"] for m in sent] == ["Checking in about your account."]


async def test_unknown_outcome_is_checked_not_resent(
    window: MainWindow, sim: EmbeddedSimulator
) -> None:
    thread = window.current_thread
    assert thread is not None and thread.thread_id is not None
    window.workspace.outbox.reconcile_delay_s = 0
    sim.set_faults("POST /sms/agent/message/send:drop=1")
    window.composer.set_text("Did this arrive?")
    window.composer.submit()
    entries = window.workspace.conversation(thread.thread_id).entries
    await until(lambda: entries[len(entries) - 1].state is SendState.CHECKING, "checking")
    assert not window.banner.isVisible()  # not an error the agent must act on
    sim.clear_faults()
    await window.workspace.outbox.flush()
    assert entries[len(entries) - 1].state is SendState.SENT
    sent = [m for m in sim.state()["sent"] if m["message"] == "Did this arrive?"]
    assert len(sent) == 1


async def test_load_error_shows_banner_and_retry_reloads(
    window: MainWindow, sim: EmbeddedSimulator
) -> None:
    sim.set_faults("GET /sms/agent/thread/details:error=1@500")
    ref = group_inbox(window)
    window.inbox_panel.select(ref)
    await until(
        lambda: window.banner.isVisible() and window.banner.retry_button.isVisible(), "the banner"
    )
    assert window.workspace.thread_list(ref).pages_loaded == 0
    sim.clear_faults()
    window.banner.retry_button.click()
    await until(lambda: window.workspace.thread_list(ref).pages_loaded == 1, "the retried load")
    assert threads_shown(window)


async def test_drafts_follow_the_thread(window: MainWindow) -> None:
    first = window.current_thread
    assert first is not None
    window.composer.editor.setPlainText("half-written reply")
    second = next(t for t in threads_shown(window) if t.thread_id != first.thread_id)
    window.thread_list.select_thread(second.thread_id)
    await asyncio.sleep(0)
    assert window.composer.text() == ""
    window.thread_list.select_thread(first.thread_id)
    assert window.composer.text() == "half-written reply"

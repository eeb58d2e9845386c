"""A supervisor's bulk work through the real window against the real LiveVox simulator:
select several (Ctrl+click, Shift+J, select all that match), act on all of them with
progress, cancel, and a summary that tells done / refused / not started; the team pane and
dragging conversations onto an agent."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QMimeData, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton

from inbox_app.core.models import Thread
from inbox_app.simulator import EmbeddedSimulator
from inbox_app.ui.main_window import MainWindow
from inbox_app.ui.thread_list import THREAD_IDS_MIME

from .conftest import until
from .test_workflows import group_inbox, row_of, show, threads_shown


def select_rows(window: MainWindow, rows: range) -> list[Thread]:
    view = window.thread_list.view
    flags = QItemSelectionModel.SelectionFlag.Select
    view.setCurrentIndex(window.thread_list.proxy.index(rows[0], 0))
    for row in rows[1:]:
        view.selectionModel().select(window.thread_list.proxy.index(row, 0), flags)
    return window.thread_list.selected_threads()


async def finished(window: MainWindow) -> None:
    await until(lambda: window.bulk.running is None, "the bulk action to end")
    await until(lambda: window.runner.pending == 0, "its last work")


async def test_shift_j_extends_the_selection_and_the_count_shows(window: MainWindow) -> None:
    await show(window, group_inbox(window))
    window.thread_list.select_row(0)
    window.key_actions["extend_down"].trigger()
    window.key_actions["extend_down"].trigger()
    assert len(window.thread_list.selected_threads()) == 3
    assert window.thread_list.selected_count.isVisible()
    assert window.thread_list.selected_count.text() == "3 selected"
    assert window.key_actions["spread"].isEnabled()
    window.key_actions["extend_up"].trigger()  # back up: the top one stays selected
    assert len(window.thread_list.selected_threads()) == 3
    window.key_actions["next_thread"].trigger()  # plain J: one again
    assert len(window.thread_list.selected_threads()) == 1
    assert not window.thread_list.selected_count.isVisible()
    assert not window.key_actions["spread"].isEnabled()


async def test_bulk_transfer_with_a_refusal_lists_it_with_a_retry(
    window: MainWindow, sim: EmbeddedSimulator
) -> None:
    await show(window, group_inbox(window))
    chosen = select_rows(window, range(0, 4))
    assert len(chosen) == 4
    gone = chosen[1]  # resolved by someone else meanwhile: the platform refuses it
    await window.workspace._platform.client.resolve_thread(  # type: ignore[attr-defined]
        gone.thread_id or "", gone.account or "4100001"
    )
    sim.set_faults("GET /sms/agent/thread/transfer:error=0.4@429:retry-after=0")
    window.act_transfer.trigger()
    dialog = window.bulk.transfer_dialog
    assert dialog is not None and "the 4 selected conversations" in dialog.status.text()
    await until(lambda: dialog.list.isEnabled(), "the agents")
    agent = dialog.chosen()
    assert agent is not None
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    await finished(window)
    sim.clear_faults()
    summary = window.bulk.summary
    assert summary is not None
    assert summary.headline.text() == "Transfer: 3 of 4 done."
    assert summary.refused.count() == 1 and "resolved" in summary.refused.item(0).text()
    assert summary.retry.isVisible()
    for thread in chosen:
        expected = agent.agent_id if thread is not gone else None
        assert row_of(sim, thread)["owner"] == expected
    shown = [t.thread_id for t in threads_shown(window)]
    assert gone.thread_id in shown and len(shown) == len(set(shown))
    summary.retry.click()  # still refused: the summary says so again
    await finished(window)
    again = window.bulk.summary
    assert again is not summary and again is not None
    assert again.headline.text() == "Transfer: 0 of 1 done."


async def test_select_all_that_match_then_spread_over_the_team(
    window: MainWindow, sim: EmbeddedSimulator
) -> None:
    sim.configure(pageSize=4)
    ref = group_inbox(window)
    await show(window, ref)
    total = next(
        c.total_count
        for c in window.workspace.channels
        if c.channel_id == ref.channel_id and not c.personal
    )
    window.key_actions["select_matching"].trigger()
    await until(
        lambda: len(window.thread_list.selected_threads()) == total, "the whole inbox selected"
    )
    assert total and total > 4  # more than the first page
    chosen = window.thread_list.selected_threads()
    window.key_actions["spread"].trigger()
    await until(lambda: window.bulk.summary is not None, "the spread's summary")
    await finished(window)
    summary = window.bulk.summary
    assert summary is not None
    assert summary.headline.text() == f"Spread over the team: {total} of {total} done."
    owners = [row_of(sim, t)["owner"] for t in chosen]
    counts = {o: owners.count(o) for o in set(owners)}
    assert None not in counts and max(counts.values()) - min(counts.values()) <= 1
    assert len(counts) >= 2
    assert summary.spread_to.text()


async def test_cancel_stops_before_the_next_and_says_what_was_not_started(
    window: MainWindow, sim: EmbeddedSimulator
) -> None:
    await show(window, group_inbox(window))
    chosen = select_rows(window, range(0, 5))
    before = [row_of(sim, t)["read"] for t in chosen]
    window.key_actions["mark_unread"].trigger()
    progress, running = window.bulk.progress, window.bulk.running
    assert progress is not None and running is not None
    # The supervisor presses Cancel as soon as the first one is done.
    cancel = progress.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    running.progress.connect(lambda done: cancel.click() if done[0] == 1 else None)
    await finished(window)
    summary = window.bulk.summary
    assert summary is not None
    assert summary.headline.text() == "Mark unread: 1 of 5 done."
    assert summary.not_started.text() == "Not started (cancelled): 4"
    assert row_of(sim, chosen[0])["read"] == 0
    assert [row_of(sim, t)["read"] for t in chosen[1:]] == before[1:]


async def test_the_team_pane_lists_agents_and_takes_dropped_conversations(
    window: MainWindow, sim: EmbeddedSimulator
) -> None:
    await show(window, group_inbox(window))
    window.key_actions["team"].trigger()
    team = window.team
    assert team.isVisible()
    await until(lambda: team.agents.count() > 0, "the team")
    first = team.agents.item(0)
    assert " — " in first.text()
    agent = first.data(Qt.ItemDataRole.UserRole + 1)
    dragged = select_rows(window, range(0, 2))
    data = window.thread_list.model.mimeData(
        [window.thread_list.proxy.mapToSource(window.thread_list.proxy.index(r, 0)) for r in (0, 1)]
    )
    assert isinstance(data, QMimeData) and data.hasFormat(THREAD_IDS_MIME)
    where = QPointF(team.agents.visualItemRect(first).center())
    target = team.agents.viewport()
    move, buttons, keys = (
        Qt.DropAction.MoveAction,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier(0),
    )
    enter = QDragEnterEvent(where.toPoint(), move, data, buttons, keys)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()  # conversations are welcome here
    over = QDragMoveEvent(where.toPoint(), move, data, buttons, keys)
    QApplication.sendEvent(target, over)
    assert over.isAccepted()  # over an agent
    drop = QDropEvent(where, move, data, buttons, keys)
    QApplication.sendEvent(target, drop)
    await until(lambda: window.bulk.summary is not None, "the transfer's summary")
    await finished(window)
    for thread in dragged:
        assert row_of(sim, thread)["owner"] == agent.agent_id
    window.key_actions["team"].trigger()
    assert not team.isVisible() and not team.timer.isActive()

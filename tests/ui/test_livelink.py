"""The real window on the Live Link 365 demo, brought up the way the app does it: the embedded
simulator from ``wiring.start_demo("livelink")``, its ``target.connect`` (the local threads
file in the profile's folder), ``Session.open``, ``open_main_window``; shut down in the app's
one order (``wiring.shut_down``).

One thing differs from the app: simulator and platform read one clock the test can move
(real time plus an offset), so a delivery report comes when the test says so, not when a
real two seconds have passed — and both sides agree on which minute window it is in.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QToolButton

from inbox_app import wiring
from inbox_app.core.conversation import SendState
from inbox_app.core.inbox import InboxRef
from inbox_app.core.models import Thread
from inbox_app.core.tasks import TaskRunner
from inbox_app.ui.inbox_panel import ChannelRole
from inbox_app.ui.main_window import MainWindow, open_main_window
from inbox_app.ui.wording import entry_status

from .conftest import _no_task_left, until
from .test_workflows import threads_shown

LONG = "+14155550100"  # the demo's long code; its short code is 55501


class MovableClock:
    """Real time plus an offset the test moves (seconds since the epoch)."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds


@dataclass(eq=False)
class Demo:
    window: MainWindow
    session: wiring.Session
    simulator: Any  # LiveLinkSimulator
    clock: MovableClock

    async def tick(self) -> None:
        """One round of live sync (the app runs these on a timer; a test runs them by hand)."""
        assert self.window.sync is not None
        await self.window.sync.tick()


@pytest.fixture
async def demo(tmp_path: Path, qtbot) -> AsyncIterator[Demo]:  # type: ignore[no-untyped-def]
    simulator, target = await wiring.start_demo("livelink")
    runner = TaskRunner()
    session: wiring.Session | None = None
    platform = None
    try:
        clock = MovableClock()
        simulator.world.clock = clock
        platform = await target.connect(tmp_path)
        platform._clock = clock  # type: ignore[attr-defined]  # the test's clock, see above
        session = await wiring.Session.open(platform, tmp_path)
        window = await open_main_window(
            session.workspace,
            runner,
            sync=session.sync,
            drafts=session.drafts,
            settings=None,
            where=target.label,
        )
        qtbot.addWidget(window)
        await until(lambda: window._ready, "the first inbox and thread")
        await until(lambda: runner.pending == 0, "the start-up work to finish")
        assert window.sync is not None
        await window.sync.tick()  # the first look: what was there before is not news
        yield Demo(window, session, simulator, clock)
    finally:
        with contextlib.suppress(AssertionError):
            await until(lambda: runner.pending == 0, "the test's work to end", within=5.0)
        await wiring.shut_down(
            runner=runner,
            workspace=session.workspace if session else None,
            platform=platform,
            drafts=session.drafts if session else None,
            store=session.store if session else None,
            logout=True,
            simulator=simulator,
        )
        await _no_task_left()


def badge(window: MainWindow, number: str) -> tuple[int, int]:
    from inbox_app.ui.badge import BadgeRole

    model = window.inbox_panel.model
    for group in range(model.rowCount()):
        parent = model.index(group, 0)
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            if index.data(ChannelRole).channel_id == number:
                unread, total = str(index.data(BadgeRole)).split(" / ")
                return int(unread), int(total)
    raise AssertionError(f"no inbox {number} in the tree")


def unread_of(window: MainWindow, ref: InboxRef) -> int:
    return next(c.unread_count or 0 for c in window.workspace.channels if InboxRef.of(c) == ref)


def shown_thread(window: MainWindow, thread_id: str | None) -> Thread:
    return next(t for t in threads_shown(window) if t.thread_id == thread_id)


async def test_the_inbox_tree_shows_our_numbers_with_counts(demo: Demo) -> None:
    window = demo.window
    names = {}
    model = window.inbox_panel.model
    for group in range(model.rowCount()):
        parent = model.index(group, 0)
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            names[index.data(ChannelRole).channel_id] = index.data(Qt.ItemDataRole.DisplayRole)
    assert set(names) == set(demo.simulator.credentials.numbers) == {LONG, "55501"}
    assert names["55501"] == "55501" and "415" in names[LONG]
    wrote: dict[str, set[str]] = {}
    for customer, ours in demo.simulator.world.customer_phones():
        wrote.setdefault(ours, set()).add(customer)
    ref = window.current_inbox
    assert ref is not None and ref.channel_id == LONG  # the first of our numbers is open
    for number, customers in wrote.items():
        unread, total = badge(window, number)
        assert total == len(customers)
        # Every demo customer is waiting; the open inbox's first thread was read on opening.
        assert unread == len(customers) - (1 if number == ref.channel_id else 0)
    assert len(threads_shown(window)) == len(wrote[LONG])


async def test_a_customer_writes_and_the_agent_sees_it(demo: Demo) -> None:
    window = demo.window
    assert window.sync is not None
    window.sync.window_active = False  # the agent is in another window
    bottom = threads_shown(window)[-1]
    assert bottom.thread_id != window.current_thread.thread_id  # type: ignore[union-attr]
    customer = bottom.from_
    assert customer
    demo.simulator.inject_mo(customer, "Is my payment late?", recipient=LONG)
    await demo.tick()
    assert threads_shown(window)[0].thread_id == bottom.thread_id  # moved to the top
    assert threads_shown(window)[0].details == "Is my payment late?"
    assert window.notifier.shown and window.notifier.shown[-1][1] == "New message"
    # The open thread stays selected while rows move around it.
    assert window.thread_list.current_thread().thread_id == window.current_thread.thread_id  # type: ignore[union-attr]

    before = len(window.notifier.shown)
    demo.simulator.inject_mo("+13125550186", "Hi, new here", recipient=LONG)
    await demo.tick()
    top = threads_shown(window)[0]
    assert top.from_ == "+13125550186" and top.read is False  # a new conversation
    assert len(window.notifier.shown) == before + 1
    assert badge(window, LONG)[1] == len(threads_shown(window))


async def test_opening_a_thread_reads_it_locally(demo: Demo) -> None:
    window = demo.window
    ref = window.current_inbox
    assert ref is not None
    unread = next(t for t in threads_shown(window) if not t.read)
    before = unread_of(window, ref)
    assert badge(window, LONG)[0] == before
    window.thread_list.select_thread(unread.thread_id)
    await until(lambda: shown_thread(window, unread.thread_id).read, "read on opening")
    assert unread_of(window, ref) == before - 1
    assert badge(window, LONG)[0] == before - 1
    assert window.windowTitle().startswith(f"({window.unread_count()})")
    local = demo.session.platform.local  # type: ignore[attr-defined]
    stored = await local.threads(LONG)
    assert next(t for t in stored if t.thread_id == unread.thread_id).read is True


async def test_a_reply_shows_sent_then_delivered(demo: Demo, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = demo.window
    thread = window.current_thread
    assert thread is not None and thread.thread_id is not None
    composer = window.composer
    window.activateWindow()
    composer.editor.setFocus()
    qtbot.keyClicks(composer.editor, "We have your payment, thank you.")
    composer.send_button.click()
    entries = window.workspace.conversation(thread.thread_id).entries
    await until(lambda: entries[len(entries) - 1].state is SendState.SENT, "the send to finish")
    last = entries[len(entries) - 1]
    assert last.text == "We have your payment, thank you."
    assert entry_status(last, "Live Link 365") == "Sent"
    assert composer.text() == ""
    sent = [m for m in demo.simulator.sent() if m["message"] == last.text]
    assert len(sent) == 1 and sent[0]["phone"] == thread.from_

    await demo.tick()  # a round before the report: the platform has it, not the handset
    await until(lambda: window.runner.pending == 0, "the round's work")
    last = entries[len(entries) - 1]
    assert last.text == "We have your payment, thank you."
    assert entry_status(last, "Live Link 365") == "Sent"

    demo.clock.advance(3)  # past the demo's delivery delay (2 s)
    await demo.tick()
    await until(
        lambda: entry_status(entries[len(entries) - 1], "Live Link 365") == "Delivered",
        "the delivery report on the bubble",
    )
    last = entries[len(entries) - 1]
    assert last.text == "We have your payment, thank you."
    assert [e.text for e in entries].count(last.text) == 1  # the bubble, not a second one
    assert len([m for m in demo.simulator.sent() if m["message"] == last.text]) == 1


async def test_mark_unread(demo: Demo) -> None:
    window = demo.window
    ref = window.current_inbox
    thread = window.current_thread
    assert ref is not None and thread is not None
    await until(lambda: shown_thread(window, thread.thread_id).read, "read on opening")
    before = unread_of(window, ref)
    window.act_unread.trigger()
    await until(lambda: shown_thread(window, thread.thread_id).read is False, "marked unread")
    assert unread_of(window, ref) == before + 1
    await until(lambda: window.runner.pending == 0, "the local write")
    local = demo.session.platform.local  # type: ignore[attr-defined]
    assert (
        next(t for t in await local.threads(LONG) if t.thread_id == thread.thread_id).read is False
    )


async def test_new_sms_to_a_fresh_number(demo: Demo) -> None:
    window = demo.window
    total = badge(window, LONG)[1]
    window.act_new_sms.trigger()
    dialog = window.actions.new_sms_dialog
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    index = dialog.from_code.findData(LONG)
    if index >= 0:
        dialog.from_code.setCurrentIndex(index)
    dialog.to.setText("(312) 555-0177")
    dialog.message.setPlainText("Your appointment is confirmed for Tuesday.")
    assert ok.isEnabled()
    ok.click()
    await until(lambda: "sent (transaction" in window.banner.message.text(), "the confirmation")
    [sent] = [m for m in demo.simulator.sent() if m["phone"] == "+13125550177"]
    assert sent["message"] == "Your appointment is confirmed for Tuesday."
    await demo.tick()
    top = threads_shown(window)[0]
    assert top.to == "+13125550177" and top.details == sent["message"]  # a new thread, on top
    assert badge(window, LONG)[1] == total + 1


HIDDEN = ("transfer", "resolve", "resolve_next", "take", "to_group")


async def test_what_live_link_cannot_do_is_not_offered_and_the_palette_says_why(
    demo: Demo,
) -> None:
    window = demo.window
    actions = [window.key_actions[i] for i in HIDDEN]
    assert all(not a.isVisible() for a in actions)
    header = [b for b in window.header.findChildren(QToolButton) if b.defaultAction() in actions]
    assert len(header) == 4  # transfer, resolve, take, to group have header buttons
    assert [b.isVisibleTo(window) for b in header] == [False] * 4
    assert window.act_unread.isVisible()
    unread_button = next(
        b for b in window.header.findChildren(QToolButton) if b.defaultAction() is window.act_unread
    )
    assert unread_button.isVisibleTo(window)
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        offered = [a for a in menu.actions() if a.isVisible()]  # type: ignore[union-attr]
        assert not set(offered) & set(actions), menu_action.text()

    window.show_palette()
    palette = window.palette
    palette.query.setText("transfer")
    rows = [palette.model.item(r).text() for r in range(palette.model.rowCount())]
    assert rows and "Transfer" in rows[0]
    assert "Live Link 365 has no agents" in rows[0]
    palette.run_current()
    await until(lambda: window.banner.isVisible(), "the banner")
    assert window.banner.message.text().startswith("Live Link 365 has no agents")

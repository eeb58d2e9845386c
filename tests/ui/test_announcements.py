"""Status changes reach screen readers: Qt announcement events, observed as Qt sends them."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from inbox_app.core.conversation import SendState
from inbox_app.simulator import EmbeddedSimulator
from inbox_app.ui.main_window import MainWindow

from .conftest import settled, until
from .screen_reader import ScreenReader
from .test_workflows import row_of


async def test_resolving_is_announced_politely_by_the_banner(
    window: MainWindow, sim: EmbeddedSimulator, screen_reader: ScreenReader
) -> None:
    thread = window.current_thread
    assert thread is not None
    window.act_resolve.trigger()
    window.actions.resolve_dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    await until(lambda: "Resolved." in screen_reader.texts(), "the announcement")
    heard = next(h for h in screen_reader.heard if h.text == "Resolved.")
    assert heard.source is window.banner and not heard.assertive
    assert row_of(sim, thread)["resolved"] == 1
    assert window.banner.accessibleDescription() == "Resolved."
    await settled(window)


async def test_a_refusal_interrupts(
    window: MainWindow, sim: EmbeddedSimulator, screen_reader: ScreenReader
) -> None:
    thread = window.current_thread
    assert thread is not None
    await until(lambda: row_of(sim, thread)["read"] == 1, "mark read on open")
    sim.set_faults("/sms/agent/message/markAsUnread:error=1@500")
    window.act_unread.trigger()
    await until(
        lambda: any("Could not mark" in h.text for h in screen_reader.heard), "the announcement"
    )
    heard = next(h for h in screen_reader.heard if "Could not mark" in h.text)
    assert heard.assertive and heard.text == window.banner.message.text()
    assert window.banner.accessibleDescription() == heard.text
    await settled(window)


async def test_a_sent_reply_is_announced(window: MainWindow, screen_reader: ScreenReader) -> None:
    thread = window.current_thread
    assert thread is not None and thread.thread_id is not None
    window.composer.set_text("We received your payment, thank you.")
    window.composer.submit()
    entries = window.workspace.conversation(thread.thread_id).entries
    await until(lambda: entries[len(entries) - 1].state is SendState.SENT, "the send")
    await until(lambda: "Message sent." in screen_reader.texts(), "the announcement")
    heard = next(h for h in screen_reader.heard if h.text == "Message sent.")
    assert heard.source is window.conversation
    # Opening another conversation announces nothing about what it already shows.
    before = len(screen_reader.heard)
    window.thread_list.select_row(1)
    await until(lambda: window.current_thread is not thread, "the next thread")
    assert "Message sent." not in screen_reader.texts()[before:]
    await settled(window)


async def test_nothing_is_built_while_no_screen_reader_listens(window: MainWindow) -> None:
    from PySide6.QtGui import QAccessible

    assert not QAccessible.isActive()  # offscreen: no bridge, so announce() returns at once
    window.banner.show_notice("Resolved.")
    assert window.banner.accessibleDescription() == "Resolved."

"""Keyboard-first: single keys act on threads, but never while the agent types."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QKeySequenceEdit

from inbox_app.core.conversation import SendState
from inbox_app.simulator import EmbeddedSimulator
from inbox_app.ui.dialogs.settings import SettingsDialog
from inbox_app.ui.main_window import MainWindow
from inbox_app.ui.settings import Settings
from inbox_app.ui.shortcuts import DEFAULTS, keymap, problems

from .conftest import settled, until
from .screen_reader import ScreenReader
from .test_workflows import row_of


def focus(window: MainWindow) -> None:
    """Only while no request is in flight: processing Qt events inside a coroutine runs
    other tasks' steps re-entrantly, and a wake-up lost that way hangs its task for good."""
    window.activateWindow()
    window.thread_list.view.setFocus()
    QApplication.processEvents()


async def test_j_and_k_walk_the_threads(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    focus(window)
    first = window.current_thread
    qtbot.keyClick(window.thread_list.view, Qt.Key.Key_J)
    await until(lambda: window.current_thread is not first, "the next thread")
    assert window.thread_list.view.currentIndex().row() == 1
    qtbot.keyClick(window.thread_list.view, Qt.Key.Key_K)
    await until(lambda: window.thread_list.view.currentIndex().row() == 0, "back to the first")
    qtbot.keyClick(window.thread_list.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    await until(lambda: window.thread_list.view.currentIndex().row() == 1, "Alt+Down")


async def test_single_keys_type_into_the_reply(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    focus(window)
    row = window.thread_list.view.currentIndex().row()
    window.composer.editor.setFocus()
    qtbot.keyClicks(window.composer.editor, "just one thing")
    assert window.composer.text() == "just one thing"
    assert window.thread_list.view.currentIndex().row() == row  # 'j' did not move the list


async def test_u_marks_unread_and_r_focuses_the_reply(
    window: MainWindow,
    sim: EmbeddedSimulator,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    focus(window)
    thread = window.current_thread
    assert thread is not None
    await until(lambda: row_of(sim, thread)["read"] == 1, "opened and read")
    qtbot.keyClick(window.thread_list.view, Qt.Key.Key_U)
    await until(lambda: row_of(sim, thread)["read"] == 0, "u: mark unread")
    qtbot.keyClick(window.thread_list.view, Qt.Key.Key_R)
    assert window.composer.editor.hasFocus()
    qtbot.keyClick(window.composer.editor, Qt.Key.Key_Escape)


async def test_question_mark_lists_every_shortcut(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    focus(window)
    qtbot.keyClick(window.thread_list.view, "?")
    await until(
        lambda: getattr(window, "cheat_sheet", None) is not None and window.cheat_sheet.isVisible(),
        "the cheat sheet",
    )
    text = window.cheat_sheet.table.text()
    for words in ("Next conversation", "Resolve", "Transfer", "Mark unread", "Ctrl+Enter", "F5"):
        assert words in text
    window.cheat_sheet.close()


async def test_ctrl_number_and_g_letter_switch_inbox(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    focus(window)
    order = window.inbox_panel.inboxes_in_order()
    qtbot.keyClick(window.thread_list.view, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    await until(lambda: window.current_inbox == order[1], "Ctrl+2")
    qtbot.keyClick(window.thread_list.view, Qt.Key.Key_G)
    qtbot.keyClick(window.thread_list.view, Qt.Key.Key_C)
    await until(lambda: window.current_inbox == order[2], "g c")
    assert window.show_inbox_number(99) is False


async def test_term_codes_by_number(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    focus(window)
    qtbot.keyClick(window.thread_list.view, Qt.Key.Key_E)
    dialog = window.actions.resolve_dialog
    await until(lambda: dialog.isVisible(), "the resolve dialog")
    qtbot.keyClick(dialog.term_code, Qt.Key.Key_3)
    assert dialog.term_code.currentText().startswith("3. ")
    dialog.close()


def test_fuzzy_score_prefers_close_early_matches() -> None:
    from inbox_app.ui.palette import fuzzy_score

    assert fuzzy_score("trnsf", "Transfer…") is not None
    assert fuzzy_score("xyz", "Transfer…") is None
    assert fuzzy_score("res", "Resolve…") < fuzzy_score("res", "Refresh s")  # type: ignore[operator]


async def test_palette_finds_and_runs_an_action_and_an_inbox(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    focus(window)
    qtbot.keyClick(window.thread_list.view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    await until(
        lambda: getattr(window, "palette", None) is not None and window.palette.isVisible(),
        "the palette",
    )
    palette = window.palette
    qtbot.keyClicks(palette.query, "trnsf")
    assert palette.model.item(0).text().startswith("Transfer")
    qtbot.keyClick(palette.query, Qt.Key.Key_Return)
    await until(
        lambda: (
            window.actions.transfer_dialog is not None
            and window.actions.transfer_dialog.isVisible()
        ),
        "the transfer dialog",
    )
    window.actions.transfer_dialog.close()
    window.show_palette()
    qtbot.keyClicks(window.palette.query, "collections")
    qtbot.keyClick(window.palette.query, Qt.Key.Key_Return)
    await until(
        lambda: window.current_inbox is not None and not window.current_inbox.personal,
        "the Collections inbox",
    )


# --- the agent's own keys ---------------------------------------------------------------------


def keys_page(window: MainWindow) -> SettingsDialog:
    window.act_settings.trigger()
    dialog = window.settings_dialog
    dialog.tabs.setCurrentWidget(dialog.keys)
    return dialog


def record(qtbot, edit: QKeySequenceEdit, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier):  # type: ignore[no-untyped-def]
    """As the agent does it: into the field, press the key, Tab on."""
    edit.setFocus()
    qtbot.keyClick(edit, key, modifier)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)


async def test_a_remapped_key_works_and_the_old_one_stops(
    window: MainWindow,
    qtbot,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    window.settings = QSettings(str(tmp_path / "keys.ini"), QSettings.Format.IniFormat)
    dialog = keys_page(window)
    field = dialog.keys.edits["next_thread"][0]
    record(qtbot, field, Qt.Key.Key_N)
    assert field.keySequence().toString() == "N"
    other = dialog.keys.edits["next_thread"][1]
    assert dialog.focusWidget() is other  # Tab moved on: no keyboard trap
    qtbot.keyClick(other, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert dialog.focusWidget() is field and other.keySequence().toString() == "Alt+Down"
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    try:
        await until(lambda: window.keymap["next_thread"] == ("N", "Alt+Down"), "the new keys")
        focus(window)
        window.conversation.setFocus()  # where "j" means nothing else (the list would search)
        first = window.current_thread
        qtbot.keyClick(window.conversation, Qt.Key.Key_J)
        assert window.current_thread is first  # the old key does nothing now
        qtbot.keyClick(window.conversation, Qt.Key.Key_N)
        await until(lambda: window.current_thread is not first, "n: the next thread")
        assert window.thread_list.view.currentIndex().row() == 1
        # The menus, tooltips and the cheat sheet say so.
        action = window.key_actions["next_thread"]
        assert action.shortcut().toString() == "N" and "(N / Alt+Down)" in action.toolTip()
        qtbot.keyClick(window.conversation, "?")
        await until(
            lambda: (
                getattr(window, "cheat_sheet", None) is not None and window.cheat_sheet.isVisible()
            ),
            "the cheat sheet",
        )
        assert "<b>N / Alt+Down</b></td><td>&nbsp;&nbsp;Next conversation" in (
            window.cheat_sheet.table.text()
        )
        window.cheat_sheet.close()
        assert Settings.load(window.settings).shortcuts == {"next_thread": "N; Alt+Down"}
        await settled(window)
    finally:
        window.apply_settings(Settings())


async def test_a_key_that_cannot_work_is_flagged_and_not_saved(
    window: MainWindow,
    qtbot,  # type: ignore[no-untyped-def]
    screen_reader: ScreenReader,
) -> None:
    dialog = keys_page(window)
    keys, save = dialog.keys, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    record(qtbot, keys.edits["resolve"][0], Qt.Key.Key_J)
    assert not save.isEnabled()
    shared = "J is set for both “Next conversation” and “Resolve…”."
    assert keys.problem.text() == shared
    assert keys.edits["resolve"][0].toolTip() == shared
    assert keys.edits["next_thread"][0].accessibleDescription() == shared  # both are marked
    assert shared in screen_reader.texts()  # a blind agent hears it too
    keys.reset.click()
    assert save.isEnabled() and keys.problem.text() == ""
    assert keys.edits["resolve"][0].toolTip() == ""
    record(qtbot, keys.edits["send"][1], Qt.Key.Key_S)
    assert "needs Ctrl, Alt or Meta" in keys.problem.text()
    keys.reset.click()
    record(qtbot, keys.edits["filter"][1], Qt.Key.Key_Space)
    assert "needed to move around the window" in keys.problem.text()
    keys.reset.click()
    record(qtbot, keys.edits["reply"][1], Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    assert "opens the Conversation menu" in keys.problem.text()
    assert not save.isEnabled()
    dialog.close()


async def test_backspace_clears_a_key_field(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = keys_page(window)
    other = dialog.keys.edits["next_thread"][1]
    other.setFocus()
    qtbot.keyClick(other, Qt.Key.Key_Backspace)
    assert other.keySequence().isEmpty()
    assert dialog.chosen().shortcuts == {"next_thread": "J"}  # only what differs is kept
    dialog.close()


async def test_single_keys_still_type_into_the_reply_after_a_remap(
    window: MainWindow,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    window.apply_settings(Settings(shortcuts={"next_thread": "N", "reply": "Y"}))
    try:
        focus(window)
        row = window.thread_list.view.currentIndex().row()
        window.composer.editor.setFocus()
        qtbot.keyClicks(window.composer.editor, "no, yes")
        assert window.composer.text() == "no, yes"
        assert window.thread_list.view.currentIndex().row() == row
    finally:
        window.apply_settings(Settings())


async def test_send_follows_its_keys(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    thread = window.current_thread
    assert thread is not None and thread.thread_id is not None
    window.apply_settings(Settings(shortcuts={"send": "Alt+S"}))
    try:
        composer = window.composer
        assert "Alt+S" in composer.editor.placeholderText()
        assert "Alt+S" in composer.send_button.toolTip()
        focus(window)
        composer.editor.setFocus()
        qtbot.keyClicks(composer.editor, "Thanks")
        qtbot.keyClick(composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert composer.text().startswith("Thanks")  # the old key sends no more
        qtbot.keyClick(composer.editor, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
        assert composer.text() == ""
        entries = window.workspace.conversation(thread.thread_id).entries
        await until(lambda: entries[len(entries) - 1].state is SendState.SENT, "the send")
        assert entries[len(entries) - 1].text.startswith("Thanks")
    finally:
        window.apply_settings(Settings())
        window.composer.set_text("")


async def test_shift_e_resolves_with_the_last_term_code(
    window: MainWindow,
    sim: EmbeddedSimulator,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    focus(window)
    first = window.current_thread
    assert first is not None
    qtbot.keyClick(window.thread_list.view, Qt.Key.Key_E, Qt.KeyboardModifier.ShiftModifier)
    dialog = window.actions.resolve_dialog  # the first time it asks
    await until(lambda: dialog.isVisible(), "the resolve dialog")
    # The second term code that needs no amount (headings and payment codes skipped).
    plain = [
        row
        for row in range(dialog.term_code.count())
        if dialog.term_code.itemData(row) is not None and not dialog._code_at(row).payment_required  # type: ignore[union-attr]
    ]
    dialog.term_code.setCurrentIndex(plain[1])
    code, name = dialog.term_code.currentData(), dialog.term_code.currentText()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    await until(lambda: row_of(sim, first)["resolved"] == 1, "the first resolve")
    await until(lambda: window.current_thread not in (None, first), "the next thread")
    second = window.current_thread
    assert second is not None and second.account
    await settled(window)  # focus() processes Qt events: never with a request in flight
    focus(window)
    qtbot.keyClick(window.thread_list.view, Qt.Key.Key_E, Qt.KeyboardModifier.ShiftModifier)
    await until(lambda: row_of(sim, second)["resolved"] == 1, "the second, without asking")
    assert str(row_of(sim, second)["term_code"]) == code
    await until(lambda: "Resolved with" in window.banner.message.text(), "the confirmation")
    assert name.split(". ", 1)[1] in window.banner.message.text()
    await settled(window)


async def test_o_reads_the_conversation(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    focus(window)
    await until(lambda: window.conversation.model_.rowCount() > 0, "the history")
    qtbot.keyClick(window.thread_list.view, Qt.Key.Key_O)
    assert window.conversation.hasFocus()
    last = window.conversation.model_.rowCount() - 1
    assert window.conversation.currentIndex().row() == last  # the newest message
    await settled(window)


def test_the_keys_in_force_survive_what_cannot_work() -> None:
    swapped = keymap({"next_thread": "K", "previous_thread": "J"})
    assert swapped["next_thread"] == ("K",) and swapped["previous_thread"] == ("J",)
    assert keymap({"resolve": "J"})["resolve"] == DEFAULTS["resolve"]  # J is next's
    assert keymap({"resolve": "G"})["resolve"] == DEFAULTS["resolve"]  # g starts "g a"
    assert keymap({"reply": "Ctrl+Purple"})["reply"] == DEFAULTS["reply"]
    assert keymap({"send": "S"})["send"] == DEFAULTS["send"]
    assert keymap({"reply": "Alt+C"}, {"Alt+C": "the Conversation menu"})["reply"] == ("R",)
    assert keymap({"reply": ""})["reply"] == ()  # no key at all is a choice too
    assert keymap({"no_such_action": "X"}) == DEFAULTS
    assert problems(DEFAULTS) == []  # or the fallback above could loop

"""Keyboard-first: single keys act on threads, but never while the agent types."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from inbox_app.simulator import EmbeddedSimulator
from inbox_app.ui.main_window import MainWindow

from .conftest import until
from .test_workflows import row_of


def focus(window: MainWindow) -> None:
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
    text = window.cheat_sheet.findChildren(type(window.health))[0].text()
    for words in ("next conversation", "resolve", "transfer", "mark unread", "Ctrl+Enter", "F5"):
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
    dialog = window.resolve_dialog
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
            getattr(window, "transfer_dialog", None) is not None
            and window.transfer_dialog.isVisible()
        ),
        "the transfer dialog",
    )
    window.transfer_dialog.close()
    window.show_palette()
    qtbot.keyClicks(window.palette.query, "collections")
    qtbot.keyClick(window.palette.query, Qt.Key.Key_Return)
    await until(
        lambda: window.current_inbox is not None and not window.current_inbox.personal,
        "the Collections inbox",
    )

"""View behaviour: layout restored, filter, older history, rapid switching, error matrix."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from inbox_app.core.platforms.livevox import LiveVoxPlatform
from inbox_app.core.tasks import TaskRunner
from inbox_app.core.workspace import Workspace
from inbox_app.livevox import LiveVoxClient, models
from inbox_app.simulator import EmbeddedSimulator
from inbox_app.ui.main_window import MainWindow

from .conftest import settled, until
from .test_workflows import group_inbox, show, threads_shown


async def test_layout_is_restored_next_start(client: LiveVoxClient, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "layout.ini"), QSettings.Format.IniFormat)
    first = MainWindow(Workspace(LiveVoxPlatform(client)), TaskRunner(), settings=settings)
    qtbot.addWidget(first)
    first.resize(780, 560)  # inside the offscreen platform's 800x600 screen: no clamping
    first.show()
    first.splitter.setSizes([200, 180, 380])
    wanted = first.splitter.sizes()
    wanted_size = first.size()
    first.close()
    second = MainWindow(Workspace(LiveVoxPlatform(client)), TaskRunner(), settings=settings)
    qtbot.addWidget(second)
    second.show()
    assert second.size() == wanted_size
    assert second.splitter.sizes() == wanted


async def test_filter_narrows_the_list(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    before = threads_shown(window)
    named = next(t for t in before if t.contact_info and t.contact_info.last_name)
    assert named.contact_info is not None
    qtbot.keyClicks(window.thread_list.filter, named.contact_info.last_name or "")
    await until(lambda: len(threads_shown(window)) < len(before), "the debounced filter")
    assert all(
        named.contact_info.last_name in (t.contact_info.display_name or "")  # type: ignore[union-attr,operator]
        for t in threads_shown(window)
    )
    window.thread_list.filter.clear()
    await until(lambda: len(threads_shown(window)) == len(before), "the filter to clear")


async def test_scrolling_up_loads_older_history(window: MainWindow, sim: EmbeddedSimulator) -> None:
    sim.configure(pageSize=2)
    per_thread = sim.state()["messagesPerThread"]
    # A thread not opened yet (a reopened one keeps the pages it has), with a few pages.
    thread = next(
        t
        for t in threads_shown(window)
        if t.thread_id is not None
        and t.thread_id != window.current_thread.thread_id  # type: ignore[union-attr]
        and per_thread.get(t.thread_id, 0) > 4
    )
    assert thread.thread_id is not None
    total = per_thread[thread.thread_id]
    assert window.thread_list.select_thread(thread.thread_id)
    conversation = window.workspace.conversation(thread.thread_id)
    await until(
        lambda: conversation.pages_loaded == 1 and len(conversation.entries) == 2, "page one"
    )
    while not conversation.exhausted:
        count = len(conversation.entries)
        bar = window.conversation.verticalScrollBar()
        bar.setValue(bar.maximum())
        bar.setValue(bar.minimum())  # the agent scrolls to the top
        window.conversation.sig_wants_older.emit()  # offscreen views may be too tall to scroll
        await until(
            lambda n=count: len(conversation.entries) > n or conversation.exhausted,  # type: ignore[misc]
            "an older page",
        )
    assert len(conversation.entries) == total
    dates = [e.when for e in conversation.entries]
    assert dates == sorted(dates)  # oldest at the top


async def test_rapid_switching_shows_the_last_thread(
    window: MainWindow, sim: EmbeddedSimulator
) -> None:
    sim.set_faults("GET /sms/agent/messages:latency=150+100")
    shown = threads_shown(window)[:8]
    for thread in shown * 3:  # 24 switches faster than any answer arrives
        window.thread_list.select_thread(thread.thread_id)
    last = shown[-1]
    assert last.thread_id is not None
    await until(lambda: window.runner.pending == 0, "the stale loads to finish")
    assert window.current_thread is not None and window.current_thread.thread_id == last.thread_id
    shown_texts = [e.text for e in window.conversation.model_.source]
    expected = [e.text for e in window.workspace.conversation(last.thread_id).entries]
    assert shown_texts == expected and shown_texts
    sim.clear_faults()
    await window.workspace.load_lists()  # the connection pool is still healthy
    assert window.workspace.sender_numbers


@pytest.mark.parametrize(
    ("fault", "words"),
    [
        ("error=1@500", "server had a problem"),
        ("error=1@502", "server had a problem"),
        ("error=1@429:retry-after=3", "3 s"),
        ("malformed=1", "does not understand"),
        ("error=1@403", "not allowed"),
        ("error=1@404", "could not find"),
        ("latency=3000", "timed out"),
    ],
)
async def test_each_server_error_is_shown_and_recovered_from(
    window: MainWindow, sim: EmbeddedSimulator, fault: str, words: str
) -> None:
    ref = group_inbox(window)
    sim.set_faults(f"GET /sms/agent/thread/details:{fault}")
    window.inbox_panel.select(ref)
    await until(lambda: window.banner.isVisible(), "the banner")
    text = window.banner.message.text()
    assert words in text.lower(), text
    assert window.isEnabled() and window.thread_list.isEnabled()
    sim.clear_faults()
    window.banner.retry_button.click()
    await until(lambda: window.workspace.thread_list(ref).pages_loaded == 1, "the retried load")
    await show(window, ref)
    assert threads_shown(window)


async def test_expired_session_is_invisible_to_the_agent(
    window: MainWindow, sim: EmbeddedSimulator, client: LiveVoxClient
) -> None:
    relogins = client._relogins_finished
    assert sim.expire_sessions() >= 1
    ref = group_inbox(window)
    await show(window, ref)
    assert not window.banner.isVisible()
    shown = threads_shown(window)
    assert shown and all(t.kind is models.ChannelKind.SMS for t in shown)
    assert client._relogins_finished == relogins + 1  # signed in again, unseen
    await settled(window)  # the re-signed-in history and page loads end inside the test


async def test_counter_names_the_characters_that_force_ucs2(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    # QTest.keyClicks aborts on characters outside the BMP, so the emoji is inserted as a paste.
    window.composer.editor.insertPlainText("Thanks “Dana” 👍")
    text = window.composer.counter.text()
    assert "UCS-2" in text and "“" in text and "👍" in text
    window.composer.editor.clear()
    qtbot.keyClicks(window.composer.editor, "a" * 161)
    assert "2 segments" in window.composer.counter.text()
    assert "GSM-7" in window.composer.counter.text()


async def test_context_menu_offers_the_thread_actions(window: MainWindow) -> None:
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QMenu

    thread = window.current_thread
    window.thread_list.sig_context_menu.emit(thread, QPoint(10, 10))
    menus = [m for m in window.findChildren(QMenu) if m.isVisible()]
    assert menus
    labels = [a.text() for a in menus[-1].actions()]
    assert labels == ["Mark unread", "To group", "Transfer…", "Resolve…"]  # personal inbox: no Take
    menus[-1].close()


async def test_sign_out_asks_first(window: MainWindow) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    asked: list[bool] = []
    window.sig_sign_out.connect(lambda: asked.append(True))

    def box() -> QMessageBox | None:
        return next(
            (
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, QMessageBox) and w.isVisible()
            ),
            None,
        )

    window.act_sign_out.trigger()
    await until(box, "the question")
    box().button(QMessageBox.StandardButton.Cancel).click()  # type: ignore[union-attr]
    await until(lambda: box() is None, "the question to close")
    assert asked == []
    window.act_sign_out.trigger()
    await until(box, "the question again")
    question = box()
    assert question is not None
    yes = next(b for b in question.buttons() if "clear" in b.text().lower())
    yes.click()
    await until(lambda: asked == [True], "the sign-out signal")


async def test_about_shows_version_and_log_folder(window: MainWindow) -> None:
    from inbox_app import __version__

    window.act_about.trigger()
    text = window.about_box.text()
    assert __version__ in text and "inbox_app" in text
    window.about_box.close()

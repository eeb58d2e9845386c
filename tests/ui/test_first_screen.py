"""The kept first screen: painted from kept words with the live list's painters, shown only
when it fits the start, and handing over to the live window in place."""

from __future__ import annotations

import unicodedata
from datetime import datetime

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QMainWindow

from inbox_app.core.screen_cache import MAX_THREADS, CachedInbox, CachedThread, ScreenCache
from inbox_app.ui import qt_numbers
from inbox_app.ui.badge import BadgeRole
from inbox_app.ui.first_screen import FirstScreen, ThreadRole, open_first_screen
from inbox_app.ui.kept_screen import kept_screen
from inbox_app.ui.main_window import MainWindow
from inbox_app.ui.thread_list import row_words
from inbox_app.ui.thread_row import elide, when


def _screen(**changes: object) -> ScreenCache:
    screen = ScreenCache(
        place="demo",
        language="en",
        masked=False,
        inboxes=(
            CachedInbox("SMS", "7", heading=True),
            CachedInbox("Personal SMS", "5 / 20", selected=True),
            CachedInbox("Group - Collections", "2 / 9"),
            CachedInbox("Email", "", heading=True),
            CachedInbox("Personal Email", "0 / 3"),
        ),
        threads=tuple(
            CachedThread(
                f"Customer {n}", "2026-11-20T09:42:00+00:00", ("Acct 1",), "replied", n < 2
            )
            for n in range(12)
        ),
        counts="My SMS: 5 unread",
        where="Demo server",
    )
    return screen._replace(**changes)  # type: ignore[arg-type]


def test_qt_numbers_are_qts() -> None:
    assert qt_numbers.USER_ROLE == Qt.ItemDataRole.UserRole.value
    assert qt_numbers.ALIGN_LEFT == Qt.AlignmentFlag.AlignLeft.value
    assert qt_numbers.ALIGN_RIGHT == Qt.AlignmentFlag.AlignRight.value
    assert qt_numbers.ALIGN_HCENTER == Qt.AlignmentFlag.AlignHCenter.value
    assert qt_numbers.ALIGN_VCENTER == Qt.AlignmentFlag.AlignVCenter.value


def test_elide_fits_and_never_strips_an_accent(qapp) -> None:  # type: ignore[no-untyped-def]
    metrics = QFontMetrics(QApplication.font())
    name = "Jose\u0301 Mari\u0301a Gonza\u0301lez de la Fuente"
    assert elide(metrics, name, metrics.horizontalAdvance(name)) == name
    assert elide(metrics, name, 3) == ""
    for width in range(metrics.horizontalAdvance("J…"), metrics.horizontalAdvance(name), 3):
        cut = elide(metrics, name, width)
        assert cut.endswith("…") and metrics.horizontalAdvance(cut) <= width
        kept = cut[:-1]
        assert name.startswith(kept)
        assert not unicodedata.combining(name[len(kept)])  # an accent stays with its letter


def test_it_shows_the_kept_inboxes_and_rows(qtbot) -> None:  # type: ignore[no-untyped-def]
    screen = FirstScreen(_screen())
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitExposed(screen)
    tree = screen.inboxes
    assert [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())] == [
        "SMS",
        "Email",
    ]
    sms = tree.topLevelItem(0)
    assert [sms.child(i).text(0) for i in range(sms.childCount())] == [
        "Personal SMS",
        "Group - Collections",
    ]
    assert sms.child(0).data(0, BadgeRole) == "5 / 20"
    assert tree.currentItem() is sms.child(0)  # the inbox the agent had open
    assert screen.threads.count() == 12
    assert screen.threads.item(0).data(ThreadRole).title == "Customer 0"
    assert "connecting" in screen.statusBar().currentMessage()
    # Rows are painted (text on the list, not an empty white pane).
    image = screen.threads.viewport().grab().toImage()
    colours = {image.pixel(x, y) for x in range(0, image.width(), 3) for y in range(0, 120, 3)}
    assert len(colours) > 5
    screen.settle()  # nothing to click in a screen that cannot act yet
    assert screen.threads.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)


def test_it_is_shown_only_when_it_fits_this_start(qtbot) -> None:  # type: ignore[no-untyped-def]
    fits = {"place": "demo", "language": "en", "masked": False, "settings": None}
    assert open_first_screen(None, **fits) is None  # type: ignore[arg-type]
    assert open_first_screen(_screen(place="https://x"), **fits) is None  # type: ignore[arg-type]
    assert open_first_screen(_screen(language="es"), **fits) is None  # type: ignore[arg-type]
    # An agent who now masks numbers never sees them unmasked, even for a second.
    assert open_first_screen(_screen(), **{**fits, "masked": True}) is None  # type: ignore[arg-type]
    shown = open_first_screen(_screen(masked=True), **fits)  # type: ignore[arg-type]
    assert shown is not None and shown.isVisible()
    qtbot.addWidget(shown)


def test_hand_over_shows_the_live_window_in_its_place(qtbot) -> None:  # type: ignore[no-untyped-def]
    screen = FirstScreen(_screen())
    qtbot.addWidget(screen)
    screen.show()
    screen.move(40, 30)
    live = QMainWindow()
    qtbot.addWidget(live)
    placed: list[tuple[QByteArray, QByteArray]] = []

    def show_in_place(geometry: QByteArray, splitter: QByteArray) -> None:
        placed.append((geometry, splitter))
        live.restoreGeometry(geometry)
        live.show()

    closed: list[bool] = []
    screen.sig_closed_by_agent.connect(lambda: closed.append(True))
    assert screen.hand_over(show_in_place)
    assert placed and placed[0][0] == screen.saveGeometry()
    assert live.isVisible() and not screen.isVisible() and screen.handed_over
    assert closed == []  # handing over is not the agent quitting


def test_closing_it_means_quit(qtbot) -> None:  # type: ignore[no-untyped-def]
    screen = FirstScreen(_screen())
    qtbot.addWidget(screen)
    screen.show()
    closed: list[bool] = []
    screen.sig_closed_by_agent.connect(lambda: closed.append(True))
    screen.close()
    assert closed == [True] and screen.closed_by_agent
    assert not screen.hand_over(lambda geometry, splitter: None)  # nothing shown after


async def test_the_live_window_keeps_what_it_shows(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    kept = kept_screen(window, "demo", "en")
    headings = [inbox.title for inbox in kept.inboxes if inbox.heading]
    assert "SMS" in headings
    selected = [inbox.title for inbox in kept.inboxes if inbox.selected]
    assert len(selected) == 1
    source = window.thread_list.model.source
    assert len(kept.threads) == min(len(source), MAX_THREADS) > 0
    # The same words the live list paints, so the hand-over does not change a row.
    for row, cached in enumerate(kept.threads):
        live = row_words(source[row])
        moment = datetime.fromisoformat(cached.last_activity) if cached.last_activity else None
        assert (cached.title, cached.details, cached.state, cached.unread) == (
            live.title,
            live.details,
            live.state,
            live.unread,
        )
        assert when(moment) == live.when
    screen = FirstScreen(kept)
    qtbot.addWidget(screen)
    assert screen.threads.count() == len(kept.threads)

"""The kept first screen: the agent's inbox as they last saw it, painted at start-up before
the app has loaded, then replaced by the live window the moment that one is ready.

It looks like the main window (same panes, geometry, splitter, theme, language, and the same
row and badge painters) but does nothing: it says it is connecting and shows a busy cursor.
Light on purpose — Qt, the standard library and :mod:`inbox_app.core.screen_cache` only —
because it must paint before httpx, pydantic, asyncio and the app's models are imported; and
nothing here touches PySide6's ``Qt`` namespace before the first paint (21 ms of enum
types: see :mod:`inbox_app.ui.qt_numbers`). :meth:`FirstScreen.settle` does the rest after.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QEventLoop,
    QModelIndex,
    QPersistentModelIndex,
    QSettings,
    QSize,
    QTimer,
    Signal,
)
from PySide6.QtGui import QCloseEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.screen_cache import CachedThread, ScreenCache
from .badge import BadgeDelegate, BadgeRole
from .panes import WINDOW_SIZE, centre, restore_layout, three_panes
from .qt_numbers import USER_ROLE
from .thread_row import RowWords, paint_row, row_size, when

translate = QCoreApplication.translate  # a name lupdate reads: translate("context", "text")
ThreadRole = USER_ROLE + 7
Index = QModelIndex | QPersistentModelIndex


def _moment(text: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


class _KeptRowDelegate(QStyledItemDelegate):
    """The live list's row painter over kept words (the time is re-worded at paint time)."""

    painted = False  # the first paint of the list has begun (see wait_until_painted)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return row_size(option.font)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self.painted = True
        kept: CachedThread | None = index.data(ThreadRole)
        if kept is not None:
            words = RowWords(
                kept.title, when(_moment(kept.last_activity)), kept.details, kept.state, kept.unread
            )
            paint_row(painter, option, words)


class _KeptBadgeDelegate(BadgeDelegate):
    painted = False

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self.painted = True
        super().paint(painter, option, index)


class FirstScreen(QMainWindow):
    """Signals:
    sig_closed_by_agent(): the agent closed it before the live window took over (quit).
    """

    sig_closed_by_agent = Signal()

    def __init__(self, screen: ScreenCache, settings: QSettings | None = None) -> None:
        super().__init__()
        self.handed_over = False
        self.closed_by_agent = False
        self.setWindowTitle(translate("MainWindow", "LiveVox Inbox"))
        self._menus_and_tools()
        self.inboxes = QTreeWidget(self)
        self.inboxes.setHeaderHidden(True)
        self.inboxes.setRootIsDecorated(False)
        self.badges = _KeptBadgeDelegate(self.inboxes)
        self.inboxes.setItemDelegate(self.badges)
        self.inboxes.setAccessibleName(translate("InboxPanel", "Inboxes"))
        heading: QTreeWidgetItem | None = None
        for kept in screen.inboxes:
            item = QTreeWidgetItem([kept.title])
            item.setData(0, BadgeRole, kept.badge)
            if kept.heading or heading is None:
                self.inboxes.addTopLevelItem(item)
                heading = item
            else:
                heading.addChild(item)
            if kept.selected:
                self.inboxes.setCurrentItem(item)
        self.inboxes.expandAll()
        counts = QLabel(screen.counts, self)
        counts.setWordWrap(True)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.inboxes, 1)
        left_layout.addWidget(counts)
        self.threads = QListWidget(self)
        self.rows = _KeptRowDelegate(self.threads)
        self.threads.setItemDelegate(self.rows)
        self.threads.setUniformItemSizes(True)
        self.threads.setAccessibleName(translate("ThreadListView", "Conversations"))
        for kept_thread in screen.threads:
            row = QListWidgetItem(kept_thread.title)
            row.setData(ThreadRole, kept_thread)
            self.threads.addItem(row)
        filter_box = QLineEdit(self)
        filter_box.setPlaceholderText(
            translate("ThreadListView", "Filter by name, number or account")
        )
        filter_box.setEnabled(False)
        middle = QWidget(self)
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.setSpacing(4)
        middle_layout.addWidget(filter_box)
        middle_layout.addWidget(self.threads)
        self.waiting = QLabel(translate("FirstScreen", "Connecting…"), self)
        self.waiting.setEnabled(False)  # muted, as the empty conversation pane is
        right = QWidget(self)
        across = QHBoxLayout()
        across.addStretch(1)
        across.addWidget(self.waiting)
        across.addStretch(1)
        down = QVBoxLayout(right)
        down.addStretch(1)
        down.addLayout(across)
        down.addStretch(1)
        self.threads.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.splitter = three_panes(left, middle, right)
        centre(self, self.splitter)
        kept_at = time.strftime("%H:%M", time.localtime(screen.saved_at))
        self.statusBar().showMessage(
            translate("FirstScreen", "Your inbox as it was at {} — connecting…").format(kept_at)
        )
        self.statusBar().addPermanentWidget(QLabel(screen.where, self))
        self.resize(*WINDOW_SIZE)
        restore_layout(settings, self, self.splitter)  # where the live window was left

    def _menus_and_tools(self) -> None:
        """The live window's menu titles and toolbar, so nothing moves at the hand-over
        (empty menus; the buttons wait for the live window)."""
        bar = self.menuBar()
        for title in (
            translate("MainWindow", "&Account"),
            translate("MainWindow", "&Conversation"),
            translate("MainWindow", "&View"),
            translate("MainWindow", "&Go"),
            translate("MainWindow", "&Help"),
        ):
            bar.addMenu(title)
        self.tools = QToolBar(translate("MainWindow", "Actions"), self)
        self.tools.setMovable(False)
        # Icons come in settle(): drawing the first SVG loads Qt's SVG plugin and library.
        self.tools.addAction(translate("Shortcuts", "Refresh")).setData("refresh")
        self.tools.addAction(translate("Shortcuts", "New SMS…")).setData("new-sms")
        self.addToolBar(self.tools)

    def settle(self) -> None:
        """After the first paint (``Qt`` may be touched now): icons, a busy cursor, and
        nothing to click or focus in a screen that cannot act yet."""
        from PySide6.QtCore import Qt

        from .icons import APP_ID, icon

        self.setCursor(Qt.CursorShape.BusyCursor)
        self.setWindowIcon(icon(APP_ID))
        self.tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in self.tools.actions():
            action.setIcon(icon(str(action.data())))
            action.setEnabled(False)
        for view in (self.inboxes, self.threads):
            view.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            view.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def hand_over(self, show_in_place: Callable[[QByteArray, QByteArray], None]) -> bool:
        """Show the live window where this one stands (``show_in_place(geometry, splitter)``),
        then go. False when the agent already closed this one (the app is quitting)."""
        if self.closed_by_agent:
            return False
        show_in_place(self.saveGeometry(), self.splitter.saveState())
        self.handed_over = True
        self.close()
        self.deleteLater()
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.handed_over and not self.closed_by_agent:
            self.closed_by_agent = True
            self.sig_closed_by_agent.emit()
        super().closeEvent(event)


def open_first_screen(
    screen: ScreenCache | None,
    *,
    place: str,
    language: str,
    masked: bool,
    settings: QSettings | None,
) -> FirstScreen | None:
    """Show the kept screen if it fits this start: same server, same language, and never
    unmasked numbers when the agent now masks them."""
    if screen is None or screen.place != place or screen.language != language:
        return None
    if masked and not screen.masked:
        return None
    window = FirstScreen(screen, settings)
    window.show()
    return window


def wait_until_painted(window: FirstScreen, timeout_s: float = 2.0) -> bool:
    """Run Qt's events until the window has painted once (or ``timeout_s`` passed, e.g.
    when it opens minimised). No asyncio loop exists yet: a local one.

    The window is painted in one go; its own delegates say when that began, and this returns
    when the events that painted it are done. Not an event filter on the list's viewport:
    ``viewport()`` returns a QWidget of a class PySide6 must look up, and that lookup creates
    every QtWidgets class still missing (65 enum types, 11 ms here)."""
    give_up = time.monotonic() + timeout_s
    wake = QTimer()
    wake.start(20)  # processEvents(WaitForMoreEvents) must come back to check the clock
    app = QApplication.instance()
    while app is not None and time.monotonic() < give_up:
        if window.rows.painted or window.badges.painted:
            break
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    wake.stop()
    return window.rows.painted or window.badges.painted

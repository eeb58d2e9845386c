"""The window's shape: three panes side by side under a margin. One shape for the live window
and the kept first screen, so the hand-over from one to the other moves nothing.

Light (Qt only, no ``Qt`` namespace: see :mod:`inbox_app.ui.qt_numbers`).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter, QVBoxLayout, QWidget

WINDOW_SIZE = (1180, 760)  # before the agent resizes it
PANE_SIZES = [230, 330, 560]  # inboxes, threads, conversation (before the agent moves them)


def three_panes(inboxes: QWidget, threads: QWidget, conversation: QWidget) -> QSplitter:
    """Side by side; the conversation grows twice as fast as the threads, the inboxes not."""
    splitter = QSplitter()  # horizontal; QSplitter(orientation, parent) would create Qt
    for stretch, pane in enumerate((inboxes, threads, conversation)):
        splitter.addWidget(pane)
        splitter.setStretchFactor(stretch, stretch)
    splitter.setSizes(PANE_SIZES)
    return splitter


def centre(window: QMainWindow, *rows: QWidget) -> None:
    """``rows`` top to bottom as the window's centre; the last one takes the height left."""
    central = QWidget(window)
    layout = QVBoxLayout(central)
    layout.setContentsMargins(6, 6, 6, 6)
    for row in rows[:-1]:
        layout.addWidget(row)
    layout.addWidget(rows[-1], 1)
    window.setCentralWidget(central)


def restore_layout(settings: QSettings | None, window: QMainWindow, splitter: QSplitter) -> None:
    """Where the agent left the window and its panes (kept by :func:`save_layout`)."""
    if settings is None:
        return
    geometry = settings.value("window/geometry")
    state = settings.value("window/splitter")
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
    if isinstance(state, QByteArray):
        splitter.restoreState(state)


def save_layout(settings: QSettings | None, window: QMainWindow, splitter: QSplitter) -> None:
    if settings is not None:
        settings.setValue("window/geometry", window.saveGeometry())
        settings.setValue("window/splitter", splitter.saveState())

"""Pay Qt's one-time costs in small turns before the main window is built.

The first of each widget class Qt and PySide6 make in a process costs far more than the next
(style polish, the SVG icon engine, PySide6 creating the Python enum types a class uses on
first touch): building the main window cold took one 40-75 ms turn of the UI thread, warm
about 9 ms (benchmarks/session.py, "log in" step). Making one throwaway of each kind per turn,
while the login request is still on its way, spreads the same work so no turn is long.

PySide6 also creates its Python classes lazily, and at some point while the new window is
shown it creates every one still missing from QtCore, QtGui and QtWidgets at once (QWizard's,
QProcess's, QGraphicsView's enums...: 104 enum types, 30-47 ms in one turn, measured
2026-11-22). Touching each class by name, a few per turn, pays that in small pieces.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QToolBar,
    QToolButton,
    QTreeView,
    QWidget,
)

from .icons import icon, icon_dir

__all__ = ["warm_up"]


def _widgets() -> list[Callable[[], object]]:
    def polished(make: Callable[[], QWidget]) -> Callable[[], object]:
        def run() -> object:
            widget = make()
            widget.ensurePolished()
            widget.sizeHint()
            widget.deleteLater()
            return None

        return run

    def window() -> QWidget:
        main = QMainWindow()
        main.addToolBar(QToolBar(main))
        main.menuBar().addMenu("&x")
        main.statusBar()
        main.setCentralWidget(QSplitter(Qt.Orientation.Horizontal, main))
        return main

    def text_fields() -> QWidget:
        holder = QWidget()
        QLineEdit(holder).setClearButtonEnabled(True)
        QPlainTextEdit(holder)
        QLabel("·", holder)
        return holder

    def buttons() -> QWidget:
        holder = QWidget()
        QPushButton("·", holder)
        QToolButton(holder)
        QComboBox(holder).addItem("·")
        return holder

    return [
        polished(QTreeView),
        polished(QListView),
        polished(text_fields),
        polished(buttons),
        polished(window),
        lambda: QFontMetrics(QFont(QApplication.font())).horizontalAdvance("Inbox 0123456789"),
    ]


def _icon_steps() -> list[Callable[[], object]]:
    """Every icon the app ships, loaded through :func:`icon` (whose cache the window then
    uses) and rendered once, so the SVG engine's first start is paid here."""
    folder = icon_dir()
    names = sorted(path.stem for path in folder.glob("*.svg")) if folder is not None else []

    def render(name: str) -> Callable[[], object]:
        return lambda: icon(name).pixmap(QSize(20, 20))

    return [render(name) for name in names]


def _class_steps(per_turn: int = 12) -> list[Callable[[], object]]:
    """Every Qt class of the three modules, touched by name, ``per_turn`` at a time (one
    class and its enums: ~0.25 ms the first time, nothing after)."""
    names = [(module, name) for module in (QtCore, QtGui, QtWidgets) for name in dir(module)]

    def touch(chunk: list[tuple[object, str]]) -> Callable[[], object]:
        return lambda: [getattr(module, name, None) for module, name in chunk]

    return [touch(names[i : i + per_turn]) for i in range(0, len(names), per_turn)]


async def warm_up() -> None:
    """Each step in its own turn of the event loop; safe to call more than once."""
    for step in (*_widgets(), *_icon_steps(), *_class_steps()):
        step()
        await asyncio.sleep(0)

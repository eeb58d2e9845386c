"""Keyboard-first: every frequent action on one key, shown in a cheat sheet on ``?``.

Single-key shortcuts (j, k, r, e, …) must not fire while the agent types. Qt already sees
to that: a focused text field claims plain printable keys (ShortcutOverride) before any
window shortcut, so "j" typed into the reply goes into the reply.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from .dialogs import ok_cancel


@dataclass(frozen=True, slots=True)
class Binding:
    keys: tuple[str, ...]
    what: str


def bind(window: QWidget, keys: tuple[str, ...], slot: Callable[[], None]) -> list[QShortcut]:
    shortcuts = []
    for key in keys:
        shortcut = QShortcut(QKeySequence(key), window)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(slot)
        shortcuts.append(shortcut)
    return shortcuts


class CheatSheet(QDialog):
    """Every shortcut, in the agent's words."""

    def __init__(self, bindings: list[Binding], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        rows = "".join(
            f"<tr><td><b>{' / '.join(b.keys)}</b></td><td>&nbsp;&nbsp;{b.what}</td></tr>"
            for b in bindings
        )
        table = QLabel(f"<table>{rows}</table>", self)
        table.setTextFormat(Qt.TextFormat.RichText)
        table.setAccessibleName(self.tr("Keyboard shortcuts"))
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        buttons = ok_cancel(self, self.tr("Close"))
        buttons.button(buttons.StandardButton.Cancel).hide()
        layout.addWidget(buttons)

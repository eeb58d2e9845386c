"""Ctrl+K: every action and every inbox, found by typing a few letters of it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QDialog, QLineEdit, QListView, QVBoxLayout, QWidget

CommandRole = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True, slots=True)
class Command:
    title: str
    run: Callable[[], None]
    hint: str = ""  # the shortcut, shown beside the title


def fuzzy_score(query: str, text: str) -> int | None:
    """Lower is better; None when ``query``'s letters do not all appear in order in ``text``.

    A match close to the start and with its letters close together wins ("trnsf" finds
    "Transfer…" before "Take the conversation from the group inbox").
    """
    query, text = query.lower().replace(" ", ""), text.lower()
    if not query:
        return 0
    position, first, last = 0, -1, -1
    for letter in query:
        found = text.find(letter, position)
        if found < 0:
            return None
        first = found if first < 0 else first
        last, position = found, found + 1
    return (last - first) * 2 + first


class CommandPalette(QDialog):
    def __init__(self, commands: list[Command], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Go to or do…"))
        self.commands = commands
        self.query = QLineEdit(self)
        self.query.setPlaceholderText(self.tr("Type an action or an inbox"))
        self.query.setAccessibleName(self.tr("Command search"))
        self.query.setAccessibleDescription(self.tr("Type a few letters of an action or an inbox"))
        self.model = QStandardItemModel(self)
        self.list = QListView(self)
        self.list.setModel(self.model)
        self.list.setAccessibleName(self.tr("Matching commands"))
        self.list.setAccessibleDescription(self.tr("Enter runs the selected one"))
        self.list.activated.connect(lambda _: self.run_current())
        self.query.textChanged.connect(self._filter)
        self.query.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.list)
        self.resize(420, 360)
        self._filter("")

    def _filter(self, text: str) -> None:
        ranked = sorted(
            (
                (score, command)
                for command in self.commands
                if (score := fuzzy_score(text, command.title)) is not None
            ),
            key=lambda pair: (pair[0], pair[1].title),
        )
        self.model.clear()
        for _, command in ranked:
            label = f"{command.title}    {command.hint}" if command.hint else command.title
            item = QStandardItem(label)
            item.setEditable(False)
            item.setData(command, CommandRole)
            self.model.appendRow(item)
        if self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(0, 0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Arrows move through the list and Enter runs, while typing stays in the box."""
        if watched is self.query and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                row = self.list.currentIndex().row() + (1 if event.key() == Qt.Key.Key_Down else -1)
                if 0 <= row < self.model.rowCount():
                    self.list.setCurrentIndex(self.model.index(row, 0))
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.run_current()
                return True
        return super().eventFilter(watched, event)

    def run_current(self) -> None:
        index = self.list.currentIndex()
        command: Command | None = index.data(CommandRole) if index.isValid() else None
        self.accept()
        if command is not None:
            command.run()

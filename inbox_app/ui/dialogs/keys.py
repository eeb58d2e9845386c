"""The settings page where the agent changes keys: two per action, checked as they are typed.

A key two actions would share, a key the window needs, or a Send key that would type into the
reply is flagged on the spot (red field, the reason beside it, announced to screen readers)
and the dialog will not save until it is fixed: better than a key that silently does nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QEvent, QKeyCombination, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..announce import announce
from ..shortcuts import (
    BY_ID,
    DEFAULTS,
    PORTABLE,
    SHORTCUTS,
    Group,
    Keymap,
    Problem,
    Trouble,
    overlaps,
    problems,
    shown,
    translated,
)

ALTERNATIVES = 2  # keys per action: "J" and "Alt+Down"
# Keys that leave the field instead of being recorded. Qt's defaults let Tab out but record
# Shift+Tab (it arrives as Shift+Backtab) and Esc: a keyboard user could not go back or leave.
_LEAVE = [
    QKeyCombination(Qt.Key.Key_Tab),
    QKeyCombination(Qt.Key.Key_Backtab),
    QKeyCombination(Qt.KeyboardModifier.ShiftModifier, Qt.Key.Key_Backtab),
    QKeyCombination(Qt.Key.Key_Escape),
]
_FLAGGED = "QLineEdit { border: 2px solid #b3261e; }"
_MODIFIER_KEYS = frozenset(
    {Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta, Qt.Key.Key_AltGr}
)


class KeysEditor(QWidget):
    """Signals:
    sig_checked(bool ok): the keys were checked again after a change; ``ok`` when none is wrong.
    """

    sig_checked = Signal(bool)

    def __init__(
        self, keys: Mapping[str, tuple[str, ...]], taken: Mapping[str, str], parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.taken = dict(taken)
        self.edits: dict[str, list[QKeySequenceEdit]] = {}
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("<b>Action</b>"), self), 0, 0)
        grid.addWidget(QLabel(self.tr("<b>Key</b>"), self), 0, 1)
        grid.addWidget(QLabel(self.tr("<b>Other key</b>"), self), 0, 2)
        row = 1
        for group in Group:
            grid.addWidget(QLabel(f"<i>{translated(group)}</i>", self), row, 0, 1, 3)
            row += 1
            for item in (s for s in SHORTCUTS if s.group is group):
                label = QLabel(item.title(), self)
                grid.addWidget(label, row, 0)
                edits = [self._edit(item.title(), n) for n in range(ALTERNATIVES)]
                for column, edit in enumerate(edits, start=1):
                    grid.addWidget(edit, row, column)
                label.setBuddy(edits[0])
                self.edits[item.id] = edits
                row += 1
        table = QWidget(self)
        table.setLayout(grid)
        scroll = QScrollArea(self)
        scroll.setWidget(table)
        scroll.setWidgetResizable(True)
        scroll.setMinimumHeight(320)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setAccessibleName(self.tr("Problems with the keys"))
        self.problem.setStyleSheet("color: #b3261e;")
        self.reset = QPushButton(self.tr("Reset to defaults"), self)
        self.reset.setAccessibleName(self.tr("Reset every key to its default"))
        self.reset.clicked.connect(lambda: self.set_keys(DEFAULTS))
        note = QLabel(
            self.tr(
                "Single keys act when you are not typing. Go to a field and press the keys; "
                "Tab moves on, Backspace clears."
            ),
            self,
        )
        note.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.problem, 1)
        bottom.addWidget(self.reset)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)
        self._said = ""
        self.set_keys(keys)

    def _edit(self, title: str, number: int) -> QKeySequenceEdit:
        edit = QKeySequenceEdit(self)
        edit.setClearButtonEnabled(True)
        edit.setFinishingKeyCombinations(_LEAVE)
        edit.installEventFilter(self)
        name = (
            self.tr("{}: key").format(title)
            if number == 0
            else self.tr("{}: other key").format(title)
        )
        edit.setAccessibleName(name)
        edit.keySequenceChanged.connect(lambda _: self.check())
        for inner in edit.findChildren(QLineEdit):  # what has focus and what a reader reads
            inner.setAccessibleName(name)
            # The edit says "changed" only when recording ends (a second later, or on leaving
            # the field); its text changes with each key, so the check can answer at once.
            inner.textChanged.connect(lambda _: self.check())
        return edit

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Two fixes to how a key field takes keys, both for agents without a mouse.

        It starts recording afresh, clearing itself, on any key press, a lone Shift or Ctrl
        too: Shift+Tab back through the page would wipe every field it passed. So modifiers
        alone are not passed on (the key pressed with one still arrives, carrying it). And
        its only way to clear is a mouse click on ✕: Backspace or Delete clear it here.
        """
        if not (
            isinstance(watched, QKeySequenceEdit)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            return False
        if event.key() in _MODIFIER_KEYS:
            return True
        if event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete) and not event.modifiers():
            watched.clear()
            return True
        return False

    def set_keys(self, keys: Mapping[str, tuple[str, ...]]) -> None:
        for id_, edits in self.edits.items():
            chosen = keys.get(id_, ())
            for n, edit in enumerate(edits):
                edit.blockSignals(True)
                edit.setKeySequence(
                    QKeySequence.fromString(chosen[n], PORTABLE) if n < len(chosen) else ""
                )
                edit.blockSignals(False)
        self.check()

    def keys(self) -> Keymap:
        found: Keymap = {}
        for id_, edits in self.edits.items():
            keys: list[str] = []
            for edit in edits:
                key = edit.keySequence().toString(PORTABLE)
                if key and key not in keys:
                    keys.append(key)
            found[id_] = tuple(keys)
        return found

    def problems(self) -> list[Problem]:
        return problems(self.keys(), self.taken)

    def check(self) -> bool:
        """Flag what is wrong; True when nothing is."""
        found = self.problems()
        flagged: dict[QKeySequenceEdit, str] = {}
        for problem in found:
            reason = self.reason(problem)
            for id_ in (problem.id, problem.other):
                for edit in self.edits.get(id_, []):
                    key = edit.keySequence().toString(PORTABLE)
                    if key and overlaps(key, problem.key):
                        flagged.setdefault(edit, reason)
        for edits in self.edits.values():
            for edit in edits:
                reason = flagged.get(edit, "")
                edit.setStyleSheet(_FLAGGED if reason else "")
                edit.setToolTip(reason)
                edit.setAccessibleDescription(reason)
        text = "\n".join(dict.fromkeys(self.reason(p) for p in found))
        self.problem.setText(text)
        self.problem.setAccessibleDescription(text)
        if text and text != self._said:
            announce(self.problem, text)
        self._said = text
        self.sig_checked.emit(not found)
        return not found

    def reason(self, problem: Problem) -> str:
        what = BY_ID[problem.id].title()
        key = shown((problem.key,))
        if problem.trouble is Trouble.SHARED:
            return self.tr("{0} is set for both “{1}” and “{2}”.").format(
                key, what, BY_ID[problem.other].title()
            )
        if problem.trouble is Trouble.NEEDS_MODIFIER:
            return self.tr(
                "“{0}” is pressed while typing: its key needs Ctrl, Alt or Meta ({1} would type)."
            ).format(what, key)
        if problem.other:
            return self.tr("{0} opens {1}: choose another key for “{2}”.").format(
                key, problem.other, what
            )
        return self.tr(
            "{0} is needed to move around the window: choose another key for “{1}”."
        ).format(key, what)

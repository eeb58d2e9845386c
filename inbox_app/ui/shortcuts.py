"""Keyboard-first: every action has a stable id and default keys, and the agent may change them.

The table below is the one list of what can be done from the keyboard. Settings keep only
the agent's changes (id -> keys as Qt's portable text), so a new default reaches everyone
who did not change that action. Keys the agent chose that Qt cannot read, that two actions
would share, or that the window needs to move around fall back to the default
(:func:`keymap`); the settings dialog refuses them before they get that far
(:func:`problems`).

Single keys (j, k, r, e, …) must not fire while the agent types. Qt already sees to that: a
focused text field claims plain printable keys (ShortcutOverride) before any window
shortcut, so "j" typed into the reply goes into the reply.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from .dialogs import ok_cancel

log = logging.getLogger("inbox_app.ui")

PORTABLE = QKeySequence.SequenceFormat.PortableText
NATIVE = QKeySequence.SequenceFormat.NativeText
CONTEXT = "Shortcuts"  # translation context of the names in the table


class Group(StrEnum):
    CONVERSATION = QT_TRANSLATE_NOOP("Shortcuts", "Conversations")
    MOVE = QT_TRANSLATE_NOOP("Shortcuts", "Moving around")
    APP = QT_TRANSLATE_NOOP("Shortcuts", "The app")


@dataclass(frozen=True, slots=True)
class Shortcut:
    id: str  # stable: the settings key, never shown
    name: str  # untranslated; shown through ``title()``
    keys: tuple[str, ...]  # the defaults, Qt portable text ("Ctrl+E", "G, A")
    group: Group

    def title(self) -> str:
        name = translated(self.name)
        return name.format(self.id.removeprefix("inbox_")) if "{}" in name else name


def translated(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _inboxes() -> tuple[Shortcut, ...]:
    name = QT_TRANSLATE_NOOP("Shortcuts", "Go to inbox {}")
    return tuple(
        Shortcut(f"inbox_{n}", name, (f"Ctrl+{n}", f"G, {chr(ord('A') + n - 1)}"), Group.MOVE)
        for n in range(1, 10)
    )


_C, _M, _A = Group.CONVERSATION, Group.MOVE, Group.APP
SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut(
        "next_thread", QT_TRANSLATE_NOOP("Shortcuts", "Next conversation"), ("J", "Alt+Down"), _M
    ),
    Shortcut(
        "previous_thread",
        QT_TRANSLATE_NOOP("Shortcuts", "Previous conversation"),
        ("K", "Alt+Up"),
        _M,
    ),
    Shortcut(
        "extend_down", QT_TRANSLATE_NOOP("Shortcuts", "Select the next one too"), ("Shift+J",), _M
    ),
    Shortcut(
        "extend_up",
        QT_TRANSLATE_NOOP("Shortcuts", "Select the previous one too"),
        ("Shift+K",),
        _M,
    ),
    Shortcut(
        "select_matching",
        QT_TRANSLATE_NOOP("Shortcuts", "Select all that match the filter"),
        ("Ctrl+Shift+A",),
        _M,
    ),
    Shortcut("open_thread", QT_TRANSLATE_NOOP("Shortcuts", "Read the conversation"), ("O",), _M),
    Shortcut("reply", QT_TRANSLATE_NOOP("Shortcuts", "Reply"), ("R",), _C),
    Shortcut(
        "send", QT_TRANSLATE_NOOP("Shortcuts", "Send the reply"), ("Ctrl+Return", "Ctrl+Enter"), _C
    ),
    Shortcut("resolve", QT_TRANSLATE_NOOP("Shortcuts", "Resolve…"), ("E", "Ctrl+E"), _C),
    Shortcut(
        "resolve_next",
        QT_TRANSLATE_NOOP("Shortcuts", "Resolve with the same term code"),
        ("Shift+E",),
        _C,
    ),
    Shortcut("transfer", QT_TRANSLATE_NOOP("Shortcuts", "Transfer…"), ("T", "Ctrl+Shift+T"), _C),
    Shortcut(
        "spread",
        QT_TRANSLATE_NOOP("Shortcuts", "Spread over the team…"),
        ("Ctrl+Shift+S",),
        _C,
    ),
    Shortcut("mark_unread", QT_TRANSLATE_NOOP("Shortcuts", "Mark unread"), ("U", "Ctrl+U"), _C),
    Shortcut("mark_read", QT_TRANSLATE_NOOP("Shortcuts", "Mark read"), ("Shift+U",), _C),
    Shortcut("to_group", QT_TRANSLATE_NOOP("Shortcuts", "To group"), ("Ctrl+G",), _C),
    Shortcut("take", QT_TRANSLATE_NOOP("Shortcuts", "Take"), ("Ctrl+T",), _C),
    Shortcut("new_sms", QT_TRANSLATE_NOOP("Shortcuts", "New SMS…"), ("Ctrl+N",), _C),
    Shortcut("filter", QT_TRANSLATE_NOOP("Shortcuts", "Filter conversations"), ("/",), _M),
    Shortcut(
        "palette",
        QT_TRANSLATE_NOOP("Shortcuts", "Go to an inbox or do an action…"),
        ("Ctrl+K",),
        _M,
    ),
    *_inboxes(),
    Shortcut("refresh", QT_TRANSLATE_NOOP("Shortcuts", "Refresh"), ("F5",), _A),
    Shortcut("team", QT_TRANSLATE_NOOP("Shortcuts", "Show the team"), ("F9",), _A),
    Shortcut("presenter", QT_TRANSLATE_NOOP("Shortcuts", "Presenter mode"), ("F11",), _A),
    Shortcut("shortcuts", QT_TRANSLATE_NOOP("Shortcuts", "Keyboard shortcuts"), ("?", "F1"), _A),
    Shortcut("settings", QT_TRANSLATE_NOOP("Shortcuts", "Settings…"), ("Ctrl+,",), _A),
)
BY_ID: dict[str, Shortcut] = {s.id: s for s in SHORTCUTS}
DEFAULTS: dict[str, tuple[str, ...]] = {s.id: s.keys for s in SHORTCUTS}
Keymap = dict[str, tuple[str, ...]]

# Keys the window itself needs to move around and press buttons: never an action's.
RESERVED = frozenset(
    QKeySequence(k).toString(PORTABLE)
    for k in "Tab Backtab Shift+Tab Shift+Backtab Return Enter Space Esc "
    "Up Down Left Right Home End PgUp PgDown".split()
)
# Pressed while typing the reply, so it must be a key no text field types.
NEEDS_MODIFIER = frozenset({"send"})
_COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


def parse_keys(text: str) -> tuple[str, ...] | None:
    """Keys as stored ("J; Alt+Down", "" for none), normalised; None when Qt cannot read them.

    Qt reads an unknown key name as a sequence of ``Key_unknown`` rather than failing, so that
    is what marks a hand-edited or garbled value.
    """
    text = text.strip()
    if not text:
        return ()
    keys: list[str] = []
    for sequence in QKeySequence.listFromString(text, PORTABLE):
        combinations = [sequence[i] for i in range(sequence.count())]
        if not combinations or any(c.key() == Qt.Key.Key_unknown for c in combinations):
            return None
        normal = sequence.toString(PORTABLE)
        if normal not in keys:
            keys.append(normal)
    return tuple(keys)


def keys_text(keys: Iterable[str]) -> str:
    """How keys are stored: Qt's own list format."""
    return "; ".join(keys)


def shown(keys: Iterable[str]) -> str:
    """Keys as the agent reads them on this platform ("Ctrl+E / E", "⌘E" on a Mac)."""
    return " / ".join(QKeySequence.fromString(k, PORTABLE).toString(NATIVE) for k in keys)


@cache
def _presses(key: str) -> tuple[int, ...]:
    """A key's presses as Qt's combined key codes. Cached: the window checks the whole keymap
    at start, pair by pair, and parsing each time cost milliseconds of a single turn."""
    sequence = QKeySequence.fromString(key, PORTABLE)
    return tuple(sequence[i].toCombined() for i in range(sequence.count()))


def overlaps(a: str, b: str) -> bool:
    """Equal, or one is how the other starts: Qt would fire the shorter and never the chord."""
    first, second = _presses(a), _presses(b)
    common = min(len(first), len(second))
    return common > 0 and first[:common] == second[:common]


class Trouble(StrEnum):
    SHARED = "shared"  # two actions on one key
    RESERVED = "reserved"  # a key the window needs (or a menu's Alt+letter)
    NEEDS_MODIFIER = "needs_modifier"  # send on a key the reply would type


@dataclass(frozen=True, slots=True)
class Problem:
    trouble: Trouble
    id: str
    key: str
    other: str = ""  # the other action's id (SHARED) or what uses the key (RESERVED)


def problems(
    keys: Mapping[str, tuple[str, ...]], taken: Mapping[str, str] | None = None
) -> list[Problem]:
    """What is wrong with a keymap. ``taken`` maps keys outside the table (menu mnemonics) to
    what uses them."""
    taken = taken or {}
    found: list[Problem] = []
    owners: list[tuple[str, str]] = []
    for id_, sequences in keys.items():
        for key in sequences:
            presses = _presses(key)
            if not presses:
                continue
            if key in RESERVED:
                found.append(Problem(Trouble.RESERVED, id_, key))
            elif key in taken:
                found.append(Problem(Trouble.RESERVED, id_, key, taken[key]))
            if id_ in NEEDS_MODIFIER and not presses[0] & _COMMAND_MODIFIERS.value:
                found.append(Problem(Trouble.NEEDS_MODIFIER, id_, key))
            for other, other_key in owners:
                if other != id_ and overlaps(key, other_key):
                    found.append(Problem(Trouble.SHARED, id_, key, other))
            owners.append((id_, key))
    return found


def keymap(overrides: Mapping[str, str], taken: Mapping[str, str] | None = None) -> Keymap:
    """The keys in force: the defaults with the agent's changes, minus changes that cannot work.

    A change that clashes falls back to the default, then the check runs again (the default
    may clash with another change); each round puts at least one action back, so it ends.
    """
    keys: Keymap = dict(DEFAULTS)
    for id_, text in overrides.items():
        parsed = parse_keys(text)
        if id_ in keys and parsed is not None:
            keys[id_] = parsed
    while True:
        found = problems(keys, taken)
        wrong = {p.id for p in found} | {p.other for p in found if p.trouble is Trouble.SHARED}
        changed = {id_ for id_ in wrong if keys[id_] != DEFAULTS[id_]}
        if not changed:
            return keys
        for id_ in sorted(changed):
            log.info("shortcut %s: %r does not work here, using the default", id_, keys[id_])
            keys[id_] = DEFAULTS[id_]


def overrides(keys: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """Only what differs from the defaults: that is what settings keep."""
    return {id_: keys_text(k) for id_, k in keys.items() if id_ in DEFAULTS and k != DEFAULTS[id_]}


class CheatSheet(QDialog):
    """Every shortcut as it is now, in the agent's words, grouped like the menus."""

    def __init__(self, keys: Mapping[str, tuple[str, ...]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.table = QLabel(self.rows(keys), self)
        self.table.setTextFormat(Qt.TextFormat.RichText)
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.table.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        buttons = ok_cancel(self, self.tr("Close"))
        buttons.button(buttons.StandardButton.Cancel).hide()
        layout.addWidget(buttons)

    def rows(self, keys: Mapping[str, tuple[str, ...]]) -> str:
        def row(what: str, how: str) -> str:
            return f"<tr><td><b>{how or '—'}</b></td><td>&nbsp;&nbsp;{what}</td></tr>"

        inboxes = [s for s in SHORTCUTS if s.id.startswith("inbox_")]
        as_default = all(keys.get(s.id) == s.keys for s in inboxes)
        html = []
        for group in Group:
            html.append(f"<tr><td colspan=2><br><i>{translated(group)}</i></td></tr>")
            for item in SHORTCUTS:
                if item.group is not group:
                    continue
                if as_default and item.id.startswith("inbox_"):
                    if item.id == "inbox_1":  # nine rows say less than one
                        html.append(
                            row(self.tr("Go to inbox 1…9"), f"{shown(('Ctrl+1',))}…9 / G, A…I")
                        )
                    continue
                html.append(row(item.title(), shown(keys.get(item.id, ()))))
                if item.id == "resolve":
                    html.append(row(self.tr("In Resolve: pick the term code"), "1…9"))
        return f"<table>{''.join(html)}</table>"

"""The conversation header keeps the customer's name whole: buttons drop their words first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolButton

from inbox_app.ui.icons import icon
from inbox_app.ui.thread_header import ThreadHeader

WORDS = Qt.ToolButtonStyle.ToolButtonTextBesideIcon
ICONS = Qt.ToolButtonStyle.ToolButtonIconOnly


def test_buttons_drop_their_words_before_the_name_is_cut(qtbot) -> None:  # type: ignore[no-untyped-def]
    header = ThreadHeader()
    qtbot.addWidget(header)
    for text, name in (
        ("Marcar no leída", "mark-unread"),
        ("Al grupo", "to-group"),
        ("Tomar", "take"),
        ("Transferir", "transfer"),
        ("Resolver", "resolve"),
    ):
        header.add_action(QAction(icon(name), text, header))
    buttons = header.findChildren(QToolButton)
    header.show()

    header.resize(1400, 60)
    qtbot.waitUntil(lambda: {b.toolButtonStyle() for b in buttons} == {WORDS})

    header.resize(560, 60)
    qtbot.waitUntil(lambda: {b.toolButtonStyle() for b in buttons} == {ICONS})
    name_width = header.title.fontMetrics().horizontalAdvance(header.title.text())
    qtbot.waitUntil(lambda: header.title.width() >= name_width)
    for button in buttons:  # the words stay for tooltips and screen readers
        assert button.text() and button.toolTip()

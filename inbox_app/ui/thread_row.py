"""How one thread row looks, from its words alone: the live list and the cached first screen
paint through the same function, so the inbox an agent sees at start-up is the one they get.

Light on purpose: Qt and the standard library only, and no ``Qt`` namespace (see
:mod:`inbox_app.ui.qt_numbers`). The first screen paints with this before httpx, pydantic
or asyncio are loaded (see :mod:`inbox_app.ui.first_screen`).
"""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta
from typing import NamedTuple

from PySide6.QtCore import QDate, QLocale, QRect, QRectF, QSize
from PySide6.QtGui import QBrush, QFont, QFontMetrics, QPainter, QPainterPath, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionViewItem

from .qt_numbers import ALIGN_LEFT, ALIGN_RIGHT, ALIGN_VCENTER

PADDING = 8
SEPARATOR = "  ·  "
ELLIPSIS = "…"


def fill_round(painter: QPainter, rect: QRect, radius: float, brush: QBrush) -> None:
    """A filled rounded shape without an outline. ``fillPath`` with the palette's own brush
    instead of ``setBrush`` and a ``NoPen``: those calls' overloads (and any QColor to QBrush
    conversion) create the ``Qt`` namespace (see qt_numbers)."""
    path = QPainterPath()
    path.addRoundedRect(QRectF(rect), radius, radius)
    painter.fillPath(path, brush)


def elide(metrics: QFontMetrics, text: str, width: int) -> str:
    """``text`` cut to ``width`` pixels, ending in an ellipsis: ``QFontMetrics.elidedText``
    without its ``Qt.TextElideMode`` argument, which would create the ``Qt`` namespace before
    the first screen is painted. Never cuts a letter from its accent."""
    if metrics.horizontalAdvance(text) <= width:
        return text
    room = width - metrics.horizontalAdvance(ELLIPSIS)
    if room <= 0:
        return ""
    fits, too_long = 0, len(text)
    while too_long - fits > 1:  # the longest prefix that fits, by bisection
        middle = (fits + too_long) // 2
        if metrics.horizontalAdvance(text[:middle]) <= room:
            fits = middle
        else:
            too_long = middle
    while fits and unicodedata.combining(text[fits]):
        fits -= 1
    return text[:fits].rstrip() + ELLIPSIS


def when(moment: datetime | None, now: datetime | None = None) -> str:
    """Short, local, in the agent's language: ``09:42`` today, ``Mon`` / ``lun`` this week,
    ``12 Nov`` / ``12 nov`` this year, else ``2025-11-12``."""
    if moment is None:
        return ""
    local = moment.astimezone()
    now = (now or datetime.now(local.tzinfo)).astimezone(local.tzinfo)
    if local.date() == now.date():
        return local.strftime("%H:%M")
    locale = QLocale()
    if now - local < timedelta(days=6) and local <= now:
        return locale.dayName(local.isoweekday(), QLocale.FormatType.ShortFormat)
    if local.year == now.year:
        return locale.toString(QDate(local.year, local.month, local.day), "d MMM")
    return local.strftime("%Y-%m-%d")


class RowWords(NamedTuple):  # not a frozen dataclass: 2.5 ms less on the way to first paint
    """What a thread row says. ``details`` (account, then number) come before ``state``; a
    narrow list drops the last detail first, never the state."""

    title: str
    when: str
    details: tuple[str, ...]
    state: str
    unread: bool


def row_size(font: QFont) -> QSize:
    """Every row is this tall (uniform heights: the view never measures rows)."""
    line = QFontMetrics(font).height()
    return QSize(200, 2 * line + 2 * PADDING + 4)


def draw_text(
    painter: QPainter,
    rect: QRect,
    flags: int,
    palette: QPalette,
    role: QPalette.ColorRole,
    text: str,
) -> None:
    """Text in a palette colour through the style: ``QPainter.setPen``'s overloads create the
    ``Qt`` namespace (see qt_numbers), ``QStyle.drawItemText`` takes the colour role."""
    QApplication.style().drawItemText(painter, rect, flags, palette, True, text, role)


def paint_row(painter: QPainter, option: QStyleOptionViewItem, words: RowWords) -> None:
    """Two lines: who and when, then the details and the reply state; a dot when unread."""
    painter.save()
    style = option.widget.style() if option.widget else None
    if style is not None:
        style.drawPrimitive(
            QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget
        )
    selected = bool(option.state & QStyle.StateFlag.State_Selected)
    palette = option.palette  # the option is this paint's own copy; no QPalette(...): its
    palette.setCurrentColorGroup(QPalette.ColorGroup.Active)  # overloads create Qt
    text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
    muted_role = (
        QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
    )
    rect = option.rect.adjusted(PADDING + 10, PADDING, -PADDING, -PADDING)
    if words.unread:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        dot_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight
        dot = QRect(option.rect.left() + 6, rect.top() + 5, 8, 8)
        fill_round(painter, dot, 4.0, palette.brush(dot_role))
    title_font = QFont(option.font)
    title_font.setBold(words.unread)
    metrics = QFontMetrics(title_font)
    small = QFontMetrics(option.font)
    line = metrics.height()
    painter.setFont(option.font)
    when_width = small.horizontalAdvance(words.when) + 4
    when_rect = QRect(rect.right() - when_width, rect.top(), when_width, line)
    draw_text(painter, when_rect, ALIGN_RIGHT | ALIGN_VCENTER, palette, muted_role, words.when)
    painter.setFont(title_font)
    title = elide(metrics, words.title, rect.width() - when_width - 6)
    title_rect = QRect(rect.left(), rect.top(), rect.width() - when_width, line)
    draw_text(painter, title_rect, ALIGN_LEFT | ALIGN_VCENTER, palette, text_role, title)
    painter.setFont(option.font)
    parts = [*words.details, words.state]
    if len(parts) > 2 and small.horizontalAdvance(SEPARATOR.join(parts)) > rect.width():
        del parts[-2]  # a narrow list drops the number (it is in the tooltip), not the state
    second = elide(small, SEPARATOR.join(parts), rect.width())
    second_rect = QRect(rect.left(), rect.top() + line + 4, rect.width(), line)
    draw_text(painter, second_rect, ALIGN_LEFT | ALIGN_VCENTER, palette, muted_role, second)
    painter.restore()

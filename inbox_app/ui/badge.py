"""The inbox tree's unread/total badges, painted after the item as usual.

Light (Qt only, no ``Qt`` namespace: see :mod:`inbox_app.ui.qt_numbers`): the cached first
screen paints its inbox tree with it before the app's models are imported.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize
from PySide6.QtGui import QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from .qt_numbers import ALIGN_HCENTER, ALIGN_VCENTER, USER_ROLE
from .thread_row import draw_text, fill_round

Index = QModelIndex | QPersistentModelIndex
BadgeRole = USER_ROLE + 2


class BadgeDelegate(QStyledItemDelegate):
    """Draws the item as usual, then its unread/total badge at the right edge."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + 60, max(size.height(), QFontMetrics(option.font).height() + 10))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        badge = index.data(BadgeRole) or ""
        option = QStyleOptionViewItem(option)
        metrics = QFontMetrics(option.font)
        badge_width = metrics.horizontalAdvance(badge) + 14 if badge else 0
        option.rect = option.rect.adjusted(0, 0, -badge_width - 4, 0)
        super().paint(painter, option, index)
        if not badge:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRect(
            option.rect.right() + 2,
            option.rect.center().y() - metrics.height() // 2 - 1,
            badge_width,
            metrics.height() + 2,
        )
        unread = not badge.startswith("0 ") and badge != "0"
        role = QPalette.ColorRole.Highlight if unread else QPalette.ColorRole.Mid
        fill_round(painter, rect, rect.height() / 2, option.palette.brush(role))
        text_role = QPalette.ColorRole.HighlightedText if unread else QPalette.ColorRole.Text
        draw_text(painter, rect, ALIGN_HCENTER | ALIGN_VCENTER, option.palette, text_role, badge)
        painter.restore()

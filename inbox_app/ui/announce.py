"""Say a status change out loud to screen readers, without moving the agent's focus.

A banner or a status-bar label that changes is silent to a screen reader unless focus goes
there, and taking focus away from the reply or the list would be worse. Qt 6.8 added
announcement events (AT-SPI on Linux, UIA on Windows, NSAccessibility on macOS) for this.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent


def announce(source: QObject, text: str, *, assertive: bool = False) -> None:
    """Announce ``text`` as coming from ``source`` (the widget that shows it).

    Polite waits for the screen reader to finish what it is saying; assertive interrupts, for
    failures the agent must not miss. Nothing is built while no assistive technology is
    listening (Qt's own advice for accessibility updates).
    """
    text = text.strip()
    if not text or not QAccessible.isActive():
        return
    event = QAccessibleAnnouncementEvent(source, text)
    event.setPoliteness(
        QAccessible.AnnouncementPoliteness.Assertive
        if assertive
        else QAccessible.AnnouncementPoliteness.Polite
    )
    QAccessible.updateAccessibility(event)

"""The app's settings: one typed place; QSettings is only where they are kept."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from enum import StrEnum

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication


class Theme(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


class Language(StrEnum):
    SYSTEM = "system"  # the first of the system's languages the app speaks, else English
    ENGLISH = "en"
    SPANISH = "es"


@dataclass
class Settings:
    theme: Theme = Theme.SYSTEM
    poll_interval_s: float = 5.0  # while the window is active; idle stays at 20 s
    notifications: bool = True
    sound: bool = False
    mask_numbers: bool = False  # on screen, e.g. when a trainer projects the app
    language: Language = Language.SYSTEM  # applies at the next start (app.run installs it)

    @classmethod
    def load(cls, store: QSettings | None) -> Settings:
        settings = cls()
        if store is None:
            return settings
        for field in fields(cls):
            raw = store.value(f"settings/{field.name}")
            if raw is None:
                continue
            default = getattr(settings, field.name)
            try:
                if isinstance(default, bool):
                    value: object = raw if isinstance(raw, bool) else str(raw).lower() == "true"
                elif isinstance(default, Theme):
                    value = Theme(str(raw))
                elif isinstance(default, Language):
                    value = Language(str(raw))
                elif isinstance(default, float):
                    value = min(60.0, max(2.0, float(raw)))
                else:
                    value = raw
            except ValueError:
                continue  # a hand-edited or older value: keep the default
            setattr(settings, field.name, value)
        return settings

    def save(self, store: QSettings | None) -> None:
        if store is None:
            return
        for name, value in asdict(self).items():
            store.setValue(f"settings/{name}", str(value) if isinstance(value, StrEnum) else value)


_DARK = {
    QPalette.ColorRole.Window: "#2b2d30",
    QPalette.ColorRole.WindowText: "#e6e6e6",
    QPalette.ColorRole.Base: "#1f2023",
    QPalette.ColorRole.AlternateBase: "#34363a",
    QPalette.ColorRole.Text: "#e6e6e6",
    QPalette.ColorRole.Button: "#34363a",
    QPalette.ColorRole.ButtonText: "#e6e6e6",
    QPalette.ColorRole.Highlight: "#2f7fd1",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#34363a",
    QPalette.ColorRole.ToolTipText: "#e6e6e6",
    QPalette.ColorRole.PlaceholderText: "#9a9ca1",
    QPalette.ColorRole.Mid: "#55575c",
    QPalette.ColorRole.Link: "#6cb2ff",
}
_original_style: str | None = None


def apply_theme(theme: Theme) -> None:
    """Follow the system's colour scheme, or override it.

    The override asks Qt (6.8+ style hints) and, because not every platform honours that
    (offscreen never does), also sets the Fusion style with an explicit palette.
    """
    global _original_style
    theme = Theme(theme)  # Qt widgets hand enum data back as plain str
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    if _original_style is None:
        _original_style = app.style().name()
    scheme = {
        Theme.SYSTEM: Qt.ColorScheme.Unknown,
        Theme.LIGHT: Qt.ColorScheme.Light,
        Theme.DARK: Qt.ColorScheme.Dark,
    }[theme]
    QGuiApplication.styleHints().setColorScheme(scheme)
    if theme is Theme.SYSTEM:
        app.setStyle(_original_style)
        app.setPalette(app.style().standardPalette())
        return
    app.setStyle("Fusion")
    palette = app.style().standardPalette()
    if theme is Theme.DARK:
        for role, colour in _DARK.items():
            palette.setColor(role, QColor(colour))
        palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#7c7e83"))
        palette.setColor(
            QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#7c7e83")
        )
    app.setPalette(palette)


def is_dark() -> bool:
    """What the agent sees now, whatever decided it."""
    return QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128

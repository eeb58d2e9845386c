"""The app's settings: one typed place; QSettings is only where they are kept."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import time
from enum import StrEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from ..core.compliance import Guard


def profile_settings(profile: str) -> QSettings:
    """Where a profile's settings, window layout and last sign-in are kept."""
    return QSettings("inbox_app", f"inbox_app-{profile}")


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
    # Texting hours in the customer's time, in minutes of the day: 08:00-21:00 (Regulation
    # F's), or narrower. Never wider: texting_window() keeps them inside.
    texting_from_min: int = 8 * 60
    texting_until_min: int = 21 * 60
    # Offer "Reply STOP to opt out" on the first message of the day to a customer. On for new
    # profiles; a profile saved before the setting existed keeps working as it did (off).
    opt_out_notice: bool = True
    # The agent's own keys: action id -> Qt portable text ("J; Alt+Down", "" for none). Only
    # changes are kept, so an action nobody changed follows the defaults in shortcuts.py.
    shortcuts: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, store: QSettings | None, *, shortcuts: bool = True) -> Settings:
        """``shortcuts=False`` skips the agent's keys (and the import of the shortcut
        table): the cached first screen needs only the theme, language and masking."""
        settings = cls()
        if store is None:
            return settings
        if store.contains("settings/theme") and not store.contains("settings/opt_out_notice"):
            settings.opt_out_notice = False  # an existing profile: nothing changes unasked
        for item in fields(cls):
            if item.name == "shortcuts":
                if shortcuts:
                    settings.shortcuts = _load_shortcuts(store)
                continue
            raw = store.value(f"settings/{item.name}")
            if raw is None:
                continue
            default = getattr(settings, item.name)
            try:
                if isinstance(default, bool):
                    value: object = raw if isinstance(raw, bool) else str(raw).lower() == "true"
                elif isinstance(default, Theme):
                    value = Theme(str(raw))
                elif isinstance(default, Language):
                    value = Language(str(raw))
                elif isinstance(default, float):
                    value = min(60.0, max(2.0, float(raw)))
                elif isinstance(default, int):
                    value = min(21 * 60, max(8 * 60, int(raw)))
                else:
                    value = raw
            except ValueError:
                continue  # a hand-edited or older value: keep the default
            setattr(settings, item.name, value)
        return settings

    def texting_window(self) -> Guard:
        """The compliance guard for these hours (a window that is not narrower: the default).
        Imported here: the kept first screen loads settings before the heavy imports."""
        from ..core.compliance import Guard

        start = time(*divmod(self.texting_from_min, 60))
        end = (
            time(*divmod(self.texting_until_min, 60))
            if self.texting_until_min < 24 * 60
            else time(21)
        )
        try:
            return Guard(start=start, end=end)
        except ValueError:
            return Guard()

    def save(self, store: QSettings | None) -> None:
        if store is None:
            return
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name == "shortcuts":
                store.remove("settings/shortcuts")  # a key set back to its default goes
                for id_, keys in value.items():
                    store.setValue(f"settings/shortcuts/{id_}", keys)
                continue
            store.setValue(
                f"settings/{item.name}", str(value) if isinstance(value, StrEnum) else value
            )


def _load_shortcuts(store: QSettings) -> dict[str, str]:
    """The agent's keys that still mean something: unknown actions (from another version) and
    keys Qt cannot read (a hand edit) are left out, so those actions keep their defaults."""
    from .shortcuts import DEFAULTS, keys_text, parse_keys  # the table imports dialogs

    store.beginGroup("settings/shortcuts")
    try:
        raw = {id_: store.value(id_) for id_ in store.childKeys()}
    finally:
        store.endGroup()
    found: dict[str, str] = {}
    for id_, value in raw.items():
        # An INI value with an unquoted comma ("G, A" typed by hand) comes back as a list.
        text = ", ".join(map(str, value)) if isinstance(value, list) else str(value or "")
        keys = parse_keys(text)
        if id_ in DEFAULTS and keys is not None:
            found[id_] = keys_text(keys)
    return found


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
    from PySide6.QtCore import Qt  # here: the first screen loads settings before Qt exists

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

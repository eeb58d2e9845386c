"""Edit the settings; the window applies them when the agent presses Save."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..settings import Settings, Theme
from ..shortcuts import keymap, overrides
from . import ok_cancel
from .keys import KeysEditor


class SettingsDialog(QDialog):
    """``taken``: keys the window uses outside the shortcut table (its menus' Alt+letters)."""

    def __init__(
        self,
        settings: Settings,
        parent: QWidget | None = None,
        *,
        taken: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self._settings = settings
        self.theme = QComboBox(self)
        self.theme.setAccessibleName(self.tr("Theme"))
        for theme, label in (
            (Theme.SYSTEM, self.tr("Follow the system")),
            (Theme.LIGHT, self.tr("Light")),
            (Theme.DARK, self.tr("Dark")),
        ):
            self.theme.addItem(label, theme)
        self.theme.setCurrentIndex(self.theme.findData(settings.theme))
        self.poll = QDoubleSpinBox(self)
        self.poll.setAccessibleName(self.tr("Update interval in seconds"))
        self.poll.setRange(2.0, 60.0)
        self.poll.setSuffix(" s")
        self.poll.setValue(settings.poll_interval_s)
        self.notifications = QCheckBox(self.tr("Notify me when a customer writes"), self)
        self.notifications.setChecked(settings.notifications)
        self.sound = QCheckBox(self.tr("Play a sound with notifications"), self)
        self.sound.setChecked(settings.sound)
        self.mask = QCheckBox(self.tr("Hide customer numbers on screen (for projecting)"), self)
        self.mask.setChecked(settings.mask_numbers)
        self.buttons = ok_cancel(self, self.tr("Save"))
        general = QWidget(self)
        form = QFormLayout()
        form.addRow(self.tr("Theme"), self.theme)
        form.addRow(self.tr("Check for new messages every"), self.poll)
        general_layout = QVBoxLayout(general)
        general_layout.addLayout(form)
        for box in (self.notifications, self.sound, self.mask):
            general_layout.addWidget(box)
        general_layout.addStretch(1)
        taken = dict(taken or {})
        self.keys = KeysEditor(keymap(settings.shortcuts, taken), taken, self)
        self.keys.sig_checked.connect(
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled
        )
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Settings pages"))
        self.tabs.addTab(general, self.tr("General"))
        self.tabs.addTab(self.keys, self.tr("Keyboard"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.buttons)

    def chosen(self) -> Settings:
        return replace(
            self._settings,
            theme=Theme(self.theme.currentData()),
            poll_interval_s=self.poll.value(),
            notifications=self.notifications.isChecked(),
            sound=self.sound.isChecked(),
            mask_numbers=self.mask.isChecked(),
            shortcuts=overrides(self.keys.keys()),
        )

"""Edit the settings; the window applies them when the agent presses Save."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ..i18n import LANGUAGE_NAMES
from ..settings import Language, Settings, Theme
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
        self.theme.setAccessibleDescription(self.tr("Light, dark, or as the system is set"))
        for theme, label in (
            (Theme.SYSTEM, self.tr("Follow the system")),
            (Theme.LIGHT, self.tr("Light")),
            (Theme.DARK, self.tr("Dark")),
        ):
            self.theme.addItem(label, theme)
        self.theme.setCurrentIndex(self.theme.findData(settings.theme))
        self.poll = QDoubleSpinBox(self)
        self.poll.setAccessibleName(self.tr("Update interval in seconds"))
        self.poll.setAccessibleDescription(
            self.tr("How often to check for new messages while the window is active")
        )
        self.poll.setRange(2.0, 60.0)
        self.poll.setSuffix(self.tr(" s", "seconds"))
        self.poll.setValue(settings.poll_interval_s)
        self.notifications = QCheckBox(self.tr("Notify me when a customer writes"), self)
        self.notifications.setAccessibleDescription(
            self.tr("A desktop notification for each new customer message")
        )
        self.notifications.setChecked(settings.notifications)
        self.sound = QCheckBox(self.tr("Play a sound with notifications"), self)
        self.sound.setAccessibleDescription(self.tr("A short sound with each notification"))
        self.sound.setChecked(settings.sound)
        self.mask = QCheckBox(self.tr("Hide customer numbers on screen (for projecting)"), self)
        self.mask.setAccessibleDescription(
            self.tr("Shows only the last digits of each number, for training on a projector")
        )
        self.mask.setChecked(settings.mask_numbers)
        self.language = QComboBox(self)
        self.language.setAccessibleName(self.tr("Language"))
        self.language.setAccessibleDescription(
            self.tr("The language of the app, from its next start")
        )
        self.language.addItem(self.tr("Follow the system"), Language.SYSTEM)
        for language in (Language.ENGLISH, Language.SPANISH):
            self.language.addItem(LANGUAGE_NAMES[language.value], language)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.language_note = QLabel(
            self.tr("The new language applies the next time you start the app."), self
        )
        self.language_note.setWordWrap(True)
        self.language_note.setAccessibleName(self.tr("About the language"))
        self.language_note.setVisible(False)
        self.language.currentIndexChanged.connect(self._language_changed)
        self.buttons = ok_cancel(self, self.tr("Save"))
        general = QWidget(self)
        form = QFormLayout()
        form.addRow(self.tr("Theme"), self.theme)
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Check for new messages every"), self.poll)
        general_layout = QVBoxLayout(general)
        general_layout.addLayout(form)
        general_layout.addWidget(self.language_note)
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
        self.tabs.addTab(self._compliance_page(settings), self.tr("Compliance"))
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
            language=self._language(),
            shortcuts=overrides(self.keys.keys()),
            texting_from_min=_minutes(self.texting_from.time()),
            texting_until_min=_minutes(self.texting_until.time()),
            opt_out_notice=self.opt_out_notice.isChecked(),
        )

    def _compliance_page(self, settings: Settings) -> QWidget:
        """Texting hours (narrower than 08:00-21:00 only) and the opt-out notice."""
        page = QWidget(self)
        earliest, latest = QTime(8, 0), QTime(21, 0)
        self.texting_from = QTimeEdit(self)
        self.texting_until = QTimeEdit(self)
        for edit, minutes, name in (
            (self.texting_from, settings.texting_from_min, self.tr("Texting starts at")),
            (self.texting_until, settings.texting_until_min, self.tr("Texting ends at")),
        ):
            edit.setDisplayFormat("HH:mm")
            edit.setTimeRange(earliest, latest)  # narrower only: the editor cannot go wider
            edit.setTime(QTime(*divmod(minutes, 60)))
            edit.setAccessibleName(name)
        self.texting_from.timeChanged.connect(self.texting_until.setMinimumTime)
        self.texting_until.timeChanged.connect(self.texting_from.setMaximumTime)
        self.texting_from.timeChanged.emit(self.texting_from.time())
        self.texting_until.timeChanged.emit(self.texting_until.time())
        hours_note = QLabel(
            self.tr(
                "In the customer's own time zone. The law allows 08:00 to 21:00; "
                "you can only make it narrower."
            ),
            self,
        )
        hours_note.setWordWrap(True)
        self.opt_out_notice = QCheckBox(
            self.tr("Offer to add “Reply STOP to opt out” to the first message of the day"), self
        )
        self.opt_out_notice.setAccessibleDescription(
            self.tr("Each customer must be told how to opt out")
        )
        self.opt_out_notice.setChecked(settings.opt_out_notice)
        form = QFormLayout()
        form.addRow(self.tr("Texting starts at"), self.texting_from)
        form.addRow(self.tr("Texting ends at"), self.texting_until)
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(hours_note)
        layout.addWidget(self.opt_out_notice)
        layout.addStretch(1)
        return page

    def _language(self) -> Language:
        return Language(self.language.currentData())

    def _language_changed(self) -> None:
        # The window is built in one language: a new one needs a new start.
        self.language_note.setVisible(self._language() != self._settings.language)


def _minutes(moment: QTime) -> int:
    return moment.hour() * 60 + moment.minute()

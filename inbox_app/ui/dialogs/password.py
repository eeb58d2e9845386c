"""Change the password: the current one, the new one twice. Used at sign-in (when LiveVox
says the password expired) and from the Account menu."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from . import ok_cancel


class ChangePasswordDialog(QDialog):
    """Only gathers the passwords; the caller changes it and shows any refusal here."""

    def __init__(self, parent: QWidget | None = None, *, reason: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Change password"))
        self.current = self._field(self.tr("Current password"))
        self.new = self._field(self.tr("New password"))
        self.repeat = self._field(self.tr("New password again"))
        self.message = QLabel(reason, self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Password change"))
        self.buttons = ok_cancel(self, self.tr("Change password"))
        form = QFormLayout()
        form.addRow(self.tr("Current password"), self.current)
        form.addRow(self.tr("New password"), self.new)
        form.addRow(self.tr("New password again"), self.repeat)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        for field in (self.current, self.new, self.repeat):
            field.textChanged.connect(self._validate)
        self._validate()

    def _field(self, name: str) -> QLineEdit:
        field = QLineEdit(self)
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setAccessibleName(name)
        return field

    def _validate(self) -> None:
        new, repeat = self.new.text(), self.repeat.text()
        ready = bool(self.current.text() and new) and new == repeat and new != self.current.text()
        if repeat and new != repeat:
            self.message.setText(self.tr("The new passwords are not the same."))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)

    def show_error(self, text: str) -> None:
        self.message.setText(text)

    def set_busy(self, busy: bool) -> None:
        self.buttons.setEnabled(not busy)
        if busy:
            self.message.setText(self.tr("Changing the password…"))

"""Start a new transactional SMS (``POST /sms/``) to a number, with a message or a template."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...core import models
from ...core.sms import count_segments
from . import ok_cancel


@dataclass(frozen=True, slots=True)
class NewSms:
    from_code: str
    to: str
    message: str | None
    template_id: str | None
    account: str | None


def normalise_number(text: str) -> str | None:
    """Digits of a phone number (10 or 11 with a leading 1 for NANP; 8-15 elsewhere)."""
    digits = "".join(ch for ch in text if ch.isdigit())
    if not 8 <= len(digits) <= 15:
        return None
    if len(digits) == 10:
        digits = "1" + digits
    return digits


class NewSmsDialog(QDialog):
    def __init__(
        self,
        codes: list[models.SmsCode],
        templates: list[models.Template],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New SMS"))
        self.to = QLineEdit(self)
        self.to.setPlaceholderText(self.tr("e.g. 555 010 0123"))
        self.to.setAccessibleName(self.tr("To number"))
        self.to.setAccessibleDescription(self.tr("The customer's mobile number"))
        self.from_code = QComboBox(self)
        self.from_code.setAccessibleName(self.tr("From number"))
        self.from_code.setAccessibleDescription(self.tr("The number the customer sees"))
        for code in codes:
            self.from_code.addItem(f"{code.code} — {code.description or ''}".strip(" —"), code.code)
        self.template = QComboBox(self)
        self.template.setAccessibleName(self.tr("Template"))
        self.template.setAccessibleDescription(self.tr("Start the message from a saved template"))
        self.template.addItem(self.tr("Write a message"), None)
        for template in templates:
            self.template.addItem(template.description or template.message[:40], template.id)
        self.message = QPlainTextEdit(self)
        self.message.setAccessibleName(self.tr("Message"))
        self.message.setAccessibleDescription(self.tr("The text to send"))
        self.account = QLineEdit(self)
        self.account.setAccessibleName(self.tr("Account"))
        self.account.setAccessibleDescription(
            self.tr("The customer's account number, if there is one")
        )
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.buttons = ok_cancel(self, self.tr("Send"))
        self._templates = {t.id: t for t in templates}
        for signal in (self.to.textChanged, self.message.textChanged, self.account.textChanged):
            signal.connect(self._validate)
        self.template.currentIndexChanged.connect(self._validate)
        form = QFormLayout()
        form.addRow(self.tr("To"), self.to)
        form.addRow(self.tr("From"), self.from_code)
        form.addRow(self.tr("Template"), self.template)
        form.addRow(self.tr("Message"), self.message)
        form.addRow(self.tr("Account"), self.account)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self._validate()

    def _validate(self) -> None:
        template_id = self.template.currentData()
        self.message.setEnabled(template_id is None)
        if template_id is not None:
            self.message.setPlainText(self._templates[template_id].message)
        problems = []
        if normalise_number(self.to.text()) is None:
            problems.append(self.tr("Enter the customer's phone number (8 to 15 digits)."))
        if template_id is None and not self.message.toPlainText().strip():
            problems.append(self.tr("Write a message or pick a template."))
        if self.from_code.count() == 0:
            problems.append(self.tr("There is no SMS code to send from."))
        if problems:
            self.hint.setText(" ".join(problems))
        else:
            count = count_segments(self.message.toPlainText())
            segments = self.tr("%n segment(s)", "", count.segments)
            self.hint.setText(f"{segments}, {count.encoding.value}")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problems)

    def result_sms(self) -> NewSms | None:
        to = normalise_number(self.to.text())
        if to is None or not self.from_code.currentData():
            return None
        template_id = self.template.currentData()
        return NewSms(
            from_code=self.from_code.currentData(),
            to=to,
            message=None if template_id else self.message.toPlainText(),
            template_id=template_id,
            account=self.account.text().strip() or None,
        )

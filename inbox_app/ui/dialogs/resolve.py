"""Resolve a thread: a term code and the account, prefilled."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...core.models import TermCode
from . import ok_cancel


class ResolveDialog(QDialog):
    def __init__(
        self,
        thread_title: str,
        account: str,
        term_codes: list[TermCode],
        parent: QWidget | None = None,
        *,
        filed: bool = True,
        own_accounts: bool = False,
    ) -> None:
        """``filed``: the platform files a resolution under a term code and an account
        (LiveVox); where it does not (the relay's platforms), the dialog only confirms.
        ``own_accounts``: many conversations at once, each under its own account."""
        super().__init__(parent)
        self.filed = filed
        self.own_accounts = own_accounts
        self.setWindowTitle(self.tr("Resolve conversation"))
        self.term_code = QComboBox(self)
        self.term_code.setAccessibleName(self.tr("Term code"))
        self.term_code.setAccessibleDescription(
            self.tr("How the conversation ended; keys 1 to 9 choose one")
        )
        self.term_code.addItem(self.tr("No term code"), None)
        for number, code in enumerate(term_codes, start=1):
            self.term_code.addItem(f"{number}. {code.name}", code.id)
        if term_codes:
            self.term_code.setCurrentIndex(1)
        self.account = QLineEdit(account, self)
        self.account.setAccessibleName(self.tr("Account"))
        self.account.setAccessibleDescription(self.tr("The account the resolution is recorded on"))
        self.account.textChanged.connect(self._validate)
        self.buttons = ok_cancel(self, self.tr("Resolve"))
        form = QFormLayout()
        form.addRow(self.tr("Term code"), self.term_code)
        form.addRow(self.tr("Account"), self.account)
        form.setRowVisible(self.term_code, filed)
        form.setRowVisible(self.account, filed and not own_accounts)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("Resolve {}: it leaves your inbox.").format(thread_title), self)
        )
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._validate()
        # Term codes by number: the list has focus and "3" picks "3. …" (combo key search).
        (self.term_code if filed else self.buttons).setFocus()

    def _validate(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            not self.filed or self.own_accounts or bool(self.account.text().strip())
        )

    def chosen(self) -> tuple[str | None, str]:
        return self.term_code.currentData(), self.account.text().strip()

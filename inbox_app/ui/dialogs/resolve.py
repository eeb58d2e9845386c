"""Resolve a thread: a term code (grouped by category) and the account, prefilled; the amount
paid when the term code records a payment."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QDoubleValidator, QStandardItem, QStandardItemModel
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

MAX_AMOUNT = 1_000_000_000.0


class ResolveDialog(QDialog):
    """Term codes come in the platform's order (categories, then display order); each
    category is a heading that cannot be chosen, and codes keep numbers 1, 2, … so keys
    1 to 9 pick one (the combo box's key search)."""

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
        self._codes = {code.id: code for code in term_codes}
        self.term_code = QComboBox(self)
        self.term_code.setAccessibleName(self.tr("Term code"))
        self.term_code.setAccessibleDescription(
            self.tr("How the conversation ended; keys 1 to 9 choose one")
        )
        self._fill(term_codes)
        self.amount = QLineEdit(self)
        self.amount.setAccessibleName(self.tr("Amount paid"))
        self.amount.setAccessibleDescription(self.tr("The payment this term code records"))
        validator = QDoubleValidator(0.01, MAX_AMOUNT, 2, self.amount)
        validator.setNotation(QDoubleValidator.Notation.StandardNotation)
        self.amount.setValidator(validator)
        self.account = QLineEdit(account, self)
        self.account.setAccessibleName(self.tr("Account"))
        self.account.setAccessibleDescription(self.tr("The account the resolution is recorded on"))
        self.buttons = ok_cancel(self, self.tr("Resolve"))
        self.form = QFormLayout()
        self.form.addRow(self.tr("Term code"), self.term_code)
        self.form.addRow(self.tr("Amount paid"), self.amount)
        self.form.addRow(self.tr("Account"), self.account)
        self.form.setRowVisible(self.term_code, filed)
        self.form.setRowVisible(self.account, filed and not own_accounts)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("Resolve {}: it leaves your inbox.").format(thread_title), self)
        )
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self.account.textChanged.connect(self._validate)
        self.amount.textChanged.connect(self._validate)
        self.term_code.currentIndexChanged.connect(self._code_changed)
        self._code_changed()
        # Term codes by number: the list has focus and "3" picks "3. …" (combo key search).
        (self.term_code if filed else self.buttons).setFocus()

    def _fill(self, term_codes: list[TermCode]) -> None:
        model = QStandardItemModel(self.term_code)
        none = QStandardItem(self.tr("No term code"))
        none.setData(None, Qt.ItemDataRole.UserRole)
        model.appendRow(none)
        category: str | None = None
        for number, code in enumerate(term_codes, start=1):
            if code.category and code.category != category:
                heading = QStandardItem(code.category)
                heading.setFlags(Qt.ItemFlag.NoItemFlags)  # a heading, not a choice
                font = heading.font()
                font.setBold(True)
                heading.setFont(font)
                heading.setData(None, Qt.ItemDataRole.UserRole)
                model.appendRow(heading)
            category = code.category
            item = QStandardItem(f"{number}. {code.name}")
            item.setData(code.id, Qt.ItemDataRole.UserRole)
            model.appendRow(item)
        self.term_code.setModel(model)
        first = next((row for row in range(model.rowCount()) if self._code_at(row)), 0)
        self.term_code.setCurrentIndex(first)

    def _code_at(self, row: int) -> TermCode | None:
        code_id = self.term_code.itemData(row)
        return self._codes.get(code_id) if code_id is not None else None

    def selected(self) -> TermCode | None:
        return self._code_at(self.term_code.currentIndex())

    @property
    def needs_amount(self) -> bool:
        code = self.selected()
        return bool(code and code.payment_required)

    def _code_changed(self) -> None:
        self.form.setRowVisible(self.amount, self.needs_amount and not self.own_accounts)
        self._validate()

    def _validate(self) -> None:
        if not self.filed:
            ready = True
        elif self.own_accounts:  # many at once: a payment is recorded one conversation at a time
            ready = not self.needs_amount
        else:
            ready = bool(self.account.text().strip()) and (
                not self.needs_amount or self.amount.hasAcceptableInput()
            )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)

    def chosen(self) -> tuple[str | None, str]:
        code = self.selected()
        return (code.id if code else None), self.account.text().strip()

    def payment_amount(self) -> str | None:
        """The amount typed, as the agent's locale wrote it made plain ("1234.50")."""
        if not self.needs_amount:
            return None
        value, ok = self.amount.validator().locale().toDouble(self.amount.text())
        return f"{value:.2f}" if ok else None

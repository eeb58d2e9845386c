"""Dialogs, shown with ``open()`` and awaited: never ``exec()`` inside a coroutine (qasync #59)."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QAbstractButton, QDialog, QDialogButtonBox, QMessageBox, QWidget

translate = QCoreApplication.translate


def ok_cancel(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    """The dialog's button row: the OK button named for what it does, wired to accept."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setAccessibleDescription(translate("Dialogs", "Do it and close this window"))
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleDescription(
        translate("Dialogs", "Close this window without changing anything")
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


async def answer(dialog: QDialog) -> bool:
    """Show ``dialog`` window-modally and wait for it; True when it was accepted."""
    result: asyncio.Future[bool] = asyncio.get_running_loop().create_future()

    def finished(code: int) -> None:
        if not result.done():
            result.set_result(code == QDialog.DialogCode.Accepted)

    dialog.finished.connect(finished)
    dialog.open()
    try:
        return await result
    finally:
        dialog.finished.disconnect(finished)


async def confirm(parent: QWidget, title: str, text: str, yes: str) -> bool:
    """Ask a yes/no question without a nested event loop; True when the agent said yes."""
    box = QMessageBox(
        QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent
    )
    accept = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    result: asyncio.Future[bool] = asyncio.get_running_loop().create_future()

    def clicked(button: QAbstractButton) -> None:
        if not result.done():
            result.set_result(button is accept)

    box.buttonClicked.connect(clicked)
    box.finished.connect(lambda _: result.done() or result.set_result(False))
    box.open()
    try:
        return await result
    finally:
        box.deleteLater()

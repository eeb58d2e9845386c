"""An expired password met at sign-in: change it there, then sign in with the new one."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLineEdit, QWidget

from .account import change_password_in
from .dialogs.password import ChangePasswordDialog

__all__ = ["renew_expired_password"]

translate = QCoreApplication.translate  # a name lupdate reads: translate("context", "text")


class SignInForm(Protocol):
    """What of the sign-in dialog this uses (``login.LoginDialog``)."""

    client_code: QLineEdit
    user_name: QLineEdit
    password: QLineEdit
    token: QLineEdit

    def server(self) -> str: ...

    def show_error(self, text: str) -> None: ...


Change = Callable[[str, str, str, str, str, str], Awaitable[None]]


async def renew_expired_password(dialog: SignInForm, change: Change) -> bool:
    """Offer the change over the sign-in dialog; on success the new password is filled in
    and the agent signs in with it. True when the password was changed."""
    server, code, user = dialog.server(), dialog.client_code.text(), dialog.user_name.text()
    token = dialog.token.text()
    reason = translate("LoginDialog", "Your password has expired. Choose a new one to sign in.")
    renew = ChangePasswordDialog(dialog if isinstance(dialog, QWidget) else None, reason=reason)
    renew.current.setText(dialog.password.text())
    try:

        async def changed(password: str, new_password: str) -> None:
            await change(server, code, user, password, new_password, token)

        if not await change_password_in(renew, changed):
            return False
        dialog.password.setText(renew.new.text())
        dialog.show_error(
            translate("LoginDialog", "Your password was changed. Sign in with the new one.")
        )
        return True
    finally:
        renew.deleteLater()

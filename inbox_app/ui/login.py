"""Sign in to a real account: LiveVox (environment or URL, client code, user, password,
token), Live Link 365 (app key, secret, numbers), IMIconnect and iLiveIt (the relay's
address and the agent's token, the platform's server and secret, numbers).

The dialog only gathers what the agent types; signing in is the start-up wiring's
``connect`` (core's platform adapter), so this module knows no protocol client.
"""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..core.credentials import CredentialStore
from ..core.outcomes import PlatformError, Reason
from .describe import describe, reason_words
from .dialogs import answer, ok_cancel
from .password import renew_expired_password
from .settings import profile_settings

if TYPE_CHECKING:
    from ..core.platform import Platform


@dataclass(frozen=True, slots=True)
class SignedIn:
    """Who signed in where, as typed (the password stays with the platform and the keyring)."""

    server: str
    client_code: str
    user_name: str
    remembered: bool


class Connect(Protocol):
    """Sign in with what the agent typed; raises PlatformError when that fails."""

    def __call__(
        self, server: str, client_code: str, user_name: str, password: str, access_token: str
    ) -> Awaitable[Platform]: ...


class ChangePassword(Protocol):
    """Change an expired password: server, client code, user, password, new one, token."""

    def __call__(
        self,
        server: str,
        client_code: str,
        user_name: str,
        password: str,
        new_password: str,
        access_token: str,
    ) -> Awaitable[None]: ...


CUSTOM = "custom"
RELAYED = ("imiconnect", "iliveit")  # signed in through the relay: two servers, two secrets
translate = QCoreApplication.translate  # a name lupdate reads: translate("context", "text")


class LoginDialog(QDialog):
    """The same form for every platform; ``kind`` says which fields it asks for and how it
    names them (LiveVox: client code, user, password, token; Live Link 365: sender
    numbers, app key, secret; IMIconnect and iLiveIt: the relay's address in the user's
    field, the agent token in the token's, the platform's secret in the password's and the
    sender numbers in the client code's — the order the agent is given them in)."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        environments: Mapping[str, str] | None = None,
        kind: str = "livevox",
    ) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setWindowTitle(self.tr("Sign in to LiveVox"))
        self.environment = QComboBox(self)
        self.environment.setAccessibleName(self.tr("Environment"))
        for name, url in (environments or {}).items():
            self.environment.addItem(f"{name.upper()} — {url}", url)
        self.environment.addItem(self.tr("Other server address…"), CUSTOM)
        self.url = QLineEdit(self)
        self.url.setAccessibleName(self.tr("Server address"))
        self.url.setPlaceholderText("https://api.example.livevox.com")
        self.client_code = QLineEdit(self)
        self.client_code.setAccessibleName(self.tr("Client code"))
        self.user_name = QLineEdit(self)
        self.user_name.setAccessibleName(self.tr("User name"))
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password"))
        self.token = QLineEdit(self)
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setAccessibleName(self.tr("API access token"))
        self.remember = QCheckBox(
            self.tr("Remember password and token in the system keyring"), self
        )
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setAccessibleName(self.tr("Sign-in problem"))
        self.buttons = ok_cancel(self, self.tr("Sign in"))
        self.environment.currentIndexChanged.connect(self._environment_changed)
        form = QFormLayout()
        if kind in RELAYED:
            self._relayed_form(form, kind, has_environments=bool(environments))
        else:
            form.addRow(self.tr("Environment"), self.environment)
            form.addRow(self.tr("Server"), self.url)
            form.addRow(self.tr("Client code"), self.client_code)
            form.addRow(self.tr("User name"), self.user_name)
            form.addRow(self.tr("Password"), self.password)
            form.addRow(self.tr("Access token"), self.token)
        if kind == "livelink":
            self.setWindowTitle(self.tr("Sign in to Live Link 365"))
            self._rename(form, self.client_code, self.tr("Sender numbers"))
            self.client_code.setPlaceholderText(self.tr("e.g. +14155550100, 55501"))
            self._rename(form, self.user_name, self.tr("App key"))
            self._rename(form, self.password, self.tr("Secret"))
            form.setRowVisible(self.token, False)
            self.token.setText("-")  # Live Link has none: a placeholder the form accepts
            self.remember.setText(self.tr("Remember the secret in the system keyring"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.remember)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._environment_changed()

    def _relayed_form(self, form: QFormLayout, kind: str, *, has_environments: bool) -> None:
        """IMIconnect's or iLiveIt's rows: the relay first (its address and the token its
        administrator issued with ``inbox-relay add-agent``), then the platform's."""
        imiconnect = kind == "imiconnect"
        if imiconnect:
            self.setWindowTitle(self.tr("Sign in to IMIconnect"))
            secret = self.tr("Service key")
            self.url.setPlaceholderText("https://api.imiconnect.com")
            self.client_code.setPlaceholderText(self.tr("e.g. 13125550100, DEMOBK"))
            self.remember.setText(
                self.tr("Remember the agent token and the service key in the system keyring")
            )
        else:
            self.setWindowTitle(self.tr("Sign in to iLiveIt"))
            secret = self.tr("Application token")
            self.url.setPlaceholderText(self.tr("The API endpoint from the developer portal"))
            self.client_code.setPlaceholderText(self.tr("e.g. +27820000001"))
            self.remember.setText(
                self.tr("Remember the agent token and the application token in the system keyring")
            )
        self.user_name.setPlaceholderText("https://relay.example.com")
        self.token.setPlaceholderText(self.tr("From inbox-relay add-agent"))
        rows = (
            (self.tr("Relay address"), self.user_name),
            (self.tr("Agent token"), self.token),
            (self.tr("Environment"), self.environment),
            (self.tr("Server"), self.url),
            (secret, self.password),
            (self.tr("Sender numbers"), self.client_code),
        )
        headings = {0: self.tr("Relay"), 2: "IMIconnect" if imiconnect else "iLiveIt"}
        for n, (name, field) in enumerate(rows):
            if n in headings:  # two servers: which rows are whose
                heading = QLabel(headings[n], self)
                font = heading.font()
                font.setBold(True)
                heading.setFont(font)
                form.addRow(heading)
            form.addRow(name, field)
            if field is not self.environment:
                field.setAccessibleName(name)
        # (an iLiveIt endpoint is the agent's to type: no list to choose from)
        form.setRowVisible(self.environment, has_environments)
        for before, after in itertools.pairwise(rows):  # tab in the order shown
            QWidget.setTabOrder(before[1], after[1])

    @staticmethod
    def _rename(form: QFormLayout, field: QLineEdit, name: str) -> None:
        label = form.labelForField(field)
        if isinstance(label, QLabel):
            label.setText(name)
        field.setAccessibleName(name)

    def set_server(self, url: str) -> None:
        index = self.environment.findData(url.rstrip("/"))
        if index >= 0:
            self.environment.setCurrentIndex(index)
        else:
            self.environment.setCurrentIndex(self.environment.findData(CUSTOM))
            self.url.setText(url)

    def server(self) -> str:
        data = self.environment.currentData()
        return self.url.text().strip() if data == CUSTOM else str(data)

    def _environment_changed(self) -> None:
        custom = self.environment.currentData() == CUSTOM
        self.url.setEnabled(custom)
        if not custom:
            self.url.setText(str(self.environment.currentData()))

    def show_error(self, text: str) -> None:
        self.error.setText(text)

    def set_busy(self, busy: bool) -> None:
        self.buttons.setEnabled(not busy)
        if busy:
            self.error.setText(self.tr("Signing in…"))


def explain_login_error(exc: BaseException, kind: str = "livevox") -> str:
    """Why the sign-in failed, naming the field to look at. Through the relay there are two
    servers: the relay's failures have their own reasons, and a refusal or a missing
    connection otherwise names the platform's server and its secret."""
    reason = exc.reason if isinstance(exc, PlatformError) else None
    if kind in RELAYED and reason is Reason.SIGN_IN_REFUSED:
        if kind == "imiconnect":
            return translate(
                "LoginDialog",
                "IMIconnect refused the service key: check it in the service's settings.",
            )
        return translate(
            "LoginDialog",
            "iLiveIt refused the application token: check it on the developer portal.",
        )
    if kind in RELAYED and reason is Reason.CANNOT_CONNECT:
        return describe(exc)  # "Could not connect to the IMIconnect server…": not the relay
    if isinstance(exc, PlatformError) and reason is Reason.SIGN_IN_REFUSED:
        if exc.platform != "LiveVox":
            return reason_words(Reason.SIGN_IN_REFUSED, exc.platform)
        # LiveVox refuses a wrong password and a wrong environment alike (401, 403 or 404):
        # name both, and give its own words, which tell them apart.
        text = translate(
            "LoginDialog",
            "LiveVox refused the sign-in. Check the client code, user name, password and "
            "access token, and the environment: your tenant is on one of NA3, NA4, NA5 or "
            'NA6, and on another one LiveVox answers "authorization error".',
        )
        words = (exc.server_words or "").strip()
        return (
            translate("LoginDialog", "{0}\nLiveVox said: {1}").format(text, words)
            if words
            else text
        )
    if reason is Reason.CANNOT_CONNECT:
        return translate(
            "LoginDialog",
            "No connection to that server. Check the network and the environment or address.",
        )
    if reason in (Reason.NOT_FOUND, Reason.UNREADABLE_ANSWER):
        assert isinstance(exc, PlatformError)
        return translate(
            "LoginDialog",
            "That address does not answer like a {} API. Check the environment or server address.",
        ).format(exc.platform or "LiveVox")
    return describe(exc)


async def ask_for_login(
    server: str,
    *,
    profile: str,
    connect: Connect,
    environments: Mapping[str, str],
    kind: str = "livevox",
    change_password: ChangePassword | None = None,
) -> tuple[Platform | None, SignedIn | None]:
    """Show the dialog until a sign-in works or the agent cancels (None, None).
    ``change_password`` is offered when the platform says the password expired."""
    settings = profile_settings(profile)
    store = CredentialStore(profile)
    dialog = LoginDialog(environments=environments, kind=kind)
    group = "login" if kind == "livevox" else f"login-{kind}"  # each platform remembers its own
    dialog.set_server(str(settings.value(f"{group}/server", server)))
    dialog.client_code.setText(str(settings.value(f"{group}/client_code", "")))
    dialog.user_name.setText(str(settings.value(f"{group}/user_name", "")))
    keyring_ok = await store.available()
    dialog.remember.setEnabled(keyring_ok)
    if not keyring_ok:
        dialog.remember.setText(
            translate(
                "LoginDialog",
                "No system keyring is available: password and token are kept only until you quit.",
            )
            if kind not in RELAYED
            else translate(
                "LoginDialog",
                "No system keyring is available: the tokens and keys are kept only until you quit.",
            )
        )
    elif dialog.client_code.text() and dialog.user_name.text():
        password, token = await store.load(
            dialog.server(), dialog.client_code.text(), dialog.user_name.text()
        )
        dialog.password.setText(password or "")
        dialog.token.setText(token or "")
        dialog.remember.setChecked(bool(password))
    while True:
        if not await answer(dialog):
            return None, None
        dialog.set_busy(True)
        dialog.show()
        try:
            platform = await connect(
                dialog.server(),
                dialog.client_code.text(),
                dialog.user_name.text(),
                dialog.password.text(),
                dialog.token.text(),
            )
        except PlatformError as exc:
            dialog.set_busy(False)
            dialog.show_error(explain_login_error(exc, kind))
            if exc.reason is Reason.PASSWORD_EXPIRED and change_password is not None:
                await renew_expired_password(dialog, change_password)
            continue
        settings.setValue(f"{group}/server", dialog.server())
        settings.setValue(f"{group}/client_code", dialog.client_code.text().strip())
        settings.setValue(f"{group}/user_name", dialog.user_name.text().strip())
        if dialog.remember.isChecked():
            await store.save(
                dialog.server(),
                dialog.client_code.text(),
                dialog.user_name.text(),
                dialog.password.text(),
                dialog.token.text(),
            )
        else:
            await store.forget(dialog.server(), dialog.client_code.text(), dialog.user_name.text())
        dialog.close()
        return platform, SignedIn(
            server=dialog.server(),
            client_code=dialog.client_code.text().strip(),
            user_name=dialog.user_name.text().strip(),
            remembered=dialog.remember.isChecked(),
        )


async def sign_in_again(
    window: QWidget,
    again: Callable[[str], Awaitable[None]],
    *,
    server: str,
    client_code: str,
    user_name: str,
) -> bool:
    """The session ended and the held password no longer works: ask for it over the intact
    window and sign the same account in again with ``again(password)`` (drafts, outbox and
    selection stay as they are). False when the agent cancels."""
    dialog = LoginDialog(window)
    dialog.setWindowTitle(translate("LoginDialog", "Sign in again"))
    dialog.set_server(server)
    dialog.client_code.setText(client_code)
    dialog.user_name.setText(user_name)
    dialog.token.setText("unchanged")
    for fixed in (
        dialog.environment,
        dialog.url,
        dialog.client_code,
        dialog.user_name,
        dialog.token,
    ):
        fixed.setEnabled(False)
    dialog.remember.hide()
    dialog.show_error(
        translate("LoginDialog", "Your LiveVox session ended. Enter your password to continue.")
    )
    dialog.password.setFocus()
    try:
        while await answer(dialog):
            dialog.set_busy(True)
            dialog.show()
            try:
                await again(dialog.password.text())
            except PlatformError as exc:
                dialog.set_busy(False)
                dialog.show_error(explain_login_error(exc))
                continue
            return True
        return False
    finally:
        dialog.deleteLater()

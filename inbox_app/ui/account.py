"""The agent's service and password: what the window does about them after sign-in, and the
Account menu's "Choose service…" and "Change password…".

After sign-in: a password that expires within :data:`PASSWORD_WARNING_DAYS` is announced;
an agent with several services and none joined works in the one this profile remembers,
or is asked; an agent with no service at all is told why nothing can be sent.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from ..core.outcomes import PlatformError, Reason
from ..core.platform import Capability
from ..core.tasks import TaskRunner
from ..core.workspace import Workspace
from .banner import Banner
from .composer import Composer
from .describe import describe, reason_words
from .dialogs import answer
from .dialogs.password import ChangePasswordDialog
from .dialogs.service import ServiceDialog

__all__ = ["PASSWORD_WARNING_DAYS", "AccountActions", "change_password_in"]

PASSWORD_WARNING_DAYS = 7
SERVICE_KEY = "account/service"  # the profile's remembered service
translate = QCoreApplication.translate  # a name lupdate reads: translate("context", "text")


class AccountWindow(Protocol):
    """What of the main window the account actions use."""

    workspace: Workspace
    runner: TaskRunner
    banner: Banner
    composer: Composer
    settings: QSettings | None

    def run(
        self,
        coro: Coroutine[Any, Any, Any],
        name: str,
        *,
        retry: Callable[[], None] | None = None,
        on_result: Callable[[Any], None] | None = None,
    ) -> asyncio.Task[Any] | None: ...

    def as_widget(self) -> QWidget: ...


def password_warning(days: int) -> str:
    if days <= 0:
        return translate(
            "Account", "Your password expires today. Change it in Account ▸ Change password."
        )
    if days == 1:
        return translate(
            "Account", "Your password expires tomorrow. Change it in Account ▸ Change password."
        )
    return translate(
        "Account", "Your password expires in {} days. Change it in Account ▸ Change password."
    ).format(days)


async def change_password_in(
    dialog: ChangePasswordDialog, change: Callable[[str, str], Awaitable[None]]
) -> bool:
    """Ask until the change works or the agent cancels; True when it was changed."""
    while await answer(dialog):
        dialog.set_busy(True)
        dialog.show()
        try:
            await change(dialog.current.text(), dialog.new.text())
        except PlatformError as exc:
            dialog.set_busy(False)
            dialog.show_error(describe(exc))
            continue
        return True
    return False


class AccountActions:
    """Service and password for one window (only what the platform has)."""

    def __init__(self, window: AccountWindow, menu: QMenu, before: QAction) -> None:
        self.window = window
        workspace = window.workspace
        parent = window.as_widget()
        self.act_service = QAction(translate("Account", "Choose service…"), parent)
        self.act_service.triggered.connect(self.choose_service)
        self.act_service.setVisible(workspace.can(Capability.SERVICES))
        self.act_password = QAction(translate("Account", "Change password…"), parent)
        self.act_password.triggered.connect(self.change_password)
        self.act_password.setVisible(workspace.can(Capability.PASSWORDS))
        menu.insertActions(before, [self.act_service, self.act_password])
        self.service_dialog: ServiceDialog | None = None
        self.password_dialog: ChangePasswordDialog | None = None

    # --- after sign-in ------------------------------------------------------------------------

    async def after_sign_in(self) -> None:
        workspace = self.window.workspace
        days = workspace.days_until_password_expires
        if days is not None and days <= PASSWORD_WARNING_DAYS:
            self.window.banner.show_notice(password_warning(days))
        self.act_service.setEnabled(bool(workspace.services and len(workspace.services) > 1))
        if workspace.sending_unavailable is not Reason.NO_SERVICE:
            return
        services = workspace.services or ()
        remembered = self._remembered()
        if remembered in {s.id for s in services}:
            await self._join(str(remembered))
        elif services:
            self.choose_service()
        else:
            self.explain_no_service()

    def explain_no_service(self) -> None:
        workspace = self.window.workspace
        self.window.banner.show_notice(reason_words(Reason.NO_SERVICE, workspace.platform_name))

    # --- the service ------------------------------------------------------------------------

    def _remembered(self) -> str | None:
        settings = self.window.settings
        value = settings.value(SERVICE_KEY) if settings is not None else None
        return str(value) if value else None

    def choose_service(self) -> None:
        workspace = self.window.workspace
        services = workspace.services or ()
        if not services:
            self.explain_no_service()
            return
        dialog = ServiceDialog(services, workspace.service_id, self.window.as_widget())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.service_dialog = dialog

        def chosen() -> None:
            service = dialog.chosen()
            settings = self.window.settings
            if settings is not None:
                settings.setValue(SERVICE_KEY, service)
            self.window.run(self._join(service), "join the service")

        def cancelled() -> None:
            if workspace.service_id is None:
                self.explain_no_service()

        dialog.accepted.connect(chosen)
        dialog.rejected.connect(cancelled)
        dialog.open()

    async def _join(self, service_id: str) -> None:
        window = self.window
        await window.workspace.join_service(service_id)
        window.composer.set_sms_codes(window.workspace.sender_numbers)
        window.composer.set_templates(window.workspace.templates)
        name = next((s.name for s in window.workspace.services or () if s.id == service_id), "")
        window.banner.show_notice(translate("Account", "Working in {}.").format(name))

    # --- the password -----------------------------------------------------------------------

    def change_password(self) -> None:
        dialog = ChangePasswordDialog(self.window.as_widget())
        self.password_dialog = dialog

        async def run() -> None:
            try:
                if await change_password_in(dialog, self.window.workspace.change_password):
                    self.window.banner.show_notice(
                        translate("Account", "Your password was changed.")
                    )
            finally:
                dialog.close()
                dialog.deleteLater()  # (not on close: the wait for it disconnects last)

        self.window.runner.start(run(), name="change password", owner=dialog)

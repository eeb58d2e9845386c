"""A real tenant's sign-in and resolve, on the demo server (issue 15): categorised term codes
with a payment amount, a second service to pick (remembered per profile), password expiry
(warning, change from the Account menu, change at sign-in), and a refused sign-in worded
for a wrong password and for a wrong environment, in English and Spanish."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from inbox_app.core.platforms.livevox import LiveVoxPlatform
from inbox_app.livevox import LiveVoxClient
from inbox_app.simulator import EmbeddedSimulator
from inbox_app.ui import i18n
from inbox_app.ui.dialogs.password import ChangePasswordDialog
from inbox_app.ui.login import LoginDialog
from inbox_app.ui.main_window import MainWindow
from inbox_app.ui.settings import profile_settings
from inbox_app.wiring import Target, ask_to_sign_in

from .conftest import open_window, until

COLLECTIONS = "94874"
OK = QDialogButtonBox.StandardButton.Ok


def visible(kind: type) -> object | None:
    return next(
        (w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()),
        None,
    )


@pytest.fixture
async def agent(sim: EmbeddedSimulator) -> AsyncIterator[LiveVoxClient]:
    """agent1's client, signed in by the test (after it changed the world)."""
    async with LiveVoxClient(sim.base_url, sim.credentials.access_token, read_timeout=1.5) as lv:
        yield lv


async def sign_in(sim: EmbeddedSimulator, lv: LiveVoxClient) -> None:
    creds = sim.credentials
    await lv.login(creds.client_code, creds.agent_login, creds.password)


async def test_resolve_with_a_categorised_payment_term_code(
    window: MainWindow, sim: EmbeddedSimulator
) -> None:
    thread = window.current_thread
    assert thread is not None and thread.thread_id
    window.act_resolve.trigger()
    dialog = window.actions.resolve_dialog
    await until(lambda: dialog.isVisible(), "the resolve dialog")
    rows = [dialog.term_code.itemText(r) for r in range(dialog.term_code.count())]
    # Categories by their first display order (Contact 10, Payment 60, No contact 70),
    # each a heading that is no choice; the codes keep their numbers for keys 1 to 9.
    assert rows[:3] == ["No term code", "Contact", "1. Resolved - info given"]
    assert rows[rows.index("Payment") + 1] == "6. Payment arranged"
    assert rows.index("Payment") < rows.index("No contact")
    assert dialog.term_code.itemData(1) is None
    model = dialog.term_code.model()
    assert not model.flags(model.index(1, 0)) & Qt.ItemFlag.ItemIsEnabled
    ok = dialog.buttons.button(OK)
    assert ok.isEnabled() and not dialog.amount.isVisible()  # the first code: no amount
    dialog.term_code.setCurrentIndex(rows.index("6. Payment arranged"))
    assert dialog.amount.isVisible() and not ok.isEnabled()  # the amount is asked for
    dialog.amount.setText("25.50")
    assert ok.isEnabled()
    ok.click()
    assert sim.world is not None
    world = sim.world
    await until(lambda: world.thread_row(thread.thread_id)["resolved"] == 1, "the resolve")  # type: ignore[index]
    row = world.thread_row(thread.thread_id)
    assert row is not None and (row["term_code"], row["payment_amt"]) == (101, 25.5)


async def test_a_code_without_payment_asks_no_amount(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.act_resolve.trigger()
    dialog = window.actions.resolve_dialog
    await until(lambda: dialog.isVisible(), "the resolve dialog")
    qtbot.keyClick(dialog.term_code, Qt.Key.Key_3)
    assert dialog.term_code.currentText().startswith("3. ")
    assert not dialog.needs_amount and not dialog.amount.isVisible()
    assert dialog.buttons.button(OK).isEnabled()
    dialog.reject()


async def test_a_second_service_to_pick_remembered_per_profile(
    sim: EmbeddedSimulator, agent: LiveVoxClient, qtbot
) -> None:  # type: ignore[no-untyped-def]
    assert sim.world is not None
    sim.world.grant_service(sim.credentials.agent_login, COLLECTIONS)
    await sign_in(sim, agent)
    settings = profile_settings("two-services")
    async with open_window(sim, agent, qtbot, settings) as window:
        dialog = window.account.service_dialog
        await until(lambda: dialog is not None and dialog.isVisible(), "the service choice")
        assert dialog is not None
        names = [dialog.service.itemText(i) for i in range(dialog.service.count())]
        assert names == ["Collections", "Customer Care"]
        assert window.workspace.service_id is None
        dialog.service.setCurrentIndex(names.index("Collections"))
        dialog.buttons.button(OK).click()
        await until(lambda: window.workspace.service_id == COLLECTIONS, "joining Collections")
        await until(lambda: "Collections" in window.banner.message.text(), "the notice")
        codes = [
            window.composer.from_number.itemData(i)
            for i in range(window.composer.from_number.count())
        ]
        assert codes == ["53063"]
        assert window.account.act_service.isEnabled()
    # The next start of this profile works in Collections without asking.
    async with LiveVoxClient(sim.base_url, sim.credentials.access_token) as again:
        await sign_in(sim, again)
        async with open_window(sim, again, qtbot, profile_settings("two-services")) as second:
            await until(lambda: second.workspace.service_id == COLLECTIONS, "the remembered one")
            assert second.account.service_dialog is None


async def test_no_service_says_why_sending_is_unavailable(
    sim: EmbeddedSimulator, agent: LiveVoxClient, qtbot
) -> None:  # type: ignore[no-untyped-def]
    assert sim.world is not None
    sim.world.grant_service(sim.credentials.agent_login, COLLECTIONS)
    await sign_in(sim, agent)
    async with open_window(sim, agent, qtbot) as window:
        dialog = window.account.service_dialog
        await until(lambda: dialog is not None and dialog.isVisible(), "the service choice")
        assert dialog is not None
        dialog.reject()
        await until(lambda: "Sending is unavailable" in window.banner.message.text(), "why")


async def test_password_expiry_warning_and_change(
    sim: EmbeddedSimulator, agent: LiveVoxClient, qtbot
) -> None:  # type: ignore[no-untyped-def]
    assert sim.world is not None
    sim.world.set_password_days(sim.credentials.agent_login, 3)
    await sign_in(sim, agent)
    async with open_window(sim, agent, qtbot) as window:
        await until(lambda: "expires in 3 day" in window.banner.message.text(), "the warning")
        assert window.account.act_password.isVisible()
        window.account.act_password.trigger()
        dialog = window.account.password_dialog
        await until(lambda: dialog is not None and dialog.isVisible(), "the password dialog")
        assert dialog is not None
        dialog.current.setText(sim.credentials.password)
        dialog.new.setText("fresh-Pass-42")
        dialog.repeat.setText("fresh-Pass-4")
        assert not dialog.buttons.button(OK).isEnabled()  # the two new ones differ
        dialog.repeat.setText("fresh-Pass-42")
        dialog.buttons.button(OK).click()
        await until(lambda: "password was changed" in window.banner.message.text(), "changed")
        # The window carries on: the client signs in again with the new password.
        window.refresh()
        await until(lambda: window.runner.pending == 0, "the refresh")
        assert agent.session is not None
        assert (
            sim.world.login(sim.credentials.access_token, "DEMO", "agent1", "fresh-Pass-42", True)[
                "daysUntilPasswordExpires"
            ]
            == 90
        )


async def test_an_expired_password_is_changed_at_sign_in(
    sim: EmbeddedSimulator, memory_keyring, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    creds = sim.credentials
    assert sim.world is not None
    sim.world.set_password_days(creds.agent_login, 0)
    task = asyncio.ensure_future(
        ask_to_sign_in(Target(sim.base_url), profile="expired", folder=tmp_path)
    )
    await until(lambda: visible(LoginDialog), "the login dialog")
    dialog = visible(LoginDialog)
    assert isinstance(dialog, LoginDialog)
    dialog.client_code.setText(creds.client_code)
    dialog.user_name.setText(creds.agent_login)
    dialog.password.setText(creds.password)
    dialog.token.setText(creds.access_token)
    dialog.buttons.button(OK).click()
    await until(lambda: visible(ChangePasswordDialog), "the change-password dialog")
    renew = visible(ChangePasswordDialog)
    assert isinstance(renew, ChangePasswordDialog)
    assert renew.current.text() == creds.password
    renew.new.setText("renewed-Pass-7")
    renew.repeat.setText("renewed-Pass-7")
    renew.buttons.button(OK).click()
    await until(lambda: "Sign in with the new one" in dialog.error.text(), "changed")
    assert dialog.password.text() == "renewed-Pass-7"
    dialog.buttons.button(OK).click()
    platform, _ = await asyncio.wait_for(task, 15)
    assert isinstance(platform, LiveVoxPlatform)
    await platform.close()


async def refused_sign_in(sim: EmbeddedSimulator, tmp_path: Path, **wrong: str) -> str:
    """The sign-in dialog's words for a refused sign-in (then cancelled)."""
    creds = sim.credentials
    task = asyncio.ensure_future(
        ask_to_sign_in(Target(sim.base_url), profile="refused", folder=tmp_path)
    )
    await until(lambda: visible(LoginDialog), "the login dialog")
    dialog = visible(LoginDialog)
    assert isinstance(dialog, LoginDialog)
    dialog.client_code.setText(wrong.get("client_code", creds.client_code))
    dialog.user_name.setText(creds.agent_login)
    dialog.password.setText(wrong.get("password", creds.password))
    dialog.token.setText(creds.access_token)
    before = dialog.error.text()
    dialog.buttons.button(OK).click()
    await until(
        lambda: dialog.error.text() not in (before, dialog.tr("Signing in…")), "the refusal"
    )
    text = dialog.error.text()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert await asyncio.wait_for(task, 5) == (None, Target(sim.base_url))
    return text


async def test_wrong_password_and_wrong_environment_in_english(
    sim: EmbeddedSimulator, memory_keyring, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    password = await refused_sign_in(sim, tmp_path, password="nope")
    environment = await refused_sign_in(sim, tmp_path, client_code="ACME-NA6")
    for text in (password, environment):
        assert text.startswith("LiveVox refused the sign-in.")
        assert "NA3, NA4, NA5 or NA6" in text
    assert password.endswith("LiveVox said: Invalid client code, user name or password.")
    assert environment.endswith("LiveVox said: authorization error")


async def test_wrong_password_and_wrong_environment_in_spanish(
    sim: EmbeddedSimulator, memory_keyring, tmp_path: Path, qm_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    """Needs the Spanish of the new sentences in resources/i18n (the lead regenerates it)."""
    assert i18n.install("es", qm_dir) == "es"
    password = await refused_sign_in(sim, tmp_path, password="nope")
    environment = await refused_sign_in(sim, tmp_path, client_code="ACME-NA6")
    for text in (password, environment):
        assert text.startswith("LiveVox rechazó el inicio de sesión.")
        assert "NA3, NA4, NA5 o NA6" in text
    assert password.endswith("LiveVox dijo: Invalid client code, user name or password.")
    assert environment.endswith("LiveVox dijo: authorization error")

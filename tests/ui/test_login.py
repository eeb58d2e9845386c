"""The login dialog against the real simulator: bad credentials, then good, remember me."""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialogButtonBox

from inbox_app.core.platforms.livevox import LiveVoxPlatform
from inbox_app.simulator import EmbeddedSimulator
from inbox_app.ui.login import LoginDialog
from inbox_app.wiring import Target, ask_to_sign_in

from .conftest import until


def login_dialog() -> LoginDialog | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, LoginDialog) and widget.isVisible():
            return widget
    return None


async def test_bad_then_good_credentials(
    sim: EmbeddedSimulator, memory_keyring, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    creds = sim.credentials
    task = asyncio.ensure_future(
        ask_to_sign_in(Target(sim.base_url), profile="t1", folder=tmp_path)
    )
    await until(login_dialog, "the login dialog")
    dialog = login_dialog()
    assert dialog is not None
    assert dialog.server() == sim.base_url  # a custom address, not an environment
    dialog.client_code.setText(creds.client_code)
    dialog.user_name.setText(creds.agent_login)
    dialog.password.setText("wrong")
    dialog.token.setText(creds.access_token)
    dialog.remember.setChecked(True)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    await until(lambda: "refused the sign-in" in dialog.error.text(), "the sign-in error")
    assert not task.done()
    dialog.password.setText(creds.password)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    platform, target = await asyncio.wait_for(task, 15)
    assert isinstance(platform, LiveVoxPlatform)
    try:
        assert platform.client.session is not None
        assert target.base_url == sim.base_url
        # Password and token went to the keyring, and only there.
        assert sorted(memory_keyring.values()) == sorted([creds.password, creds.access_token])
    finally:
        await platform.close()


async def test_unreachable_server_says_so(memory_keyring, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    task = asyncio.ensure_future(
        ask_to_sign_in(Target("http://127.0.0.1:9"), profile="t2", folder=tmp_path)
    )
    await until(login_dialog, "the login dialog")
    dialog = login_dialog()
    assert dialog is not None
    for field in (dialog.client_code, dialog.user_name, dialog.password, dialog.token):
        field.setText("x")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    await until(lambda: "No connection" in dialog.error.text(), "the network error")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    platform, _ = await asyncio.wait_for(task, 5)
    assert platform is None
    assert memory_keyring == {}


async def test_live_link_sign_in_asks_for_its_own_details(memory_keyring, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Live Link 365 signs in with an app key, a secret and the numbers we send from; a wrong
    secret is said at once (a token is fetched), and "remember" keeps the secret in the
    keyring only."""
    from inbox_app.core.platforms.livelink import LiveLinkPlatform
    from inbox_app.simulator.livelink import LiveLinkSimulator

    with LiveLinkSimulator(dataset="demo") as sim:
        creds = sim.credentials
        target = Target(sim.base_url, platform="livelink")
        task = asyncio.ensure_future(ask_to_sign_in(target, profile="ll", folder=tmp_path))
        await until(login_dialog, "the login dialog")
        dialog = login_dialog()
        assert dialog is not None
        assert dialog.windowTitle() == "Sign in to Live Link 365"
        assert dialog.user_name.accessibleName() == "App key"
        assert dialog.password.accessibleName() == "Secret"
        assert dialog.client_code.accessibleName() == "Sender numbers"
        assert not dialog.token.isVisibleTo(dialog)  # Live Link has no access token
        dialog.client_code.setText(", ".join(creds.numbers))
        dialog.user_name.setText(creds.app_key)
        dialog.password.setText("not the secret")
        dialog.remember.setChecked(True)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        await until(
            lambda: "Live Link 365 refused the sign-in" in dialog.error.text(), "the refusal"
        )
        assert not task.done() and memory_keyring == {}
        dialog.password.setText(creds.secret)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        platform, signed_in = await asyncio.wait_for(task, 15)
        assert isinstance(platform, LiveLinkPlatform)
        try:
            assert platform.numbers == tuple(creds.numbers)
            assert signed_in.user_name == creds.app_key and signed_in.remembered
            assert creds.secret in memory_keyring.values()
            assert (tmp_path / "threads.sqlite3").is_file()
        finally:
            await platform.close()

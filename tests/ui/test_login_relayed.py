"""Signing in to a real IMIconnect or iLiveIt account (``inbox-app --platform imiconnect|
iliveit``): the sign-in dialog driven as an agent would, against the real relay and the
platform's simulator on loopback (a relayed demo's servers, used as the agent's account:
the agent is given the relay's address and token, the platform's address and secret, and
the numbers). Then the app's own start-up pieces open the inbox with the conversations."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QLineEdit

from inbox_app import wiring
from inbox_app.core.inbox import InboxRef
from inbox_app.core.tasks import TaskRunner
from inbox_app.ui.main_window import open_main_window
from inbox_app.ui.settings import profile_settings
from inbox_app.wiring import RelayedDemo, Target, ask_to_sign_in, default_server

from .conftest import _no_task_left, until
from .test_login import login_dialog
from .test_workflows import threads_shown

NOWHERE = "http://127.0.0.1:9"  # the discard port: nothing answers there


@dataclass(frozen=True)
class Account:
    """What the agent is given for a real account."""

    kind: str
    relay_url: str
    agent_token: str
    server: str
    secret: str
    numbers: str


@pytest.fixture(params=wiring.RELAYED)
def account(request: pytest.FixtureRequest) -> Iterator[tuple[Account, RelayedDemo]]:
    kind = request.param
    servers = RelayedDemo(kind)
    servers.start()
    try:
        sim = servers.simulator
        creds = sim.credentials
        if kind == "imiconnect":
            secret, numbers = creds.service_key, ", ".join(creds.codes)
        else:
            secret, numbers = creds.token, creds.number
        yield (
            Account(kind, servers.relay.base_url, servers.token, sim.base_url, secret, numbers),
            servers,
        )
    finally:
        servers.stop()


def rows(form: QFormLayout) -> list[tuple[str, object]]:
    """The visible rows, top to bottom: (label, field)."""
    shown = []
    for row in range(form.rowCount()):
        label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        if label is None or field is None or not form.isRowVisible(row):
            continue
        text = label.widget()
        assert isinstance(text, QLabel)
        shown.append((text.text(), field.widget()))
    return shown


def fill(dialog: object, account: Account, **changed: str) -> None:
    values = {
        "relay_url": account.relay_url,
        "agent_token": account.agent_token,
        "server": account.server,
        "secret": account.secret,
        "numbers": account.numbers,
        **changed,
    }
    dialog.user_name.setText(values["relay_url"])  # type: ignore[attr-defined]
    dialog.token.setText(values["agent_token"])  # type: ignore[attr-defined]
    dialog.set_server(values["server"])  # type: ignore[attr-defined]
    dialog.password.setText(values["secret"])  # type: ignore[attr-defined]
    dialog.client_code.setText(values["numbers"])  # type: ignore[attr-defined]


def sign_in(dialog: object) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()  # type: ignore[attr-defined]


SECRET_NAME = {"imiconnect": "Service key", "iliveit": "Application token"}
TITLE = {"imiconnect": "Sign in to IMIconnect", "iliveit": "Sign in to iLiveIt"}
REFUSED = {
    "imiconnect": "IMIconnect refused the service key",
    "iliveit": "iLiveIt refused the application token",
}
NO_SERVER = {
    "imiconnect": "Could not connect to the IMIconnect server",
    "iliveit": "Could not connect to the iLiveIt server",
}


async def test_the_dialog_asks_for_the_relay_then_the_platform_and_says_which_failed(
    account: tuple[Account, RelayedDemo], memory_keyring, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    given, _ = account
    kind = given.kind
    target = Target(default_server(kind, None), platform=kind)
    task = asyncio.ensure_future(ask_to_sign_in(target, profile=kind, folder=tmp_path))
    await until(login_dialog, "the sign-in dialog")
    dialog = login_dialog()
    assert dialog is not None
    try:
        assert dialog.windowTitle() == TITLE[kind]
        form = dialog.layout().itemAt(0).layout()
        assert isinstance(form, QFormLayout)
        shown = rows(form)
        expected = ["Relay address", "Agent token"]
        expected += ["Environment"] if kind == "imiconnect" else []  # iLiveIt publishes none
        expected += ["Server", SECRET_NAME[kind], "Sender numbers"]
        assert [label for label, _ in shown] == expected
        fields = [field for _, field in shown]
        assert fields[0] is dialog.user_name and fields[1] is dialog.token
        assert dialog.user_name.accessibleName() == "Relay address"
        assert dialog.password.accessibleName() == SECRET_NAME[kind]
        for secret in (dialog.token, dialog.password):
            assert secret.echoMode() is QLineEdit.EchoMode.Password
        assert dialog.user_name.nextInFocusChain() is dialog.token  # Tab goes as the rows do
        if kind == "imiconnect":  # the public API host is the default, its siblings listed
            assert dialog.server() == "https://api.imiconnect.com"
            assert not dialog.url.isEnabled()
            listed = [dialog.environment.itemData(i) for i in range(dialog.environment.count())]
            assert listed[:3] == [
                "https://api.imiconnect.com",
                "https://api.imiconnect.io",
                "https://api.imiconnect.in",
            ]
        else:  # the endpoint comes from iLiveIt's developer portal: typed
            assert dialog.url.isEnabled() and dialog.server() == ""
            assert not dialog.environment.isVisibleTo(dialog)
        dialog.remember.setChecked(True)

        # Each wrong detail is named, and nothing is remembered until a sign-in works.
        for changed, words in (
            ({"relay_url": NOWHERE}, "No relay answered at that address"),
            ({"relay_url": given.server}, "No relay answered at that address"),  # not a relay
            ({"agent_token": "not-a-token"}, "The relay refused the agent token"),
            ({"server": NOWHERE}, NO_SERVER[kind]),
            ({"secret": "not-the-secret"}, REFUSED[kind]),
        ):
            fill(dialog, given, **changed)
            dialog.error.clear()  # (the same words twice: the second must be new ones)
            sign_in(dialog)
            await until(lambda words=words: words in dialog.error.text(), words)
            assert not task.done() and memory_keyring == {}

        fill(dialog, given)
        sign_in(dialog)
        platform, signed_in = await asyncio.wait_for(task, 20)
    finally:
        if not task.done():
            dialog.reject()
            await asyncio.wait_for(task, 10)
    assert platform is not None
    try:
        assert platform.agent_id == "agent1"  # the relay named the token's agent
        assert signed_in.label == f"{given.server} · agent1"
        # Both secrets in the keyring, and only there; the rest in the profile's settings.
        assert sorted(memory_keyring.values()) == sorted([given.agent_token, given.secret])
        settings = profile_settings(kind)
        assert settings.value(f"login-{kind}/user_name") == given.relay_url
        assert settings.value(f"login-{kind}/server") == given.server
        assert settings.value(f"login-{kind}/client_code") == given.numbers
        for key in settings.allKeys():
            assert settings.value(key) not in (given.agent_token, given.secret)
    finally:
        await platform.close()

    # The next start has everything filled in.
    again = asyncio.ensure_future(ask_to_sign_in(target, profile=kind, folder=tmp_path))
    await until(login_dialog, "the sign-in dialog again")
    dialog = login_dialog()
    assert dialog is not None
    await until(lambda: dialog.token.text() == given.agent_token, "the remembered agent token")
    assert dialog.password.text() == given.secret and dialog.server() == given.server
    dialog.reject()
    assert (await asyncio.wait_for(again, 10))[0] is None


async def test_platform_signs_in_through_the_dialog_and_opens_the_inbox_with_the_conversations(
    account: tuple[Account, RelayedDemo], memory_keyring, tmp_path: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """What ``inbox-app --platform imiconnect|iliveit`` runs: the dialog, then the session
    and the window from the same pieces as ``app.run_async``. The agent's conversations are
    on screen; iLiveIt's sends name the relay's postback URLs the relay gave at sign-in."""
    given, servers = account
    kind = given.kind
    target = Target(default_server(kind, None), platform=kind)
    task = asyncio.ensure_future(ask_to_sign_in(target, profile="p", folder=tmp_path))
    await until(login_dialog, "the sign-in dialog")
    dialog = login_dialog()
    assert dialog is not None
    fill(dialog, given)
    sign_in(dialog)
    platform, target = await asyncio.wait_for(task, 20)
    assert platform is not None
    runner = TaskRunner()
    session: wiring.Session | None = None
    try:
        session = await wiring.Session.open(platform, tmp_path)
        window = await open_main_window(
            session.workspace,
            runner,
            sync=session.sync,
            drafts=session.drafts,
            settings=None,
            where=target.label,
        )
        qtbot.addWidget(window)
        await until(lambda: window._ready, "the first inbox and thread", within=30)
        await until(lambda: runner.pending == 0, "the start-up work to finish", within=30)
        assert window.connection.text() == target.label  # the status bar says where and who
        # The agent's own conversations (the ones they took) and the group's are listed.
        refs = [InboxRef.of(c) for c in window.workspace.channels]
        assert any(r.personal for r in refs) and any(not r.personal for r in refs)
        assert threads_shown(window), "the open inbox shows the agent's conversations"
        assert (tmp_path / "threads.sqlite3").is_file()  # the profile's own threads
        if kind == "iliveit":
            thread = threads_shown(window)[0]
            ref = window._ref
            assert ref is not None
            item = await window.workspace.send(
                ref, thread, "On my way", from_number=window.workspace.sender_numbers[0].code
            )
            sent = servers.simulator.world.mts()[-1]
            assert sent["text"] == "On my way"
            assert sent["replyUrl"] == servers.relay.webhook_urls["iliveit/reply"]
            status_url = servers.relay.webhook_urls["iliveit/status"]
            assert sent["statusUrl"] == f"{status_url}?ref={item.id}"  # our key rides along
    finally:
        with contextlib.suppress(AssertionError):
            await until(lambda: runner.pending == 0, "the test's work to end", within=5.0)
        await wiring.shut_down(
            runner=runner,
            workspace=session.workspace if session else None,
            platform=platform,
            drafts=session.drafts if session else None,
            store=session.store if session else None,
            logout=True,
        )
        await _no_task_left()

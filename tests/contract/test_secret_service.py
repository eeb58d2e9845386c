"""Secrets in a real keyring: gnome-keyring's Secret Service on a private D-Bus session bus.

The password and the token are stored, read and deleted through ``keyring`` as the app picks
its backend; a locked keyring and a machine without one are "no keyring usable" (nothing is
stored anywhere); "sign out and clear local data" removes them from the keyring itself.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import keyring.core
import pytest

from inbox_app.core.credentials import SERVICE, CredentialStore, secure
from inbox_app.core.drafts import Drafts
from inbox_app.core.outbox import Outbox
from inbox_app.core.platforms.livevox import LiveVoxPlatform
from inbox_app.core.signout import sign_out_and_clear
from inbox_app.core.store import LocalStore
from inbox_app.core.workspace import Workspace
from inbox_app.livevox import LiveVoxClient
from inbox_app.simulator import EmbeddedSimulator

from ..secret_service import SecretService, running_secret_service

SERVER = "https://lv.example.test/api"


def use_the_backend_keyring_picks(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> None:
    """This process sees only ``env``'s bus and config, and keyring chooses its backend anew
    among the installed ones, as it does when the app starts (the suite's in-memory stand-in,
    a backend class of the tests, is left out of the choice)."""
    for name in ("DBUS_SESSION_BUS_ADDRESS", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "HOME"):
        monkeypatch.setenv(name, env[name])
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    # keyring finds the viable backends once per process: ask again, as a new start would.
    monkeypatch.delattr(keyring.backend.get_all_keyring, "saved_result", raising=False)
    keyring.core.init_backend(
        limit=lambda backend: not type(backend).__module__.startswith("tests")
    )


def backend_the_app_gets(env: dict[str, str]) -> tuple[str, bool]:
    """In a fresh process (no test backend exists there): keyring's choice, and whether the
    app counts it as a keyring."""
    code = (
        "import keyring; from inbox_app.core.credentials import secure; "
        "b = keyring.get_keyring(); print(type(b).__module__, secure(b))"
    )
    clean = {k: v for k, v in os.environ.items() if k != "PYTHON_KEYRING_BACKEND"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    module, usable = done.stdout.split()
    return module, usable == "True"


@pytest.fixture
def secret_service(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, memory_keyring: dict[tuple[str, str], str]
) -> Iterator[SecretService]:
    with running_secret_service(tmp_path / "home") as service:
        use_the_backend_keyring_picks(monkeypatch, service.env)
        yield service
        collect_leaked_connections()
    assert memory_keyring == {}  # nothing went to the suite's stand-in


def collect_leaked_connections() -> None:
    """keyring's SecretService backend leaves its D-Bus connection open when a locked keyring
    cannot be unlocked (``get_preferred_collection`` raises KeyringLocked without closing
    it); the garbage collector closes it. Here, inside this module's tests, not in whichever
    test the collector happens to run next (where the ResourceWarning would fail it)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


def items_of_the_app(service: SecretService) -> list[dict[str, str]]:
    """What the Secret Service itself holds for the app (attributes of each item)."""
    import secretstorage
    from jeepney.io.blocking import open_dbus_connection

    with open_dbus_connection(bus=service.env["DBUS_SESSION_BUS_ADDRESS"]) as bus:
        return [
            item.get_attributes() for item in secretstorage.search_items(bus, {"service": SERVICE})
        ]


def lock_the_keyring(service: SecretService) -> None:
    import secretstorage
    from jeepney.io.blocking import open_dbus_connection

    with open_dbus_connection(bus=service.env["DBUS_SESSION_BUS_ADDRESS"]) as bus:
        collection = secretstorage.get_default_collection(bus)
        collection.lock()
        assert collection.is_locked()


async def test_secrets_are_stored_read_and_deleted_in_the_secret_service(
    secret_service: SecretService,
) -> None:
    from keyring.backends import SecretService as SecretServiceBackend

    assert backend_the_app_gets(secret_service.env) == ("keyring.backends.SecretService", True)
    backend = keyring.get_keyring()
    assert isinstance(backend, SecretServiceBackend.Keyring), backend
    assert secure(backend)
    store = CredentialStore("work")
    assert await store.available()
    assert await store.save(SERVER, "demo", "agent1", "pass word", "token-0001")

    kept = items_of_the_app(secret_service)
    assert sorted(item["username"].rsplit("|", 1)[1] for item in kept) == ["password", "token"]
    assert all(item["username"].startswith(f"work|{SERVER}|DEMO|agent1|") for item in kept)
    assert await CredentialStore("work").load(SERVER, "DEMO", "agent1") == (
        "pass word",
        "token-0001",
    )
    assert await CredentialStore("home").load(SERVER, "DEMO", "agent1") == (None, None)

    await store.forget(SERVER, "demo", "agent1")
    assert items_of_the_app(secret_service) == []
    assert await store.load(SERVER, "demo", "agent1") == (None, None)
    await store.forget(SERVER, "demo", "agent1")  # nothing left: still no error


async def test_a_locked_keyring_is_not_usable(secret_service: SecretService) -> None:
    store = CredentialStore("work")
    assert await store.save(SERVER, "DEMO", "agent1", "pass word", "token-0001")
    lock_the_keyring(secret_service)  # and no prompt can unlock it: there is no display

    assert not await store.available()
    assert await store.load(SERVER, "DEMO", "agent1") == (None, None)
    assert not await store.save(SERVER, "DEMO", "agent2", "other", "token-0002")
    assert not list((secret_service.home / "config").rglob("*"))  # no file of keyring's
    assert not list((secret_service.home / "data").rglob("*keyring_pass*"))
    collect_leaked_connections()


async def test_no_secret_service_means_no_keyring_and_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A desktop without a Secret Service (no bus): keyring falls back to its failing backend,
    never to a file, and the app remembers nothing."""
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "DBUS_SESSION_BUS_ADDRESS": f"unix:path={tmp_path / 'no-bus-here'}",
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "HOME": str(home),
    }
    assert backend_the_app_gets(env) == ("keyring.backends.fail", False)
    use_the_backend_keyring_picks(monkeypatch, env)
    assert not secure(keyring.get_keyring()), keyring.get_keyring()
    store = CredentialStore("work")
    assert not await store.available()
    assert not await store.save(SERVER, "DEMO", "agent1", "pass word", "token-0001")
    assert await store.load(SERVER, "DEMO", "agent1") == (None, None)
    await store.forget(SERVER, "DEMO", "agent1")
    assert not list(home.rglob("*"))  # not a file anywhere in the home


def test_a_file_backend_is_never_a_keyring() -> None:
    """keyrings.alt's backends (plaintext, or encrypted with the key beside the file) keep
    the secret on disk: not secure, whatever priority they claim; a chain holding one neither."""

    class FileBackend:  # what secure() reads of a backend (not a KeyringBackend subclass:
        priority = 5  # keyring would register it and pick it in the other tests)

    class SystemBackend(FileBackend):
        pass

    FileBackend.__module__ = "keyrings.alt.file"

    class Chain:
        priority = 10
        backends = (SystemBackend(), FileBackend())

    assert secure(SystemBackend())
    assert not secure(FileBackend())
    assert not secure(Chain())


async def test_sign_out_and_clear_removes_them_from_the_keyring(
    secret_service: SecretService, lv: LiveVoxClient, sim: EmbeddedSimulator, tmp_path: Path
) -> None:
    creds = sim.credentials
    credentials = CredentialStore("work")
    assert await credentials.save(
        lv.base_url, creds.client_code, creds.agent_login, creds.password, creds.access_token
    )
    assert len(items_of_the_app(secret_service)) == 2
    store = await LocalStore.open(tmp_path / "local.sqlite3")
    platform = LiveVoxPlatform(lv)
    outbox, drafts = Outbox(platform, store), Drafts(store)

    await sign_out_and_clear(
        workspace=Workspace(platform, outbox),
        drafts=drafts,
        forget_secrets=lambda: credentials.forget(
            lv.base_url, creds.client_code, creds.agent_login
        ),
    )

    assert items_of_the_app(secret_service) == [], secret_service.state()
    assert await credentials.load(lv.base_url, creds.client_code, creds.agent_login) == (
        None,
        None,
    )
    await store.close()

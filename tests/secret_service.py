"""A real Secret Service for tests: a private D-Bus session bus and gnome-keyring-daemon in a
throwaway home, unlocked with a password fed on stdin; both stopped (by their own pids) after.

Installed by the project's own setup (scripts/dev.sh: gnome-keyring, dbus-daemon); where they
are missing the tests that need them are skipped, saying so.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PASSWORD = "login keyring password of the test"


@dataclass
class SecretService:
    env: dict[str, str]  # what a process needs to reach it (DBUS_SESSION_BUS_ADDRESS, XDG_*)
    home: Path
    daemon: subprocess.Popen[str] | None = None

    def state(self) -> str:
        """For a failing assertion: is the daemon the test started still the one serving,
        and what it said (a daemon that died is started again, locked, by D-Bus activation)."""
        code = self.daemon.poll() if self.daemon is not None else None
        log = self.home / "gnome-keyring-daemon.log"
        said = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        alive = "running" if code is None else f"exited with {code}"
        return f"gnome-keyring-daemon {alive}; it said: {said!r}"


def _missing() -> str | None:
    for tool, package in (
        ("dbus-daemon", "dbus-daemon"),
        ("gnome-keyring-daemon", "gnome-keyring"),
    ):
        if shutil.which(tool) is None:
            return (
                f"{tool} is not installed (scripts/dev.sh installs it: apt-get install {package})"
            )
    return None


def _stop(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def _wait_for_the_service(address: str, daemon: subprocess.Popen[str]) -> None:
    """Until the daemon serves an open login keyring (it takes its name on the bus before it
    has read the password), within a generous limit."""
    import secretstorage
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection

    deadline = time.monotonic() + 30
    with open_dbus_connection(bus=address) as bus:
        while True:
            assert daemon.poll() is None, "gnome-keyring-daemon stopped at start"
            assert time.monotonic() < deadline, "gnome-keyring-daemon never opened its keyring"
            owned = bus.send_and_get_reply(message_bus.NameHasOwner("org.freedesktop.secrets"))
            if owned.body[0]:
                default = secretstorage.Collection(bus, secretstorage.collection.DEFAULT_COLLECTION)
                with contextlib.suppress(secretstorage.exceptions.ItemNotFoundException):
                    if not default.is_locked():
                        return
            time.sleep(0.02)


@contextlib.contextmanager
def running_secret_service(home: Path) -> Iterator[SecretService]:
    problem = _missing()
    if problem:
        pytest.skip(problem)
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),  # the keyrings/ folder of gnome-keyring
        "XDG_CONFIG_HOME": str(home / "config"),  # keyring's own keyringrc.cfg: none here
        "XDG_RUNTIME_DIR": str(home / "run"),
    }
    env.pop("PYTHON_KEYRING_BACKEND", None)
    (home / "run").mkdir(mode=0o700, parents=True)
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # "Failed to set fd limit" as a non-root user: harmless
        text=True,
        env=env,
    )
    daemon: subprocess.Popen[str] | None = None
    try:
        assert bus.stdout is not None
        address = bus.stdout.readline().strip()
        assert address.startswith("unix:"), f"dbus-daemon said {address!r}"
        env["DBUS_SESSION_BUS_ADDRESS"] = address
        # --unlock reads the login keyring's password on stdin (and creates that keyring).
        with open(home / "gnome-keyring-daemon.log", "w", encoding="utf-8") as log:
            daemon = subprocess.Popen(
                ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
                stdin=subprocess.PIPE,
                stdout=log,
                stderr=log,
                text=True,
                env=env,
            )
        assert daemon.stdin is not None
        daemon.stdin.write(PASSWORD + "\n")
        daemon.stdin.close()
        _wait_for_the_service(address, daemon)
        yield SecretService(env, home, daemon)
    finally:
        if daemon is not None:
            _stop(daemon)
        _stop(bus)
        if bus.stdout is not None:
            bus.stdout.close()

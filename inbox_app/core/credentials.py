"""Passwords and API tokens live only in the OS keyring, reached off the UI thread.

Keyring calls can block (a Secret Service unlock prompt, D-Bus probing for seconds on a
headless machine), so every call runs in a worker thread. "No usable keyring" is a normal
state here, not an error: the caller is told once and keeps secrets in memory only.

Usable means a secure backend that answers: a system keyring (Secret Service, KWallet, macOS
Keychain, Windows Credential Locker), unlocked. A file backend (``keyrings.alt``: plaintext, or
encrypted with a key kept beside it) is never used, even when keyring would pick it: the app
then remembers nothing rather than leave a password on disk.
"""

from __future__ import annotations

import asyncio
import logging
from types import ModuleType

log = logging.getLogger("inbox_app.core.credentials")

SERVICE = "inbox_app"
# Modules whose backends keep secrets in files or nowhere: never "a keyring" for this app.
NOT_A_KEYRING = ("keyrings.alt", "keyring.backends.fail", "keyring.backends.null")
PROBE = "(is the keyring usable?)"  # read, never written: a locked keyring refuses even this


def secure(backend: object) -> bool:
    """A backend that keeps secrets in the system's protected store (a chain: all of it)."""
    if float(getattr(backend, "priority", 0)) < 1:
        return False
    chained = getattr(backend, "backends", None)  # keyring.backends.chainer.ChainerBackend
    if isinstance(chained, list | tuple):
        return bool(chained) and all(secure(b) for b in chained)
    return not type(backend).__module__.startswith(NOT_A_KEYRING)


def _keyring() -> ModuleType:
    """keyring, imported on first use in a worker thread: its backends' discovery (entry
    points, about 20 ms) stays out of start-up and off the UI thread."""
    import keyring
    import keyring.errors  # (the exceptions the callers catch)

    return keyring


class CredentialStore:
    """Secrets for one profile, keyed by server, client code and user."""

    def __init__(self, profile: str) -> None:
        self.profile = profile

    def _key(self, base_url: str, client_code: str, user_name: str, what: str) -> str:
        return f"{self.profile}|{base_url.rstrip('/')}|{client_code.upper()}|{user_name}|{what}"

    @staticmethod
    def _usable() -> bool:
        try:
            backend = _keyring().get_keyring()
            if not secure(backend):
                return False
            backend.get_password(SERVICE, PROBE)  # locked (and no way to unlock): raises
            return True
        except Exception as exc:  # a broken or locked backend is as good as none
            log.info("the keyring is not usable: %s", type(exc).__name__)
            return False

    async def available(self) -> bool:
        """Whether secrets can be remembered securely on this machine."""
        return await asyncio.to_thread(self._usable)

    async def load(
        self, base_url: str, client_code: str, user_name: str
    ) -> tuple[str | None, str | None]:
        """The remembered (password, access token), or Nones."""

        def read() -> tuple[str | None, str | None]:
            keyring = _keyring()
            if not self._usable():
                return None, None
            try:
                return (
                    keyring.get_password(
                        SERVICE, self._key(base_url, client_code, user_name, "password")
                    ),
                    keyring.get_password(
                        SERVICE, self._key(base_url, client_code, user_name, "token")
                    ),
                )
            except keyring.errors.KeyringError as exc:
                log.warning("could not read the keyring: %s", type(exc).__name__)
                return None, None

        return await asyncio.to_thread(read)

    async def save(
        self, base_url: str, client_code: str, user_name: str, password: str, token: str
    ) -> bool:
        """Remember both secrets; False (and nothing stored) when there is no usable keyring."""

        def write() -> bool:
            keyring = _keyring()
            if not self._usable():
                return False
            try:
                keyring.set_password(
                    SERVICE, self._key(base_url, client_code, user_name, "password"), password
                )
                keyring.set_password(
                    SERVICE, self._key(base_url, client_code, user_name, "token"), token
                )
                return True
            except keyring.errors.KeyringError as exc:
                log.warning("could not write the keyring: %s", type(exc).__name__)
                return False

        return await asyncio.to_thread(write)

    async def forget(self, base_url: str, client_code: str, user_name: str) -> None:
        def delete() -> None:
            keyring = _keyring()
            if not self._usable():
                return  # nothing was kept; or a locked keyring keeps them until it opens
            for what in ("password", "token"):
                try:
                    keyring.delete_password(
                        SERVICE, self._key(base_url, client_code, user_name, what)
                    )
                except keyring.errors.PasswordDeleteError:
                    pass  # not there: nothing to forget
                except Exception as exc:  # the keyring went away meanwhile (D-Bus, locked)
                    log.warning("could not remove a secret: %s", type(exc).__name__)

        await asyncio.to_thread(delete)

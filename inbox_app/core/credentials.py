"""Passwords and API tokens live only in the OS keyring, reached off the UI thread.

Keyring calls can block (a Secret Service unlock prompt, D-Bus probing for seconds on a
headless machine), so every call runs in a worker thread. "No usable keyring" is a normal
state here, not an error: the caller is told once and keeps secrets in memory only.
"""

from __future__ import annotations

import asyncio
import logging

import keyring
import keyring.errors

log = logging.getLogger("inbox_app.core.credentials")

SERVICE = "inbox_app"


class CredentialStore:
    """Secrets for one profile, keyed by server, client code and user."""

    def __init__(self, profile: str) -> None:
        self.profile = profile

    def _key(self, base_url: str, client_code: str, user_name: str, what: str) -> str:
        return f"{self.profile}|{base_url.rstrip('/')}|{client_code.upper()}|{user_name}|{what}"

    @staticmethod
    def _usable() -> bool:
        try:
            backend = keyring.get_keyring()
            return float(getattr(backend, "priority", 0)) >= 1
        except Exception:  # a broken backend is as good as none
            return False

    async def available(self) -> bool:
        """Whether secrets can be remembered securely on this machine."""
        return await asyncio.to_thread(self._usable)

    async def load(
        self, base_url: str, client_code: str, user_name: str
    ) -> tuple[str | None, str | None]:
        """The remembered (password, access token), or Nones."""

        def read() -> tuple[str | None, str | None]:
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
            for what in ("password", "token"):
                try:
                    keyring.delete_password(
                        SERVICE, self._key(base_url, client_code, user_name, what)
                    )
                except keyring.errors.KeyringError:
                    pass  # not there, or no keyring: nothing to forget

        await asyncio.to_thread(delete)

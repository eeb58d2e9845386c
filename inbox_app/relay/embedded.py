"""The relay inside a test or the desktop demo, on a free loopback port:

    with EmbeddedRelay() as relay:            # a fresh database in a temporary folder
        relay.base_url                        # "http://127.0.0.1:54321"
        relay.webhook_urls["imiconnect/mo"]   # ".../hooks/imiconnect/<secret>/mo"
        relay.hook_prefix("imiconnect")       # ".../hooks/imiconnect/<secret>" (+ /mo, /dr)
        token = relay.add_agent("alice")

``EmbeddedRelay(db_path=...)`` keeps the database across stop and start;
``EmbeddedRelay(database="postgresql://…")`` runs on PostgreSQL;
``EmbeddedRelay(public_url="https://relay.example.com")`` names that base in ``/v1/me``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from types import TracebackType
from typing import Self

from .app import Notifier, create_app, hook_prefixes, webhook_paths
from .database import open_store
from .server import ServerThread
from .sqlite_store import SqliteRelayStore
from .store import RelayStore
from .tokens import hash_token, new_token

__all__ = ["EmbeddedRelay"]


class EmbeddedRelay:
    def __init__(
        self,
        db_path: str | Path | None = None,
        host: str = "127.0.0.1",
        *,
        database: str | None = None,
        public_url: str | None = None,
    ) -> None:
        self._db_path = Path(db_path) if db_path is not None else None
        self._database = database  # a URL (postgresql://…) instead of a SQLite file
        self._host = host
        self._public_url = public_url  # what /v1/me names (default: the address it listens on)
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._server: ServerThread | None = None
        self.store: RelayStore | None = None
        self.notifier: Notifier | None = None
        self.base_url = ""
        self.webhook_urls: dict[str, str] = {}
        self.hook_prefixes: dict[str, str] = {}

    @property
    def db_path(self) -> Path:
        if not isinstance(self.store, SqliteRelayStore):
            raise RuntimeError("Start the relay on a SQLite file first.")
        return self.store.path

    def start(self) -> Self:
        if self._server is not None:
            raise RuntimeError("The relay is already running.")
        if self._database is not None:
            self.store = open_store(self._database)
        else:
            path = self._db_path
            if path is None:
                self._tmp = tempfile.TemporaryDirectory(prefix="inbox-relay-")
                path = Path(self._tmp.name) / "relay.sqlite3"
            self.store = SqliteRelayStore(path)
        try:
            self.notifier = Notifier()
            app = create_app(self.store, self.notifier)
            self._server = ServerThread(app, self._host)
            self._server.start()
        except BaseException:
            self.stop()
            raise
        self.base_url = self._server.base_url
        app.state.public_url = self._public_url or self.base_url
        self.webhook_urls = {
            name: self.base_url + path
            for name, path in webhook_paths(app.state.webhook_secrets).items()
        }
        self.hook_prefixes = {
            platform: self.base_url + path
            for platform, path in hook_prefixes(app.state.webhook_secrets).items()
        }
        return self

    def hook_prefix(self, platform: str) -> str:
        """What ``platform`` is given: ``http://HOST:PORT/hooks/<platform>/<secret>``, to
        which it appends its endpoints (``/mo`` and ``/dr``, or ``/reply`` and ``/status``)."""
        if not self.hook_prefixes:
            raise RuntimeError("Start the relay first.")
        try:
            return self.hook_prefixes[platform]
        except KeyError:
            raise ValueError(f"The relay takes no webhooks from {platform!r}.") from None

    def stop(self) -> None:
        """Answer waiting polls, stop serving, close the database. Safe to call twice."""
        if self.notifier is not None:
            self.notifier.close()
        if self._server is not None:
            self._server.stop()
            self._server = None
        if self.store is not None:
            self.store.close()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def add_agent(self, name: str) -> str:
        """A new agent; returns the token (the store keeps only its hash)."""
        if self.store is None:
            raise RuntimeError("Start the relay first.")
        token = new_token()
        self.store.add_agent(name, hash_token(token))
        return token

    def revoke_agent(self, name: str) -> bool:
        if self.store is None:
            raise RuntimeError("Start the relay first.")
        return self.store.revoke_agent(name)

"""``--database URL``: which store to open: ``sqlite:///PATH`` (one relay process) or
``postgresql://…`` (psycopg 3, imported only then; several relay processes may share it)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import platformdirs

from .sqlite_store import SqliteRelayStore
from .store import RelayStore

__all__ = ["DatabaseUrlError", "default_url", "open_store", "redact", "sqlite_path"]


class DatabaseUrlError(ValueError):
    """A URL the relay cannot use; the message says what to write instead."""


def default_url() -> str:
    """A file in this user's data folder."""
    folder = platformdirs.user_data_path("inbox_app", appauthor=False) / "relay"
    return f"sqlite:///{folder / 'relay.sqlite3'}"


def sqlite_path(url: str) -> Path:
    """``sqlite:///relative.db`` or ``sqlite:////absolute/path.db`` (SQLAlchemy's spelling);
    ``sqlite:///C:/…`` works on Windows."""
    parts = urlsplit(url)
    if parts.netloc or not parts.path.startswith("/") or len(parts.path) < 2:
        raise DatabaseUrlError(f"{url!r}: write sqlite:///PATH (three slashes, then the path)")
    return Path(unquote(parts.path[1:]))


def open_store(url: str) -> RelayStore:
    scheme = urlsplit(url).scheme.lower()
    if scheme == "sqlite":
        return SqliteRelayStore(sqlite_path(url))
    if scheme in ("postgresql", "postgres"):
        try:
            from .postgres_store import PostgresRelayStore
        except ImportError:
            raise DatabaseUrlError(
                "PostgreSQL needs psycopg 3: pip install 'inbox_app[relay-postgresql]' "
                "(or use --database sqlite:///PATH)"
            ) from None
        return PostgresRelayStore(url)
    raise DatabaseUrlError(f"{url!r}: the database URL must start with sqlite:/// or postgresql://")


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()

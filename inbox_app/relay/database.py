"""``--database URL``: which store to open. ``sqlite:///PATH`` now; ``postgresql://…`` once
its store exists (it is refused with a clear message until then)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import platformdirs

from .sqlite_store import SqliteRelayStore
from .store import RelayStore

__all__ = ["DatabaseUrlError", "default_url", "open_store", "sqlite_path"]


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
    if scheme in ("postgresql", "postgres") or scheme.startswith("postgresql+"):
        raise DatabaseUrlError(
            "PostgreSQL is not supported yet: this relay stores its data in SQLite for now; "
            "use --database sqlite:///PATH"
        )
    raise DatabaseUrlError(f"{url!r}: the database URL must start with sqlite:///")

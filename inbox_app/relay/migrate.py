"""Schema migrations: numbered SQL scripts per dialect, applied in order, each recorded in
``schema_migrations`` in the same transaction as its statements.

A script is ``migrations/<dialect>/NNNN_name.sql``; its number is its version. A database
is never migrated backwards; a version in the table that no script names means the database
is newer than this relay, which refuses to run against it.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from importlib import resources

__all__ = ["Migration", "MigrationError", "apply_sqlite", "migrations", "split_sqlite"]

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")

SCHEMA_MIGRATIONS = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
)
"""


class MigrationError(RuntimeError):
    """The database's schema cannot be brought to this relay's version."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations(dialect: str) -> list[Migration]:
    """The dialect's scripts in version order; a gap or a repeated number is a bug."""
    folder = resources.files("inbox_app.relay.migrations").joinpath(dialect)
    found = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise MigrationError(f"{dialect} migrations are not numbered 1..n: {found!r}")
    return found


def split_sqlite(script: str) -> list[str]:
    """A script's statements, so each runs with ``execute`` inside our own transaction
    (``executescript`` would commit first)."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        if not current and (not line.strip() or line.lstrip().startswith("--")):
            continue
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        raise MigrationError(f"an unfinished statement ends the script: {current.strip()!r}")
    return statements


def apply_sqlite(db: sqlite3.Connection, now: str) -> list[int]:
    """Apply the SQLite scripts not yet applied; returns the versions applied now.

    Each runs in ``BEGIN IMMEDIATE``, which also makes two relays starting on one file take
    turns: the second sees the first's rows and applies nothing."""
    db.execute(SCHEMA_MIGRATIONS)
    applied_now = []
    known = migrations("sqlite")
    for migration in known:
        db.execute("BEGIN IMMEDIATE")
        try:
            done = {row[0] for row in db.execute("SELECT version FROM schema_migrations")}
            newer = done - {m.version for m in known}
            if newer:
                raise MigrationError(
                    f"the database has schema version(s) {sorted(newer)} this relay does not "
                    "know: run a newer relay"
                )
            if migration.version not in done:
                for statement in split_sqlite(migration.sql):
                    db.execute(statement)
                db.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    (migration.version, migration.name, now),
                )
                applied_now.append(migration.version)
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
    return applied_now

"""The schema comes from numbered migrations recorded in schema_migrations."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from inbox_app.relay.conversations import ConversationKey, normalize_number
from inbox_app.relay.migrate import MigrationError, migrations, split_sqlite
from inbox_app.relay.sqlite_store import SqliteRelayStore


def test_migrations_are_applied_once_and_recorded(tmp_path: Path) -> None:
    path = tmp_path / "relay.sqlite3"
    SqliteRelayStore(path).close()
    SqliteRelayStore(path).close()  # a second start applies nothing
    with closing(sqlite3.connect(path)) as db:
        rows = db.execute("SELECT version, name FROM schema_migrations").fetchall()
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert rows == [(m.version, m.name) for m in migrations("sqlite")]
    assert rows[0] == (1, "initial")
    assert {"events", "agents", "conversations", "dead_letters", "webhook_secrets"} <= tables


def test_a_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "relay.sqlite3"
    SqliteRelayStore(path).close()
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("INSERT INTO schema_migrations VALUES (999, 'future', '2030-01-01')")
    with pytest.raises(MigrationError, match="999"):
        SqliteRelayStore(path)


def test_scripts_split_into_statements() -> None:
    (first,) = migrations("sqlite")[:1]
    statements = split_sqlite(first.sql)
    assert all(s.endswith(";") for s in statements)
    assert sum(s.startswith("CREATE TABLE") for s in statements) == 5


def test_numbers_are_spelled_one_way() -> None:
    assert normalize_number("27821234567") == "+27821234567"
    assert normalize_number("+27 82 123 4567") == "+27821234567"
    assert normalize_number("DEMOBK") == "DEMOBK"
    assert normalize_number("55555") == "55555"  # a short code stays as it is
    key = ConversationKey.parse("imiconnect:DEMOBK:919812345678")
    assert str(key) == "imiconnect:DEMOBK:+919812345678"

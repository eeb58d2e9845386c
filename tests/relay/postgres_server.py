"""A throwaway PostgreSQL server: ``initdb`` into a temporary folder, listening on a Unix
socket there only (no TCP), stopped and removed afterwards.

Shared by the relay's PostgreSQL tests (:func:`postgres_server`, which skips when the server
binaries or psycopg are missing) and the relay benchmarks (:func:`throwaway_postgres`, which
raises :class:`PostgresUnavailable` instead, so this module needs no pytest). As root (CI
containers), the server runs as the ``postgres`` user, which PostgreSQL requires.
"""

from __future__ import annotations

import glob
import importlib.util
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["PostgresUnavailable", "postgres_server", "throwaway_postgres", "unavailable"]

PORT = "54329"  # names the socket file only (no TCP), so two servers never collide


class PostgresUnavailable(RuntimeError):
    """The server binaries or psycopg are missing; the message says which."""


def _bin_dir() -> str | None:
    found = shutil.which("pg_ctl")
    if found:
        return os.path.dirname(found)
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return os.path.dirname(candidates[-1]) if candidates else None


def unavailable() -> str | None:
    """Why a throwaway server cannot run here, or None."""
    if importlib.util.find_spec("psycopg") is None:
        return "psycopg is not installed"
    if _bin_dir() is None:
        return "PostgreSQL server binaries (initdb, pg_ctl) are not installed"
    return None


@contextmanager
def throwaway_postgres(
    *, durable: bool = False, settings: dict[str, str] | None = None
) -> Iterator[str]:
    """Yields a libpq URL of the server's ``postgres`` database.

    Tests run it with ``fsync=off`` (nothing to keep); ``durable=True`` keeps PostgreSQL's
    defaults (fsync, synchronous commit), as a benchmark of a production shape must.
    ``settings`` are extra ``-c name=value`` server settings."""
    reason = unavailable()
    if reason is not None:
        raise PostgresUnavailable(reason)
    bin_dir = _bin_dir()
    assert bin_dir is not None
    folder = tempfile.mkdtemp(prefix="relay-pg-")
    data = os.path.join(folder, "data")
    as_user: list[str] = []
    if os.geteuid() == 0:
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(folder, "postgres", "postgres")
    os.chmod(folder, 0o755)
    options = [f"-k {folder}", f"-p {PORT}", "-c listen_addresses=''"]
    if not durable:
        options.append("-c fsync=off")
    options += [f"-c {name}={value}" for name, value in (settings or {}).items()]

    def run(*args: str) -> None:
        subprocess.run([*as_user, *args], check=True, capture_output=True, timeout=60)

    try:
        run(
            os.path.join(bin_dir, "initdb"),
            "-D",
            data,
            "-U",
            "postgres",
            "--auth=trust",
            "--no-sync",
            "-E",
            "UTF8",
        )
        run(
            os.path.join(bin_dir, "pg_ctl"),
            "-D",
            data,
            "-w",
            "-t",
            "30",
            "-l",
            os.path.join(folder, "log"),
            "-o",
            " ".join(options),
            "start",
        )
        try:
            yield f"postgresql://postgres@/postgres?host={folder}&port={PORT}"
        finally:
            run(os.path.join(bin_dir, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def postgres_server() -> Iterator[str]:
    """:func:`throwaway_postgres` for a test: skipped, with the reason, where it cannot run."""
    import pytest

    reason = unavailable()
    if reason is not None:
        pytest.skip(reason)
    with throwaway_postgres() as url:
        yield url

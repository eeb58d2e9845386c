"""A throwaway PostgreSQL server for the relay's PostgreSQL tests: ``initdb`` into a temporary
folder, listening on a Unix socket there only (no TCP), stopped and removed afterwards.

Skips when the server binaries or psycopg are missing. As root (CI containers), the server
runs as the ``postgres`` user, which PostgreSQL requires.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

import pytest


def _bin_dir() -> str | None:
    found = shutil.which("pg_ctl")
    if found:
        return os.path.dirname(found)
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return os.path.dirname(candidates[-1]) if candidates else None


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yields a libpq URL of the server's ``postgres`` database."""
    pytest.importorskip("psycopg")
    bin_dir = _bin_dir()
    if bin_dir is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    folder = tempfile.mkdtemp(prefix="relay-pg-")
    data = os.path.join(folder, "data")
    as_user: list[str] = []
    if os.geteuid() == 0:
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(folder, "postgres", "postgres")
    os.chmod(folder, 0o755)
    port = "54329"

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
            f"-k {folder} -p {port} -c listen_addresses='' -c fsync=off",
            "start",
        )
        try:
            yield f"postgresql://postgres@/postgres?host={folder}&port={port}"
        finally:
            run(os.path.join(bin_dir, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(folder, ignore_errors=True)

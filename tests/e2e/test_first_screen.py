"""A second start shows the agent's inbox from the kept first screen, then the live one."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from inbox_app.core import screen_cache


def _start(home: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
    }
    argv = [sys.executable, "-m", "inbox_app", "--demo", "--startup-probe", "--profile", "e2e"]
    return subprocess.run(argv, capture_output=True, text=True, timeout=120, env=env, check=False)


def test_second_start_paints_the_kept_screen_first(tmp_path: Path) -> None:
    first = _start(tmp_path)
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    # Nothing kept yet: the first inbox painted is the live one.
    assert lines == ["inbox-app: first inbox painted", "inbox-app: live inbox painted"]
    kept = tmp_path / "data" / "inbox_app" / "demo" / "e2e" / screen_cache.FILE_NAME
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    screen = screen_cache.load(kept)
    assert screen is not None and screen.place == "demo"
    assert any(inbox.selected for inbox in screen.inboxes) and screen.threads

    second = _start(tmp_path)
    assert second.returncode == 0, second.stderr
    assert second.stdout.splitlines() == [
        "inbox-app: first inbox painted (kept screen)",
        "inbox-app: live inbox painted",
    ]


SPY = r"""
import enum, os, sys
created = []
new = enum.EnumType.__new__
def spy(meta, name, *args, **kwargs):
    created.append(name)
    return new(meta, name, *args, **kwargs)
enum.EnumType.__new__ = spy
from inbox_app import cli
from inbox_app.ui import first_screen
wait = first_screen.wait_until_painted
def painted_then_report(window, *args, **kwargs):
    print("painted" if wait(window, *args, **kwargs) else "not painted")
    print("Qt namespace created" if "AlignmentFlag" in created else "Qt namespace untouched")
    sys.stdout.flush()
    os._exit(0)
first_screen.wait_until_painted = painted_then_report
cli.main(["--demo", "--profile", "e2e", "--language", "en"])
"""


def test_the_first_paint_never_creates_the_qt_namespace(tmp_path: Path) -> None:
    """PySide6 builds all ~110 enum types of ``Qt`` (21 ms) when anything touches it: the kept
    screen must paint before that (see inbox_app/ui/qt_numbers.py)."""
    kept = tmp_path / "data" / "inbox_app" / "demo" / "e2e" / screen_cache.FILE_NAME
    thread = screen_cache.CachedThread(
        "Carla Brooks", "2026-11-22T09:42:00+00:00", ("Acct 4100372",), "replied", True
    )
    inboxes = (
        screen_cache.CachedInbox("SMS", "5", heading=True),
        screen_cache.CachedInbox("Personal SMS", "5 / 20", selected=True),
    )
    screen_cache.save(kept, screen_cache.ScreenCache("demo", "en", False, inboxes, (thread,) * 30))
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }
    argv = [sys.executable, "-c", SPY]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60, env=env, check=False)
    assert done.stdout.splitlines() == ["painted", "Qt namespace untouched"], done.stderr

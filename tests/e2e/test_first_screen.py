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

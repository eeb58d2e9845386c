"""The README's demo, headless: start the app on the embedded server and take a screenshot."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage


def screenshot(tmp_path: Path, *demo: str) -> QImage:
    """``inbox-app --demo [platform] --screenshot``: the PNG, checked to be a real screen."""
    shot = tmp_path / "demo.png"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "inbox_app", "--demo", *demo, "--screenshot", str(shot)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "screenshot saved" in done.stdout
    assert shot.stat().st_size > 10_000
    image = QImage(str(shot))
    assert not image.isNull()
    assert image.width() >= 800 and image.height() >= 500
    # Not a blank window: a real screen has many colours (text, badges, bubbles).
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours) > 30
    return image


def test_demo_screenshot(tmp_path: Path) -> None:
    screenshot(tmp_path)


def test_livelink_demo_screenshot(tmp_path: Path) -> None:
    screenshot(tmp_path, "livelink")
    # Its own data folder (threads kept by core), never the LiveVox demo's.
    assert list((tmp_path / "data").rglob("threads.sqlite3"))


@pytest.mark.parametrize("platform", ["imiconnect", "iliveit"])
def test_relayed_demo_screenshot(platform: str, tmp_path: Path) -> None:
    """The simulator pushes its demo customers' messages to the embedded relay; the window
    shows them (nobody's yet: the group inbox)."""
    screenshot(tmp_path, platform)
    # Its own data folder (drafts and outbox), never the LiveVox demo's.
    assert (tmp_path / "data" / "inbox_app" / f"demo-{platform}").is_dir()


def test_version_and_help() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "inbox_app", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.startswith("inbox-app ")
    bad = subprocess.run(
        [sys.executable, "-m", "inbox_app", "--server", "http://example.com"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
    assert "refusing plain http://" in bad.stderr

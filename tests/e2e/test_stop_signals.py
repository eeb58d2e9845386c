"""SIGTERM (the desktop session logs out) and SIGINT (Ctrl+C) close the app like its Quit:
exit status 0, and what the agent typed a moment before is whole after a restart."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

HANDS = Path(__file__).with_name("app_with_hands.py")
TEXT = "Your payment of $120 is booked for Friday, thanks for waiting!"


def start(home: Path, mode: str, value: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
    }
    argv = [sys.executable, str(HANDS), mode, value, "--demo", "--profile", "stop"]
    return subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )


def next_event(proc: subprocess.Popen[str], seconds: float = 90.0) -> dict[str, str]:
    """The child's next JSON line (its other output is not JSON)."""
    assert proc.stdout is not None
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        if line.startswith("{"):
            return json.loads(line)
    proc.kill()
    _, err = proc.communicate(timeout=30)
    raise AssertionError(f"no event from the app; its stderr:\n{err}")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stop_signal_right_after_typing_keeps_the_draft(
    sig: signal.Signals, tmp_path: Path
) -> None:
    typing = start(tmp_path, "type", TEXT)
    typed = next_event(typing)
    assert typed["event"] == "TYPED" and typed["text"] == TEXT
    typing.send_signal(sig)  # at once: well inside the drafts' save delay
    _, err = typing.communicate(timeout=60)
    assert typing.returncode == 0, err
    assert "Traceback" not in err

    reading = start(tmp_path, "read", typed["thread"])
    draft = next_event(reading)
    _, err = reading.communicate(timeout=60)
    assert draft == {"event": "DRAFT", "text": TEXT}
    assert reading.returncode == 0, err

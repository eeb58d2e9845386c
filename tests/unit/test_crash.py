"""A crash report says what broke, without secrets, readable only by the agent."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

from inbox_app.crash import write_report
from inbox_app.livevox import redact


def test_report_is_written_redacted_and_private(tmp_path: Path) -> None:
    redact.remember_secret("sess-4b1f-secret-id")
    try:
        raise RuntimeError("failed with LV-Session: sess-4b1f-secret-id")
    except RuntimeError as exc:
        path = write_report(tmp_path / "logs", type(exc), exc, sys.exc_info()[2])
    text = path.read_text(encoding="utf-8")
    assert "RuntimeError" in text and "inbox-app" in text
    assert "sess-4b1f-secret-id" not in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600

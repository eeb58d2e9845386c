"""Where the app keeps things on this computer (per platform, via platformdirs)."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "inbox_app"


def data_dir(profile: str, *, demo: bool) -> Path:
    """Drafts and outbox of a profile; the demo keeps its own so it never mixes with work."""
    base = platformdirs.user_data_path(APP_NAME, appauthor=False)
    return base / ("demo" if demo else "profiles") / profile


def log_dir() -> Path:
    """Logs and crash reports."""
    return platformdirs.user_log_path(APP_NAME, appauthor=False)

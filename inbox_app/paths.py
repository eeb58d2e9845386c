"""Where the app keeps things on this computer (per platform, via platformdirs)."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "inbox_app"


def data_dir(profile: str, *, demo: bool, platform: str = "livevox") -> Path:
    """Drafts, outbox and local threads of a profile on a platform; the demo keeps its own so
    it never mixes with work, and each platform its own, so an outbox never crosses over."""
    base = platformdirs.user_data_path(APP_NAME, appauthor=False)
    place = "demo" if demo else "profiles"
    if platform != "livevox":  # LiveVox keeps the folder it always had
        place = f"{place}-{platform}"
    return base / place / profile


def log_dir() -> Path:
    """Logs and crash reports."""
    return platformdirs.user_log_path(APP_NAME, appauthor=False)

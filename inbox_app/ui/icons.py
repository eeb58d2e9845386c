"""The app's SVG icons, found in the bundle, in a source checkout, or in the icon theme."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon

APP_ID = "io.github.inbox_app.Inbox"


def icon_dir() -> Path | None:
    frozen_root = getattr(sys, "_MEIPASS", None)
    candidates = [Path(frozen_root) / "resources" / "icons"] if frozen_root else []
    candidates.append(Path(__file__).resolve().parents[2] / "resources" / "icons")
    return next((path for path in candidates if path.is_dir()), None)


@cache
def icon(name: str) -> QIcon:
    """``icon("send")``; the app icon is ``icon(APP_ID)``. Empty when nothing is found."""
    folder = icon_dir()
    if folder is not None and (folder / f"{name}.svg").is_file():
        return QIcon(str(folder / f"{name}.svg"))
    return QIcon.fromTheme(name)

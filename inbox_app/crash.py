"""When something breaks that nobody caught: write a redacted report and say where it is."""

from __future__ import annotations

import datetime as dt
import os
import platform
import traceback
from pathlib import Path
from types import TracebackType

from . import __version__
from .livevox import redact


def write_report(
    folder: Path, kind: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> Path:
    """A private text file with the version, platform and redacted traceback."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = folder / f"crash-{stamp}.txt"
    details = "".join(traceback.format_exception(kind, exc, tb))
    text = (
        f"inbox-app {__version__} crash report, {dt.datetime.now().isoformat(timespec='seconds')}\n"
        f"Python {platform.python_version()} on {platform.platform()}\n\n"
        f"{redact.redact(details)}"
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as report:
        report.write(text)
    return path

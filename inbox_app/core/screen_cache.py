"""The agent's last first screen, kept so the next start can paint it before anything loads.

At start-up an agent wants to see their inbox; importing the HTTP and model libraries,
starting the demo server and signing in take a second or more. The app therefore keeps
what the first screen showed — the inboxes with their badges and the top rows of the
open inbox, as the words on screen — and the next start paints that at once (read-only,
"connecting…"), then hands over to the live window when it is ready.

What is kept is customer data (names, numbers, accounts), so it is kept only where showing
it before sign-in reveals nothing new: for the demo (fictional data) and for an agent who
chose "remember me" (the desktop session, which unlocks the keyring, already opens the
inbox with one click). The file is private (0600), replaced atomically, removed at
sign-out and whenever the agent signs in without "remember me". Standard library only:
the first screen reads it before any heavy import.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
from pathlib import Path
from typing import Any, NamedTuple

log = logging.getLogger("inbox_app.core.screen_cache")

FILE_NAME = "first-screen.json"
VERSION = 1
MAX_THREADS = 60  # more than a tall screen shows; the live list pages in the rest


# NamedTuples, not dataclasses: a frozen dataclass costs ~2.5 ms to define, and this module
# is imported on the way to the first paint.


class CachedInbox(NamedTuple):
    """One line of the inbox tree: a heading (channel type) or an inbox under it."""

    title: str
    badge: str
    heading: bool = False
    selected: bool = False


class CachedThread(NamedTuple):
    """A thread row's words; the time is kept as a moment so "09:42" becomes "Mon" when due."""

    title: str
    last_activity: str | None  # ISO 8601 with offset
    details: tuple[str, ...]
    state: str
    unread: bool


class ScreenCache(NamedTuple):
    place: str  # "demo", or the server's base URL
    language: str  # the words' language ("en", "es")
    masked: bool  # whether phone numbers were masked when the words were made
    inboxes: tuple[CachedInbox, ...]
    threads: tuple[CachedThread, ...]
    counts: str = ""
    where: str = ""
    saved_at: float = 0.0  # when it was kept (save stamps it)


def save(path: Path, screen: ScreenCache) -> bool:
    """Write atomically, private from the first byte. False (logged) when the disk says no:
    a missing cache only costs the next start its head start."""
    fields = screen._asdict()
    fields["inboxes"] = [inbox._asdict() for inbox in screen.inboxes]
    fields["threads"] = [thread._asdict() for thread in screen.threads]
    fields["saved_at"] = screen.saved_at or time.time()
    body = json.dumps({"version": VERSION, **fields}, ensure_ascii=False)
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(body)
        os.replace(temporary, path)
        return True
    except OSError as exc:
        log.warning("first screen not kept: %s", type(exc).__name__)
        with contextlib.suppress(OSError):
            temporary.unlink()
        return False


def load(path: Path) -> ScreenCache | None:
    """The kept screen, or None when there is none or it cannot be read (another version,
    a torn or hand-edited file): the app then starts as if it never ran."""
    try:
        raw: Any = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict) or raw.get("version") != VERSION:
            return None
        return ScreenCache(
            place=str(raw["place"]),
            language=str(raw["language"]),
            masked=bool(raw["masked"]),
            inboxes=tuple(CachedInbox(**row) for row in raw["inboxes"]),
            threads=tuple(
                CachedThread(**{**row, "details": tuple(row["details"])}) for row in raw["threads"]
            ),
            counts=str(raw.get("counts", "")),
            where=str(raw.get("where", "")),
            saved_at=float(raw.get("saved_at", 0.0)),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def forget(path: Path) -> None:
    """Remove the kept screen (sign-out; a sign-in without "remember me")."""
    with contextlib.suppress(FileNotFoundError):
        path.unlink()

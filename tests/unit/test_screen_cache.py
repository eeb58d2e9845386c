"""The kept first screen on disk: private, atomic, and ignored when it cannot be trusted."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from inbox_app.core import screen_cache
from inbox_app.core.screen_cache import CachedInbox, CachedThread, ScreenCache


def _screen() -> ScreenCache:
    return ScreenCache(
        place="https://api.na4.livevox.com",
        language="es",
        masked=True,
        inboxes=(
            CachedInbox("SMS", "7", heading=True),
            CachedInbox("Personal SMS", "5 / 20", selected=True),
        ),
        threads=(
            CachedThread(
                "María José", "2026-11-22T09:42:00+00:00", ("Acct 8812",), "sin respuesta", True
            ),
            CachedThread("+1 •••-•••-0123", None, (), "respondido", False),
        ),
        counts="Mis SMS: 5 sin leer",
        where="na4 · agent",
    )


def test_round_trip_is_exact_and_private(tmp_path: Path) -> None:
    path = tmp_path / "profile" / screen_cache.FILE_NAME
    screen = _screen()
    assert screen_cache.save(path, screen)
    loaded = screen_cache.load(path)
    assert loaded is not None and loaded.saved_at > 0  # stamped when kept
    assert loaded._replace(saved_at=0.0) == screen
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert [p.name for p in path.parent.iterdir()] == [screen_cache.FILE_NAME]  # no temp left


def test_a_second_save_replaces_the_first(tmp_path: Path) -> None:
    path = tmp_path / screen_cache.FILE_NAME
    screen_cache.save(path, _screen())
    emptier = ScreenCache("demo", "en", False, (), (), saved_at=1.0)
    screen_cache.save(path, emptier)
    assert screen_cache.load(path) == emptier


def test_what_cannot_be_trusted_is_no_screen(tmp_path: Path) -> None:
    path = tmp_path / screen_cache.FILE_NAME
    assert screen_cache.load(path) is None  # never kept
    screen_cache.save(path, _screen())
    whole = path.read_text(encoding="utf-8")
    path.write_text(whole[: len(whole) // 2], encoding="utf-8")  # torn
    assert screen_cache.load(path) is None
    body = json.loads(whole)
    path.write_text(json.dumps({**body, "version": screen_cache.VERSION + 1}), encoding="utf-8")
    assert screen_cache.load(path) is None  # another version's shape
    del body["threads"]
    path.write_text(json.dumps(body), encoding="utf-8")
    assert screen_cache.load(path) is None


def test_a_disk_that_says_no_costs_only_the_head_start(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert not screen_cache.save(blocked / screen_cache.FILE_NAME, _screen())


def test_forget_removes_and_tolerates_absence(tmp_path: Path) -> None:
    path = tmp_path / screen_cache.FILE_NAME
    screen_cache.save(path, _screen())
    screen_cache.forget(path)
    assert not path.exists()
    screen_cache.forget(path)  # already gone: fine

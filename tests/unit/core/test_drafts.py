"""Drafts reach the disk shortly after typing stops and come back in a new process."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from inbox_app.core.drafts import Drafts
from inbox_app.core.store import LocalStore


async def test_typing_is_saved_once_typing_pauses_and_restored(tmp_path: Path) -> None:
    path = tmp_path / "drafts.sqlite3"
    store = await LocalStore.open(path)
    drafts = Drafts(store, delay_s=0.05)
    for i in range(1, 30):
        drafts.set("56100000001", "Hello Dana, your new balance is"[:i])
    drafts.set("56100000002", "second thread")
    assert await store.drafts() == {}  # nothing written while typing goes on
    expected = {
        "56100000001": "Hello Dana, your new balance is"[:29],
        "56100000002": "second thread",
    }
    deadline = time.monotonic() + 30
    while await store.drafts() != expected:  # written once the pause has lasted delay_s
        assert time.monotonic() < deadline, await store.drafts()
        await asyncio.sleep(0.02)
    drafts.clear("56100000002")
    await drafts.flush()
    await store.close()

    reopened = await LocalStore.open(path)
    restored = Drafts(reopened)
    assert await restored.load() == {"56100000001": "Hello Dana, your new balance is"[:29]}
    assert restored.get("56100000001").startswith("Hello Dana")
    await reopened.close()


async def test_without_a_store_drafts_live_in_memory() -> None:
    drafts = Drafts(None)
    drafts.set("t", "kept while running")
    await drafts.flush()
    assert drafts.get("t") == "kept while running"

"""Signing out leaves nothing behind: session ended; drafts, outbox, the kept first screen
and secrets gone."""

from __future__ import annotations

from pathlib import Path

from inbox_app.core import screen_cache
from inbox_app.core.credentials import CredentialStore
from inbox_app.core.drafts import Drafts
from inbox_app.core.outbox import Outbox
from inbox_app.core.platforms.livevox import LiveVoxPlatform
from inbox_app.core.signout import sign_out_and_clear
from inbox_app.core.store import LocalStore
from inbox_app.core.workspace import Workspace
from inbox_app.livevox import LiveVoxClient
from inbox_app.simulator import EmbeddedSimulator


async def test_sign_out_and_clear(
    lv: LiveVoxClient,
    sim: EmbeddedSimulator,
    tmp_path: Path,
    memory_keyring,  # type: ignore[no-untyped-def]
) -> None:
    creds = sim.credentials
    store = await LocalStore.open(tmp_path / "local.sqlite3")
    platform = LiveVoxPlatform(lv)
    outbox, drafts = Outbox(platform, store), Drafts(store)
    keyring_store = CredentialStore("work")
    assert await keyring_store.save(
        lv.base_url, creds.client_code, creds.agent_login, creds.password, creds.access_token
    )
    await outbox.submit(
        thread_id="56100000001",
        to_number="15550100101",
        from_number="18005550142",
        text="not sent yet",
    )
    drafts.set("56100000001", "half a reply")
    await drafts.flush()
    kept = tmp_path / screen_cache.FILE_NAME
    first = screen_cache.ScreenCache("demo", "en", False, (), (), saved_at=1.0)
    assert screen_cache.save(kept, first) and screen_cache.load(kept) == first
    session = lv.session
    assert session is not None

    await sign_out_and_clear(
        workspace=Workspace(platform, outbox),
        drafts=drafts,
        forget_secrets=lambda: keyring_store.forget(
            lv.base_url, creds.client_code, creds.agent_login
        ),
        kept_screen=kept,
    )

    assert not kept.exists()
    assert sim.session(session.session_id) is None  # ended on the server
    assert await store.drafts() == {} and await store.outbox() == []
    assert drafts.get("56100000001") == "" and outbox.items == {}
    assert memory_keyring == {}
    await store.close()

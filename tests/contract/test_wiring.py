"""The start-up wiring the app runs (inbox_app.wiring), for each platform's demo: the embedded
server starts, its target signs in, the session opens on the profile's folder, the workspace
loads inboxes and sends, and the one shutdown order leaves nothing running."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from inbox_app.core.inbox import InboxRef
from inbox_app.core.models import Thread
from inbox_app.core.outbox import OutboxState
from inbox_app.core.platform import Capability
from inbox_app.core.tasks import TaskRunner
from inbox_app.core.workspace import Workspace
from inbox_app.wiring import Session, shut_down, start_demo

RELAYED = ("imiconnect", "iliveit")


async def first_threads(workspace: Workspace, platform: str) -> tuple[InboxRef, list[Thread]]:
    """The inbox the demo's conversations are in, and its first threads. Through a relay they
    arrive as the demo customers' messages reach it (a pull per look); those nobody took are
    in the group inbox."""
    deadline = asyncio.get_running_loop().time() + 60
    while True:
        channels = await workspace.load_channels()
        assert channels and workspace.sender_numbers
        refs = [InboxRef.of(c) for c in channels]
        ref = next((r for r in refs if r.personal is (platform not in RELAYED)), None)
        assert ref is not None
        await workspace.reload_threads(ref)
        threads = workspace.thread_list(ref).threads
        if threads or asyncio.get_running_loop().time() > deadline:
            return ref, threads
        await asyncio.sleep(0.25)


@pytest.mark.parametrize("platform", ["livevox", "livelink", *RELAYED])
async def test_each_demo_starts_signs_in_and_shuts_down(platform: str, tmp_path: Path) -> None:
    simulator, target = await start_demo(platform)
    session: Session | None = None
    try:
        assert target.platform == platform and target.remembered
        assert target.connect is not None
        signed_in = await target.connect(tmp_path)
        session = await Session.open(signed_in, tmp_path)
        workspace = session.workspace
        await workspace.load_lists()
        ref, threads = await first_threads(workspace, platform)
        assert (tmp_path / "local.sqlite3").is_file()  # drafts and outbox on disk
        assert len(threads) > 0
        if platform in RELAYED:
            # The demo agent took some conversations before the start: their own inbox.
            mine = next(r for r in map(InboxRef.of, await workspace.load_channels()) if r.personal)
            await workspace.reload_threads(mine)
            assert workspace.thread_list(mine).threads
        thread = next(t for t in threads if t.thread_id)
        item = await workspace.send(
            ref, thread, "wiring check", from_number=workspace.sender_numbers[0].code
        )
        assert item.state is OutboxState.SENT
        # What the platform can do is what the demo shows.
        assert workspace.can(Capability.TRANSFER) is (platform != "livelink")
        if platform == "livelink":
            assert (tmp_path / "threads.sqlite3").is_file()  # its threads are ours to keep
        if platform in RELAYED:
            assert workspace.can(Capability.GROUP_INBOX)
            assert workspace.agent_id == "agent1"
    finally:
        await shut_down(
            runner=TaskRunner(),
            workspace=session.workspace if session else None,
            platform=session.platform if session else None,
            drafts=session.drafts if session else None,
            store=session.store if session else None,
            logout=True,
            simulator=simulator,
        )
    assert not simulator.running


async def test_the_relayed_platforms_sign_in_with_the_relay_and_open_a_session(
    tmp_path: Path,
) -> None:
    """IMIconnect and iLiveIt outside the demo: signed in with a real relay's agent token,
    their threads in the profile's folder."""
    from inbox_app.relay import EmbeddedRelay
    from inbox_app.simulator.imiconnect import IMIconnectSimulator
    from inbox_app.wiring import sign_in_iliveit, sign_in_imiconnect

    with (
        EmbeddedRelay(tmp_path / "relay.sqlite3") as relay,
        IMIconnectSimulator(dataset="empty") as imi,
    ):
        token = relay.add_agent("alice")
        folder = tmp_path / "imiconnect"
        key = imi.credentials.service_key
        signed_in = await sign_in_imiconnect(
            relay.base_url, token, imi.base_url, key, ["+13125550100"], folder
        )
        session = await Session.open(signed_in, folder)
        channels = await session.workspace.load_channels()
        assert [(c.channel_id, c.personal) for c in channels] == [
            ("+13125550100", True),
            ("+13125550100", False),
        ]
        assert session.workspace.can(Capability.GROUP_INBOX)
        assert session.workspace.agent_id == "alice"
        assert (folder / "threads.sqlite3").is_file()
        await shut_down(
            runner=TaskRunner(),
            workspace=session.workspace,
            platform=signed_in,
            drafts=session.drafts,
            store=session.store,
            logout=True,
        )
        with pytest.raises(Exception) as refused:  # iLiveIt's token is checked by a ping
            await sign_in_iliveit(
                relay.base_url,
                token,
                "http://127.0.0.1:9",
                "app-token",
                ["+13125550100"],
                tmp_path / "iliveit",
            )
        assert getattr(refused.value, "reason", None) == "cannot-connect"

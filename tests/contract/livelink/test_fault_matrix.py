"""Every step the app takes on Live Link 365, under every fault: a clear sentence, the app
keeps working, and once the outbox has settled every send is stored exactly once or not
at all (reconciled through the status pull by the outbox key in ``subject``).

The app's own core (``LiveLinkPlatform`` with its ``LocalThreads``, ``Workspace``,
``Outbox``, ``SyncEngine``) and its error sentences (``ui.describe``) against the embedded
simulator, each fault aimed at one endpoint at a time. One fake clock drives the simulator,
the client's token lifetime, the platform's windows and the outbox, so "the platform has
not reported it after two minutes" is one ``advance``, not a wait.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from inbox_app.core.inbox import InboxRef
from inbox_app.core.local_threads import LocalThreads
from inbox_app.core.models import Direction, Thread
from inbox_app.core.outbox import Outbox, OutboxState
from inbox_app.core.outcomes import ActionFailed, PlatformError, Reason
from inbox_app.core.platforms.livelink import REPORT_WAIT_S, LiveLinkPlatform
from inbox_app.core.sync import Health, SyncEngine
from inbox_app.core.workspace import Workspace
from inbox_app.ui.describe import describe

from .conftest import MO, SMS, STATUS, FakeClock, RecordingSimulator, new_client

FAULTS = {
    "timeout": "latency=1200",
    "drop after processing": "drop=1",
    "500": "error=1@500",
    "502": "error=1@502",
    "429": "error=1@429:retry-after=1",
    "malformed JSON": "malformed=1",
    "401 expired token": "error=1@401",
}


@dataclass
class World:
    sim: RecordingSimulator
    clock: FakeClock
    platform: LiveLinkPlatform
    workspace: Workspace
    sync: SyncEngine
    mine: InboxRef
    ours: str
    counter: int = 0
    check_after: Callable[[], Awaitable[None]] | None = None  # a refused step's check

    def take_thread(self) -> Thread:
        """A thread not used by an earlier step."""
        self.counter += 1
        threads = self.workspace.thread_list(self.mine).threads
        return threads[self.counter % len(threads)]

    async def inbound_texts(self) -> set[str]:
        def read() -> set[str]:
            rows = self.platform.local._conn().execute(
                "SELECT text FROM messages WHERE direction=?", (Direction.INBOUND,)
            )
            return {text for (text,) in rows}

        return await self.platform.local._run(read)

    async def agree_with_server(self) -> None:
        """Every MO the platform holds is in the local threads once; every send the server
        stored is a SENT outbox item (or one the agent was told may have been sent)."""
        assert self.sim.world is not None
        server_mos = [
            row["text"] for row in self.sim.world._db.execute("SELECT text FROM mo").fetchall()
        ]

        def local_inbound() -> list[str]:
            rows = self.platform.local._conn().execute(
                "SELECT text FROM messages WHERE direction=?", (Direction.INBOUND,)
            )
            return [text for (text,) in rows]

        local = await self.platform.local._run(local_inbound)
        assert sorted(local) == sorted(server_mos)


@pytest.fixture
async def world(demo: RecordingSimulator, clock: FakeClock, tmp_path: Path) -> World:
    client = new_client(demo, clock, read_timeout=0.6, retry_attempts=2, retry_timeout=3.0)
    threads = await LocalThreads.open(tmp_path / "threads.sqlite3")
    numbers = demo.credentials.numbers
    platform = LiveLinkPlatform(client, threads, numbers=numbers, app_key="demo", clock=clock)
    outbox = Outbox(platform, None, clock=clock, reconcile_delay_s=0)
    workspace = Workspace(platform, outbox)
    channels = await workspace.load_channels()
    channel = max(channels, key=lambda c: c.total_count or 0)
    mine = InboxRef.of(channel)
    await workspace.fetch_more(mine)
    assert workspace.thread_list(mine).threads
    return World(demo, clock, platform, workspace, SyncEngine(workspace), mine, channel.channel_id)


Verify = Callable[[], Awaitable[None]]
Step = Callable[[World], Awaitable[Verify | None]]


def pulling(kind: str) -> Step:
    """A customer writes (or a delivery report comes due); the next pull fetches it."""

    async def step(w: World) -> Verify | None:
        w.counter += 1
        text = f"matrix {kind} {w.counter}"
        customer = f"+1312555{7000 + w.counter:04d}"
        w.sim.inject_mo(customer, text, recipient=w.ours)
        w.clock.advance(3)  # past the delivery delay: final reports are due
        await w.workspace.load_channels()

        async def arrived() -> None:
            assert text in await w.inbound_texts(), text

        return arrived

    return step


def marking(read: bool) -> Step:
    async def step(w: World) -> Verify | None:
        thread = w.take_thread()
        await w.workspace.set_read(w.mine, thread.model_copy(update={"read": not read}), read)
        assert thread.thread_id is not None

        async def kept() -> None:
            page = await w.platform.local.threads(w.ours, 1, 500)
            assert next(t for t in page if t.thread_id == thread.thread_id).read is read

        return kept

    return step


def sending(kind: str) -> Step:
    async def step(w: World) -> Verify | None:
        w.counter += 1
        text = f"matrix {kind} {w.counter}"
        outbox = w.workspace.outbox

        async def exactly_once() -> None:
            # The fault is gone: as when the network returns (the reports are pulled, by
            # subject; a send the server never took waits for the report, then says so).
            deadline = time.monotonic() + 3.0
            while outbox.open_items() and time.monotonic() < deadline:
                await outbox.flush(force=True)
                await asyncio.sleep(0.1)
            if outbox.open_items():
                w.clock.advance(REPORT_WAIT_S + 1)
                await outbox.flush(force=True)
            assert not outbox.open_items(), outbox.open_items()
            item = next(i for i in outbox.items.values() if i.text == text)
            stored = sum(1 for m in w.sim.sent() if m["message"] == text)
            if item.state is OutboxState.SENT:
                assert stored == 1, (item, stored)
                assert await w.platform.local.find_outbound(outbox_id=item.id) is not None
            elif item.error is Reason.MAY_HAVE_BEEN_SENT:
                assert stored <= 1  # the agent was told; nothing was sent twice
            else:
                assert item.state is OutboxState.FAILED and item.error, item
                assert stored == 0, (item, stored)

        w.check_after = exactly_once  # also when the send is refused
        if kind == "reply":
            thread = w.take_thread()
            await w.workspace.send(w.mine, thread, text, from_number=w.ours)
        else:
            await w.workspace.send_new("+13125550177", text, from_number=w.ours)
        return exactly_once

    return step


STEPS: dict[str, tuple[str | None, Step]] = {
    "pull replies": (f"GET {MO}", pulling("reply pull")),
    "pull reports": (f"GET {STATUS}", pulling("report pull")),
    "reply": (f"POST {SMS}", sending("reply")),
    "new SMS": (f"POST {SMS}", sending("new SMS")),
    # Local only: every endpoint failing must not matter.
    "mark unread": (None, marking(False)),
    "mark read": (None, marking(True)),
}


@pytest.mark.parametrize("fault", list(FAULTS))
async def test_fault_matrix(world: World, fault: str) -> None:
    outcomes: dict[str, str] = {}
    for name, (target, step) in STEPS.items():
        world.sim.set_faults(f"{target}:{FAULTS[fault]}" if target else FAULTS[fault])
        verify: Verify | None = None
        world.check_after = None
        try:
            verify = await step(world)
            outcomes[name] = "ok"
        except (ActionFailed, PlatformError) as exc:
            sentence = describe(exc)
            outcomes[name] = sentence
            # One clear sentence for a person: no exception names, no tracebacks, no httpx.
            assert sentence.endswith((".", ".)")), sentence
            for jargon in ("Traceback", "httpx", "Exception", "Error:", "None"):
                assert jargon not in sentence, sentence
        world.sim.clear_faults()
        # The app keeps working: a sync round after the fault is LIVE again.
        await world.sync.tick()
        assert world.sync.health.health is Health.LIVE, (name, world.sync.health)
        verify = verify or world.check_after
        if verify is not None:
            await verify()
        elif name.startswith("pull"):
            await step(world)  # the failed pull's MO comes with the next one
    await world.agree_with_server()
    assert outcomes["mark read"] == outcomes["mark unread"] == "ok", outcomes
    assert any(v != "ok" for v in outcomes.values()), outcomes
    await world.platform.close()

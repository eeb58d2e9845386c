"""Every endpoint the app uses, under every fault: a clear sentence, the app keeps working, and
once the fault clears the app agrees with the server and no message is stored twice.

Runs the app's own core (Workspace, Outbox, SyncEngine) and its error sentences
(``ui.describe``, which needs no QApplication: English without one) against the
simulator with each fault aimed at one endpoint at a time.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import pytest

from inbox_app.core.inbox import InboxRef
from inbox_app.core.outbox import Outbox, OutboxState
from inbox_app.core.outcomes import ActionFailed, PlatformError
from inbox_app.core.platforms.livevox import LiveVoxPlatform
from inbox_app.core.sync import Health, SyncEngine
from inbox_app.core.workspace import Workspace
from inbox_app.livevox import LiveVoxClient, models
from inbox_app.simulator import EmbeddedSimulator
from inbox_app.ui.describe import describe

from .conftest import new_client

FAULTS = {
    "timeout": "latency=1200",
    "reset after processing": "drop=1",
    "500": "error=1@500",
    "502": "error=1@502",
    "401 expired": "error=1@401",
    "403": "error=1@403",
    "404": "error=1@404",
    "429": "error=1@429:retry-after=1",
    "malformed JSON": "malformed=1",
    "slow body": "slow=900",
}


@dataclass
class World:
    sim: EmbeddedSimulator
    lv: LiveVoxClient
    workspace: Workspace
    sync: SyncEngine
    mine: InboxRef
    group: InboxRef
    counter: int = 0

    def server_row(self, thread: models.Thread) -> dict[str, object]:
        assert self.sim.world is not None and thread.thread_id
        row = self.sim.world.thread_row(thread.thread_id)
        assert row is not None
        return row

    def take_thread(self, ref: InboxRef) -> models.Thread:
        """A thread not used by an earlier step (each state change gets its own)."""
        self.counter += 1
        return self.workspace.thread_list(ref).threads[self.counter]

    async def agree_with_server(self) -> None:
        """After the fault: a refresh makes the shown inboxes match the server exactly."""
        for ref in (self.mine, self.group):
            await self.workspace.reload_threads(ref)
            threads = self.workspace.thread_list(ref)
            while threads.can_fetch_more():
                await self.workspace.fetch_more(ref)
            shown = {t.thread_id: t.read for t in threads.threads}
            assert self.sim.world is not None
            on_server = {
                row["id"]: bool(row["read"])
                for row in self.sim.world._db.execute(
                    "SELECT id, read FROM threads WHERE resolved=0 AND channel='SMS' AND "
                    + ("owner=?" if ref.personal else "owner IS NULL AND service_id=?"),
                    (ref.channel_id,),
                )
            }
            assert shown == on_server


@pytest.fixture
async def world(sim: EmbeddedSimulator) -> World:
    creds = sim.credentials
    lv = new_client(sim, read_timeout=0.6, retry_attempts=2)
    await lv.login(creds.client_code, creds.agent_login, creds.password)
    inbox = Workspace(LiveVoxPlatform(lv), Outbox(LiveVoxPlatform(lv), None, reconcile_delay_s=0))
    channels = await inbox.load_channels()
    mine = next(InboxRef.of(c) for c in channels if c.kind is models.ChannelKind.SMS and c.personal)
    group = next(
        InboxRef.of(c) for c in channels if c.kind is models.ChannelKind.SMS and not c.personal
    )
    for ref in (mine, group):
        await inbox.fetch_more(ref)
        await inbox.fetch_more(ref)
    return World(sim, lv, inbox, SyncEngine(inbox), mine, group)


Step = Callable[[World], Awaitable[Callable[[], Awaitable[None]] | None]]


async def _reads(w: World) -> None:
    return None


def read(call: Callable[[World], Awaitable[object]]) -> Step:
    async def step(w: World) -> Callable[[], Awaitable[None]] | None:
        await call(w)
        return None

    return step


def state_change(ref_of: Callable[[World], InboxRef], act: str) -> Step:
    async def step(w: World) -> Callable[[], Awaitable[None]] | None:
        ref = ref_of(w)
        thread = w.take_thread(ref)
        if act == "unread":
            await w.workspace.set_read(ref, thread, False)
        elif act == "read":
            await w.workspace.set_read(ref, thread.model_copy(update={"read": False}), True)
        elif act == "group":
            await w.workspace.move_to_group(ref, thread)
        elif act == "take":
            await w.workspace.take(ref, thread)
        elif act == "transfer":
            agents = await w.workspace.transfer_agents(thread)
            await w.workspace.transfer(ref, thread, agents[0])
        elif act == "resolve":
            await w.workspace.resolve(ref, thread, account=thread.account or "0", term_code_id=None)
        return None

    return step


def sending(kind: str) -> Step:
    async def step(w: World) -> Callable[[], Awaitable[None]] | None:
        w.counter += 1
        text = f"matrix {kind} {w.counter}"
        outbox = w.workspace.outbox
        if kind == "reply":
            thread = w.take_thread(w.mine)
            await w.workspace.send(w.mine, thread, text, from_number="18005550142")
        else:
            item = await outbox.submit(
                thread_id=None,
                to_number="15550100177",
                from_number="18005550142",
                text=text,
                account="4100177",
            )
            await outbox.deliver(item.id)

        async def exactly_once() -> None:
            for _ in range(3):
                await outbox.flush(force=True)  # the fault is gone: as when the network returns
            item = next(i for i in outbox.items.values() if i.text == text)
            stored = sum(1 for m in w.sim.state()["sent"] if m["message"] == text)
            if item.state is OutboxState.FAILED:
                assert stored == 0 and item.error  # refused, and the agent was told why
            else:
                assert (item.state, stored) == (OutboxState.SENT, 1)

        return exactly_once

    return step


STEPS: dict[str, tuple[str, Step]] = {
    "channels": ("GET /sms/agent/channel", read(lambda w: w.workspace.load_channels())),
    "counts": ("GET /sms/agent/interaction/counts/*", read(lambda w: w.workspace.load_counts())),
    "thread page": (
        "GET /sms/agent/thread/details",
        read(lambda w: w.workspace.refresh_first_page(w.mine)),
    ),
    "history": (
        "GET /sms/agent/messages",
        read(
            lambda w: w.workspace.load_history(
                w.workspace.thread_list(w.mine).threads[0].thread_id or ""
            )
        ),
    ),
    "templates": ("GET /sms/templates", read(lambda w: w.workspace.load_lists())),
    "sms codes": ("GET /sms/codes", read(lambda w: w.workspace.load_lists())),
    "transfer agents": (
        "* /sms/agent/search",
        read(lambda w: w.workspace.transfer_agents(w.workspace.thread_list(w.mine).threads[0])),
    ),
    "mark unread": (
        "PUT /sms/agent/message/markAsUnread",
        state_change(lambda w: w.mine, "unread"),
    ),
    "mark read": ("PUT /sms/agent/message/markAsRead", state_change(lambda w: w.mine, "read")),
    "to group": (
        "PUT /sms/agent/thread/switchGroup/public",
        state_change(lambda w: w.mine, "group"),
    ),
    "take": ("PUT /sms/agent/thread/switchGroup/private", state_change(lambda w: w.group, "take")),
    "transfer": ("GET /sms/agent/thread/transfer", state_change(lambda w: w.mine, "transfer")),
    "resolve": ("POST /sms/agent/thread/resolve", state_change(lambda w: w.mine, "resolve")),
    "reply": ("POST /sms/agent/message/send", sending("reply")),
    "new SMS": ("POST /sms/", sending("new SMS")),
}


@pytest.mark.parametrize("fault", list(FAULTS))
async def test_fault_matrix(world: World, fault: str) -> None:
    outcomes: dict[str, str] = {}
    for name, (target, step) in STEPS.items():
        world.sim.set_faults(f"{target}:{FAULTS[fault]}")
        verify = None
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
        # The app keeps working: the same kind of call succeeds right after.
        await world.sync.tick()
        assert world.sync.health.health is Health.LIVE, (name, world.sync.health)
        if verify is None and name in ("reply", "new SMS"):
            continue
        if verify is not None:
            await verify()
    await world.agree_with_server()
    if fault == "slow body":
        assert set(outcomes.values()) == {"ok"}, outcomes
    else:
        assert any(v != "ok" for v in outcomes.values()), outcomes
    await world.lv.aclose()

"""Every send passes the compliance guard at the moment it leaves, against the real simulator:
an opted-out customer or one in quiet hours gets nothing, and the message is held, not lost."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from inbox_app.core.compliance import Guard, Reason
from inbox_app.core.inbox import InboxRef, customer_number
from inbox_app.core.models import Thread
from inbox_app.core.numbers import e164
from inbox_app.core.outbox import Outbox, OutboxState
from inbox_app.core.platforms.livevox import LiveVoxPlatform
from inbox_app.core.store import LocalStore
from inbox_app.core.workspace import Workspace
from inbox_app.livevox import LiveVoxClient, models
from inbox_app.simulator import EmbeddedSimulator

FROM = "18005550142"


class WallClock:
    """The clock the outbox and the guard read; only the test moves it."""

    def __init__(self, start: datetime) -> None:
        self.at = start

    def now(self) -> datetime:
        return self.at

    def time(self) -> float:
        return self.at.timestamp()


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[LocalStore]:
    opened = await LocalStore.open(tmp_path / "profile" / "local.sqlite3")
    yield opened
    await opened.close()


async def first_thread(workspace: Workspace) -> tuple[InboxRef, Thread, str]:
    await workspace.load_channels()
    channel = next(c for c in workspace.channels if c.kind is models.ChannelKind.SMS and c.personal)
    ref = InboxRef.of(channel)
    await workspace.fetch_more(ref)
    thread = workspace.thread_list(ref).threads[0]
    number = e164(customer_number(thread) or "")
    assert thread.thread_id and number
    return ref, thread, number


def sent(sim: EmbeddedSimulator, text: str) -> int:
    return sum(1 for m in sim.state()["sent"] if m["message"] == text)


def make(lv: LiveVoxClient, store: LocalStore | None, clock: WallClock) -> Workspace:
    platform = LiveVoxPlatform(lv)
    outbox = Outbox(platform, store, clock=clock.time)
    return Workspace(platform, outbox, guard=Guard(), now=clock.now)


def local(number: str, hour: int, minute: int = 0, day: int = 1) -> datetime:
    """That wall-clock time for the customer (the demo's numbers have one zone each)."""
    zone = Guard().check(customer=number, history=[], now=datetime.now(UTC)).zones[0]
    return datetime(2026, 12, day, hour, minute, tzinfo=ZoneInfo(zone))


async def test_a_customer_who_texted_stop_gets_nothing_and_start_lifts_it(
    lv: LiveVoxClient, sim: EmbeddedSimulator, store: LocalStore
) -> None:
    clock = WallClock(datetime(2026, 12, 1, 18, tzinfo=UTC))
    workspace = make(lv, store, clock)
    ref, thread, number = await first_thread(workspace)
    clock.at = local(number, 12)
    queued = await workspace.outbox.submit(
        thread_id=thread.thread_id, to_number=number, from_number=FROM, text="queued before"
    )
    sim.world.inject_inbound({"threadId": thread.thread_id, "message": "Stop texting me please"})

    # The reply and the message queued before the STOP: both held, nothing reached LiveVox.
    item = await workspace.send(ref, thread, "after the stop", from_number=FROM)
    assert (item.state, item.error) == (OutboxState.HELD, Reason.OPTED_OUT)
    (flushed,) = await workspace.outbox.flush(force=True)
    assert (flushed.id, flushed.state, flushed.error) == (
        queued.id,
        OutboxState.HELD,
        Reason.OPTED_OUT,
    )
    assert sent(sim, "after the stop") == sent(sim, "queued before") == 0
    held = {i.id: i for i in await store.outbox()}  # held durably, with the reason
    assert held[item.id].state is OutboxState.HELD and held[item.id].error is Reason.OPTED_OUT
    verdict = workspace.verdict(thread)
    assert verdict is not None and verdict.opted_out_text == "Stop texting me please"

    # A new SMS to the same number, with no thread: held too.
    other = await workspace.send_new(number, "new sms to the opted-out", from_number=FROM)
    assert other.state is OutboxState.HELD and other.error is Reason.OPTED_OUT

    sim.world.inject_inbound({"threadId": thread.thread_id, "message": "START"})
    await workspace.refresh_history(thread.thread_id)
    verdict = workspace.verdict(thread)
    assert verdict is not None and verdict.allowed and verdict.opted_in_at is not None
    retried = await workspace.retry_send(item.id)
    assert retried.state is OutboxState.SENT and sent(sim, "after the stop") == 1


async def test_a_send_at_2140_their_time_is_held_and_goes_out_at_0800(
    lv: LiveVoxClient, sim: EmbeddedSimulator
) -> None:
    clock = WallClock(datetime(2026, 12, 1, 18, tzinfo=UTC))
    workspace = make(lv, None, clock)
    ref, thread, number = await first_thread(workspace)
    clock.at = local(number, 21, 40)
    item = await workspace.send(ref, thread, "late reply", from_number=FROM)
    assert (item.state, item.error) == (OutboxState.HELD, Reason.QUIET_HOURS)
    assert item.send_at == local(number, 8, day=2).timestamp()
    clock.at = local(number, 7, 59, day=2)
    assert await workspace.outbox.flush() == []  # not yet due
    assert sent(sim, "late reply") == 0
    clock.at = local(number, 8, 0, day=2)
    (done,) = await workspace.outbox.flush()
    assert done.state is OutboxState.SENT and sent(sim, "late reply") == 1


async def test_an_opt_out_during_the_night_stops_the_morning_send(
    lv: LiveVoxClient, sim: EmbeddedSimulator
) -> None:
    clock = WallClock(datetime(2026, 12, 1, 18, tzinfo=UTC))
    workspace = make(lv, None, clock)
    ref, thread, number = await first_thread(workspace)
    clock.at = local(number, 22, 5)
    item = await workspace.send(ref, thread, "overnight", from_number=FROM)
    assert item.error is Reason.QUIET_HOURS
    sim.world.inject_inbound({"threadId": thread.thread_id, "message": "BAJA"})
    await workspace.refresh_history(thread.thread_id)  # what sync does for the open thread
    clock.at = local(number, 8, 30, day=2)
    (done,) = await workspace.outbox.flush()
    assert (done.state, done.error, done.send_at) == (OutboxState.HELD, Reason.OPTED_OUT, None)
    assert sent(sim, "overnight") == 0


async def test_the_guard_reads_a_thread_not_opened_in_this_run_before_sending(
    lv: LiveVoxClient, sim: EmbeddedSimulator, store: LocalStore
) -> None:
    """A restart: the message was queued by an earlier run, the STOP came meanwhile."""
    clock = WallClock(datetime(2026, 12, 1, 18, tzinfo=UTC))
    first = make(lv, store, clock)
    _, thread, number = await first_thread(first)
    clock.at = local(number, 12)
    await first.outbox.submit(
        thread_id=thread.thread_id, to_number=number, from_number=FROM, text="from last run"
    )
    sim.world.inject_inbound({"threadId": thread.thread_id, "message": "STOP"})
    platform = LiveVoxPlatform(lv)
    outbox = Outbox(platform, store, clock=clock.time)
    again = Workspace(platform, outbox, guard=Guard(), now=clock.now)
    assert len(await outbox.load()) == 1
    (item,) = await outbox.flush(force=True)
    assert (item.state, item.error) == (OutboxState.HELD, Reason.OPTED_OUT)
    assert sent(sim, "from last run") == 0
    assert again.consent.history(number)[0][1] == "STOP"


@pytest.mark.parametrize(
    ("to", "reason"),
    [("+15555550100", Reason.INVALID_NUMBER), ("+80012345678", Reason.UNKNOWN_TIME_ZONE)],
)
async def test_a_number_that_cannot_be_placed_is_held_never_sent(
    lv: LiveVoxClient, sim: EmbeddedSimulator, to: str, reason: Reason
) -> None:
    clock = WallClock(datetime(2026, 12, 1, 18, tzinfo=UTC))
    workspace = make(lv, None, clock)
    item = await workspace.send_new(to, "to nowhere", from_number=FROM)
    assert (item.state, item.error) == (OutboxState.HELD, reason)
    assert sent(sim, "to nowhere") == 0


async def test_without_a_guard_nothing_is_held(lv: LiveVoxClient, sim: EmbeddedSimulator) -> None:
    """The tests of other things run unguarded; the app always passes a guard (wiring)."""
    clock = WallClock(datetime(2026, 12, 1, 4, tzinfo=UTC))  # night in the US
    platform = LiveVoxPlatform(lv)
    workspace = Workspace(platform, Outbox(platform, None, clock=clock.time), now=clock.now)
    ref, thread, _ = await first_thread(workspace)
    item = await workspace.send(ref, thread, "unguarded", from_number=FROM)
    assert item.state is OutboxState.SENT
    assert workspace.verdict(thread) is None


async def test_a_held_message_survives_a_restart_with_its_time(
    lv: LiveVoxClient, store: LocalStore
) -> None:
    clock = WallClock(datetime(2026, 12, 1, 18, tzinfo=UTC))
    workspace = make(lv, store, clock)
    ref, thread, number = await first_thread(workspace)
    clock.at = local(number, 23, 0)
    item = await workspace.send(ref, thread, "kept overnight", from_number=FROM)
    (kept,) = [i for i in await store.outbox() if i.id == item.id]
    assert kept.state is OutboxState.HELD and kept.error is Reason.QUIET_HOURS
    assert kept.send_at == pytest.approx((local(number, 8, day=2)).timestamp())
    assert kept.send_at - clock.time() == pytest.approx(timedelta(hours=9).total_seconds())


async def test_an_opt_out_is_remembered_across_a_restart_for_a_new_sms(
    lv: LiveVoxClient, sim: EmbeddedSimulator, store: LocalStore
) -> None:
    """A new SMS has no thread to read: the opt-out read in an earlier run is kept."""
    clock = WallClock(datetime(2026, 12, 1, 18, tzinfo=UTC))
    first = make(lv, store, clock)
    _, thread, number = await first_thread(first)
    assert thread.thread_id
    clock.at = local(number, 12)
    sim.world.inject_inbound({"threadId": thread.thread_id, "message": "ALTO"})
    await first.load_history(thread.thread_id)
    again = make(lv, store, clock)  # the next run, on the same profile
    await again.consent.load()
    item = await again.send_new(number, "new run, new sms", from_number=FROM)
    assert (item.state, item.error) == (OutboxState.HELD, Reason.OPTED_OUT)
    assert sent(sim, "new run, new sms") == 0
    await store.clear()  # sign out and clear local data: the record goes too
    assert await store.consents() == []


async def test_a_template_send_is_checked_like_any_other(
    lv: LiveVoxClient, sim: EmbeddedSimulator
) -> None:
    clock = WallClock(datetime(2026, 12, 1, 18, tzinfo=UTC))
    workspace = make(lv, None, clock)
    await workspace.load_lists()
    template = workspace.templates[0]
    ref, thread, number = await first_thread(workspace)
    clock.at = local(number, 6, 45)  # before the customer's morning
    item = await workspace.send(
        ref, thread, template.message, from_number=FROM, template_id=template.id
    )
    assert (item.state, item.error, item.template_id) == (
        OutboxState.HELD,
        Reason.QUIET_HOURS,
        template.id,
    )
    assert item.send_at == local(number, 8).timestamp()  # the same morning
    before = len(sim.state()["sent"])
    clock.at = local(number, 8)
    (done,) = await workspace.outbox.flush()
    assert done.state is OutboxState.SENT and len(sim.state()["sent"]) == before + 1

"""The agent's workflows on Live Link 365, through the one object the UI talks to: a
:class:`Workspace` on :class:`LiveLinkPlatform` (threads kept by core in a LocalThreads file),
its durable outbox and the sync engine, against the real simulator over loopback, all on one
clock that only the test moves.

What is proved here is what the agent sees: threads built from customers' replies (each
once, whatever the overlap of the pull windows, across a restart too), replies that reach
the platform once (the outbox key in ``subject``), delivery reports on the bubbles, a lost
answer settled from the status pull without a second send, and the actions Live Link has no
notion of refused as such.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from inbox_app.core.inbox import InboxRef
from inbox_app.core.local_threads import LocalThreads
from inbox_app.core.models import DeliveryState, Direction, Thread, TransferAgent
from inbox_app.core.numbers import address
from inbox_app.core.outbox import Outbox, OutboxState
from inbox_app.core.outcomes import Action, ActionFailed, PlatformError, Reason
from inbox_app.core.platform import Capability
from inbox_app.core.platforms.livelink import PAGES_PER_PULL, REPORT_WAIT_S, LiveLinkPlatform
from inbox_app.core.store import LocalStore
from inbox_app.core.sync import BACKLOG_INTERVAL_S, Health, SyncEngine
from inbox_app.core.workspace import Workspace
from inbox_app.simulator.livelink.dataset import DEMO_FAILING

from .conftest import MO, SMS, STATUS, FakeClock, RecordingSimulator, new_client

LONG = "+14155550100"  # the demo's long code; its short code is 55501


@dataclass(eq=False)
class App:
    """One run of the app's core on Live Link: what Session.open builds, on the test's clock."""

    workspace: Workspace
    sync: SyncEngine
    platform: LiveLinkPlatform
    store: LocalStore

    @property
    def outbox(self) -> Outbox:
        return self.workspace.outbox

    async def close(self) -> None:
        await self.workspace.close()  # the client and the local threads
        await self.store.close()


async def open_app(
    sim: RecordingSimulator, clock: FakeClock, folder: Path, **client: object
) -> App:
    """The app started on ``folder`` (its threads file and its outbox), signed in to ``sim``."""
    threads = await LocalThreads.open(folder / "threads.sqlite3")
    platform = LiveLinkPlatform(
        new_client(sim, clock, **client),
        threads,
        numbers=sim.credentials.numbers,
        app_key=sim.credentials.app_key,
        clock=clock,
    )
    store = await LocalStore.open(folder / "local.sqlite3")
    outbox = Outbox(platform, store, clock=clock, reconcile_delay_s=0)
    await outbox.load()
    workspace = Workspace(platform, outbox)
    return App(workspace, SyncEngine(workspace), platform, store)


@pytest.fixture
async def app(demo: RecordingSimulator, clock: FakeClock, tmp_path: Path) -> AsyncIterator[App]:
    opened = await open_app(demo, clock, tmp_path)
    yield opened
    await opened.close()


def ref_of(app: App, number: str) -> InboxRef:
    key = address(number)
    return next(InboxRef.of(c) for c in app.workspace.channels if c.channel_id == key)


async def all_threads(app: App, ref: InboxRef) -> list[Thread]:
    """Every thread of an inbox, from page one (the lists in the workspace are the UI's)."""
    out: list[Thread] = []
    page = 1
    while batch := await app.platform.threads(ref, page):
        out += batch
        page += 1
    return out


async def thread_with(app: App, number: str, customer: str) -> Thread:
    thread_id = await app.platform.local.thread_of(number, customer)
    assert thread_id is not None, f"no thread with {customer}"
    threads = await all_threads(app, ref_of(app, number))
    return next(t for t in threads if t.thread_id == thread_id)


async def texts(app: App, thread_id: str | None) -> list[str]:
    assert thread_id is not None
    return [m.message for m in reversed(await app.workspace._history_page(thread_id, 1))]


def customers(sim: RecordingSimulator) -> dict[str, set[str]]:
    """Our number -> the customers who wrote to it, as the simulator holds them."""
    assert sim.world is not None
    out: dict[str, set[str]] = {}
    for customer, ours in sim.world.customer_phones():
        out.setdefault(ours, set()).add(customer)
    return out


def mo_count(sim: RecordingSimulator) -> int:
    return int(sim.state()["mo"])


async def inbound_count(app: App) -> int:
    """Every customer message in the local threads, over every inbox."""
    total = 0
    for channel in app.workspace.channels:
        for thread in await all_threads(app, InboxRef.of(channel)):
            assert thread.thread_id is not None
            history = await app.platform.history(thread.thread_id, 1)
            total += sum(1 for m in history if m.direction is Direction.INBOUND)
    return total


def stored_with_subject(sim: RecordingSimulator, subject: str) -> list[dict[str, object]]:
    return [m for m in sim.sent() if m["subject"] == subject]


# --- threads from the pulls ---------------------------------------------------------------------


async def test_the_first_pull_builds_the_threads_and_a_second_adds_nothing_twice(
    app: App, demo: RecordingSimulator, clock: FakeClock
) -> None:
    # A reply that arrives as we start: the next pull's window overlaps it again.
    demo.inject_mo("+13125550191", "Just now", recipient=LONG)
    channels = await app.workspace.load_channels()
    expected = customers(demo)
    assert {c.channel_id for c in channels} == set(demo.credentials.numbers) == set(expected)
    for channel in channels:
        ref = InboxRef.of(channel)
        threads = await all_threads(app, ref)
        wrote = expected[channel.channel_id]
        assert {t.from_ for t in threads} == wrote  # one thread per customer, keyed by E.164
        assert (channel.total_count, channel.unread_count) == (len(wrote), len(wrote))
        assert all(t.read is False and t.sms_inbound for t in threads)  # nobody answered yet
    assert await inbound_count(app) == mo_count(demo)
    pulls = app.platform.pulls

    clock.advance(30)  # the next round's window starts 2 minutes before the last one ended
    again = await app.workspace.load_channels()
    assert app.platform.pulls == pulls + 1
    assert demo.calls("GET", MO)[-1] == 200
    assert [(c.channel_id, c.total_count, c.unread_count) for c in again] == [
        (c.channel_id, c.total_count, c.unread_count) for c in channels
    ]
    assert await inbound_count(app) == mo_count(demo)  # "Just now" was read twice, kept once
    thread = await thread_with(app, LONG, "+13125550191")
    assert await texts(app, thread.thread_id) == ["Just now"]


async def test_two_spellings_of_a_customers_number_are_one_thread(
    app: App, demo: RecordingSimulator, clock: FakeClock
) -> None:
    await app.workspace.load_channels()
    ref = ref_of(app, LONG)
    before = len(await all_threads(app, ref))
    item = await app.workspace.send_new("(312) 555-0142", "Hello from support", from_number=LONG)
    assert item.state is OutboxState.SENT
    clock.advance(60)
    demo.inject_mo("13125550142", "Thanks!", recipient=LONG)  # no +: as some carriers send it
    demo.inject_mo("+1 312 555 0142", "One more thing", recipient=LONG)
    await app.workspace.load_channels()
    threads = await all_threads(app, ref)
    assert len(threads) == before + 1
    thread = await thread_with(app, LONG, "+13125550142")
    assert await texts(app, thread.thread_id) == ["Hello from support", "Thanks!", "One more thing"]
    assert thread.read is False  # the customer wrote back


async def test_resume_after_a_restart_reads_what_came_while_closed_once(
    demo: RecordingSimulator, clock: FakeClock, tmp_path: Path
) -> None:
    first = await open_app(demo, clock, tmp_path)
    # Arrives as the app closes: the first window after the restart overlaps it again.
    demo.inject_mo("+13125550191", "Right before closing", recipient=LONG)
    await first.workspace.load_channels()
    seen = await inbound_count(first)
    assert seen == mo_count(demo) > 0
    customer, other = sorted(customers(demo)[LONG])[:2]
    old = await thread_with(first, LONG, other)
    old_texts = await texts(first, old.thread_id)
    await first.close()

    clock.advance(5 * 3600)  # the app stays closed for five hours (Live Link keeps 72)
    while_closed = int((clock() - 3600) * 1000)
    demo.inject_mo(customer, "Are you there?", recipient=LONG, received_at=while_closed)

    second = await open_app(demo, clock, tmp_path)
    try:
        await second.workspace.load_channels()
        assert await inbound_count(second) == seen + 1
        thread = await thread_with(second, LONG, customer)
        assert (await texts(second, thread.thread_id)).count("Are you there?") == 1
        assert thread.details == "Are you there?" and thread.read is False
        assert await texts(second, old.thread_id) == old_texts  # none twice
        # The resumed window starts where the last one ended (less the overlap), not 72 h back.
        clock.advance(60)
        await second.workspace.load_channels()
        assert await inbound_count(second) == seen + 1
    finally:
        await second.close()


# --- replies, delivery reports, and the outbox -------------------------------------------------


async def first_thread(app: App, number: str = LONG) -> tuple[InboxRef, Thread]:
    await app.workspace.load_channels()
    ref = ref_of(app, number)
    await app.workspace.fetch_more(ref)
    thread = app.workspace.thread_list(ref).threads[0]
    assert thread.thread_id is not None
    return ref, thread


async def test_a_reply_is_stored_once_with_its_key_and_is_then_delivered(
    app: App, demo: RecordingSimulator, clock: FakeClock
) -> None:
    ref, thread = await first_thread(app)
    demo.forget_seen()
    item = await app.workspace.send(ref, thread, "We are on it.", from_number=ref.channel_id)
    assert item.state is OutboxState.SENT
    assert demo.calls("POST", SMS) == [200]
    [stored] = stored_with_subject(demo, item.id)  # the outbox key travels in subject
    assert stored["message"] == "We are on it." and stored["phone"] == thread.from_
    assert stored["origin"] == LONG
    assert item.transaction_id == stored["orderId"]
    assert app.outbox.items[item.id].state is OutboxState.SENT
    history = await app.platform.history(thread.thread_id or "", 1)
    assert (history[0].id, history[0].message) == (stored["orderId"], "We are on it.")
    assert history[0].status == DeliveryState.SENT

    clock.advance(3)  # past the simulator's delivery delay (2 s)
    await app.workspace.load_channels()
    history = await app.platform.history(thread.thread_id or "", 1)
    assert history[0].status == DeliveryState.DELIVERED
    assert len(stored_with_subject(demo, item.id)) == 1
    replied = app.workspace.thread_list(ref).threads[0]
    assert replied.thread_id == thread.thread_id and replied.replied


@pytest.mark.parametrize("failing", DEMO_FAILING)
async def test_a_failing_destination_ends_failed(
    app: App, demo: RecordingSimulator, clock: FakeClock, failing: str
) -> None:
    await app.workspace.load_channels()
    item = await app.workspace.send_new(failing, "Your bill is ready.", from_number=LONG)
    assert item.state is OutboxState.SENT
    thread = await thread_with(app, LONG, failing)
    assert (await app.platform.history(thread.thread_id or "", 1))[0].status == "sent"
    clock.advance(3)
    await app.workspace.load_channels()
    [message] = await app.platform.history(thread.thread_id or "", 1)
    assert message.status == DeliveryState.FAILED
    assert len(stored_with_subject(demo, item.id)) == 1


async def test_a_lost_answer_is_found_in_the_reports_and_not_sent_again(
    app: App, demo: RecordingSimulator, clock: FakeClock
) -> None:
    ref, thread = await first_thread(app)
    demo.set_faults(f"POST {SMS}:drop=1")  # the platform stores it; the answer is cut
    item = await app.workspace.send(ref, thread, "Did this arrive?", from_number=ref.channel_id)
    assert item.state is OutboxState.UNKNOWN
    assert len(stored_with_subject(demo, item.id)) == 1
    demo.clear_faults()
    demo.forget_seen()
    clock.advance(5)
    [settled] = await app.outbox.flush()
    assert settled.state is OutboxState.SENT
    assert demo.calls("POST", SMS) == []  # looked up, not sent again
    assert demo.calls("GET", STATUS)
    [stored] = stored_with_subject(demo, item.id)
    assert settled.transaction_id == stored["orderId"]
    history = await app.platform.history(thread.thread_id or "", 1)
    assert [m.message for m in history].count("Did this arrive?") == 1
    assert history[0].id == stored["orderId"]


@pytest.mark.parametrize("status", [500, 503])
async def test_a_send_the_platform_never_got_is_left_to_the_agent_never_resent(
    app: App, demo: RecordingSimulator, clock: FakeClock, status: int
) -> None:
    """A 5xx answered without acting: to the client the outcome is unknown (a 5xx may come
    after the platform stored it), so it is looked up; not in the reports it is 'not
    reported yet', and after REPORT_WAIT_S 'may have been sent': the agent decides."""
    ref, thread = await first_thread(app)
    demo.set_faults(f"POST {SMS}:error=1@{status}")
    demo.forget_seen()
    item = await app.workspace.send(ref, thread, "Lost in the gateway", from_number=LONG)
    assert item.state is OutboxState.UNKNOWN
    assert demo.calls("POST", SMS) == [status]
    assert stored_with_subject(demo, item.id) == []
    demo.clear_faults()

    clock.advance(10)
    [checked] = await app.outbox.flush(force=True)
    assert checked.state is OutboxState.UNKNOWN  # not reported yet: checked again later
    retry_at = app.outbox.retry_at(item.id)
    assert retry_at is not None and retry_at > clock()
    with pytest.raises(PlatformError) as not_yet:
        await app.platform.find_sent(checked, set())
    assert not_yet.value.reason is Reason.NOT_REPORTED_YET

    clock.advance(REPORT_WAIT_S)
    [decided] = await app.outbox.flush(force=True)
    assert decided.state is OutboxState.FAILED
    assert decided.error is Reason.MAY_HAVE_BEEN_SENT
    assert await app.outbox.flush(force=True) == []  # failed is not open: nothing goes out
    assert demo.calls("POST", SMS) == [status]  # never resent
    assert stored_with_subject(demo, item.id) == []


# --- new conversations, read state, what Live Link cannot do ----------------------------------


async def test_a_new_sms_begins_a_thread(app: App, demo: RecordingSimulator) -> None:
    await app.workspace.load_channels()
    ref = ref_of(app, LONG)
    total = next(c.total_count for c in app.workspace.channels if InboxRef.of(c) == ref)
    assert await app.platform.local.thread_of(LONG, "+13125550177") is None
    item = await app.workspace.send_new(
        "312-555-0177", "Your appointment is on Tuesday.", from_number=LONG
    )
    assert item.state is OutboxState.SENT and item.thread_id is None
    channels = await app.workspace.load_channels()
    channel = next(c for c in channels if InboxRef.of(c) == ref)
    assert channel.total_count == (total or 0) + 1
    thread = await thread_with(app, LONG, "+13125550177")
    assert thread.read is True and thread.replied  # ours: nothing to read
    assert await texts(app, thread.thread_id) == ["Your appointment is on Tuesday."]
    assert len(stored_with_subject(demo, item.id)) == 1


async def test_read_and_unread_are_local_and_survive_a_reopen(
    demo: RecordingSimulator, clock: FakeClock, tmp_path: Path
) -> None:
    first = await open_app(demo, clock, tmp_path)
    ref, thread = await first_thread(first)
    unread = next(c.unread_count for c in first.workspace.channels if InboxRef.of(c) == ref)
    demo.forget_seen()
    await first.workspace.set_read(ref, thread, True)
    assert demo.seen == []  # nothing on the wire: read state is ours
    other = first.workspace.thread_list(ref).threads[1]
    await first.workspace.set_read(ref, other, True)
    await first.workspace.set_read(ref, other, False)
    channel = next(c for c in first.workspace.channels if InboxRef.of(c) == ref)
    assert channel.unread_count == (unread or 0) - 1
    await first.close()

    second = await open_app(demo, clock, tmp_path)
    try:
        channels = await second.workspace.load_channels()
        assert next(c.unread_count for c in channels if InboxRef.of(c) == ref) == (unread or 0) - 1
        by_id = {t.thread_id: t for t in await all_threads(second, ref)}
        assert by_id[thread.thread_id].read is True
        assert by_id[other.thread_id].read is False
    finally:
        await second.close()


@pytest.mark.parametrize(
    ("action", "capability"),
    [
        (Action.TRANSFER, Capability.TRANSFER),
        (Action.RESOLVE, Capability.RESOLVE),
        (Action.TAKE, Capability.GROUP_INBOX),
        (Action.TO_GROUP, Capability.GROUP_INBOX),
    ],
)
async def test_what_live_link_cannot_do_is_refused_as_such(
    app: App, demo: RecordingSimulator, action: Action, capability: Capability
) -> None:
    ref, thread = await first_thread(app)
    assert not app.workspace.can(capability)
    assert app.workspace.can(Capability.CHECK_BEFORE_RESEND)
    assert app.workspace.can(Capability.DELIVERY_STATUS)
    listed = [t.thread_id for t in app.workspace.thread_list(ref).threads]
    demo.forget_seen()
    calls = {
        Action.TRANSFER: lambda: app.workspace.transfer(
            ref, thread, TransferAgent(agent_id="2", login_id="agent2")
        ),
        Action.RESOLVE: lambda: app.workspace.resolve(ref, thread, account="1", term_code_id=None),
        Action.TAKE: lambda: app.workspace.take(ref, thread),
        Action.TO_GROUP: lambda: app.workspace.move_to_group(ref, thread),
    }
    with pytest.raises(ActionFailed) as caught:
        await calls[action]()
    assert caught.value.action is action
    assert caught.value.error.reason is Reason.NOT_SUPPORTED
    assert not caught.value.error.unknown_outcome
    assert [t.thread_id for t in app.workspace.thread_list(ref).threads] == listed  # put back
    assert app.workspace.take_stale() == set()
    assert demo.seen == []


# --- sync: trouble on the pulls ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        ("error=1@429:retry-after=7", Reason.RATE_LIMITED),
        ("error=1@500", Reason.SERVER_TROUBLE),
        ("error=1@503", Reason.SERVER_TROUBLE),
        ("malformed=1", Reason.UNREADABLE_ANSWER),
    ],
)
async def test_trouble_on_the_reply_pull_is_reported_and_nothing_is_lost(
    demo: RecordingSimulator, clock: FakeClock, tmp_path: Path, fault: str, reason: Reason
) -> None:
    app = await open_app(demo, clock, tmp_path, retry_attempts=1)  # 503s are not retried here
    try:
        sync = app.sync
        await sync.tick()
        ref = ref_of(app, LONG)
        await app.workspace.fetch_more(ref)
        sync.visible_inbox = ref
        await sync.tick()  # the first look
        assert sync.health.health is Health.LIVE
        before = await inbound_count(app)

        demo.set_faults(f"GET {MO}:{fault}")
        clock.advance(60)
        demo.inject_mo("+13125550161", "Hello? Anyone?", recipient=LONG)
        first = await sync.tick()
        clock.advance(60)
        demo.inject_mo("+13125550161", "Still waiting", recipient=LONG)
        second = await sync.tick()
        assert sync.health.health is Health.RETRYING
        assert sync.health.problem is not None and sync.health.problem.reason is reason
        if "429" in fault:
            assert first == second == 7  # the platform's Retry-After
        else:
            assert second > first  # backing off
        assert await inbound_count(app) == before  # nothing half-recorded

        demo.clear_faults()
        clock.advance(60)
        assert await sync.tick() == sync.active_interval_s
        assert sync.health.health is Health.LIVE
        assert await inbound_count(app) == before + 2  # both, once each
        thread = await thread_with(app, LONG, "+13125550161")
        assert await texts(app, thread.thread_id) == ["Hello? Anyone?", "Still waiting"]
        assert app.workspace.thread_list(ref).threads[0].thread_id == thread.thread_id
    finally:
        await app.close()


async def test_a_delivery_report_reaches_the_open_conversation(
    app: App, demo: RecordingSimulator, clock: FakeClock
) -> None:
    """A report moves no thread (its last activity stays), yet the open bubble must change."""
    sync = app.sync
    ref, thread = await first_thread(app)
    assert thread.thread_id is not None
    sync.visible_inbox = ref
    await sync.tick()  # the first look
    conversation = await app.workspace.load_history(thread.thread_id)
    sync.open_thread_id = thread.thread_id
    item = await app.workspace.send(ref, thread, "On its way.", from_number=LONG)
    await sync.tick()  # the send moved the thread: its history is read again
    last = conversation.entries[len(conversation.entries) - 1]
    assert (last.text, last.status) == ("On its way.", DeliveryState.SENT)
    assert last.transaction_id == item.transaction_id

    clock.advance(3)
    await sync.tick()
    last = conversation.entries[len(conversation.entries) - 1]
    assert (last.text, last.status) == ("On its way.", DeliveryState.DELIVERED)
    assert [e.text for e in conversation.entries].count("On its way.") == 1


async def test_a_backlog_is_worked_off_over_quick_rounds(
    sim: RecordingSimulator, clock: FakeClock, tmp_path: Path
) -> None:
    """A first sign-in (or a long weekend) finds thousands of replies waiting: the first
    round stops after PAGES_PER_PULL pages so the inbox shows at once, says so, and the
    next rounds — at once, not after the idle interval — go on where it stopped."""
    waiting = PAGES_PER_PULL * 10 + 45  # 10 a page: one pull cannot take them all
    start = clock.t - 3 * 3600
    for n in range(waiting):
        at = datetime.fromtimestamp(start + n * 10, UTC).isoformat()  # one every 10 s
        sim.inject_mo(f"+1312555{n % 10000:04d}", f"reply {n}", recipient=LONG, received_at=at)
    app = await open_app(sim, clock, tmp_path)
    try:
        delay = await app.sync.tick()
        first = await app.platform.local.inboxes()
        assert app.workspace.backlog and delay == BACKLOG_INTERVAL_S
        assert 0 < sum(c.total_count or 0 for c in first) < waiting
        rounds = 1
        while app.workspace.backlog:
            await app.sync.tick()
            rounds += 1
            assert rounds < 10, "the backlog does not shrink"
        counted = await app.platform.local.inboxes()
        assert sum(c.total_count or 0 for c in counted) == len({n % 10000 for n in range(waiting)})
        replies = 0
        for ref in (InboxRef.of(c) for c in counted):
            for thread in await all_threads(app, ref):
                replies += len(await app.workspace._history_page(thread.thread_id or "", 1))
        assert replies == waiting  # every reply once, none twice
        assert await app.sync.tick() != BACKLOG_INTERVAL_S  # caught up: the normal pace
    finally:
        await app.close()

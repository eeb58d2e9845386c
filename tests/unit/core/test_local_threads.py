"""The inbox's own threads for platforms that keep none: keyed by number, ordered, counted,
de-duplicated, with delivery states and poll cursors that survive a restart."""

from __future__ import annotations

import sqlite3
import stat
import threading
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from inbox_app.core import local_threads as module
from inbox_app.core.local_threads import Inbound, LocalThreads, Recorded, dedup_key
from inbox_app.core.models import DeliveryState, Direction
from inbox_app.core.numbers import address, e164, label
from inbox_app.core.thread_table import customer_number, our_number

OURS = "+13125550100"
DANA = "+13125550101"
LEE = "+13125550102"
T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[LocalThreads]:
    threads = await LocalThreads.open(tmp_path / "profile" / "threads.sqlite3")
    yield threads
    await threads.close()


# --- numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "tel:+13125550101",
        "TEL: +1-312-555-0101",
        "+1 (312) 555-0101",
        "13125550101",
        "3125550101",
        "(312) 555-0101",
        "+13125550101",
    ],
)
def test_every_spelling_of_a_number_is_one_e164(text: str) -> None:
    assert e164(text) == DANA
    assert address(text) == DANA


def test_fictional_555_numbers_and_other_regions() -> None:
    assert e164("15550100123") == "+15550100123"  # possible, though in no allocated range
    assert e164("020 7946 0018", "GB") == "+442079460018"
    assert e164("919876543210") == "+919876543210"  # an MSISDN sent without its +


@pytest.mark.parametrize("text", ["", "   ", "tel:", "12", "+1 312 555 01", "ACME", "+999123456"])
def test_what_is_not_a_phone_number_has_no_e164(text: str) -> None:
    assert e164(text) is None


def test_short_codes_and_sender_ids_are_kept_as_digits_or_text() -> None:
    assert address("55501") == "55501"
    assert address("555-01") == "55501"
    assert address("43005") == "43005"  # not read as +43 005
    assert address("ACME") == "ACME"
    assert address("  Acme   Bank ") == "Acme Bank"
    assert address("") is None
    for text in ("55501", "ACME", "+1 (312) 555-0101", "555-01"):
        assert address(address(text) or "") == address(text)  # idempotent
    assert label("+13125550101") == "+1 312-555-0101"
    assert label("55501") == "55501"


# --- threads ---------------------------------------------------------------------------------


async def test_a_thread_is_ours_and_the_customer_whatever_the_spelling(
    store: LocalThreads,
) -> None:
    first = await store.record_outbound(
        "312-555-0100", "+1 (312) 555-0101", "Your balance is due", at(0), outbox_id="o1"
    )
    reply = await store.record_inbound("tel:+13125550100", "13125550101", "Paid", at(1), "k1")
    other_number = await store.record_inbound("55501", "3125550101", "STOP", at(2), "k2")
    assert first.new_thread and first.thread_id.startswith("sms-")
    assert reply == Recorded(first.thread_id, reply.message_id, new_thread=False)
    assert other_number is not None and other_number.new_thread
    assert other_number.thread_id != first.thread_id
    assert DANA not in first.thread_id  # a log line naming a thread does not name a number
    assert await store.thread_of("(312) 555-0100", "tel:+13125550101") == first.thread_id
    assert await store.thread_of(OURS, LEE) is None

    [thread] = await store.threads("3125550100")
    assert thread.thread_id == first.thread_id
    assert thread.kind.value == "SMS" and thread.channel_id == OURS
    assert customer_number(thread) == DANA and our_number(thread) == OURS
    assert (thread.from_, thread.to, thread.direction) == (DANA, OURS, Direction.INBOUND)
    assert thread.details == "Paid" and thread.date == at(1)
    assert thread.last_activity == at(1) and thread.last_activity.tzinfo is not None
    assert thread.read is False and thread.replied is False

    [short] = await store.threads("55501")
    assert customer_number(short) == DANA and our_number(short) == "55501"


async def test_threads_come_newest_activity_first_in_pages(store: LocalThreads) -> None:
    customers = [f"+1312555{n:04d}" for n in range(200, 207)]
    for minute, customer in enumerate(customers):
        await store.record_inbound(OURS, customer, f"hi {minute}", at(minute), f"k{minute}")
    # A late reply moves the oldest thread to the top; a message stamped earlier than its
    # thread's last one (a poll that came late) does not change the thread's place.
    await store.record_outbound(OURS, customers[0], "thanks", at(10), outbox_id="o1")
    await store.record_inbound(OURS, customers[1], "older", at(0.5), "late")

    page1 = await store.threads(OURS, 1, 3)
    page2 = await store.threads(OURS, 2, 3)
    page3 = await store.threads(OURS, 3, 3)
    order = [customer_number(t) for t in page1 + page2 + page3]
    assert order == [customers[0], *reversed(customers[1:])][:7]
    assert page1[0].details == "thanks" and page1[0].replied and page1[0].date == at(10)
    assert (page1[0].from_, page1[0].to) == (OURS, customers[0])
    assert page3[0].details == "hi 1"  # its last message is still the later one
    assert len(page3) == 1 and await store.threads(OURS, 4, 3) == []
    assert await store.threads("+19999999999") == []
    with pytest.raises(ValueError):
        await store.threads(OURS, 0)


async def test_inboxes_count_threads_and_unread(store: LocalThreads) -> None:
    await store.record_inbound(OURS, DANA, "one", at(0), "k1")
    await store.record_inbound(OURS, DANA, "two", at(1), "k2")
    await store.record_inbound(OURS, LEE, "three", at(2), "k3")
    await store.record_outbound("55501", DANA, "promo", at(3), outbox_id="o1")
    await store.add_inbox("ACME")

    inboxes = {c.channel_id: c for c in await store.inboxes()}
    assert set(inboxes) == {OURS, "55501", "ACME"}
    main = inboxes[OURS]
    assert (main.kind.value, main.personal, main.channel_name) == ("SMS", True, "+1 312-555-0100")
    assert (main.total_count, main.unread_count) == (2, 2)
    assert (inboxes["55501"].total_count, inboxes["55501"].unread_count) == (1, 0)
    assert (inboxes["ACME"].total_count, inboxes["ACME"].unread_count) == (0, 0)

    thread = await store.thread_of(OURS, DANA)
    assert thread is not None
    await store.set_read(thread, True)
    counts = {c.channel_id: c.unread_count for c in await store.inboxes()}
    assert counts[OURS] == 1


async def test_inbound_makes_a_thread_unread_and_outbound_leaves_it(store: LocalThreads) -> None:
    sent = await store.record_outbound(OURS, DANA, "hello", at(0), outbox_id="o1")
    [thread] = await store.threads(OURS)
    assert thread.read is True and thread.replied is True  # nothing to read in our own send

    await store.record_inbound(OURS, DANA, "who is this?", at(1), "k1")
    [thread] = await store.threads(OURS)
    assert thread.read is False and thread.replied is False

    await store.set_read(sent.thread_id, True)
    await store.record_outbound(OURS, DANA, "your bank", at(2), outbox_id="o2")
    [thread] = await store.threads(OURS)
    assert thread.read is True and thread.replied is True

    await store.set_read(sent.thread_id, False)
    [thread] = await store.threads(OURS)
    assert thread.read is False

    await store.set_account(sent.thread_id, "ACC-42")
    [thread] = await store.threads(OURS)
    assert thread.account == "ACC-42" and thread.contact_info is not None
    assert thread.contact_info.original_account_number == "ACC-42"


async def test_history_is_newest_first_in_pages(store: LocalThreads) -> None:
    recorded = [
        await store.record_inbound(OURS, DANA, f"in {i}", at(2 * i), f"k{i}") for i in range(3)
    ]
    out = await store.record_outbound(
        OURS, DANA, "out", at(1), outbox_id="o1", delivery=DeliveryState.QUEUED
    )
    thread_id = out.thread_id

    first = await store.history(thread_id, 1, 3)
    second = await store.history(thread_id, 2, 3)
    assert [m.message for m in first + second] == ["in 2", "in 1", "out", "in 0"]
    assert await store.history(thread_id, 3, 3) == []
    assert await store.history("sms-nothing") == []

    newest = first[0]
    assert recorded[2] is not None and newest.id == recorded[2].message_id
    assert (newest.phone, newest.sms_code, newest.thread_id) == (DANA, OURS, thread_id)
    assert newest.direction is Direction.INBOUND and newest.status is None
    assert newest.date == at(4)
    ours = first[2]
    assert ours.direction is Direction.OUTBOUND and ours.status == DeliveryState.QUEUED
    assert ours.id == out.message_id
    assert len({m.id for m in first + second}) == 4


async def test_a_duplicate_inbound_is_stored_once_even_after_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "threads.sqlite3"
    store = await LocalThreads.open(path)
    key = dedup_key("tel:+13125550101", "3125550100", "2026-03-01T12:00:00+00:00", "Paid")
    assert key == dedup_key("tel:+13125550101", "3125550100", "2026-03-01T12:00:00+00:00", "Paid")
    assert key != dedup_key("tel:+13125550101", "3125550100", "2026-03-01T12:00:00+00:0", "0Paid")
    assert await store.record_inbound(OURS, DANA, "Paid", at(0), key) is not None
    assert await store.record_inbound(OURS, DANA, "Paid", at(0), key) is None
    batch = [Inbound(OURS, DANA, "Paid", at(0), key), Inbound(OURS, LEE, "hi", at(1), "k2")]
    batch.append(Inbound(OURS, LEE, "hi", at(1), "k2"))  # twice in one batch
    assert [r.message_id for r in await store.record_inbound_many(batch)] == [
        (await store.history((await store.thread_of(OURS, LEE)) or ""))[0].id
    ]
    await store.close()

    reopened = await LocalThreads.open(path)
    assert await reopened.record_inbound(OURS, DANA, "Paid", at(0), key) is None
    thread_id = await reopened.thread_of(OURS, DANA)
    assert thread_id is not None
    assert [m.message for m in await reopened.history(thread_id)] == ["Paid"]
    assert sum(c.total_count or 0 for c in await reopened.inboxes()) == 2
    await reopened.close()


async def test_a_bad_number_in_a_batch_records_nothing(store: LocalThreads) -> None:
    batch = [Inbound(OURS, DANA, "fine", at(0), "k1"), Inbound(OURS, "  ", "bad", at(1), "k2")]
    with pytest.raises(ValueError, match="customer number"):
        await store.record_inbound_many(batch)
    assert await store.inboxes() == []
    assert await store.record_inbound(OURS, DANA, "fine", at(0), "k1") is not None


# --- delivery and lost sends -----------------------------------------------------------------


async def test_delivery_reports_update_an_outbound_by_its_platform_id(
    store: LocalThreads,
) -> None:
    queued = await store.record_outbound(
        OURS, DANA, "hello", at(0), outbox_id="o1", delivery=DeliveryState.QUEUED
    )
    assert queued.message_id.startswith("local-")
    # The platform answered: the same outbox item again, now with its ids.
    sent = await store.record_outbound(
        OURS, DANA, "hello", at(0), outbox_id="o1", platform_ids=("p1", "p2")
    )
    assert sent == Recorded(queued.thread_id, "p1", new_thread=False)

    async def status() -> str | None:
        return (await store.history(sent.thread_id))[0].status

    assert await status() == DeliveryState.SENT
    assert await store.set_delivery("p1", DeliveryState.DELIVERED, at(1)) == sent.thread_id
    assert await status() == DeliveryState.SENT  # one part of two delivered
    assert await store.set_delivery("p2", DeliveryState.DELIVERED, at(1)) == sent.thread_id
    assert await status() == DeliveryState.DELIVERED
    await store.set_delivery("p2", DeliveryState.SENT, at(2))  # late and out of order
    assert await status() == DeliveryState.DELIVERED
    await store.set_delivery("p2", DeliveryState.FAILED, at(3))
    assert await status() == DeliveryState.FAILED
    assert len(await store.history(sent.thread_id)) == 1


async def test_a_report_that_overtakes_its_send_is_applied_when_the_send_is_recorded(
    store: LocalThreads,
) -> None:
    assert await store.set_delivery("p9", DeliveryState.DELIVERED, at(1)) is None
    sent = await store.record_outbound(OURS, LEE, "hi", at(0), outbox_id="o9", platform_ids=["p9"])
    [message] = await store.history(sent.thread_id)
    assert message.id == "p9" and message.status == DeliveryState.DELIVERED


async def test_find_outbound_by_outbox_id_platform_id_or_content(store: LocalThreads) -> None:
    sent = await store.record_outbound(
        OURS, DANA, "Your code is 1234", at(5), outbox_id="o1", platform_ids=("p1",)
    )
    elsewhere = await store.record_outbound(
        OURS, LEE, "Reminder", at(6), outbox_id=None, platform_ids=("p2",)
    )
    assert await store.find_outbound(outbox_id="o1") == sent.message_id == "p1"
    assert await store.find_outbound(outbox_id="nope") is None
    assert await store.find_outbound(platform_ids=("zz", "p2")) == elsewhere.message_id
    assert await store.find_outbound(customer="3125550101", text="Your code is 1234") == "p1"
    found = await store.find_outbound(customer=DANA, text="Your code is 1234", since=at(5))
    assert found == "p1"
    assert await store.find_outbound(customer=DANA, text="Your code is 1234", since=at(6)) is None
    assert await store.find_outbound(customer=DANA, text="Other text") is None
    # Looking for outbox item o2's lost send: o1's message is o1's, not o2's.
    assert (
        await store.find_outbound(outbox_id="o2", customer=DANA, text="Your code is 1234") is None
    )
    assert await store.find_outbound(outbox_id="o3", customer=LEE, text="Reminder") == "p2"
    with pytest.raises(ValueError):
        await store.find_outbound(customer=DANA)


# --- cursors, files, restart -----------------------------------------------------------------


async def test_cursors_and_threads_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "threads.sqlite3"
    store = await LocalThreads.open(path)
    assert await store.cursor("livelink.mo") is None
    await store.set_cursor("livelink.mo", "2026-03-01T12:00")
    await store.set_cursor("livelink.mo", "2026-03-01T12:01")
    recorded = await store.record_inbound(OURS, DANA, "hi", at(0), "k1")
    await store.close()

    reopened = await LocalThreads.open(path)
    assert await reopened.cursor("livelink.mo") == "2026-03-01T12:01"
    assert recorded is not None
    assert await reopened.thread_of(OURS, DANA) == recorded.thread_id
    await reopened.clear()
    assert await reopened.cursor("livelink.mo") is None and await reopened.inboxes() == []
    await reopened.close()


async def test_the_file_is_private_and_its_schema_versioned(tmp_path: Path) -> None:
    folder = tmp_path / "profile"
    path = folder / "threads.sqlite3"
    store = await LocalThreads.open(path)
    await store.record_inbound(OURS, DANA, "hi", at(0), "k1")
    await store.close()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for side in folder.glob("threads.sqlite3-*"):
        assert stat.S_IMODE(side.stat().st_mode) == 0o600
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (module.SCHEMA_VERSION,)
        db.execute(f"PRAGMA user_version={module.SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(RuntimeError, match="newer version"):
        await LocalThreads.open(path)


async def test_in_memory_for_tests() -> None:
    store = await LocalThreads.open(None)
    await store.record_inbound(OURS, DANA, "hi", at(0), "k1")
    assert [c.total_count for c in await store.inboxes()] == [1]
    await store.close()
    with pytest.raises(RuntimeError):
        await store.inboxes()


async def test_sqlite_and_number_parsing_run_only_on_the_worker_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sql_threads: set[int] = set()
    parse_threads: set[int] = set()
    connect = sqlite3.connect

    def spying_connect(*args: object, **kwargs: object) -> sqlite3.Connection:
        db = connect(*args, **kwargs)  # type: ignore[arg-type]
        db.set_trace_callback(lambda _sql: sql_threads.add(threading.get_ident()))
        sql_threads.add(threading.get_ident())
        return db

    real_address = module.address

    def spying_address(text: str, region: str = "US") -> str | None:
        parse_threads.add(threading.get_ident())
        return real_address(text, region)

    monkeypatch.setattr(module.sqlite3, "connect", spying_connect)
    monkeypatch.setattr(module, "address", spying_address)
    store = await LocalThreads.open(tmp_path / "threads.sqlite3")
    recorded = await store.record_inbound(OURS, DANA, "hi", at(0), "k1")
    assert recorded is not None
    await store.record_inbound_many([Inbound(OURS, LEE, "yo", at(1), "k2")])
    await store.record_outbound(OURS, DANA, "hello", at(2), outbox_id="o1", platform_ids=["p"])
    await store.set_delivery("p", DeliveryState.DELIVERED, at(3))
    await store.set_read(recorded.thread_id, True)
    await store.set_account(recorded.thread_id, "A1")
    await store.add_inbox("55501")
    await store.inboxes()
    await store.threads(OURS)
    await store.history(recorded.thread_id)
    await store.thread_of(OURS, DANA)
    await store.find_outbound(outbox_id="x", platform_ids=["y"], customer=DANA, text="t")
    await store.set_cursor("c", "v")
    await store.cursor("c")
    await store.clear()
    await store.close()

    caller = threading.get_ident()
    assert len(sql_threads) == 1 and caller not in sql_threads
    assert parse_threads and caller not in parse_threads


async def test_ten_thousand_inbound_messages_in_one_call(store: LocalThreads) -> None:
    batch = [
        Inbound(
            OURS,
            f"1312{n % 2000:07d}",  # 2,000 customers, five messages each, in national spelling
            f"message {n}",
            at(n / 60),
            dedup_key("mo", n),
        )
        for n in range(10_000)
    ]
    started = time.perf_counter()
    recorded = await store.record_inbound_many(batch)
    took = time.perf_counter() - started
    print(f"\n10,000 inbound messages recorded in {took * 1000:.0f} ms")

    assert len(recorded) == 10_000
    assert sum(r.new_thread for r in recorded) == 2000
    [inbox] = await store.inboxes()
    assert (inbox.total_count, inbox.unread_count) == (2000, 2000)
    top = (await store.threads(OURS, 1, 10))[0]
    assert top.details == "message 9999" and customer_number(top) == "+13120001999"
    assert len(await store.history(top.thread_id, 1, 100)) == 5
    assert await store.record_inbound_many(batch[:100]) == []


# --- shared state (schema 2: platforms whose conversations agents share) ----------------------


async def test_a_version_1_file_is_taken_to_the_newest_version_with_its_threads(
    tmp_path: Path,
) -> None:
    path = tmp_path / "threads.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(module._MIGRATIONS[0] + "PRAGMA user_version=1;")
        db.execute("INSERT INTO cursors VALUES ('livelink-mo', 'x')")
    db.close()
    store = await LocalThreads.open(path)
    try:
        assert await store.cursor("livelink-mo") == "x"
        recorded = await store.record_inbound(OURS, DANA, "hi", at(0), "k1")
        assert recorded is not None
        (thread,) = await store.shared_threads(OURS, None)  # nobody holds it: the group's
        assert thread.thread_id == recorded.thread_id
    finally:
        await store.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (module.SCHEMA_VERSION,)
    db.close()


async def test_sends_from_before_version_3_are_not_told_to_the_relay_again(
    tmp_path: Path,
) -> None:
    path = tmp_path / "threads.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(module._MIGRATIONS[0] + module._MIGRATIONS[1] + "PRAGMA user_version=2;")
    db.close()
    store = await LocalThreads.open(path)
    try:
        assert await store.unannounced() == []
    finally:
        await store.close()


async def test_a_send_is_to_be_told_once_it_has_a_platform_id(store: LocalThreads) -> None:
    queued = await store.record_outbound(OURS, DANA, "hi", at(0), outbox_id="o1")
    assert await store.unannounced() == []  # no platform id yet: nothing to name it by
    await store.record_outbound(OURS, DANA, "hi", at(0), outbox_id="o1", platform_ids=["p1"])
    (told,) = await store.unannounced()
    assert (told.platform_id, told.ours, told.customer, told.text, told.at) == (
        "p1",
        OURS,
        DANA,
        "hi",
        at(0),
    )
    await store.announced(told.rowid)
    assert await store.unannounced() == []
    # The same message back from the relay (sent from "another desktop") is not a second one.
    back = await store.record_outbound(OURS, DANA, "hi", at(0), outbox_id=None, platform_ids=["p1"])
    assert (back.thread_id, back.message_id, back.new_thread) == (queued.thread_id, "p1", False)
    assert [m.message for m in await store.history(queued.thread_id, 1, 10)] == ["hi"]
    assert await store.unannounced() == []


async def test_a_colleagues_send_is_recorded_once_and_not_told_again(store: LocalThreads) -> None:
    first = await store.record_outbound(
        OURS, DANA, "hello", at(0), outbox_id=None, platform_ids=["c1"]
    )
    again = await store.record_outbound(
        OURS, DANA, "hello", at(0), outbox_id=None, platform_ids=["c1"]
    )
    assert first.new_thread and not again.new_thread and again.message_id == "c1"
    assert [m.message for m in await store.history(first.thread_id, 1, 10)] == ["hello"]
    assert await store.unannounced() == []


async def test_personal_and_group_inboxes_follow_who_holds_a_thread(store: LocalThreads) -> None:
    dana = await store.record_inbound(OURS, DANA, "hi", at(0), "k1")
    lee = await store.record_inbound(OURS, LEE, "hello", at(1), "k2")
    assert dana is not None and lee is not None

    def counts(channels: list) -> list[tuple[bool, int, int]]:  # type: ignore[type-arg]
        return [(c.personal, c.total_count, c.unread_count) for c in channels]

    assert counts(await store.shared_inboxes("alice")) == [(True, 0, 0), (False, 2, 2)]
    assert await store.set_shared(OURS, DANA, owner="alice", read=True, resolved=False) == (
        dana.thread_id
    )
    await store.set_shared(OURS, LEE, owner="bob", read=False, resolved=False)
    assert counts(await store.shared_inboxes("alice")) == [(True, 1, 0), (False, 0, 0)]
    assert [t.thread_id for t in await store.shared_threads(OURS, "alice")] == [dana.thread_id]
    assert [t.thread_id for t in await store.shared_threads(OURS, "bob")] == [lee.thread_id]
    assert await store.shared_threads(OURS, None) == []
    # Resolved: in no inbox, until the customer writes again.
    await store.set_shared(OURS, DANA, owner=None, read=True, resolved=True)
    assert counts(await store.shared_inboxes("alice")) == [(True, 0, 0), (False, 0, 0)]
    await store.record_inbound(OURS, DANA, "one more thing", at(5), "k3")
    assert [t.thread_id for t in await store.shared_threads(OURS, None)] == [dana.thread_id]
    assert await store.thread_numbers(dana.thread_id) == (OURS, DANA)
    assert await store.thread_numbers("sms-none") is None


async def test_shared_state_before_any_message_lists_nothing_yet(store: LocalThreads) -> None:
    thread_id = await store.set_shared(OURS, DANA, owner="alice", read=True, resolved=False)
    assert await store.shared_threads(OURS, "alice") == []
    assert [c.total_count for c in await store.shared_inboxes("alice")] == [0, 0]
    recorded = await store.record_inbound(OURS, DANA, "hi", at(0), "k1")
    assert recorded is not None and recorded.thread_id == thread_id and not recorded.new_thread
    (thread,) = await store.shared_threads(OURS, "alice")
    assert thread.read is False  # a customer's message


async def test_sent_keys_and_the_numbers_of_a_sent_message(store: LocalThreads) -> None:
    assert await store.sent_key("item-1") == []
    await store.remember_sent_key("item-1", ["t1", "t2"])
    await store.remember_sent_key("item-1", ["t1"])
    assert await store.sent_key("item-1") == ["t1", "t2"]
    assert await store.numbers_of_sent("m1") is None
    await store.record_outbound(OURS, DANA, "hi", at(0), outbox_id="o1", platform_ids=["m1"])
    assert await store.numbers_of_sent("m1") == (OURS, DANA)
    await store.clear()
    assert await store.sent_key("item-1") == []

"""Delivery statuses: SENT at once, DELIVERED once the simulator's clock passes the delivery
delay (the test moves the clock; nothing sleeps), ERROR for the failing destinations read as
the client's FAILED, and the ``orderId`` and ``status`` filters as the server applies them."""

from __future__ import annotations

from datetime import timedelta

from inbox_app.livelink import LiveLinkClient
from inbox_app.livelink.models import DeliveryState, StatusReport
from inbox_app.simulator.livelink.dataset import DEMO_FAILING

from .conftest import NOW, STATUS, FakeClock, RecordingSimulator

START, END = NOW - timedelta(minutes=5), NOW + timedelta(minutes=5)


async def reports(ll: LiveLinkClient, **filters: str) -> list[StatusReport]:
    return [r async for page in ll.iter_status(START, END, **filters) for r in page.reports]


async def test_sent_then_delivered_after_the_delay(
    sim: RecordingSimulator, ll: LiveLinkClient, clock: FakeClock
) -> None:
    orders = await ll.send_sms("+13125550142", "hello", subject="s-1")
    [order_id] = orders[0].order_ids

    before = await reports(ll)
    assert [(r.order_id, r.status, r.state) for r in before] == [
        (order_id, "SENT", DeliveryState.SENT)
    ]
    assert before[0].timestamp == NOW

    clock.advance(1.9)
    assert [r.status for r in await reports(ll)] == ["SENT"]  # not yet due

    clock.advance(0.2)
    after = await reports(ll)
    assert [(r.order_id, r.status, r.state) for r in after] == [
        (order_id, "SENT", DeliveryState.SENT),
        (order_id, "DELIVERED", DeliveryState.DELIVERED),
    ]
    assert after[1].timestamp == NOW + timedelta(seconds=2)  # stamped when it was due
    assert after[1].final_status_indicator == "OK"
    assert {r.subject for r in after} == {"s-1"}
    assert {r.recipient for r in after} == {"+13125550142"}


async def test_failing_destinations_end_in_error_read_as_failed(
    sim: RecordingSimulator, ll: LiveLinkClient, clock: FakeClock
) -> None:
    orders = await ll.send_sms([*DEMO_FAILING, "+13125550142"], "your bill", subject="bill")
    ids = {o.destination[0]: o.order_ids[0] for o in orders}
    clock.advance(3)
    final = {r.order_id: r for r in await reports(ll) if r.status != "SENT"}
    assert {i: (r.status, r.state) for i, r in final.items()} == {
        ids[DEMO_FAILING[0]]: ("ERROR", DeliveryState.FAILED),
        ids[DEMO_FAILING[1]]: ("ERROR", DeliveryState.FAILED),
        ids["+13125550142"]: ("DELIVERED", DeliveryState.DELIVERED),
    }
    assert final[ids[DEMO_FAILING[0]]].final_status_indicator == "NOK"
    # status=nok asks the server for the errors only.
    nok = await reports(ll, status="nok")
    assert sorted(r.order_id for r in nok) == sorted(ids[n] for n in DEMO_FAILING)
    assert {r.state for r in nok} == {DeliveryState.FAILED}


async def test_the_status_filter_is_applied_by_the_server(
    sim: RecordingSimulator, ll: LiveLinkClient, clock: FakeClock
) -> None:
    await ll.send_sms(["+13125550142", "+13125550143"], "one")
    clock.advance(5)
    await ll.send_sms("+13125550144", "two")  # SENT only, not yet due
    assert len(await reports(ll)) == 5
    assert {r.recipient for r in await reports(ll, status="DELIVERED")} == {
        "+13125550142",
        "+13125550143",
    }
    assert len(await reports(ll, status="sent")) == 3  # the client upper-cases
    assert await reports(ll, status="RECEIVED") == []
    assert await reports(ll, status="nok") == []


async def test_the_order_id_filter(
    sim: RecordingSimulator, ll: LiveLinkClient, clock: FakeClock
) -> None:
    orders = await ll.send_sms(["+13125550142", "+13125550143"], "x" * 200)  # 2 parts each
    clock.advance(3)
    wanted = orders[1].order_ids[1]
    got = await reports(ll, order_id=wanted)
    assert [(r.order_id, r.status) for r in got] == [(wanted, "SENT"), (wanted, "DELIVERED")]
    assert await reports(ll, order_id="999") == []
    delivered = await reports(ll, order_id=wanted, status="DELIVERED")
    assert [(r.order_id, r.status) for r in delivered] == [(wanted, "DELIVERED")]


async def test_statuses_page_like_mos(
    sim: RecordingSimulator, ll: LiveLinkClient, clock: FakeClock
) -> None:
    numbers = [f"+1312555{n:04d}" for n in range(100, 112)]
    orders = await ll.send_sms(numbers, "to twelve")
    clock.advance(3)
    pages = [p async for p in ll.iter_status(START, END)]
    assert [(p.page_index, p.page_count, len(p.reports)) for p in pages] == [
        (1, 3, 10),
        (2, 3, 10),
        (3, 3, 4),
    ]
    assert {p.client_id for p in pages} == {"12345"}
    seen = [(r.order_id, r.status) for p in pages for r in p.reports]
    assert len(set(seen)) == len(seen) == 24
    assert {o for o, _ in seen} == {i for o in orders for i in o.order_ids}
    assert sim.calls("GET", STATUS) == [200, 200, 200]


async def test_ack_options_in_extra_reach_the_server(
    sim: RecordingSimulator, ll: LiveLinkClient, clock: FakeClock
) -> None:
    await ll.send_sms("+13125550142", "final only", extra={"ackFinalOnly": True})
    await ll.send_sms("+13125550143", "no acks", ack_type="NONE")
    clock.advance(3)
    got = await reports(ll)
    assert [(r.recipient, r.status) for r in got] == [("+13125550142", "DELIVERED")]
    assert {m["ackType"] for m in sim.sent()} == {"ORDER", "NONE"}


async def test_the_demo_worlds_failed_bill_reads_as_failed(demo_ll: LiveLinkClient) -> None:
    got = [
        r
        async for page in demo_ll.iter_status(NOW - timedelta(hours=9), NOW, status="nok")
        for r in page.reports
    ]
    assert [(r.subject, r.recipient, r.state) for r in got] == [
        ("demo-failed", DEMO_FAILING[1], DeliveryState.FAILED)
    ]

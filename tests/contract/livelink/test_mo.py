"""Customers' replies: ``poll_mo`` / ``iter_mo`` against what the simulator holds: every MO of
a window once, in order, across pages; overlapping windows collapse by ``dedup_key``; the
sender's ``tel:`` goes; the keyword filters; nothing outside the window comes back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from inbox_app.livelink import LiveLinkClient, models

from .conftest import MO, NOW, RecordingSimulator

BASE = NOW - timedelta(minutes=10)  # 11:50:30
STEP = timedelta(seconds=20)
COUNT = 25  # 11:50:30 ... 11:58:30: three pages of 10, 10 and 5


def ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def inject_25(sim: RecordingSimulator) -> list[tuple[str, str, datetime]]:
    """25 MOs from five customers to our two numbers; returns (sender, text, time) in order."""
    ours = sim.credentials.numbers
    injected = []
    for i in range(COUNT):
        sender = f"+1312555{140 + i % 5:04d}"
        text = f"reply {i:02d}" + (" STOP" if i % 6 == 0 else "")
        when = BASE + i * STEP
        sim.inject_mo(sender, text, recipient=ours[i % 2], received_at=ms(when))
        injected.append((sender, text, when))
    return injected


async def all_mos(ll: LiveLinkClient, start: datetime, end: datetime, **kw) -> list:
    return [m async for page in ll.iter_mo(start, end, **kw) for m in page.messages]


async def test_a_window_of_25_comes_back_whole_in_order_across_pages(
    sim: RecordingSimulator, ll: LiveLinkClient
) -> None:
    injected = inject_25(sim)
    pages = [p async for p in ll.iter_mo(BASE - timedelta(minutes=1), NOW)]
    assert [len(p.messages) for p in pages] == [10, 10, 5]
    assert [(p.page_index, p.page_count) for p in pages] == [(1, 3), (2, 3), (3, 3)]
    assert all(p.skipped == 0 for p in pages)
    got = [(m.sender, m.text, m.received_at) for p in pages for m in p.messages]
    assert got == injected  # all, in order, none twice, times exact and aware
    assert sim.calls("GET", MO) == [200, 200, 200]  # no page read twice, no page 4


async def test_overlapping_windows_collapse_by_dedup_key(
    sim: RecordingSimulator, ll: LiveLinkClient
) -> None:
    inject_25(sim)
    first = await all_mos(
        ll, datetime(2024, 6, 1, 11, 50, tzinfo=UTC), NOW - timedelta(minutes=5, seconds=30)
    )
    second = await all_mos(ll, datetime(2024, 6, 1, 11, 53, tzinfo=UTC), NOW)
    assert len(first) == 14 and len(second) == 17  # 11:50:30-11:54:50, 11:53:10-11:58:30
    both = first + second
    assert len(both) == COUNT + 6
    assert len({m.dedup_key for m in both}) == COUNT
    assert len(set(both)) == COUNT  # hashing by the key too


async def test_the_tel_prefix_is_stripped_to_e164(
    sim: RecordingSimulator, ll: LiveLinkClient
) -> None:
    sim.inject_mo("+13125550142", "hello", received_at=ms(NOW - timedelta(minutes=1)))
    # On the wire the sender is a tel: URI, as the definition says it always is...
    token = (await ll.poll_mo(NOW - timedelta(minutes=5), NOW), ll.token)[1]
    assert token is not None
    async with httpx.AsyncClient(base_url=sim.base_url) as http:
        raw = await http.get(
            MO,
            params={"startUTCTime": "202406011155", "endUTCTime": "202406011201"},
            headers={"Authorization": f"Bearer {token.access_token}"},
        )
    assert [m["sender"] for m in raw.json()["sapnotification"]] == ["tel:+13125550142"]
    # ...and the client hands on E.164.
    [mo] = await all_mos(ll, NOW - timedelta(minutes=5), NOW)
    assert mo.sender == "+13125550142"
    assert mo.recipient == sim.credentials.numbers[0]
    assert mo.text == "hello"
    assert mo.parameters["timezone"] == "GMT"


async def test_the_keyword_filters_case_insensitively(
    sim: RecordingSimulator, ll: LiveLinkClient
) -> None:
    injected = inject_25(sim)
    stops = await all_mos(ll, BASE - timedelta(minutes=1), NOW, keyword=" stop ")
    expected = [(s, t) for s, t, _ in injected if "STOP" in t]
    assert len(expected) == 5
    assert [(m.sender, m.text) for m in stops] == expected
    assert all(m.parameters.get("keyword") == "stop" for m in stops)
    assert await all_mos(ll, BASE - timedelta(minutes=1), NOW, keyword="unsubscribe") == []


async def test_mos_outside_the_window_are_not_returned(
    sim: RecordingSimulator, ll: LiveLinkClient
) -> None:
    inside = [NOW - timedelta(minutes=4, seconds=50), NOW - timedelta(seconds=31)]
    outside = [
        NOW - timedelta(minutes=30),
        NOW - timedelta(minutes=5, seconds=31),  # 11:54:59, a second before the start
        NOW - timedelta(seconds=30),  # 12:00:00, the (exclusive) end minute
        NOW + timedelta(minutes=10),
    ]
    for i, when in enumerate(inside + outside):
        sim.inject_mo("+13125550142", f"mo {i}", received_at=ms(when))
    got = await all_mos(
        ll, datetime(2024, 6, 1, 11, 55, tzinfo=UTC), datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
    )
    assert [m.received_at for m in got] == inside
    assert sim.state()["mo"] == 6


async def test_an_empty_window_is_one_request_and_no_pages(
    sim: RecordingSimulator, ll: LiveLinkClient
) -> None:
    sim.inject_mo("+13125550142", "old", received_at=ms(NOW - timedelta(hours=2)))
    assert await all_mos(ll, NOW - timedelta(minutes=5), NOW) == []
    assert sim.calls("GET", MO) == [200]


async def test_the_demo_worlds_replies_parse_cleanly(demo_ll: LiveLinkClient) -> None:
    pages = [p async for p in demo_ll.iter_mo(NOW - timedelta(hours=9), NOW)]
    mos: list[models.MoMessage] = [m for p in pages for m in p.messages]
    assert len(mos) >= 12 and all(p.skipped == 0 for p in pages)
    assert all(m.sender.startswith("+1312555") and m.received_at for m in mos)
    assert [m.received_at for m in mos] == sorted(m.received_at for m in mos if m.received_at)

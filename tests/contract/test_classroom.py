"""A classroom over HTTP with the real LiveVox client (issue 17): two trainees, each with an
independent copy of the scenario's customers in their personal inbox, one shared group inbox.
What one trainee does (answer, resolve, hand to the group) leaves the other's copy untouched,
and each copy's scripted customer answers only its own trainee."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import TypeVar

import httpx
import pytest

from inbox_app.livevox import LiveVoxClient, models
from inbox_app.simulator.class_server import EmbeddedClass
from inbox_app.simulator.scenario import resolve_scenario_path

T = TypeVar("T")


class Clock:
    def __init__(self) -> None:
        self.now = 1_764_601_200.0  # 2026-12-01 15:00 UTC, daytime in Chicago

    def __call__(self) -> float:
        return self.now


async def until(probe: Callable[[], Awaitable[T | None]], what: str) -> T:
    deadline = time.monotonic() + 10
    while True:
        value = await probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def room(clock: Clock) -> Iterator[EmbeddedClass]:
    path = resolve_scenario_path("payment-arrangement")
    with EmbeddedClass(path, classroom=2, clock=clock) as sim:
        yield sim


async def _trainee(room: EmbeddedClass, login: str) -> LiveVoxClient:
    client = LiveVoxClient(room.base_url, "demo-token", read_timeout=5.0)
    await client.login("DEMO", login, "demo")
    return client


@pytest.fixture
async def trainees(room: EmbeddedClass) -> AsyncIterator[tuple[LiveVoxClient, LiveVoxClient]]:
    one, two = await _trainee(room, "trainee1"), await _trainee(room, "trainee2")
    try:
        yield one, two
    finally:
        await one.aclose()
        await two.aclose()


async def _inbox(lv: LiveVoxClient, personal: bool) -> tuple[models.Channel, list[models.Thread]]:
    channel = next(c for c in await lv.list_channels() if c.personal is personal)
    return channel, await lv.list_threads(channel.channel_id, "SMS", personal=personal)


def _number(thread: models.Thread) -> str:
    """The customer's number (the thread's last message came from them)."""
    assert thread.sms_inbound
    return str(thread.from_)


async def test_two_trainees_have_independent_copies(
    room: EmbeddedClass, trainees: tuple[LiveVoxClient, LiveVoxClient], clock: Clock
) -> None:
    one, two = trainees
    mine, threads1 = await _inbox(one, personal=True)
    theirs, threads2 = await _inbox(two, personal=True)
    assert mine.channel_id != theirs.channel_id
    # The same two customers, with the same openers, in each personal inbox ...
    by_opener = lambda ts: sorted(t.details or "" for t in ts)  # noqa: E731
    assert (
        by_opener(threads1)
        == by_opener(threads2)
        == [
            "Hi, I got a letter about my account",
            "How much do I owe right now?",
        ]
    )
    # ... but separate threads, numbers and accounts (same last four digits: same customer).
    assert not {t.thread_id for t in threads1} & {t.thread_id for t in threads2}
    numbers1, numbers2 = {_number(t) for t in threads1}, {_number(t) for t in threads2}
    assert not numbers1 & numbers2
    assert {n[-4:] for n in numbers1} == {n[-4:] for n in numbers2} == {"0101", "0102"}
    assert {t.account for t in threads1} == {"A-1001-T1", "A-1002-T1"}
    # The group inbox is one and the same for both, and starts empty.
    group1, in_group1 = await _inbox(one, personal=False)
    group2, _ = await _inbox(two, personal=False)
    assert group1.channel_id == group2.channel_id and in_group1 == []

    # trainee1 answers Dana; only trainee1's Dana answers, and only trainee1's thread grows.
    dana1 = next(t for t in threads1 if _number(t).endswith("0101"))
    dana2 = next(t for t in threads2 if _number(t).endswith("0101"))
    await one.send_message(
        "18005550100", _number(dana1), "We can set up a payment plan.", thread_id=dana1.thread_id
    )
    clock.now += 2

    async def answered() -> list[models.Message] | None:
        messages = await one.list_messages(thread_id=str(dana1.thread_id))
        return messages if len(messages) == 3 else None

    messages = await until(answered, "trainee1's Dana to answer")
    assert messages[0].message == "Can I pay $50 a month?"
    untouched = await two.list_messages(thread_id=str(dana2.thread_id))
    assert [m.message for m in untouched] == ["Hi, I got a letter about my account"]

    # trainee1 resolves Dana and hands Luis to the group: trainee2's inbox is as it was.
    await one.resolve_thread(
        str(dana1.thread_id), str(dana1.account), term_code_id=101, payment_amount="50.00"
    )
    luis1 = next(t for t in threads1 if _number(t).endswith("0102"))
    await one.move_to_group(str(luis1.thread_id))
    _, after1 = await _inbox(one, personal=True)
    _, after2 = await _inbox(two, personal=True)
    _, group = await _inbox(two, personal=False)
    assert after1 == []
    assert {t.thread_id for t in after2} == {t.thread_id for t in threads2}
    assert [t.thread_id for t in group] == [luis1.thread_id]  # trainee2 sees it to take

    journal = await asyncio.to_thread(httpx.get, f"{room.base_url}/_sim/class/events")
    events = journal.json()["events"]
    assert [e["run"] for e in events if e["kind"] == "opened"] == [
        "trainee1.1",
        "trainee2.1",
        "trainee1.2",
        "trainee2.2",
    ]
    acted = [(e["kind"], e["run"], e.get("agent")) for e in events if "agent" in e or "why" in e]
    assert acted == [
        ("sent", "trainee1.1", "trainee1"),
        ("said", "trainee1.1", None),
        ("resolve", "trainee1.1", "trainee1"),
        ("to_group", "trainee1.2", "trainee1"),
    ]

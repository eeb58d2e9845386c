"""Every failure path the simulator can stage, through the real client: the error type and
its fields, how many requests the *server* received (never a repeated send, reads repeated
on 502/503 and transport errors only), and what the server stored.

The suite's ``_instant_retries`` fixture keeps the client's attempt counts but skips its
backoff, so counts are exact and nothing waits."""

from __future__ import annotations

from datetime import timedelta

import pytest

from inbox_app.livelink import LiveLinkClient, errors
from inbox_app.simulator.livelink import LiveLinkSimulator

from .conftest import (
    MO,
    NOW,
    SMS,
    STATUS,
    TOKEN,
    FakeClock,
    RecordingSimulator,
    new_client,
    wait_until,
)

START, END = NOW - timedelta(minutes=15), NOW + timedelta(minutes=5)
ATTEMPTS = 4  # the client's default retry_attempts


def inject(sim: RecordingSimulator, count: int) -> None:
    for i in range(count):
        when = NOW - timedelta(minutes=10) + i * timedelta(seconds=20)
        sim.inject_mo("+13125550142", f"mo {i}", received_at=int(when.timestamp() * 1000))


async def find_by_subject(ll: LiveLinkClient, subject: str) -> list[str]:
    """What the app's outbox does after a lost answer: look for its subject in the pull."""
    return [
        r.order_id
        async for page in ll.iter_status(START, END)
        for r in page.reports
        if r.subject == subject
    ]


# --- 429 -------------------------------------------------------------------------------------


async def test_429_on_a_send_is_rate_limited_with_retry_after(
    sim: RecordingSimulator, ll: LiveLinkClient
) -> None:
    sim.set_faults(f"POST {SMS}:error=1@429:retry-after=7")
    with pytest.raises(errors.RateLimited) as caught:
        await ll.send_sms("+13125550142", "hello")
    assert caught.value.retry_after == 7.0
    assert caught.value.status == 429 and caught.value.api_error_code == 429
    assert caught.value.server_message and "retry after 7" in caught.value.server_message
    assert sim.calls("POST", SMS) == [429]
    assert sim.sent() == []


async def test_429_on_a_pull_is_not_retried_by_the_client(
    sim: RecordingSimulator, ll: LiveLinkClient
) -> None:
    sim.set_faults(f"GET {MO}:error=1@429:retry-after=2.5")
    with pytest.raises(errors.RateLimited) as caught:
        await ll.poll_mo(START, END)
    assert caught.value.retry_after == 2.5
    assert sim.calls("GET", MO) == [429]  # waiting is the caller's decision


# --- 5xx -------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [500, 502, 503])
async def test_5xx_on_a_send_is_server_error_and_never_repeated(
    sim: RecordingSimulator, ll: LiveLinkClient, status: int
) -> None:
    sim.set_faults(f"POST {SMS}:error=1@{status}")
    with pytest.raises(errors.ServerError) as caught:
        await ll.send_sms(["+13125550142", "+13125550143"], "hello", subject="o-5xx")
    assert caught.value.status == status
    assert sim.calls("POST", SMS) == [status]
    assert len(sim.sent()) <= 1
    assert sim.sent() == []  # an injected 5xx answers without acting


@pytest.mark.parametrize(("status", "requests"), [(500, 1), (502, ATTEMPTS), (503, ATTEMPTS)])
async def test_a_persistent_5xx_on_a_pull(
    sim: RecordingSimulator, ll: LiveLinkClient, status: int, requests: int
) -> None:
    """502/503 are passing: the pull is repeated up to the attempt limit; a 500 is not."""
    inject(sim, 3)
    sim.set_faults(f"GET {STATUS}:error=1@{status}; GET {MO}:error=1@{status}")
    with pytest.raises(errors.ServerError) as caught:
        await ll.poll_mo(START, END)
    assert caught.value.status == status
    assert sim.calls("GET", MO) == [status] * requests
    with pytest.raises(errors.ServerError):
        await ll.poll_status(START, END)
    assert sim.calls("GET", STATUS) == [status] * requests
    sim.clear_faults()
    page = await ll.poll_mo(START, END)  # once the fault clears, the same call succeeds
    assert [m.text for m in page.messages] == ["mo 0", "mo 1", "mo 2"]


async def test_a_probabilistic_503_on_the_pulls_is_retried_through(
    sim: RecordingSimulator, ll: LiveLinkClient
) -> None:
    inject(sim, 25)
    sim.set_faults(f"GET {MO}:error=0.5@503")  # the simulator's dice are seeded: repeatable
    got = [m.text async for page in ll.iter_mo(START, END) for m in page.messages]
    assert got == [f"mo {i}" for i in range(25)]
    calls = sim.calls("GET", MO)
    assert 503 in calls and calls.count(200) == 3  # some pages needed repeats, each read once
    assert sim.faults is not None and sim.faults.injected == calls.count(503)


async def test_503_on_the_token_endpoint_is_retried_like_a_read(
    sim: RecordingSimulator, ll: LiveLinkClient
) -> None:
    sim.set_faults(f"POST {TOKEN}:error=1@503")
    with pytest.raises(errors.ServerError):
        await ll.poll_mo(START, END)
    assert [status for _, status in sim.grants()] == [503] * ATTEMPTS
    assert sim.calls("GET", MO) == []
    sim.clear_faults()
    await ll.poll_mo(START, END)
    assert sim.grants()[-1] == ("client_credentials", 200)


# --- malformed bodies ------------------------------------------------------------------------


async def test_malformed_json_on_a_pull_is_a_protocol_error(
    sim: RecordingSimulator, ll: LiveLinkClient
) -> None:
    inject(sim, 3)
    sim.set_faults(f"GET {MO}:malformed=1")
    with pytest.raises(errors.ProtocolError):
        await ll.poll_mo(START, END)
    assert sim.calls("GET", MO) == [200]  # a broken answer is not repeated


async def test_malformed_json_on_a_send_is_a_protocol_error_after_the_send(
    sim: RecordingSimulator, ll: LiveLinkClient
) -> None:
    """The server acted, then its answer was garbage: the MT is stored once and the outbox
    can find it by its subject, exactly as after a lost answer."""
    sim.set_faults(f"POST {SMS}:malformed=1")
    with pytest.raises(errors.ProtocolError):
        await ll.send_sms("+13125550142", "hello", subject="o-malformed")
    sim.clear_faults()
    assert sim.calls("POST", SMS) == [200]
    assert [m["subject"] for m in sim.sent()] == ["o-malformed"]
    assert await find_by_subject(ll, "o-malformed") == [sim.sent()[0]["orderId"]]


async def test_malformed_token_answer_is_a_protocol_error(
    sim: RecordingSimulator, ll: LiveLinkClient
) -> None:
    sim.set_faults(f"POST {TOKEN}:malformed=1")
    with pytest.raises(errors.ProtocolError):
        await ll.poll_mo(START, END)
    assert ll.token is None


# --- lost answers ----------------------------------------------------------------------------


async def test_a_dropped_send_answer_is_maybe_delivered_and_stored_once(
    sim: RecordingSimulator, ll: LiveLinkClient
) -> None:
    sim.set_faults(f"POST {SMS}:drop=1")
    with pytest.raises(errors.TransportError) as caught:
        await ll.send_sms("+13125550142", "did it go?", subject="outbox-7")
    assert caught.value.maybe_delivered is True
    sim.clear_faults()
    assert sim.calls("POST", SMS) == [200]  # processed, answer cut, never repeated
    [stored] = sim.sent()
    assert (stored["phone"], stored["subject"]) == ("+13125550142", "outbox-7")
    # Reconciling: the status pull finds the send by its subject.
    assert await find_by_subject(ll, "outbox-7") == [stored["orderId"]]
    assert await find_by_subject(ll, "outbox-8") == []


async def test_a_dropped_pull_answer_is_retried(
    sim: RecordingSimulator, ll: LiveLinkClient
) -> None:
    inject(sim, 2)
    sim.set_faults(f"GET {MO}:drop=1")
    with pytest.raises(errors.TransportError) as caught:
        await ll.poll_mo(START, END)
    assert caught.value.maybe_delivered is True
    assert sim.calls("GET", MO) == [200] * ATTEMPTS  # each answer cut after the headers
    sim.clear_faults()
    assert len((await ll.poll_mo(START, END)).messages) == 2


async def test_latency_beyond_the_read_timeout_is_maybe_delivered(
    sim: RecordingSimulator, clock: FakeClock
) -> None:
    # Margins wide both ways: the setup calls answer well inside 1 s on a loaded machine.
    async with new_client(sim, clock, read_timeout=1.0) as ll:
        await ll.poll_mo(START, END)  # the token first, without delay
        sim.set_faults(f"POST {SMS}:latency=4000")
        with pytest.raises(errors.TransportError) as caught:
            await ll.send_sms("+13125550142", "slow", subject="o-slow")
        assert caught.value.maybe_delivered is True
        assert sim.calls("POST", SMS) == [None]  # the client gave up before any answer
        # The server finishes on its own time (here it finds the caller gone and stores
        # nothing; a server that acts anyway is the drop case above). Either way: one
        # request, at most one MT, and the status pull tells the outbox which it was.
        await wait_until(lambda: sim.calls("POST", SMS) != [None])
        sim.clear_faults()
        assert len(sim.calls("POST", SMS)) == 1
        stored = [m["orderId"] for m in sim.sent() if m["subject"] == "o-slow"]
        assert len(sim.sent()) <= 1
        assert await find_by_subject(ll, "o-slow") == stored


async def test_latency_beyond_the_read_timeout_on_a_pull_is_retried(
    sim: RecordingSimulator, clock: FakeClock
) -> None:
    async with new_client(sim, clock, read_timeout=1.0, retry_attempts=2) as ll:
        await ll.poll_mo(START, END)
        sim.set_faults(f"GET {MO}:latency=3000")
        with pytest.raises(errors.TransportError) as caught:
            await ll.poll_mo(START, END)
        assert caught.value.maybe_delivered is True
        assert len(sim.calls("GET", MO)) == 1 + 2


async def test_a_server_that_is_gone_is_certainly_not_delivered(clock: FakeClock) -> None:
    with LiveLinkSimulator(dataset="empty", clock=clock) as gone:
        creds, base_url = gone.credentials, gone.base_url
    async with LiveLinkClient(base_url, creds.app_key, creds.secret, clock=clock) as ll:
        with pytest.raises(errors.TransportError) as caught:
            await ll.send_sms("+13125550142", "nobody home")
    assert caught.value.maybe_delivered is False


@pytest.mark.parametrize(
    ("status", "kind"), [(403, errors.Forbidden), (404, errors.NotFound), (418, None)]
)
async def test_other_refusals_are_typed_and_never_repeated(
    sim: RecordingSimulator, ll: LiveLinkClient, status: int, kind: type | None
) -> None:
    sim.set_faults(f"POST {SMS}:error=1@{status}; GET {MO}:error=1@{status}")
    with pytest.raises(errors.LiveLinkError) as caught:
        await ll.send_sms("+13125550142", "hi")
    assert type(caught.value) is (kind or errors.LiveLinkError)
    assert caught.value.status == status and caught.value.api_error_code == status
    with pytest.raises(errors.LiveLinkError):
        await ll.poll_mo(START, END)
    assert sim.calls("POST", SMS) == [status]
    assert sim.calls("GET", MO) == [status]
    assert sim.sent() == []

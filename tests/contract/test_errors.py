"""Every error path and every fault type, as the client sees it over real HTTP."""

from __future__ import annotations

import asyncio
import time

import pytest

from inbox_app.core.inbox import customer_number
from inbox_app.livevox import LiveVoxClient, errors, models
from inbox_app.simulator import EmbeddedSimulator

from .conftest import new_client


async def a_thread(lv: LiveVoxClient) -> models.Thread:
    channel = next(
        c for c in await lv.list_channels() if c.kind is models.ChannelKind.SMS and c.personal
    )
    return (await lv.list_threads(channel.channel_id, "SMS", personal=True))[0]


def sent_count(sim: EmbeddedSimulator, text: str) -> int:
    return sum(1 for m in sim.state()["sent"] if m["message"] == text)


async def test_bad_token_and_bad_password(sim: EmbeddedSimulator) -> None:
    creds = sim.credentials
    async with LiveVoxClient(sim.base_url, "not-the-token") as lv:
        with pytest.raises(errors.LoginFailed):
            await lv.login(creds.client_code, creds.agent_login, creds.password)
    async with new_client(sim) as lv:
        with pytest.raises(errors.LoginFailed):
            await lv.login(creds.client_code, creds.agent_login, "wrong")


async def test_expired_session_is_renewed_transparently(
    lv: LiveVoxClient, sim: EmbeddedSimulator
) -> None:
    old = lv.session
    assert old is not None
    sim.expire_sessions()
    assert await lv.list_sms_codes()
    assert lv.session is not None and lv.session.session_id != old.session_id


async def test_short_ttl_expires_and_renews(sim: EmbeddedSimulator) -> None:
    """On the server's own clock, moved by hand: no race with real time."""
    assert sim.world is not None
    now = [time.time()]
    sim.world.clock = lambda: now[0]
    sim.configure(sessionTtlSeconds=60)
    creds = sim.credentials
    async with new_client(sim) as lv:
        first = await lv.login(creds.client_code, creds.agent_login, creds.password)
        now[0] += 61
        assert await lv.validate() is False
        assert await lv.list_channels()  # 401 → login again → repeat
        assert lv.session is not None and lv.session.session_id != first.session_id


async def test_user_session_is_forbidden_on_agent_endpoints(supervisor: LiveVoxClient) -> None:
    with pytest.raises(errors.Forbidden):
        await supervisor.list_channels()


async def test_unknown_thread_and_agent(lv: LiveVoxClient) -> None:
    with pytest.raises(errors.NotFound):
        await lv.move_to_group("99999999999")
    thread = await a_thread(lv)
    assert thread.thread_id
    with pytest.raises(errors.NotFound):
        await lv.transfer_thread(thread.thread_id, "SMS", "424242")


async def test_bad_term_code_is_a_bad_request(lv: LiveVoxClient) -> None:
    thread = await a_thread(lv)
    assert thread.thread_id and thread.account
    with pytest.raises(errors.BadRequest) as caught:
        await lv.resolve_thread(thread.thread_id, thread.account, term_code_id=987654)
    assert caught.value.message == errors.BadRequest.default_message
    assert caught.value.server_message  # the simulator says which term code is unknown


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (500, errors.ServerError),
        (502, errors.ServerError),
        (503, errors.ServerError),
        (403, errors.Forbidden),
        (404, errors.NotFound),
    ],
)
async def test_error_faults_map_to_types_and_sends_do_not_act(
    lv: LiveVoxClient, sim: EmbeddedSimulator, status: int, kind: type[errors.LiveVoxError]
) -> None:
    thread = await a_thread(lv)
    sim.set_faults(f"POST /sms/agent/message/send:error=1@{status}")
    text = f"fault {status}"
    with pytest.raises(kind) as caught:
        await lv.send_message(
            "18005550142", thread.to or "15550100001", text, thread_id=thread.thread_id
        )
    assert caught.value.status == status
    assert sent_count(sim, text) == 0


async def test_rate_limit_carries_retry_after(lv: LiveVoxClient, sim: EmbeddedSimulator) -> None:
    sim.set_faults("GET /sms/codes:error=1@429:retry-after=7")
    with pytest.raises(errors.RateLimited) as caught:
        await lv.list_sms_codes()
    assert caught.value.retry_after == 7


async def test_401_fault_relogs_in_and_the_send_happens_once(
    lv: LiveVoxClient, sim: EmbeddedSimulator
) -> None:
    thread = await a_thread(lv)
    to = customer_number(thread)
    assert to
    sim.set_faults("POST /sms/agent/message/send:error=1@401")
    with pytest.raises(errors.SessionExpired):
        await lv.send_message("18005550142", to, "never", thread_id=thread.thread_id)
    assert sent_count(sim, "never") == 0
    # Seeded: some first tries get 401 (the client logs in again and repeats), all land once.
    sim.set_faults("POST /sms/agent/message/send:error=0.4@401")
    for i in range(6):
        await lv.send_message("18005550142", to, f"once {i}", thread_id=thread.thread_id)
        assert sent_count(sim, f"once {i}") == 1
    assert sim.faults is not None


async def test_flaky_gateway_is_retried_for_reads(
    lv: LiveVoxClient, sim: EmbeddedSimulator
) -> None:
    sim.set_faults("GET /sms/codes:error=0.5@503")
    for _ in range(5):
        assert await lv.list_sms_codes()


async def test_malformed_body_is_protocol_error(lv: LiveVoxClient, sim: EmbeddedSimulator) -> None:
    sim.set_faults("GET /sms/agent/channel:malformed=1")
    with pytest.raises(errors.ProtocolError):
        await lv.list_channels()


async def test_dropped_after_processing_is_maybe_delivered_and_stored_once(
    lv: LiveVoxClient, sim: EmbeddedSimulator
) -> None:
    thread = await a_thread(lv)
    to = customer_number(thread)
    assert to
    sim.set_faults("POST /sms/agent/message/send:drop=1")
    with pytest.raises(errors.TransportError) as caught:
        await lv.send_message("18005550142", to, "did it go?", thread_id=thread.thread_id)
    assert caught.value.maybe_delivered is True
    assert sent_count(sim, "did it go?") == 1  # the server acted; the client did not repeat it


async def test_slow_body_arrives_whole(sim: EmbeddedSimulator) -> None:
    """A body that trickles in keeps each read under the timeout: slow, but not an error."""
    creds = sim.credentials
    async with new_client(sim, read_timeout=1.0, retry_attempts=1) as lv:
        await lv.login(creds.client_code, creds.agent_login, creds.password)
        expected = await lv.list_templates()
        sim.set_faults("GET /sms/templates:slow=1500")
        loop = asyncio.get_running_loop()
        started = loop.time()
        assert await lv.list_templates() == expected
        assert loop.time() - started >= 1.4


async def test_latency_within_timeout_is_just_slow(
    lv: LiveVoxClient, sim: EmbeddedSimulator
) -> None:
    sim.set_faults("latency=300")
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert await lv.list_sms_codes()
    assert loop.time() - started >= 0.3


async def test_latency_beyond_timeout_is_a_transport_error(sim: EmbeddedSimulator) -> None:
    creds = sim.credentials
    # The login needs its answer within the timeout too: 0.2 s was once too tight for a
    # loaded CI machine, so the margins are wider both ways.
    async with new_client(sim, read_timeout=0.6, retry_attempts=1) as lv:
        await lv.login(creds.client_code, creds.agent_login, creds.password)
        sim.set_faults("latency=2000")
        with pytest.raises(errors.TransportError):
            await lv.list_channels()


async def test_server_gone_is_not_delivered(sim: EmbeddedSimulator) -> None:
    creds = sim.credentials
    url = sim.base_url
    async with LiveVoxClient(url, creds.access_token, connect_timeout=1.0, retry_attempts=1) as lv:
        await lv.login(creds.client_code, creds.agent_login, creds.password)
        sim.stop()
        with pytest.raises(errors.TransportError) as caught:
            await lv.send_message("18005550142", "15550100001", "nobody home")
        assert caught.value.maybe_delivered is False

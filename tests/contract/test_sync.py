"""The sync engine against the simulator: what changed shows up, nothing else is fetched."""

from __future__ import annotations

import asyncio

import pytest

from inbox_app.core.inbox import InboxRef
from inbox_app.core.outcomes import Reason
from inbox_app.core.platforms.livevox import LiveVoxPlatform
from inbox_app.core.sync import Health, HealthState, NewMessage, SyncEngine
from inbox_app.core.workspace import Workspace
from inbox_app.livevox import LiveVoxClient, models
from inbox_app.simulator import EmbeddedSimulator

from ..waiting import until
from .conftest import new_client


async def engine_on_personal_sms(
    lv: LiveVoxClient,
) -> tuple[SyncEngine, InboxRef, list[list[NewMessage]]]:
    inbox = Workspace(LiveVoxPlatform(lv))
    channels = await inbox.load_channels()
    ref = next(InboxRef.of(c) for c in channels if c.kind is models.ChannelKind.SMS and c.personal)
    await inbox.fetch_more(ref)
    sync = SyncEngine(inbox)
    sync.visible_inbox = ref
    heard: list[list[NewMessage]] = []
    sync.new_messages.connect(heard.append)
    await sync.tick()  # the first look records where things stand
    assert heard == []
    return sync, ref, heard


async def test_new_message_moves_the_thread_up_and_is_announced(
    lv: LiveVoxClient, sim: EmbeddedSimulator
) -> None:
    sync, ref, heard = await engine_on_personal_sms(lv)
    threads = sync.workspace.thread_list(ref).threads
    target = threads[len(threads) - 1]
    assert target.thread_id is not None
    sim.inject_inbound("Can I pay on Friday instead?", thread_id=target.thread_id)
    await sync.tick()
    assert threads[0].thread_id == target.thread_id  # moved to the top, not reloaded
    assert threads[0].read is False
    (news,) = heard
    assert [n.thread.thread_id for n in news] == [target.thread_id]


async def test_new_conversation_is_announced(lv: LiveVoxClient, sim: EmbeddedSimulator) -> None:
    sync, ref, heard = await engine_on_personal_sms(lv)
    created = sim.inject_inbound("Hi, is this Acme?", phone="15550100188", agentId=lv.agent_id)
    await sync.tick()
    threads = sync.workspace.thread_list(ref).threads
    assert threads[0].thread_id == created["threadId"]
    assert [n.thread.thread_id for batch in heard for n in batch] == [created["threadId"]]


async def test_open_thread_gets_the_message_without_a_notification(
    lv: LiveVoxClient, sim: EmbeddedSimulator
) -> None:
    sync, ref, heard = await engine_on_personal_sms(lv)
    thread = sync.workspace.thread_list(ref).threads[0]
    assert thread.thread_id is not None
    conversation = await sync.workspace.load_history(thread.thread_id)
    sync.open_thread_id = thread.thread_id
    before = len(conversation.entries)
    sim.inject_inbound("Thanks, that works for me.", thread_id=thread.thread_id)
    await sync.tick()
    assert len(conversation.entries) == before + 1
    last = conversation.entries[len(conversation.entries) - 1]
    assert last.inbound and last.text == "Thanks, that works for me."
    assert heard == []  # the agent is reading it
    sync.window_active = False
    sim.inject_inbound("Hello?", thread_id=thread.thread_id)
    await sync.tick()
    assert [n.entries[0].text for batch in heard for n in batch] == ["Hello?"]


async def test_quiet_rounds_fetch_only_the_cheap_things(lv: LiveVoxClient) -> None:
    sync, _, _ = await engine_on_personal_sms(lv)
    sync.window_active = False
    before = sync.workspace.requests_started
    delay = await sync.tick()
    per_round = sync.workspace.requests_started - before
    assert per_round == 3  # channels, counts, the visible inbox's first page
    assert 60 / delay * per_round <= 12  # the idle budget: at most 12 requests a minute


async def test_overlapping_refreshes_share_one_request(lv: LiveVoxClient) -> None:
    sync, _, _ = await engine_on_personal_sms(lv)
    before = sync.workspace.requests_started
    await asyncio.gather(
        sync.tick(),
        sync.workspace.load_channels(),
        sync.workspace.load_channels(),
        sync.workspace.load_counts(),
    )
    assert sync.workspace.requests_started - before == 3  # not 6


@pytest.mark.parametrize(
    ("fault", "health"),
    [
        ("GET /sms/agent/channel:error=1@503", Health.RETRYING),
        ("GET /sms/agent/channel:error=1@429:retry-after=9", Health.RETRYING),
        ("GET /sms/agent/channel:malformed=1", Health.RETRYING),
    ],
)
async def test_trouble_is_reported_and_backed_off(
    lv: LiveVoxClient, sim: EmbeddedSimulator, fault: str, health: Health
) -> None:
    sync, _, _ = await engine_on_personal_sms(lv)
    states: list[HealthState] = []
    sync.health_changed.connect(states.append)
    sim.set_faults(fault)
    first = await sync.tick()
    second = await sync.tick()
    assert sync.health.health is health
    if "429" in fault:
        assert first == second == 9  # Retry-After, not our own backoff
    else:
        assert second > first  # backing off
    assert sync.health.problem is not None  # why, for the status bar's tooltip
    assert sync.health.problem.reason in (
        Reason.SERVER_TROUBLE,
        Reason.RATE_LIMITED,
        Reason.UNREADABLE_ANSWER,
    )
    sim.clear_faults()
    assert await sync.tick() == sync.active_interval_s
    assert states[-1].health is Health.LIVE


async def test_offline_and_expired(sim: EmbeddedSimulator) -> None:
    creds = sim.credentials
    async with new_client(sim, connect_timeout=0.5, retry_attempts=1) as lv:
        await lv.login(creds.client_code, creds.agent_login, creds.password)
        sync, _, _ = await engine_on_personal_sms(lv)
        sim.set_faults("POST /session/login:error=1@401")
        sim.expire_sessions()
        await sync.tick()
        assert sync.health.health is Health.EXPIRED
        assert sync.health.problem is not None
        assert sync.health.problem.reason is Reason.SIGN_IN_REFUSED
        sim.stop()
        await sync.tick()
        assert sync.health.health is Health.OFFLINE


async def test_back_online_sends_what_waited(lv: LiveVoxClient, sim: EmbeddedSimulator) -> None:
    sync, ref, _ = await engine_on_personal_sms(lv)
    thread = sync.workspace.thread_list(ref).threads[0]
    sim.set_faults("error=1@503")  # everything fails: the app is effectively offline
    item = await sync.workspace.outbox.submit(
        thread_id=thread.thread_id,
        to_number=thread.to or "",
        from_number="18005550142",
        text="waited for the network",
    )
    await sync.workspace.outbox.deliver(item.id)
    await sync.tick()
    assert sync.health.health is Health.RETRYING
    sim.clear_faults()
    await sync.tick()  # recovers: the backoff of the queued item is not waited out
    assert sync.workspace.outbox.items[item.id].state.value == "sent"
    assert sum(1 for m in sim.state()["sent"] if m["message"] == "waited for the network") == 1


@pytest.mark.parametrize("action", ["resolve", "group"])
async def test_action_with_a_lost_answer_is_settled_by_the_next_round(
    lv: LiveVoxClient, sim: EmbeddedSimulator, action: str
) -> None:
    """Found by the chaos run: the server acted, the answer was lost, the app put the
    thread back, and it stayed there for good."""
    from inbox_app.core.outcomes import ActionFailed

    sync, ref, _ = await engine_on_personal_sms(lv)
    threads = sync.workspace.thread_list(ref).threads
    thread = threads[len(threads) - 1]
    path = (
        "POST /sms/agent/thread/resolve"
        if action == "resolve"
        else "PUT /sms/agent/thread/switchGroup/public"
    )
    sim.set_faults(f"{path}:drop=1")
    with pytest.raises(ActionFailed) as caught:
        if action == "resolve":
            await sync.workspace.resolve(
                ref, thread, account=thread.account or "0", term_code_id=None
            )
        else:
            await sync.workspace.move_to_group(ref, thread)
    assert caught.value.error.unknown_outcome  # the UI says the inbox will be read again
    assert thread.thread_id in [t.thread_id for t in threads]  # put back: unknown for now
    sim.clear_faults()
    await sync.tick()
    assert thread.thread_id not in [t.thread_id for t in sync.workspace.thread_list(ref).threads]


async def test_a_second_401_after_a_good_relogin_is_not_an_expired_session(
    lv: LiveVoxClient, sim: EmbeddedSimulator
) -> None:
    sync, _, _ = await engine_on_personal_sms(lv)
    sim.set_faults("GET /sms/agent/channel:error=1@401")  # every try, also after re-login
    await sync.tick()
    assert sync.health.health is Health.RETRYING  # not 'sign in again': the password works
    sim.clear_faults()
    await sync.tick()
    assert sync.health.health is Health.LIVE


async def test_an_agent_away_from_the_screen_gets_the_idle_rate(lv: LiveVoxClient) -> None:
    sync, _, _ = await engine_on_personal_sms(lv)
    sync.note_input()  # the agent at the screen: a key just now, minutes within the window
    assert sync.window_active and sync.attentive
    assert await sync.tick() == sync.active_interval_s
    sync.user_idle_after_s = 0.05  # no key, click or wheel since: the window closes
    await until(lambda: not sync.attentive, what="the idle window passed")
    before = sync.workspace.requests_started
    delay = await sync.tick()
    assert delay == sync.idle_interval_s
    assert sync.workspace.requests_started > before  # the idle round did ask
    assert 60 / delay * (sync.workspace.requests_started - before) <= 12
    sync.note_input()  # the agent is back: a round right away, and quick polling
    assert sync._wake.is_set()
    sync.user_idle_after_s = 60.0  # (a window the test's own pace cannot close)
    assert sync.attentive
    assert await sync.tick() == sync.active_interval_s

"""Every client method against the simulator: right answers, and the server's state follows."""

from __future__ import annotations

import pytest

from inbox_app.core.platforms.livevox import LiveVoxPlatform
from inbox_app.core.workspace import Workspace
from inbox_app.livevox import LiveVoxClient, errors, models
from inbox_app.simulator import EmbeddedSimulator

from .conftest import new_client


def personal_sms(channels: list[models.Channel]) -> models.Channel:
    return next(c for c in channels if c.kind is models.ChannelKind.SMS and c.personal)


def group_sms(channels: list[models.Channel]) -> models.Channel:
    return next(c for c in channels if c.kind is models.ChannelKind.SMS and not c.personal)


async def first_thread(lv: LiveVoxClient, channel: models.Channel) -> models.Thread:
    threads = await lv.list_threads(channel.channel_id, channel.kind, personal=channel.personal)
    assert threads
    return threads[0]


async def test_session_login_validate_logout(sim: EmbeddedSimulator) -> None:
    creds = sim.credentials
    async with new_client(sim) as lv:
        session = await lv.login(creds.client_code, creds.agent_login, creds.password)
        assert session.session_id and session.user_id == sim.agent_id("agent1")
        again = await lv.login(creds.client_code, creds.agent_login, creds.password)
        assert again.session_id == session.session_id  # LiveVox answers a repeat with the same id
        assert await lv.validate() is True
        await lv.logout()
        assert lv.session is None
        assert sim.session(session.session_id) is None
        with pytest.raises(errors.NotLoggedIn):
            await lv.list_channels()


async def test_versioned_paths_work(sim: EmbeddedSimulator) -> None:
    creds = sim.credentials
    versions = {"session": "v5.0", "sms": "v17.0", "callControl": "v6.0"}
    async with new_client(sim, versions=versions) as lv:
        await lv.login(creds.client_code, creds.agent_login, creds.password)
        assert not await lv.list_sms_codes()  # not in a service yet
        access = await lv.service_access()
        await lv.join_service(access.services[0].service_id, access.phone_number)
        assert await lv.list_sms_codes()


async def test_templates_and_codes(lv: LiveVoxClient) -> None:
    templates = await lv.list_templates()
    assert templates and all(t.id and t.message and t.sms_code for t in templates)
    codes = await lv.list_sms_codes()
    assert codes and all(c.code for c in codes)


async def test_channels_and_counts_agree_with_thread_lists(lv: LiveVoxClient) -> None:
    channels = await lv.list_channels()
    assert {c.kind for c in channels} >= {models.ChannelKind.SMS, models.ChannelKind.EMAIL}
    mine = personal_sms(channels)
    assert mine.channel_id == lv.agent_id
    threads = [
        t
        for page in [p async for p in lv.iter_threads(mine.channel_id, mine.kind, personal=True)]
        for t in page
    ]
    assert len(threads) == mine.total_count
    assert sum(1 for t in threads if not t.read) == mine.unread_count
    counts = await lv.channel_counts(mine.channel_id)
    assert counts.unread_sms_personal == mine.unread_count
    assert counts.read_sms_personal == (mine.total_count or 0) - (mine.unread_count or 0)


async def test_thread_pages_cover_an_inbox_once(lv: LiveVoxClient, sim: EmbeddedSimulator) -> None:
    sim.configure(pageSize=7)
    group = group_sms(await lv.list_channels())
    pages = [page async for page in lv.iter_threads(group.channel_id, group.kind, personal=False)]
    assert all(len(page) == 7 for page in pages[:-1])
    ids = [t.thread_id for page in pages for t in page]
    assert len(ids) == len(set(ids)) == group.total_count


async def test_history_paging(lv: LiveVoxClient, sim: EmbeddedSimulator) -> None:
    thread = await first_thread(lv, personal_sms(await lv.list_channels()))
    sim.configure(pageSize=2)
    pages = [page async for page in lv.iter_messages(thread_id=thread.thread_id)]
    messages = [m for page in pages for m in page]
    assert len(messages) == sim.state()["messagesPerThread"][thread.thread_id]
    dates = [m.date for m in messages]
    assert dates == sorted(dates, reverse=True)  # newest first
    assert {m.direction for m in messages} <= {models.Direction.INBOUND, models.Direction.OUTBOUND}
    by_account = await lv.list_messages(account=thread.account)
    assert by_account


async def test_send_message_appears_in_history(lv: LiveVoxClient, sim: EmbeddedSimulator) -> None:
    channel = personal_sms(await lv.list_channels())
    thread = await first_thread(lv, channel)
    codes = await lv.list_sms_codes()
    to = thread.contact_info.phone_details[0].number if thread.contact_info else thread.to
    assert to
    txn = await lv.send_message(
        codes[0].code,
        to,
        "We have updated your address.",
        account=thread.account,
        thread_id=thread.thread_id,
    )
    history = await lv.list_messages(thread_id=thread.thread_id)
    assert history[0].id == txn
    assert history[0].message == "We have updated your address."
    assert history[0].direction is models.Direction.OUTBOUND
    assert history[0].status in ("SMS MT Queued", "SMS MT Delivered")


async def test_send_sms_as_agent_and_as_user(
    lv: LiveVoxClient, supervisor: LiveVoxClient, sim: EmbeddedSimulator
) -> None:
    codes = await lv.list_sms_codes()
    templates = await lv.list_templates()
    txn = await lv.send_sms(
        codes[0].code, "15550100777", message="Hello from the demo.", account="4100777"
    )
    assert txn.isdigit()
    services = {c.channel_id for c in await lv.list_channels() if not c.personal}
    txn2 = await supervisor.send_sms(
        codes[0].code, "15550100778", template_id=templates[0].id, service_id=sorted(services)[0]
    )
    sent = {m["id"] for m in sim.state()["sent"]}
    assert {txn, txn2} <= sent


async def test_mark_unread_and_read(lv: LiveVoxClient, sim: EmbeddedSimulator) -> None:
    channel = personal_sms(await lv.list_channels())
    thread = await first_thread(lv, channel)
    assert thread.thread_id
    await lv.mark_unread(thread.thread_id, channel.channel_id)
    assert sim.world.thread_row(thread.thread_id)["read"] == 0  # type: ignore[index,union-attr]
    await lv.mark_read(thread.thread_id, channel.channel_id)
    assert sim.world.thread_row(thread.thread_id)["read"] == 1  # type: ignore[index,union-attr]


async def test_move_between_personal_and_group(lv: LiveVoxClient, sim: EmbeddedSimulator) -> None:
    channel = personal_sms(await lv.list_channels())
    thread = await first_thread(lv, channel)
    assert thread.thread_id and lv.agent_id
    await lv.move_to_group(thread.thread_id)
    assert sim.world.thread_row(thread.thread_id)["owner"] is None  # type: ignore[index,union-attr]
    after = personal_sms(await lv.list_channels())
    assert after.total_count == (channel.total_count or 0) - 1
    await lv.move_to_personal(thread.thread_id, lv.agent_id)
    assert sim.world.thread_row(thread.thread_id)["owner"] == lv.agent_id  # type: ignore[index,union-attr]


async def test_transfer_shows_up_for_the_other_agent(
    lv: LiveVoxClient, sim: EmbeddedSimulator
) -> None:
    channel = personal_sms(await lv.list_channels())
    thread = await first_thread(lv, channel)
    assert thread.thread_id
    agents = await lv.list_transfer_agents(thread.thread_id)
    assert agents and lv.agent_id not in {a.agent_id for a in agents}
    target = next(a for a in agents if a.available)
    assert await lv.transfer_thread(thread.thread_id, "SMS", target.agent_id) == thread.thread_id
    creds = sim.credentials
    async with new_client(sim) as other:
        await other.login(creds.client_code, target.login_id, creds.password)
        theirs = personal_sms(await other.list_channels())
        ids = [
            t.thread_id
            async for page in other.iter_threads(theirs.channel_id, "SMS", personal=True)
            for t in page
        ]
        assert thread.thread_id in ids


async def test_resolve_removes_the_thread(lv: LiveVoxClient, sim: EmbeddedSimulator) -> None:
    channel = personal_sms(await lv.list_channels())
    thread = await first_thread(lv, channel)
    assert thread.thread_id and thread.account
    categories = await lv.list_term_codes(lv.joined_service or "")
    term = next(c for cat in categories for c in cat.term_codes if not c.payment_amt_required)
    await lv.resolve_thread(thread.thread_id, thread.account, term_code_id=term.term_code_id)
    remaining = await lv.list_threads(channel.channel_id, "SMS", personal=True)
    assert thread.thread_id not in {t.thread_id for t in remaining}
    with pytest.raises(errors.Conflict) as caught:
        await lv.resolve_thread(thread.thread_id, thread.account)
    assert "resolved" in (caught.value.server_message or "").lower()


async def test_reopening_a_thread_keeps_the_older_pages(
    lv: LiveVoxClient, sim: EmbeddedSimulator
) -> None:
    from inbox_app.core.inbox import InboxRef

    sim.configure(pageSize=2)
    inbox = Workspace(LiveVoxPlatform(lv))
    channels = await inbox.load_channels()
    ref = next(InboxRef.of(c) for c in channels if c.channel == "SMS" and c.personal)
    await inbox.fetch_more(ref)
    thread_id = inbox.thread_list(ref).threads[0].thread_id
    assert thread_id is not None
    conversation = await inbox.load_history(thread_id)
    assert await inbox.load_older(thread_id) > 0
    scrolled = [e.key for e in conversation.entries]
    assert len(scrolled) > 2
    await inbox.load_history(thread_id)  # the agent comes back to it
    assert [e.key for e in conversation.entries] == scrolled

"""The workspace on each relayed platform, with the real relay and a second agent's desktop."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from inbox_app.core.models import DeliveryState
from inbox_app.core.outbox import OutboxState
from inbox_app.core.platforms.relayed import RELAY

from .conftest import CUSTOMER, GROUP, OURS, PERSONAL, Desk, Scenario

OpenDesk = Callable[..., Any]


async def test_a_customers_message_becomes_one_thread_in_the_group_inbox(
    scenario: Scenario, desks: OpenDesk
) -> None:
    alice: Desk = await desks("alice")
    await scenario.customer_writes("Hello?", "m1")
    await scenario.customer_writes("Hello?", "m1")  # the platform posting it again
    await alice.sync()
    await alice.sync()  # and read again: still one
    assert alice.ids(PERSONAL) == []
    thread = alice.thread(GROUP)
    assert thread.read is False and thread.details == "Hello?"
    history = await alice.workspace.load_history(thread.thread_id or "")
    assert [(e.text, e.inbound) for e in history.entries] == [("Hello?", True)]
    (personal, group) = alice.workspace.channels
    assert (personal.personal, personal.total_count) == (True, 0)
    assert (group.personal, group.total_count, group.unread_count) == (False, 1, 1)


async def test_a_delivery_report_updates_the_bubble(scenario: Scenario, desks: OpenDesk) -> None:
    alice: Desk = await desks("alice")
    await scenario.customer_writes("Hello?", "m1")
    await alice.sync()
    thread = alice.thread(GROUP)
    item = await alice.workspace.send(GROUP, thread, "How can I help?", from_number=OURS)
    assert item.state is OutboxState.SENT
    (sent,) = scenario.sends.sent
    platform_id = scenario.sends.ids[0]
    if scenario.key == "iliveit":  # the relay's postback addresses go with every send
        assert sent["PostbackReplyUrl"] == scenario.relay.webhook_urls["iliveit/reply"]
        status_url = scenario.relay.webhook_urls["iliveit/status"] + f"?ref={item.id}"
        assert sent["PostbackStatusUrl"] == status_url
    else:
        assert sent["correlationid"] == item.id
    conversation = await alice.workspace.load_history(thread.thread_id or "")
    assert conversation.entries[-1].status == DeliveryState.SENT
    await scenario.post(scenario.delivered(platform_id))
    await alice.sync()
    conversation = await alice.workspace.load_history(thread.thread_id or "")
    mine = conversation.entries[-1]
    assert (mine.text, mine.status, mine.transaction_id) == (
        "How can I help?",
        DeliveryState.DELIVERED,
        platform_id,
    )


async def test_a_claim_moves_the_thread_out_of_the_other_agents_group_inbox(
    scenario: Scenario, desks: OpenDesk
) -> None:
    alice: Desk = await desks("alice")
    bob: Desk = await desks("bob")
    await scenario.customer_writes("Hello?", "m1")
    for desk in (alice, bob):
        await desk.sync()
        assert len(desk.ids(GROUP)) == 1
    thread = alice.thread(GROUP)
    await alice.workspace.take(GROUP, thread)
    assert alice.ids(GROUP) == []
    await alice.sync()
    assert alice.ids(PERSONAL) == [thread.thread_id]
    await bob.sync()  # one pull
    assert bob.ids(GROUP) == [] and bob.ids(PERSONAL) == []
    # Bob cannot take it from under Alice: the relay names her.
    failure = None
    try:
        await bob.workspace.take(GROUP, thread)
    except Exception as exc:  # ActionFailed
        failure = exc
    assert failure is not None and failure.error.reason == "conflict"  # type: ignore[attr-defined]
    assert failure.error.server_words == "alice"  # type: ignore[attr-defined]
    # Back to the group: both see it there again.
    await alice.workspace.move_to_group(PERSONAL, alice.thread(PERSONAL))
    await alice.sync()
    await bob.sync()
    assert alice.ids(GROUP) == bob.ids(GROUP) == [thread.thread_id]


async def test_a_transfer_lands_in_the_other_agents_personal_inbox(
    scenario: Scenario, desks: OpenDesk
) -> None:
    alice: Desk = await desks("alice")
    bob: Desk = await desks("bob")
    await scenario.customer_writes("Hello?", "m1")
    await alice.sync()
    await bob.sync()
    await alice.workspace.take(GROUP, alice.thread(GROUP))
    await alice.sync()
    thread = alice.thread(PERSONAL)
    agents = await alice.workspace.transfer_agents(thread)
    assert [a.login_id for a in agents] == ["bob"]  # everyone but herself
    assert agents[0].available  # Bob's desktop was seen a moment ago
    await alice.workspace.transfer(PERSONAL, thread, agents[0])
    assert alice.ids(PERSONAL) == []
    await bob.sync()  # one pull
    assert bob.ids(PERSONAL) == [thread.thread_id] and bob.ids(GROUP) == []
    await alice.sync()
    assert alice.ids(PERSONAL) == alice.ids(GROUP) == []


async def test_read_state_is_shared(scenario: Scenario, desks: OpenDesk) -> None:
    alice: Desk = await desks("alice")
    bob: Desk = await desks("bob")
    await scenario.customer_writes("Hello?", "m1")
    await alice.sync()
    await bob.sync()
    assert bob.thread(GROUP).read is False
    await alice.workspace.set_read(GROUP, alice.thread(GROUP), True)
    await bob.sync()
    assert bob.thread(GROUP).read is True
    await bob.workspace.set_read(GROUP, bob.thread(GROUP), False)
    await alice.sync()
    assert alice.thread(GROUP).read is False
    assert alice.workspace.channels[1].unread_count == 1


async def test_resolve_takes_it_out_of_every_inbox_until_the_customer_writes_again(
    scenario: Scenario, desks: OpenDesk
) -> None:
    alice: Desk = await desks("alice")
    bob: Desk = await desks("bob")
    await scenario.customer_writes("Hello?", "m1")
    await alice.sync()
    await bob.sync()
    thread = alice.thread(GROUP)
    await alice.workspace.take(GROUP, thread)
    await alice.sync()
    await alice.workspace.resolve(PERSONAL, alice.thread(PERSONAL), account="", term_code_id=None)
    await alice.sync()
    await bob.sync()
    for desk in (alice, bob):
        assert desk.ids(PERSONAL) == desk.ids(GROUP) == []
    await scenario.customer_writes("One more thing", "m2")
    await alice.sync()
    await bob.sync()
    for desk in (alice, bob):
        assert desk.ids(GROUP) == [thread.thread_id]
        assert desk.thread(GROUP).details == "One more thing"


async def test_the_event_cursor_survives_a_restart(scenario: Scenario, desks: OpenDesk) -> None:
    alice: Desk = await desks("alice")
    await scenario.customer_writes("first", "m1")
    await alice.sync()
    kept = await alice.platform.local.cursor(RELAY)
    assert kept is not None and int(kept) >= 1
    await alice.close()
    await scenario.customer_writes("second", "m2")  # while the desktop is closed
    again: Desk = await desks("alice")
    await again.sync()
    assert await again.platform.local.cursor(RELAY) == str(int(kept) + 1)
    thread = again.thread(GROUP)
    history = await again.workspace.load_history(thread.thread_id or "")
    assert [e.text for e in history.entries] == ["first", "second"]  # nothing missed or twice
    await again.sync()
    history = await again.workspace.load_history(thread.thread_id or "")
    assert [e.text for e in history.entries] == ["first", "second"]


async def test_customer_numbers_are_one_conversation_with_the_relays_key(
    scenario: Scenario, desks: OpenDesk
) -> None:
    alice: Desk = await desks("alice")
    await scenario.customer_writes("Hello?", "m1")
    await alice.sync()
    await alice.workspace.take(GROUP, alice.thread(GROUP))
    assert scenario.relay.store is not None
    (state,) = [e.data for e in scenario.relay.store.events_after(0, 100) if e.kind == "claim"]
    assert state["conversation"] == f"{scenario.key}:{OURS}:{CUSTOMER}"


async def test_a_colleagues_replies_are_in_the_thread_once_it_changes_hands(
    scenario: Scenario, desks: OpenDesk
) -> None:
    alice: Desk = await desks("alice")
    bob: Desk = await desks("bob")
    await scenario.customer_writes("Hello?", "m1")
    await alice.sync()
    thread = alice.thread(GROUP)
    await alice.workspace.take(GROUP, thread)
    await alice.workspace.send(GROUP, thread, "Hi, this is Alice", from_number=OURS)
    await alice.sync()  # tells the relay about her reply, and reads it back
    await alice.sync()
    mine = await alice.workspace.load_history(thread.thread_id or "")
    assert [e.text for e in mine.entries] == ["Hello?", "Hi, this is Alice"]  # not twice
    (bob_agent,) = [a for a in await alice.platform.agents(thread) if a.name == "bob"]
    await alice.workspace.transfer(PERSONAL, alice.thread(PERSONAL), bob_agent)
    await bob.sync()
    (handed,) = bob.workspace.thread_list(PERSONAL).threads
    history = await bob.workspace.load_history(handed.thread_id or "")
    assert [(e.text, e.inbound) for e in history.entries] == [
        ("Hello?", True),
        ("Hi, this is Alice", False),
    ]
    assert history.entries[-1].transaction_id == scenario.sends.ids[0]


async def test_each_reply_is_told_to_the_relay_once_and_kept_until_it_is(
    scenario: Scenario, desks: OpenDesk
) -> None:
    alice: Desk = await desks("alice")
    await scenario.customer_writes("Hello?", "m1")
    await alice.sync()
    thread = alice.thread(GROUP)
    await alice.workspace.send(GROUP, thread, "Noted", from_number=OURS)
    assert [a.text for a in await alice.platform.local.unannounced()] == ["Noted"]
    await alice.sync()
    assert await alice.platform.local.unannounced() == []
    page = await alice.platform.relay.events(after=0, limit=100)
    told = [e.sent for e in page.events if e.kind == "sent"]
    assert [(s.id, s.text, s.agent) for s in told if s] == [
        (scenario.sends.ids[0], "Noted", "alice")
    ]

"""The pull's edges: another platform's events, a backlog, a reply that names only our
message, sign-in with the relay's token, a relay that is down."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from inbox_app.core.local_threads import LocalThreads
from inbox_app.core.outcomes import PlatformError, Reason
from inbox_app.core.platforms import iliveit, imiconnect, relayed
from inbox_app.relay import EmbeddedRelay

from .conftest import GROUP, OURS, Desk, ILiveIt, IMIconnect, Scenario

OpenDesk = Callable[..., Any]


async def test_another_platforms_events_move_the_cursor_and_nothing_else(
    scenario: Scenario, desks: OpenDesk, relay: EmbeddedRelay
) -> None:
    other = ILiveIt(relay) if isinstance(scenario, IMIconnect) else IMIconnect(relay)
    alice: Desk = await desks("alice")
    await other.customer_writes("not for this desktop", "x1")
    assert await alice.platform.pull() is False
    assert await alice.platform.local.cursor(relayed.RELAY) == "1"
    await alice.sync()
    assert alice.ids(GROUP) == []


async def test_a_backlog_is_worked_off_over_several_pulls(
    scenario: Scenario, desks: OpenDesk, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(relayed, "EVENTS_PER_PAGE", 2)
    monkeypatch.setattr(relayed, "PAGES_PER_PULL", 1)
    alice: Desk = await desks("alice")
    for n in range(3):
        await scenario.customer_writes(f"message {n}", f"m{n}")
    assert await alice.platform.pull() is True
    assert alice.platform.backlog and alice.workspace.backlog
    await alice.platform.pull()
    assert not alice.platform.backlog
    await alice.sync()
    history = await alice.workspace.load_history(alice.thread(GROUP).thread_id or "")
    assert [e.text for e in history.entries] == ["message 0", "message 1", "message 2"]


@pytest.mark.parametrize("scenario", [ILiveIt], indirect=True)
async def test_an_iliveit_reply_without_our_number_joins_the_thread_it_answers(
    scenario: Scenario, desks: OpenDesk
) -> None:
    alice: Desk = await desks("alice")
    await alice.workspace.send_new("+13125550177", "Your order is ready", from_number=OURS)
    message_id = scenario.sends.ids[0]
    hook, body = scenario.customer_message("Thanks!", message_id)
    body = {**body, "SourceMSISDN": "13125550177"}
    del body["DestinationMSISDN"]
    await scenario.post((hook, body))
    await alice.sync()
    thread = alice.thread(GROUP)
    assert thread.channel_id == OURS and thread.details == "Thanks!"
    history = await alice.workspace.load_history(thread.thread_id or "")
    assert [e.text for e in history.entries] == ["Your order is ready", "Thanks!"]


async def test_sign_in_checks_the_agent_token_and_the_platforms_key(
    relay: EmbeddedRelay, tmp_path: Path
) -> None:
    """Each failure names its server: the relay's token first, then the platform's secret
    (IMIconnect: a status request for no message, which sends nothing), so a sign-in never
    opens a window that cannot work."""
    from inbox_app.simulator.iliveit import ILiveItSimulator
    from inbox_app.simulator.imiconnect import IMIconnectSimulator

    token = relay.add_agent("alice")
    with IMIconnectSimulator(dataset="empty") as imi, ILiveItSimulator() as il:
        cases = (
            (imiconnect.sign_in, imi.base_url, imi.credentials.service_key),
            (iliveit.sign_in, il.base_url, il.credentials.token),
        )
        for sign_in, server, key in cases:
            threads = await LocalThreads.open(None)
            platform = await sign_in(
                relay.base_url, token, server, key, numbers=[OURS], threads=threads
            )
            assert platform.agent_id == "alice" and platform.numbers == (OURS,)
            await platform.close()
            for agent_token, secret, reason in (
                ("not-a-token", key, Reason.AGENT_TOKEN_REFUSED),
                (token, "not-the-key", Reason.SIGN_IN_REFUSED),
            ):
                threads = await LocalThreads.open(None)
                with pytest.raises(PlatformError) as refused:
                    await sign_in(
                        relay.base_url, agent_token, server, secret, numbers=[OURS], threads=threads
                    )
                assert refused.value.reason is reason
                await threads.close()
        assert imi.world is not None and imi.world.mts() == []  # the key check sent nothing


async def test_a_relay_that_is_down_is_a_typed_failure(
    scenario: Scenario, desks: OpenDesk, relay: EmbeddedRelay
) -> None:
    alice: Desk = await desks("alice")
    await alice.sync()
    relay.stop()
    with pytest.raises(PlatformError) as down:
        await alice.platform.pull()
    assert down.value.reason is Reason.CANNOT_CONNECT and not down.value.unknown_outcome

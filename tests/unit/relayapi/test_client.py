"""RelayClient against a MockTransport: requests, answers, typed errors, redaction."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import httpx
import pytest

from inbox_app.relayapi import RelayClient, errors, models

TOKEN = "agent-token-0123456789abcdef"
EVENT = {
    "cursor": 7,
    "kind": "claim",
    "platform": "imiconnect",
    "at": "2026-11-30T10:00:00Z",
    "data": {
        "conversation": "imiconnect:DEMOBK:+919812345678",
        "owner": "alice",
        "read": True,
        "resolved": False,
        "agent": "alice",
    },
}


def client(handler: Callable[[httpx.Request], httpx.Response], **options: object) -> RelayClient:
    return RelayClient(
        "http://relay.test/",
        TOKEN,
        transport=httpx.MockTransport(handler),
        retry_timeout=1.0,
        **options,
    )  # type: ignore[arg-type]


async def test_events_sends_the_cursor_the_wait_and_the_token() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"events": [EVENT], "cursor": 7})

    async with client(handler) as relay:
        page = await relay.events(after=3, wait=25)
    (request,) = seen
    assert request.url.path == "/v1/events"
    assert request.url.params["after"] == "3"
    assert request.url.params["wait"] == "25"
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.extensions["timeout"]["read"] > 25  # the long-poll outlives its wait
    assert page.cursor == 7
    (event,) = page.events
    assert event.kind == "claim" and event.conversation == "imiconnect:DEMOBK:+919812345678"
    assert event.state == models.ConversationState(
        conversation="imiconnect:DEMOBK:+919812345678", owner="alice", read=True
    )


async def test_a_webhook_event_has_its_body_and_no_state() -> None:
    event = models.Event.model_validate(
        {**EVENT, "kind": "mo", "data": {"conversation": None, "body": {"tid": "t1"}}}
    )
    assert event.body == {"tid": "t1"} and event.state is None and event.conversation is None


async def test_wait_is_capped_at_the_relays_longest() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"events": [], "cursor": 0})

    async with client(handler) as relay:
        page = await relay.events(wait=600)
    assert seen[0].url.params["wait"] == "30"
    assert page.events == () and page.cursor == 0


async def test_a_409_is_claimed_naming_the_holder() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.method == "POST"
        assert request.url.path == "/v1/conversations/imiconnect:DEMOBK:+919812345678/claim"
        return httpx.Response(409, json={"detail": "held by bob", "owner": "bob"})

    async with client(handler) as relay:
        with pytest.raises(errors.Claimed) as caught:
            await relay.claim("imiconnect:DEMOBK:+919812345678")
    assert caught.value.owner == "bob" and caught.value.status == 409


async def test_transfer_posts_the_target() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path.endswith("/transfer")
        assert json.loads(request.content) == {"to": "bob"}
        state = {**EVENT["data"], "owner": "bob"}
        return httpx.Response(200, json={"state": state, "event": {**EVENT, "data": state}})

    async with client(handler) as relay:
        result = await relay.transfer("imiconnect:DEMOBK:+919812345678", "bob")
    assert result.state.owner == "bob" and result.event is not None


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (400, errors.BadRequest),
        (401, errors.Unauthorized),
        (404, errors.NotFound),
        (422, errors.BadRequest),
        (429, errors.RateLimited),
        (500, errors.ServerError),
        (418, errors.RelayError),
    ],
)
async def test_error_statuses_are_typed(status: int, kind: type[errors.RelayError]) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json={"detail": "no"})

    async with client(handler, retry_attempts=1) as relay:
        with pytest.raises(kind) as caught:
            await relay.resolve("iliveit:+27820000001:+27821234567")
    assert caught.value.status == status


async def test_a_garbled_answer_is_a_protocol_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"events": "many"})

    async with client(handler) as relay:
        with pytest.raises(errors.ProtocolError):
            await relay.events()


async def test_a_lost_action_answer_may_have_acted_and_is_not_repeated() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        raise httpx.ReadTimeout("slow", request=request)

    async with client(handler) as relay:
        with pytest.raises(errors.TransportError) as caught:
            await relay.claim("imiconnect:DEMOBK:+919812345678")
    assert caught.value.maybe_delivered and calls == 1


async def test_reads_are_retried_on_a_passing_failure() -> None:
    answers = [httpx.Response(503), httpx.Response(200, json={"agents": [{"name": "bob"}]})]

    def handler(request: httpx.Request) -> httpx.Response:
        return answers.pop(0)

    async with client(handler) as relay:
        (agent,) = await relay.agents()
    assert agent.name == "bob" and agent.active and not agent.online


async def test_me_names_the_agent_and_the_relays_webhooks() -> None:
    hooks = {"iliveit": {"reply": "https://relay.test/hooks/iliveit/s/reply"}}
    answer = {"name": "alice", "webhooks": hooks}
    async with client(lambda r: httpx.Response(200, json=answer)) as relay:
        me = await relay.me()
    assert me.name == "alice"
    assert me.webhook("iliveit", "reply") == "https://relay.test/hooks/iliveit/s/reply"
    assert me.webhook("iliveit", "status") is None and me.webhook("imiconnect", "mo") is None


async def test_an_older_relay_names_no_webhooks_and_a_nameless_answer_is_refused() -> None:
    async with client(lambda r: httpx.Response(200, json={"name": "bob"})) as relay:
        assert (await relay.me()).webhooks == {}
    for body in ({"webhooks": {}}, {"name": "bob", "webhooks": ["not", "a", "map"]}):
        async with client(lambda r, body=body: httpx.Response(200, json=body)) as relay:
            with pytest.raises(errors.ProtocolError):
                await relay.me()


def test_bad_arguments_are_refused_before_a_request() -> None:
    with pytest.raises(ValueError):
        RelayClient("relay.test", TOKEN)
    with pytest.raises(ValueError):
        RelayClient("http://relay.test", " ")


def test_conversation_keys_are_spelled_as_the_relay_spells_them() -> None:
    key = models.conversation_key("iliveit", "27820000001", "+27 82 123 4567")
    assert key == "iliveit:+27820000001:+27821234567"
    assert models.conversation_key("imiconnect", "DEMOBK", "919812345678") == (
        "imiconnect:DEMOBK:+919812345678"
    )
    assert models.split_key(key) == ("iliveit", "+27820000001", "+27821234567")
    with pytest.raises(ValueError):
        models.conversation_key("imiconnect", "a:b", "1")


async def test_the_token_never_reaches_a_log_line(caplog: pytest.LogCaptureFixture) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"events": [], "cursor": 0})

    with caplog.at_level(logging.DEBUG):
        async with client(handler) as relay:
            await relay.events()
        logging.getLogger("inbox_app.relayapi").warning("header Authorization: Bearer %s", TOKEN)
    assert caplog.records
    assert TOKEN not in caplog.text

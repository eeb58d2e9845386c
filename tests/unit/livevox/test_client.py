"""Each method sends exactly the documented request and returns typed results."""

from __future__ import annotations

import json
import ssl

import httpx
import pytest
import respx

from inbox_app.livevox import LiveVoxClient, errors, models

from . import seed_examples as seed
from .conftest import BASE, PASSWORD, SESSION, TOKEN


def body_of(route: respx.Route) -> object:
    return json.loads(route.calls.last.request.content)


def sent(route: respx.Route) -> httpx.Request:
    assert route.call_count == 1
    return route.calls.last.request


async def test_login_sends_access_token_and_body(lv: LiveVoxClient, router: respx.Router) -> None:
    route = router.post("/session/login").respond(200, json=seed.LOGIN)
    session = await lv.login("DEMO", "agent1", PASSWORD, agent=True)
    request = sent(route)
    assert request.headers["LV-Access"] == TOKEN
    assert "LV-Session" not in request.headers
    assert body_of(route) == {
        "clientName": "DEMO",
        "userName": "agent1",
        "password": PASSWORD,
        "agent": True,
    }
    assert session.session_id == SESSION
    assert lv.session == session
    assert lv.agent_id == "645836"
    assert lv.is_agent


async def test_user_login_sends_agent_false(lv: LiveVoxClient, router: respx.Router) -> None:
    route = router.post("/session/login").respond(200, json=seed.LOGIN)
    await lv.login("DEMO", "supervisor", PASSWORD, agent=False)
    assert body_of(route)["agent"] is False  # type: ignore[index]
    assert not lv.is_agent


async def test_bad_credentials_raise_login_failed(lv: LiveVoxClient, router: respx.Router) -> None:
    router.post("/session/login").respond(401, json={"code": 401, "message": "Invalid login"})
    with pytest.raises(errors.LoginFailed) as caught:
        await lv.login("DEMO", "agent1", "wrong")
    assert isinstance(caught.value, errors.SessionExpired)
    assert caught.value.status == 401
    assert "client code" in caught.value.message
    assert lv.session is None


@pytest.mark.parametrize("field", ["client_name", "user_name", "password"])
async def test_login_rejects_empty_fields_without_a_request(
    lv: LiveVoxClient, router: respx.Router, field: str
) -> None:
    route = router.post("/session/login").respond(200, json=seed.LOGIN)
    args = {"client_name": "DEMO", "user_name": "agent1", "password": "x", field: "  "}
    with pytest.raises(ValueError):
        await lv.login(**args)
    assert route.call_count == 0


async def test_every_later_call_carries_the_session(
    agent: LiveVoxClient, router: respx.Router
) -> None:
    route = router.get("/sms/templates").respond(200, json=seed.TEMPLATES)
    templates = await agent.list_templates()
    request = sent(route)
    assert request.headers["LV-Session"] == SESSION
    assert request.headers["Accept"] == "application/json"
    assert [t.id for t in templates] == ["75870", "75959"]


async def test_calls_need_a_session(lv: LiveVoxClient, router: respx.Router) -> None:
    route = router.get("/sms/templates").respond(200, json=seed.TEMPLATES)
    with pytest.raises(errors.NotLoggedIn):
        await lv.list_templates()
    assert route.call_count == 0


async def test_validate(agent: LiveVoxClient, router: respx.Router) -> None:
    route = router.get(f"/session/validate/{SESSION}").respond(200)
    assert await agent.validate() is True
    assert sent(route).headers["LV-Session"] == SESSION
    route.respond(404, json={"code": 404, "message": "Session not found"})
    assert await agent.validate() is False


async def test_validate_without_session_is_false_without_a_request(
    lv: LiveVoxClient, router: respx.Router
) -> None:
    assert await lv.validate() is False
    assert len(router.calls) == 0


async def test_logout_deletes_and_forgets(agent: LiveVoxClient, router: respx.Router) -> None:
    route = router.delete(f"/session/logout/{SESSION}").respond(204)
    await agent.logout()
    assert sent(route).method == "DELETE"
    assert agent.session is None
    with pytest.raises(errors.NotLoggedIn):
        await agent.list_channels()


async def test_logout_clears_locally_even_when_offline(
    agent: LiveVoxClient, router: respx.Router
) -> None:
    router.delete(f"/session/logout/{SESSION}").mock(side_effect=httpx.ConnectError("down"))
    with pytest.raises(errors.TransportError):
        await agent.logout()
    assert agent.session is None


async def test_send_sms_with_message(agent: LiveVoxClient, router: respx.Router) -> None:
    route = router.post("/sms/").respond(200, json=seed.SEND_SMS)
    txn = await agent.send_sms("53063", "4154164061", message="Hi there", account="13213")
    assert txn == "51644325690"
    assert body_of(route) == {
        "from": "53063",
        "to": "4154164061",
        "body": {"message": "Hi there"},
        "account": "13213",
    }


async def test_user_send_sms_with_template_and_service(
    lv: LiveVoxClient, router: respx.Router
) -> None:
    router.post("/session/login").respond(200, json=seed.LOGIN)
    await lv.login("DEMO", "supervisor", PASSWORD, agent=False)
    route = router.post("/sms/").respond(200, json=seed.SEND_SMS)
    await lv.send_sms("53063", "4154164061", template_id=74257, account="13213", service_id=100915)
    assert body_of(route) == {
        "from": "53063",
        "to": "4154164061",
        "serviceId": "100915",
        "body": {"templateId": "74257"},
        "account": "13213",
    }


@pytest.mark.parametrize(
    "kwargs",
    [
        {"message": "hi", "template_id": "1"},  # both
        {},  # neither
        {"message": "   "},  # blank message is no message
        {"message": "hi", "to": ""},
        {"message": "hi", "from_code": " "},
        {"message": "hi", "service_id": 5},  # agents may not pass a service id
    ],
)
async def test_send_sms_validation_makes_no_request(
    agent: LiveVoxClient, router: respx.Router, kwargs: dict[str, object]
) -> None:
    route = router.post("/sms/").respond(200, json=seed.SEND_SMS)
    args: dict[str, object] = {"from_code": "53063", "to": "4154164061", **kwargs}
    with pytest.raises(ValueError):
        await agent.send_sms(**args)  # type: ignore[arg-type]
    assert route.call_count == 0


async def test_user_send_sms_needs_service_id(lv: LiveVoxClient, router: respx.Router) -> None:
    router.post("/session/login").respond(200, json=seed.LOGIN)
    await lv.login("DEMO", "supervisor", PASSWORD, agent=False)
    with pytest.raises(ValueError, match="service id"):
        await lv.send_sms("53063", "4154164061", message="hi")


async def test_list_sms_codes(agent: LiveVoxClient, router: respx.Router) -> None:
    router.get("/sms/codes").respond(200, json=seed.SMS_CODES)
    assert [c.code for c in await agent.list_sms_codes()] == ["14159174458"]


async def test_channel_counts(agent: LiveVoxClient, router: respx.Router) -> None:
    route = router.get("/sms/agent/interaction/counts/645836").respond(
        200, json=seed.CHANNEL_COUNTS
    )
    counts = await agent.channel_counts("645836")
    assert sent(route).method == "GET"
    assert counts.unread_email_personal == 5


async def test_list_channels(agent: LiveVoxClient, router: respx.Router) -> None:
    router.get("/sms/agent/channel").respond(200, json=seed.CHANNELS)
    channels = await agent.list_channels()
    assert channels[1].channel_id == "9900001014"


async def test_list_threads_query(agent: LiveVoxClient, router: respx.Router) -> None:
    route = router.get("/sms/agent/thread/details").respond(200, json=seed.THREADS)
    threads = await agent.list_threads("94874", models.ChannelKind.SMS, personal=True, page=2)
    assert dict(sent(route).url.params) == {
        "channelId": "94874",
        "channel": "SMS",
        "personal": "true",
        "pagination": "2",
    }
    assert len(threads) == 3


async def test_list_threads_without_personal_flag(
    agent: LiveVoxClient, router: respx.Router
) -> None:
    route = router.get("/sms/agent/thread/details").respond(200, json=[])
    assert await agent.list_threads("94874", "sms") == []
    assert dict(sent(route).url.params) == {
        "channelId": "94874",
        "channel": "SMS",
        "pagination": "1",
    }


async def test_list_threads_rejects_page_zero(agent: LiveVoxClient) -> None:
    with pytest.raises(ValueError):
        await agent.list_threads("94874", "SMS", page=0)


async def test_move_to_group(agent: LiveVoxClient, router: respx.Router) -> None:
    route = router.put("/sms/agent/thread/switchGroup/public").respond(204)
    assert await agent.move_to_group("56047165976") is None
    assert dict(sent(route).url.params) == {"threadId": "56047165976"}


async def test_move_to_personal(agent: LiveVoxClient, router: respx.Router) -> None:
    route = router.put("/sms/agent/thread/switchGroup/private").respond(204)
    await agent.move_to_personal("56047165976", "795963")
    assert dict(sent(route).url.params) == {"threadId": "56047165976", "channelId": "795963"}


async def test_transfer_thread(agent: LiveVoxClient, router: respx.Router) -> None:
    route = router.get("/sms/agent/thread/transfer").respond(200, json=seed.TRANSFER)
    assert await agent.transfer_thread("56047165976", "SMS", "645835") == "56047165976"
    assert dict(sent(route).url.params) == {
        "threadId": "56047165976",
        "type": "SMS",
        "agentId": "645835",
    }


async def test_list_transfer_agents(agent: LiveVoxClient, router: respx.Router) -> None:
    route = router.get("/sms/agent/search").respond(200, json=seed.TRANSFER_AGENTS)
    agents = await agent.list_transfer_agents("56070705625")
    assert dict(sent(route).url.params) == {"threadId": "56070705625"}
    assert [a.login_id for a in agents if a.available] == ["KAVYA3", "KAVYA1"]


async def test_resolve_thread_defaults_entered_account(
    agent: LiveVoxClient, router: respx.Router
) -> None:
    route = router.post("/sms/agent/thread/resolve").respond(204)
    await agent.resolve_thread("56061444734", "1213")
    assert body_of(route) == {
        "account": "1213",
        "threadId": "56061444734",
        "agentEnteredAccount": "1213",
    }


async def test_resolve_thread_with_term_code(agent: LiveVoxClient, router: respx.Router) -> None:
    route = router.post("/sms/agent/thread/resolve").respond(204)
    await agent.resolve_thread(
        "56061444734", "1213", agent_entered_account="999", term_code_id="77"
    )
    assert body_of(route) == {
        "account": "1213",
        "threadId": "56061444734",
        "agentEnteredAccount": "999",
        "termCodeId": 77,
    }


async def test_send_message(agent: LiveVoxClient, router: respx.Router) -> None:
    route = router.post("/sms/agent/message/send").respond(200, json=seed.SEND_MESSAGE)
    txn = await agent.send_message(
        "13345094836",
        "4154164061",
        "API SMS Test",
        account="1213",
        thread_id="56061444434",
        template_id="12",
        ticket_id=3,
        crm_account_id="crm-9",
    )
    assert txn == "56284272387"
    assert body_of(route) == {
        "fromNumber": "13345094836",
        "toNumber": "4154164061",
        "message": "API SMS Test",
        "account": "1213",
        "threadId": 56061444434,
        "templateId": 12,
        "ticketId": 3,
        "crmAccountId": "crm-9",
    }


@pytest.mark.parametrize(("frm", "to", "text"), [("", "1", "x"), ("1", " ", "x"), ("1", "2", " ")])
async def test_send_message_validation(
    agent: LiveVoxClient, router: respx.Router, frm: str, to: str, text: str
) -> None:
    route = router.post("/sms/agent/message/send").respond(200, json=seed.SEND_MESSAGE)
    with pytest.raises(ValueError):
        await agent.send_message(frm, to, text)
    assert route.call_count == 0


@pytest.mark.parametrize(
    ("action", "method"), [("markAsRead", "mark_read"), ("markAsUnread", "mark_unread")]
)
async def test_marks(agent: LiveVoxClient, router: respx.Router, action: str, method: str) -> None:
    route = router.put(f"/sms/agent/message/{action}").respond(204)
    await getattr(agent, method)("1229998286752", "150321")
    assert dict(sent(route).url.params) == {"threadId": "1229998286752", "channelId": "150321"}


async def test_list_messages(agent: LiveVoxClient, router: respx.Router) -> None:
    route = router.get("/sms/agent/messages").respond(200, json=seed.MESSAGES)
    messages = await agent.list_messages(account="1213", thread_id="56061444434")
    assert dict(sent(route).url.params) == {
        "account": "1213",
        "threadId": "56061444434",
        "pagination": "1",
    }
    assert messages[2].direction is models.Direction.INBOUND


async def test_list_messages_needs_account_or_thread(agent: LiveVoxClient) -> None:
    with pytest.raises(ValueError):
        await agent.list_messages()


async def test_versioned_paths(router: respx.Router) -> None:
    lv = LiveVoxClient(
        BASE,
        TOKEN,
        versions={"session": "v5.0", "sms": "v17.0"},
        transport=httpx.MockTransport(router.async_handler),
    )
    async with lv:
        login = router.post("/session/v5.0/login").respond(200, json=seed.LOGIN)
        codes = router.get("/sms/v17.0/codes").respond(200, json=seed.SMS_CODES)
        send = router.post("/sms/v17.0/").respond(200, json=seed.SEND_SMS)
        await lv.login("DEMO", "agent1", PASSWORD)
        await lv.list_sms_codes()
        await lv.send_sms("1", "2", message="x")
        assert (login.call_count, codes.call_count, send.call_count) == (1, 1, 1)


def test_for_environment() -> None:
    lv = LiveVoxClient.for_environment("NA4", TOKEN)
    assert lv.base_url == "https://api.na4.livevox.com"
    with pytest.raises(ValueError, match="na3"):
        LiveVoxClient.for_environment("eu1", TOKEN)


@pytest.mark.parametrize("url", ["ftp://x", "api.livevox.com", "http://"])
def test_bad_base_url(url: str) -> None:
    with pytest.raises(ValueError):
        LiveVoxClient(url, TOKEN)


async def test_iter_threads_stops_at_short_page(agent: LiveVoxClient, router: respx.Router) -> None:
    pages = {
        1: [{"threadId": str(i)} for i in range(10)],
        2: [{"threadId": str(i)} for i in range(10, 20)],
        3: [{"threadId": "20"}],
    }

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=pages.get(int(request.url.params["pagination"]), []))

    route = router.get("/sms/agent/thread/details").mock(side_effect=answer)
    got = [page async for page in agent.iter_threads("1", "SMS")]
    assert [len(p) for p in got] == [10, 10, 1]
    assert route.call_count == 3


async def test_iter_messages_stops_when_server_ignores_pagination(
    agent: LiveVoxClient, router: respx.Router
) -> None:
    route = router.get("/sms/agent/messages").respond(200, json=seed.MESSAGES)
    got = [page async for page in agent.iter_messages(thread_id="1")]
    assert len(got) == 1
    assert route.call_count == 2  # page 2 repeated page 1: nothing new, stop


async def test_iter_messages_stops_at_empty_page(
    agent: LiveVoxClient, router: respx.Router
) -> None:
    route = router.get("/sms/agent/messages").mock(
        side_effect=[
            httpx.Response(200, json=seed.MESSAGES[:5]),
            httpx.Response(200, json=seed.MESSAGES[5:]),
            httpx.Response(200, json=[]),
        ]
    )
    got = [page async for page in agent.iter_messages(thread_id="1")]
    assert [len(p) for p in got] == [5, 5]
    assert route.call_count == 3


async def test_context_manager_closes_the_pool(router: respx.Router) -> None:
    router.post("/session/login").respond(200, json=seed.LOGIN)
    lv = LiveVoxClient(BASE, TOKEN, transport=httpx.MockTransport(router.async_handler))
    async with lv:
        await lv.login("DEMO", "agent1", "pw", agent=True)
        pool = lv._pool.http
        assert pool is not None and not pool.is_closed
    assert pool.is_closed
    assert str(BASE) in lv.base_url


async def test_a_closed_client_that_never_connected_does_not_open_a_pool() -> None:
    lv = LiveVoxClient(BASE, TOKEN)
    await lv.aclose()
    with pytest.raises(RuntimeError, match="closed"):
        await lv.login("DEMO", "agent1", "pw", agent=True)
    assert lv._pool.http is None


async def test_the_pool_verifies_tls_with_a_context_built_off_the_loop() -> None:
    """The first request makes the pool; its context is the shared one from wire/tls.py (built in
    a worker thread), with certificate and host checks on."""
    from inbox_app.wire.tls import tls_context

    lv = LiveVoxClient("https://127.0.0.1:9", TOKEN, connect_timeout=0.5)
    assert lv._pool.http is None  # nothing built on the caller's turn
    with pytest.raises(errors.TransportError):
        await lv.login("DEMO", "agent1", "pw", agent=True)
    context = await tls_context()
    assert lv._pool.tls is context
    assert context.verify_mode is ssl.CERT_REQUIRED and context.check_hostname
    await lv.aclose()

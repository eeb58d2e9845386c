"""HTTP statuses, error bodies and transport failures all become typed LiveVox errors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
import respx

from inbox_app.livevox import LiveVoxClient, errors

from . import seed_examples as seed
from .conftest import SESSION


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (400, errors.BadRequest),
        (403, errors.Forbidden),
        (404, errors.NotFound),
        (409, errors.Conflict),
        (429, errors.RateLimited),
        (500, errors.ServerError),
        (502, errors.ServerError),
        (503, errors.ServerError),
        (405, errors.LiveVoxError),
    ],
)
async def test_status_maps_to_type_with_server_message(
    agent: LiveVoxClient, router: respx.Router, status: int, kind: type[errors.LiveVoxError]
) -> None:
    router.put("/sms/agent/message/markAsRead").respond(
        status, json={"code": 4711, "message": "Thread 5 is not in your inbox"}
    )
    with pytest.raises(kind) as caught:
        await agent.mark_read("5", "1")
    assert type(caught.value) is kind
    assert caught.value.status == status
    assert caught.value.code == 4711
    assert caught.value.server_message == "Thread 5 is not in your inbox"
    # Our sentence stays ours; the server's words are detail.
    expected = (
        kind.default_message
        if kind is not errors.LiveVoxError
        else f"LiveVox answered with HTTP status {status}."
    )
    assert caught.value.message == expected


@pytest.mark.parametrize("body", [b"", b"<html>oops</html>", b'["a list"]', b'{"code": "x"}'])
async def test_error_without_documented_body_gets_default_message(
    agent: LiveVoxClient, router: respx.Router, body: bytes
) -> None:
    router.put("/sms/agent/message/markAsRead").respond(404, content=body)
    with pytest.raises(errors.NotFound) as caught:
        await agent.mark_read("5", "1")
    assert caught.value.message == errors.NotFound.default_message
    assert caught.value.server_message is None
    assert caught.value.code is None


async def test_unknown_status_has_a_readable_message(
    agent: LiveVoxClient, router: respx.Router
) -> None:
    router.put("/sms/agent/message/markAsRead").respond(418)
    with pytest.raises(errors.LiveVoxError) as caught:
        await agent.mark_read("5", "1")
    assert "418" in str(caught.value)


@pytest.mark.parametrize(
    ("header", "expected"), [("7", 7.0), ("0.5", 0.5), ("-3", 0.0), ("soon", None), (None, None)]
)
async def test_rate_limited_carries_retry_after(
    agent: LiveVoxClient, router: respx.Router, header: str | None, expected: float | None
) -> None:
    headers = {"Retry-After": header} if header is not None else {}
    router.get("/sms/codes").respond(429, headers=headers)
    with pytest.raises(errors.RateLimited) as caught:
        await agent.list_sms_codes()
    assert caught.value.retry_after == expected
    if expected:
        assert f"{expected:g} s" in caught.value.message


async def test_retry_after_as_http_date(agent: LiveVoxClient, router: respx.Router) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    router.get("/sms/codes").respond(429, headers={"Retry-After": when})
    with pytest.raises(errors.RateLimited) as caught:
        await agent.list_sms_codes()
    assert caught.value.retry_after is not None and 25 <= caught.value.retry_after <= 31


async def test_429_is_not_retried(agent: LiveVoxClient, router: respx.Router) -> None:
    route = router.get("/sms/codes").respond(429, headers={"Retry-After": "1"})
    with pytest.raises(errors.RateLimited):
        await agent.list_sms_codes()
    assert route.call_count == 1


@pytest.mark.parametrize("body", [b"{not json", b"\xff\xfe", b"null", b'{"templates": 5}'])
async def test_malformed_success_body_is_protocol_error(
    agent: LiveVoxClient, router: respx.Router, body: bytes
) -> None:
    router.get("/sms/templates").respond(200, content=body)
    with pytest.raises(errors.ProtocolError):
        await agent.list_templates()


@pytest.mark.parametrize(
    ("exc", "maybe_delivered"),
    [
        (httpx.ConnectError("refused"), False),
        (httpx.ConnectTimeout("slow"), False),
        (httpx.PoolTimeout("pool"), False),
        (httpx.ReadTimeout("slow"), True),
        (httpx.WriteTimeout("slow"), True),
        (httpx.ReadError("reset"), True),
        (httpx.RemoteProtocolError("dropped"), True),
        (httpx.WriteError("broken pipe"), True),
    ],
)
async def test_transport_failures(
    agent: LiveVoxClient, router: respx.Router, exc: Exception, maybe_delivered: bool
) -> None:
    router.post("/sms/agent/message/send").mock(side_effect=exc)
    with pytest.raises(errors.TransportError) as caught:
        await agent.send_message("1", "2", "hello")
    assert caught.value.maybe_delivered is maybe_delivered
    assert caught.value.status is None
    assert caught.value.__cause__ is None  # no httpx exception leaks, even as a cause


async def test_pool_timeout_recreates_the_http_client(
    agent: LiveVoxClient, router: respx.Router
) -> None:
    before = agent._pool.http
    router.get("/sms/codes").mock(
        side_effect=[
            httpx.PoolTimeout("pool"),
            httpx.PoolTimeout("pool"),
            httpx.Response(200, json=seed.SMS_CODES),
        ]
    )
    assert len(await agent.list_sms_codes()) == 1
    assert agent._pool.http is not before
    await agent.aclose()
    assert before.is_closed


async def test_decoding_error_is_protocol_error(agent: LiveVoxClient, router: respx.Router) -> None:
    broken = httpx.Response(
        200, headers={"Content-Encoding": "gzip"}, stream=httpx.ByteStream(b"not gzip at all")
    )
    router.get("/sms/codes").mock(return_value=broken)
    with pytest.raises(errors.ProtocolError):
        await agent.list_sms_codes()


def test_every_error_has_a_sentence() -> None:
    for cls in (
        errors.LiveVoxError,
        errors.BadRequest,
        errors.SessionExpired,
        errors.LoginFailed,
        errors.Forbidden,
        errors.NotFound,
        errors.Conflict,
        errors.RateLimited,
        errors.ServerError,
        errors.ProtocolError,
        errors.TransportError,
        errors.NotLoggedIn,
    ):
        text = str(cls())
        assert text.endswith(".") and len(text) > 15, cls
        assert issubclass(cls, errors.LiveVoxError)


class TestReLogin:
    async def test_401_logs_in_again_once_and_repeats(
        self, agent: LiveVoxClient, router: respx.Router
    ) -> None:
        fresh = {**seed.LOGIN, "sessionId": "fresh-session-0001"}
        login = router.post("/session/login").respond(200, json=fresh)
        login.calls.clear()  # the fixture's own login went through the same route
        send = router.post("/sms/agent/message/send").mock(
            side_effect=[
                httpx.Response(401, json={"code": 401, "message": "Session expired"}),
                httpx.Response(200, json=seed.SEND_MESSAGE),
            ]
        )
        assert await agent.send_message("1", "2", "hello") == "56284272387"
        assert login.call_count == 1
        assert send.call_count == 2
        first, second = (call.request for call in send.calls)
        assert first.headers["LV-Session"] == SESSION
        assert second.headers["LV-Session"] == "fresh-session-0001"
        assert first.content == second.content
        assert agent.session is not None and agent.session.session_id == "fresh-session-0001"

    async def test_second_401_raises_session_expired(
        self, agent: LiveVoxClient, router: respx.Router
    ) -> None:
        login = router.post("/session/login").respond(200, json=seed.LOGIN)
        login.calls.clear()
        route = router.get("/sms/codes").respond(401, json={"code": 401, "message": "nope"})
        with pytest.raises(errors.SessionExpired) as caught:
            await agent.list_sms_codes()
        assert not isinstance(caught.value, errors.LoginFailed)
        assert route.call_count == 2
        assert login.call_count == 1
        assert agent.session is None

    async def test_after_a_double_401_the_next_call_logs_in_first(
        self, agent: LiveVoxClient, router: respx.Router
    ) -> None:
        router.post("/session/login").respond(200, json=seed.LOGIN)
        codes = router.get("/sms/codes").mock(
            side_effect=[
                httpx.Response(401),
                httpx.Response(401),
                httpx.Response(200, json=seed.SMS_CODES),
            ]
        )
        with pytest.raises(errors.SessionExpired):
            await agent.list_sms_codes()
        assert agent.session is None
        assert len(await agent.list_sms_codes()) == 1  # credentials still held: log in, then call
        assert codes.call_count == 3

    async def test_failed_relogin_raises_login_failed(
        self, agent: LiveVoxClient, router: respx.Router
    ) -> None:
        router.post("/session/login").respond(
            401, json={"code": 401, "message": "Password changed"}
        )
        route = router.get("/sms/codes").respond(401)
        with pytest.raises(errors.LoginFailed):
            await agent.list_sms_codes()
        assert route.call_count == 1

    async def test_no_relogin_after_logout(
        self, agent: LiveVoxClient, router: respx.Router
    ) -> None:
        router.delete(f"/session/logout/{SESSION}").respond(204)
        await agent.logout()
        with pytest.raises(errors.NotLoggedIn):
            await agent.list_sms_codes()

    async def test_concurrent_401s_share_one_relogin(
        self, agent: LiveVoxClient, router: respx.Router
    ) -> None:
        import asyncio

        fresh = {**seed.LOGIN, "sessionId": "fresh-session-0002"}

        async def slow_login(request: httpx.Request) -> httpx.Response:
            await asyncio.sleep(0.01)  # let the other calls hit their 401 meanwhile
            return httpx.Response(200, json=fresh)

        login = router.post("/session/login").mock(side_effect=slow_login)
        login.calls.clear()

        async def answer(request: httpx.Request) -> httpx.Response:
            await asyncio.sleep(0)
            if request.headers["LV-Session"] == SESSION:
                return httpx.Response(401)
            return httpx.Response(200, json=seed.SMS_CODES)

        router.get("/sms/codes").mock(side_effect=answer)
        results = await asyncio.gather(*(agent.list_sms_codes() for _ in range(5)))
        assert all(len(r) == 1 for r in results)
        assert login.call_count == 1


class TestRetryPolicy:
    @pytest.mark.parametrize(
        "failure",
        [
            httpx.Response(503),
            httpx.ReadTimeout("slow"),
            httpx.ConnectError("refused"),
            httpx.RemoteProtocolError("reset"),
        ],
    )
    async def test_gets_retry_transport_errors_and_503(
        self, agent: LiveVoxClient, router: respx.Router, failure: object
    ) -> None:
        route = router.get("/sms/agent/channel").mock(
            side_effect=[failure, failure, httpx.Response(200, json=seed.CHANNELS)]
        )
        assert len(await agent.list_channels()) == 6
        assert route.call_count == 3

    async def test_gets_give_up_after_the_attempt_cap(
        self, agent: LiveVoxClient, router: respx.Router
    ) -> None:
        route = router.get("/sms/agent/channel").respond(503)
        with pytest.raises(errors.ServerError):
            await agent.list_channels()
        assert route.call_count == 4  # the client's default attempts

    @pytest.mark.parametrize("status", [500, 502])
    async def test_500_and_502_are_not_retried(
        self, agent: LiveVoxClient, router: respx.Router, status: int
    ) -> None:
        # LiveVox's 502 is a configuration error only its support can clear.
        route = router.get("/sms/agent/channel").respond(
            status, json={"code": 9001, "message": "Configuration error"}
        )
        with pytest.raises(errors.ServerError) as caught:
            await agent.list_channels()
        assert route.call_count == 1
        assert (caught.value.status, caught.value.code) == (status, 9001)

    @pytest.mark.parametrize(
        "failure",
        [
            httpx.Response(502),
            httpx.Response(503),
            httpx.ReadTimeout("slow"),
            httpx.RemoteProtocolError("x"),
        ],
    )
    @pytest.mark.parametrize(
        ("verb", "path", "call"),
        [
            ("POST", "/sms/agent/message/send", lambda lv: lv.send_message("1", "2", "hi")),
            ("POST", "/sms/", lambda lv: lv.send_sms("1", "2", message="hi")),
            ("GET", "/sms/agent/thread/transfer", lambda lv: lv.transfer_thread("1", "SMS", "2")),
            ("POST", "/sms/agent/thread/resolve", lambda lv: lv.resolve_thread("1", "2")),
            ("PUT", "/sms/agent/thread/switchGroup/public", lambda lv: lv.move_to_group("1")),
            ("PUT", "/sms/agent/message/markAsUnread", lambda lv: lv.mark_unread("1", "2")),
        ],
    )
    async def test_state_changes_are_never_retried(
        self,
        agent: LiveVoxClient,
        router: respx.Router,
        failure: object,
        verb: str,
        path: str,
        call: object,
    ) -> None:
        route = router.route(method=verb, path=path).mock(
            side_effect=[failure, httpx.Response(204)]
        )
        with pytest.raises((errors.ServerError, errors.TransportError)):
            await call(agent)  # type: ignore[operator]
        assert route.call_count == 1


async def test_concurrent_calls_share_a_failed_relogin(
    agent: LiveVoxClient, router: respx.Router
) -> None:
    import asyncio

    async def refuse(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.01)
        return httpx.Response(401, json={"code": 401, "message": "Password changed"})

    login = router.post("/session/login").mock(side_effect=refuse)
    login.calls.clear()
    router.get("/sms/codes").respond(401)
    results = await asyncio.gather(
        *(agent.list_sms_codes() for _ in range(4)), return_exceptions=True
    )
    assert all(isinstance(r, errors.LoginFailed) for r in results)
    assert login.call_count == 1  # one try with the changed password, not four

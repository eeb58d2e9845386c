"""HTTP statuses, error bodies and transport failures all become typed Live Link errors;
sends are never repeated (but for one 401), pulls are retried on passing failures."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
import respx

from inbox_app.livelink import LiveLinkClient, errors

from . import seed_examples as seed

START = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
END = datetime(2024, 5, 1, 11, 0, tzinfo=UTC)
LIVELINK_ERROR = {
    "apiErrorCode": 1002,
    "debugMessage": "origin 999 not registered",
    "userMessage": "Invalid origin",
}


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (400, errors.BadRequest),
        (403, errors.Forbidden),
        (404, errors.NotFound),
        (429, errors.RateLimited),
        (500, errors.ServerError),
        (502, errors.ServerError),
        (503, errors.ServerError),
        (418, errors.LiveLinkError),
    ],
)
async def test_status_maps_to_type_with_the_error_body(
    ll: LiveLinkClient,
    router: respx.Router,
    token_route: respx.Route,
    status: int,
    kind: type[errors.LiveLinkError],
) -> None:
    send = router.post("/api/v2/sms").respond(status, json=LIVELINK_ERROR)
    with pytest.raises(kind) as caught:
        await ll.send_sms(["+1555"], "x", origin="999")
    assert type(caught.value) is kind
    assert caught.value.status == status
    assert caught.value.api_error_code == 1002
    assert caught.value.server_message == "Invalid origin"
    assert caught.value.debug_message == "origin 999 not registered"
    if kind is errors.LiveLinkError:
        assert str(status) in str(caught.value)
    else:
        assert caught.value.message == kind.default_message
    assert send.call_count == 1  # a send is never repeated, not even after a 5xx


@pytest.mark.parametrize(
    "body", [b"", b"<html>oops</html>", b'["a list"]', b'{"apiErrorCode": []}']
)
async def test_error_without_documented_body(
    ll: LiveLinkClient, router: respx.Router, token_route: respx.Route, body: bytes
) -> None:
    router.post("/api/v2/sms").respond(400, content=body)
    with pytest.raises(errors.BadRequest) as caught:
        await ll.send_sms(["+1555"], "x")
    assert caught.value.message == errors.BadRequest.default_message
    assert caught.value.server_message is None and caught.value.api_error_code is None


async def test_api_error_code_as_text(
    ll: LiveLinkClient, router: respx.Router, token_route: respx.Route
) -> None:
    router.post("/api/v2/sms").respond(400, json={"apiErrorCode": "77", "debugMessage": "d"})
    with pytest.raises(errors.BadRequest) as caught:
        await ll.send_sms(["+1555"], "x")
    assert caught.value.api_error_code == 77
    assert caught.value.server_message == "d"  # no userMessage: the debug message


@pytest.mark.parametrize(("header", "expected"), [("7", 7.0), ("0.5", 0.5), ("soon", None)])
async def test_429_is_rate_limited_with_retry_after_and_not_retried(
    ll: LiveLinkClient,
    router: respx.Router,
    token_route: respx.Route,
    header: str,
    expected: float | None,
) -> None:
    route = router.get("/api/v2/sms/mo").respond(429, headers={"Retry-After": header})
    with pytest.raises(errors.RateLimited) as caught:
        await ll.poll_mo(START, END)
    assert caught.value.retry_after == expected
    assert caught.value.status == 429
    assert route.call_count == 1
    if expected is not None:
        assert f"{expected:g} s" in caught.value.message


@pytest.mark.parametrize("body", [b"{not json", b"\xff\xfe", b'"text"', b'{"pageCount": "x"}'])
async def test_malformed_success_body_is_protocol_error(
    ll: LiveLinkClient, router: respx.Router, token_route: respx.Route, body: bytes
) -> None:
    router.get("/api/v2/sms/mo").respond(200, content=body)
    with pytest.raises(errors.ProtocolError) as caught:
        await ll.poll_mo(START, END)
    assert caught.value.__cause__ is None


async def test_malformed_token_answer_is_protocol_error(
    ll: LiveLinkClient, router: respx.Router
) -> None:
    router.post("/api/oauth/token").respond(200, json={"token_type": "Bearer"})
    with pytest.raises(errors.ProtocolError):
        await ll.poll_mo(START, END)


async def test_200_send_with_an_error_code_and_no_order_ids(
    ll: LiveLinkClient, router: respx.Router, token_route: respx.Route
) -> None:
    router.post("/api/v2/sms").respond(200, json=seed.SWAGGER_ERROR)
    with pytest.raises(errors.ProtocolError) as caught:
        await ll.send_sms(["+1555"], "x")
    assert caught.value.api_error_code == 123


TRANSPORT_FAILURES = [
    (httpx.ConnectError("refused"), False),
    (httpx.ConnectTimeout("slow"), False),
    (httpx.PoolTimeout("pool"), False),
    (httpx.ReadTimeout("slow"), True),
    (httpx.WriteTimeout("slow"), True),
    (httpx.ReadError("reset"), True),
    (httpx.RemoteProtocolError("dropped"), True),
]


@pytest.mark.parametrize(("exc", "maybe_delivered"), TRANSPORT_FAILURES)
async def test_send_transport_failures_are_classified_and_never_retried(
    ll: LiveLinkClient,
    router: respx.Router,
    token_route: respx.Route,
    exc: Exception,
    maybe_delivered: bool,
) -> None:
    send = router.post("/api/v2/sms").mock(side_effect=exc)
    with pytest.raises(errors.TransportError) as caught:
        await ll.send_sms(["+1555"], "x", subject="k1")
    assert caught.value.maybe_delivered is maybe_delivered
    assert caught.value.status is None
    assert caught.value.__cause__ is None  # no httpx exception leaks, even as a cause
    assert "Live Link 365" in caught.value.message or "connection" in caught.value.message
    assert send.call_count == 1


async def test_decoding_error_is_protocol_error(
    ll: LiveLinkClient, router: respx.Router, token_route: respx.Route
) -> None:
    broken = httpx.Response(
        200, headers={"Content-Encoding": "gzip"}, stream=httpx.ByteStream(b"not gzip at all")
    )
    router.get("/api/v2/sms/status").mock(return_value=broken)
    with pytest.raises(errors.ProtocolError):
        await ll.poll_status(START, END)


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ConnectError("refused"),
        httpx.ReadTimeout("slow"),
        httpx.Response(502),
        httpx.Response(503),
    ],
)
async def test_pulls_retry_passing_failures(
    ll: LiveLinkClient, router: respx.Router, token_route: respx.Route, failure: object
) -> None:
    route = router.get("/api/v2/sms/status").mock(
        side_effect=[failure, failure, httpx.Response(200, json=seed.SWAGGER_STATUS_RESPONSE)]
    )
    page = await ll.poll_status(START, END)
    assert page.reports[0].order_id == "1702926297"
    assert route.call_count == 3


async def test_pulls_give_up_after_the_attempt_cap(
    ll: LiveLinkClient, router: respx.Router, token_route: respx.Route
) -> None:
    route = router.get("/api/v2/sms/mo").respond(503)
    with pytest.raises(errors.ServerError):
        await ll.poll_mo(START, END)
    assert route.call_count == 4  # retry_attempts


async def test_500_on_a_pull_is_not_retried(
    ll: LiveLinkClient, router: respx.Router, token_route: respx.Route
) -> None:
    route = router.get("/api/v2/sms/mo").respond(500)
    with pytest.raises(errors.ServerError):
        await ll.poll_mo(START, END)
    assert route.call_count == 1


async def test_token_request_is_retried_on_503(ll: LiveLinkClient, router: respx.Router) -> None:
    from .conftest import token

    grants = router.post("/api/oauth/token").mock(
        side_effect=[httpx.Response(503), httpx.Response(200, json=token())]
    )
    router.get("/api/v2/sms/mo").respond(200, json={})
    await ll.poll_mo(START, END)
    assert grants.call_count == 2


def test_every_error_has_a_sentence() -> None:
    for cls in (
        errors.LiveLinkError,
        errors.BadRequest,
        errors.Unauthorized,
        errors.AuthFailed,
        errors.Forbidden,
        errors.NotFound,
        errors.RateLimited,
        errors.ServerError,
        errors.ProtocolError,
        errors.TransportError,
    ):
        error = cls()
        assert isinstance(error, errors.LiveLinkError)
        assert str(error) == cls.default_message and str(error).endswith(".")
        assert cls.__name__ in repr(error)
    assert errors.TransportError().maybe_delivered is True
    assert errors.RateLimited().status == 429

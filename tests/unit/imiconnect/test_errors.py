"""Codes in 200 bodies, HTTP statuses, error bodies and transport failures all become typed
IMIconnect errors; sends are never repeated, status requests are retried on passing failures."""

from __future__ import annotations

import httpx
import pytest
import respx

from inbox_app.imiconnect import IMIconnectClient, errors

from .conftest import SEND, answer, queued

STATUS = "/resources/v1/messaging/status/tid-1"

CODES = [
    ("7001", "Authentication Failed", errors.AuthFailed),
    ("7007", "Service Inactive", errors.ServiceInactive),
    ("7009", "Destinations exceeded 1000", errors.TooManyDestinations),
    ("7101", "Invalid destination", errors.Refused),
]


@pytest.mark.parametrize(("code", "description", "kind"), CODES)
async def test_error_codes_in_a_200_body(
    imi: IMIconnectClient,
    router: respx.Router,
    code: str,
    description: str,
    kind: type[errors.Refused],
) -> None:
    send = router.post(SEND).respond(200, json=answer({"code": code, "description": description}))
    with pytest.raises(kind) as caught:
        await imi.send_sms(["+15550100123"], "x", correlation_id="k1")
    error = caught.value
    assert type(error) is kind and isinstance(error, errors.Refused)
    assert (error.code, error.description, error.server_message) == (code, description, description)
    assert error.status == 200
    assert code in repr(error)
    if kind is errors.Refused:
        assert error.message == f"IMIconnect refused the message (code {code}: {description})."
    else:
        assert error.message == kind.default_message
    assert send.call_count == 1


@pytest.mark.parametrize("status", [400, 401, 403, 500])
@pytest.mark.parametrize(("code", "description", "kind"), CODES[:3])
async def test_documented_codes_decide_over_the_http_status(
    imi: IMIconnectClient,
    router: respx.Router,
    status: int,
    code: str,
    description: str,
    kind: type[errors.Refused],
) -> None:
    router.post(SEND).respond(status, json=answer({"code": code, "description": description}))
    with pytest.raises(kind) as caught:
        await imi.send_sms(["+15550100123"], "x")
    assert (caught.value.status, caught.value.code) == (status, code)


async def test_a_request_level_code_anywhere_refuses_the_whole_send(
    imi: IMIconnectClient, router: respx.Router
) -> None:
    router.post(SEND).respond(200, json=answer(queued(), {"code": "7009"}))
    with pytest.raises(errors.TooManyDestinations):
        await imi.send_sms(["+15550100123"], "x")


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (400, errors.BadRequest),
        (401, errors.AuthFailed),
        (403, errors.Forbidden),
        (404, errors.NotFound),
        (429, errors.RateLimited),
        (500, errors.ServerError),
        (502, errors.ServerError),
        (503, errors.ServerError),
        (418, errors.IMIconnectError),
    ],
)
@pytest.mark.parametrize(
    "body", [b"", b"<html>oops</html>", b'{"response": [{"code": "7102", "description": "d"}]}']
)
async def test_http_status_maps_to_type_and_sends_are_never_repeated(
    imi: IMIconnectClient,
    router: respx.Router,
    status: int,
    kind: type[errors.IMIconnectError],
    body: bytes,
) -> None:
    send = router.post(SEND).respond(status, content=body)
    with pytest.raises(kind) as caught:
        await imi.send_sms(["+15550100123"], "x")
    error = caught.value
    assert type(error) is kind and error.status == status
    if body.startswith(b"{"):
        assert (error.code, error.server_message) == ("7102", "d")
    else:
        assert error.code is None and error.server_message is None
    if kind is errors.IMIconnectError:
        assert str(status) in error.message
    elif kind is not errors.RateLimited:
        assert error.message == kind.default_message
    assert send.call_count == 1  # never repeated, not even after a 502


@pytest.mark.parametrize(("header", "expected"), [("7", 7.0), ("0.5", 0.5), ("soon", None)])
async def test_429_is_rate_limited_with_retry_after_and_not_retried(
    imi: IMIconnectClient, router: respx.Router, header: str, expected: float | None
) -> None:
    route = router.get(STATUS).respond(429, headers={"Retry-After": header})
    with pytest.raises(errors.RateLimited) as caught:
        await imi.message_status("tid-1")
    assert caught.value.retry_after == expected and caught.value.status == 429
    assert route.call_count == 1
    if expected is not None:
        assert f"{expected:g} s" in caught.value.message


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"\xff\xfe",
        b"",  # a send must answer with its transids
        b'"text"',
        b"[]",
        b'{"response": []}',
        b'{"response": "Queued"}',
        b'{"response": ["Queued"]}',
        b'{"response": [{"description": "Queued"}]}',
        b'{"response": [{"code": "1001", "description": "Queued"}]}',  # no transid
        b'{"response": [{"code": ["1001"], "transid": "t"}]}',
        b'{"response": [{"code": true, "transid": "t"}]}',
        b'{"response": [{"code": "1001", "transid": {"id": 1}}]}',
    ],
)
async def test_malformed_send_answer_is_protocol_error(
    imi: IMIconnectClient, router: respx.Router, body: bytes
) -> None:
    router.post(SEND).respond(200, content=body)
    with pytest.raises(errors.ProtocolError) as caught:
        await imi.send_sms(["+15550100123"], "x")
    assert caught.value.__cause__ is None
    assert caught.value.message.startswith("The IMIconnect server sent")


@pytest.mark.parametrize("body", [b"{not json", b"<html/>", b'{"code": ["7500"]}'])
async def test_malformed_status_answer_is_protocol_error(
    imi: IMIconnectClient, router: respx.Router, body: bytes
) -> None:
    router.get(STATUS).respond(200, content=body)
    with pytest.raises(errors.ProtocolError):
        await imi.message_status("tid-1")


@pytest.mark.parametrize(
    ("code", "kind"), [("7001", errors.AuthFailed), ("7007", errors.ServiceInactive)]
)
async def test_request_level_codes_in_a_status_answer(
    imi: IMIconnectClient, router: respx.Router, code: str, kind: type[errors.Refused]
) -> None:
    router.get(STATUS).respond(200, json=answer({"code": code}))
    with pytest.raises(kind):
        await imi.message_status("tid-1")


TRANSPORT_FAILURES = [
    (httpx.ConnectError("[Errno 111] Connection refused"), False),
    (httpx.ConnectTimeout("slow"), False),
    (httpx.PoolTimeout("pool"), False),
    (httpx.ReadTimeout("slow"), True),
    (httpx.WriteTimeout("slow"), True),
    (httpx.ReadError("reset"), True),
    (httpx.RemoteProtocolError("dropped"), True),
]


@pytest.mark.parametrize(("exc", "maybe_delivered"), TRANSPORT_FAILURES)
async def test_send_transport_failures_are_classified_and_never_retried(
    imi: IMIconnectClient, router: respx.Router, exc: Exception, maybe_delivered: bool
) -> None:
    send = router.post(SEND).mock(side_effect=exc)
    with pytest.raises(errors.TransportError) as caught:
        await imi.send_sms(["+15550100123"], "x", correlation_id="k1")
    assert caught.value.maybe_delivered is maybe_delivered
    assert caught.value.status is None
    assert caught.value.__cause__ is None  # no httpx exception leaks, even as a cause
    assert send.call_count == 1


async def test_connection_refused_on_a_real_socket_is_not_delivered() -> None:
    """A closed loopback port: the real transport's refusal, not a mocked one."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with IMIconnectClient(f"http://127.0.0.1:{port}", "k-123", retry_attempts=1) as imi:
        with pytest.raises(errors.TransportError) as caught:
            await imi.send_sms(["+15550100123"], "x")
    assert caught.value.maybe_delivered is False


async def test_decoding_error_is_protocol_error(
    imi: IMIconnectClient, router: respx.Router
) -> None:
    broken = httpx.Response(
        200, headers={"Content-Encoding": "gzip"}, stream=httpx.ByteStream(b"not gzip at all")
    )
    router.post(SEND).mock(return_value=broken)
    with pytest.raises(errors.ProtocolError):
        await imi.send_sms(["+15550100123"], "x")


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ConnectError("refused"),
        httpx.ReadTimeout("slow"),
        httpx.Response(502),
        httpx.Response(503),
    ],
)
async def test_status_requests_retry_passing_failures(
    imi: IMIconnectClient, router: respx.Router, failure: object
) -> None:
    route = router.get(STATUS).mock(
        side_effect=[failure, failure, httpx.Response(200, json={"code": "7500"})]
    )
    status = await imi.message_status("tid-1")
    assert status.code == "7500" and route.call_count == 3


async def test_status_requests_give_up_after_the_attempt_cap(
    imi: IMIconnectClient, router: respx.Router
) -> None:
    route = router.get(STATUS).respond(503)
    with pytest.raises(errors.ServerError):
        await imi.message_status("tid-1")
    assert route.call_count == 4  # retry_attempts


@pytest.mark.parametrize("status", [400, 401, 404, 500])
async def test_other_status_failures_are_not_retried(
    imi: IMIconnectClient, router: respx.Router, status: int
) -> None:
    route = router.get(STATUS).respond(status)
    with pytest.raises(errors.IMIconnectError):
        await imi.message_status("tid-1")
    assert route.call_count == 1


def test_every_error_has_a_sentence() -> None:
    for name in errors.__all__:
        cls = getattr(errors, name)
        if not isinstance(cls, type):
            continue
        error = cls()
        assert isinstance(error, errors.IMIconnectError)
        assert str(error) == cls.default_message and str(error).endswith(".")
        assert cls.__name__ in repr(error)
    assert errors.TransportError().maybe_delivered is True
    assert errors.RateLimited().status == 429
    assert issubclass(errors.AuthFailed, errors.Refused)

"""HTTP statuses, error bodies and transport failures all become typed iLiveIt errors; sends
are never repeated, reads are retried on passing failures."""

from __future__ import annotations

import httpx
import pytest
import respx

from inbox_app.iliveit import ILiveItClient, errors

from . import seed_examples as seed


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
        (418, errors.ILiveItError),
    ],
)
async def test_status_maps_to_type_and_a_send_is_never_repeated(
    il: ILiveItClient, router: respx.Router, status: int, kind: type[errors.ILiveItError]
) -> None:
    send = router.post("/message/send").respond(status, json={"Error": "Invalid MSISDN"})
    with pytest.raises(kind) as caught:
        await il.send_sms("27821234567", "x")
    assert type(caught.value) is kind
    assert caught.value.status == status
    assert caught.value.server_message == "Invalid MSISDN"
    if kind is errors.ILiveItError:
        assert str(status) in str(caught.value)
    else:
        assert caught.value.message == kind.default_message
    assert send.call_count == 1


@pytest.mark.parametrize(
    ("header", "seconds"), [("7", 7.0), ("0", 0.0), (None, None), ("soon", None)]
)
async def test_429_carries_retry_after(
    il: ILiveItClient, router: respx.Router, header: str | None, seconds: float | None
) -> None:
    headers = {"Retry-After": header} if header is not None else {}
    send = router.post("/message/send").respond(429, json=seed.GO_ERROR_RESPONSE, headers=headers)
    with pytest.raises(errors.RateLimited) as caught:
        await il.send_sms("27821234567", "x")
    assert caught.value.retry_after == seconds
    assert caught.value.server_message == "Maximum messages per second exceeded"
    assert send.call_count == 1  # the client never repeats a send, even when it is safe


async def test_429_on_a_read_is_not_retried_either(il: ILiveItClient, router: respx.Router) -> None:
    route = router.get("/ping").respond(429, headers={"Retry-After": "2"})
    with pytest.raises(errors.RateLimited) as caught:
        await il.ping()
    assert caught.value.retry_after == 2.0 and route.call_count == 1


@pytest.mark.parametrize(
    "answer",
    [
        {"content": b""},
        {"content": b"<html>Bad Gateway</html>", "headers": {"content-type": "text/html"}},
        {"json": ["a list"]},
        {"json": {"Error": 12}},
    ],
)
async def test_error_without_documented_body(
    il: ILiveItClient, router: respx.Router, answer: dict
) -> None:
    router.post("/message/send").respond(400, **answer)
    with pytest.raises(errors.BadRequest) as caught:
        await il.send_sms("27821234567", "x")
    assert caught.value.server_message is None


async def test_plain_text_error_is_kept(il: ILiveItClient, router: respx.Router) -> None:
    router.get("/ping").respond(401, text="Authentication failure")
    with pytest.raises(errors.AuthFailed) as caught:
        await il.ping()
    assert caught.value.server_message == "Authentication failure"


async def test_malformed_status_json(il: ILiveItClient, router: respx.Router) -> None:
    router.get("/message/m-1/status").respond(
        200, content=b'{"message_id": "m-1", ', headers={"content-type": "application/json"}
    )
    with pytest.raises(errors.ProtocolError):
        await il.message_status("m-1")


@pytest.mark.parametrize(
    "answer",
    [{"json": []}, {"json": "m-1"}, {"json": {"message_id": "m-1", "submit_status": "two"}}],
)
async def test_status_of_the_wrong_shape(
    il: ILiveItClient, router: respx.Router, answer: dict
) -> None:
    router.get("/message/m-1/status").respond(200, **answer)
    with pytest.raises(errors.ProtocolError):
        await il.message_status("m-1")


@pytest.mark.parametrize(
    ("failure", "maybe_delivered"),
    [
        (httpx.ConnectError("refused"), False),
        (httpx.ConnectTimeout("slow connect"), False),
        (httpx.ReadTimeout("no answer"), True),
        (httpx.WriteTimeout("stuck"), True),
        (httpx.RemoteProtocolError("peer closed"), True),
        (httpx.ReadError("reset"), True),
    ],
)
async def test_transport_failure_of_a_send(
    il: ILiveItClient, router: respx.Router, failure: Exception, maybe_delivered: bool
) -> None:
    send = router.post("/message/send").mock(side_effect=failure)
    with pytest.raises(errors.TransportError) as caught:
        await il.send_sms("27821234567", "x")
    assert caught.value.maybe_delivered is maybe_delivered
    assert not isinstance(caught.value.__cause__, httpx.HTTPError)
    assert send.call_count == 1


async def test_reads_are_retried_on_passing_failures(
    il: ILiveItClient, router: respx.Router
) -> None:
    route = router.get("/message/m-1/status").mock(
        side_effect=[
            httpx.ConnectError("refused"),
            httpx.Response(503),
            httpx.Response(200, json={"message_id": "m-1", "sent_status": 1}),
        ]
    )
    status = await il.message_status("m-1")
    assert status.state.value == "sent" and route.call_count == 3


async def test_reads_give_up_after_the_attempts(il: ILiveItClient, router: respx.Router) -> None:
    route = router.get("/ping").mock(side_effect=httpx.ReadTimeout("no answer"))
    with pytest.raises(errors.TransportError):
        await il.ping()
    assert route.call_count == 3


@pytest.mark.parametrize("status", [400, 401, 404, 500])
async def test_reads_are_not_retried_on_lasting_failures(
    il: ILiveItClient, router: respx.Router, status: int
) -> None:
    route = router.get("/ping").respond(status)
    with pytest.raises(errors.ILiveItError):
        await il.ping()
    assert route.call_count == 1


def test_every_error_is_an_iliveit_error() -> None:
    for name in errors.__all__:
        value = getattr(errors, name)
        if isinstance(value, type):
            assert issubclass(value, errors.ILiveItError)
    assert errors.TransportError().maybe_delivered is True
    assert errors.ProtocolError().maybe_delivered is False
    assert "retry_after" not in repr(errors.RateLimited(retry_after=3))
    assert "3 s" in str(errors.RateLimited(retry_after=3))

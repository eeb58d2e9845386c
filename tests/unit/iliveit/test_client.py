"""The iLiveIt client against a mocked server: exact requests, answers, validation."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import httpx
import pytest
import respx

from inbox_app.iliveit import ILiveItClient, errors, models

from . import seed_examples as seed
from .conftest import BASE, TOKEN

REPLY = "https://relay.example/iliveit/reply"
STATUS = "https://relay.example/iliveit/status"


async def test_ping_sends_the_bearer_token(il: ILiveItClient, router: respx.Router) -> None:
    route = router.get("/ping").respond(200, json=seed.SEED_PING_RESPONSE)
    assert await il.ping() is None
    request = route.calls.last.request
    assert request.method == "GET"
    assert request.url == f"{BASE}/ping"
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert request.headers["Accept"] == "application/json"


@pytest.mark.parametrize(
    "answer",
    [
        {"json": {"body": "pong!"}},  # a Go server's keys are case-blind
        {"text": "Pong!"},
        {"json": {"Body": " Pong "}},
    ],
)
async def test_ping_takes_any_spelling_of_pong(
    il: ILiveItClient, router: respx.Router, answer: dict
) -> None:
    router.get("/ping").respond(200, **answer)
    await il.ping()


@pytest.mark.parametrize(
    "answer",
    [
        {"json": {"Body": "Hello"}},
        {"json": {}},
        {"json": ["Pong!"]},
        {"text": "<html>captive portal</html>"},
        {"content": b""},
    ],
)
async def test_ping_raises_on_anything_but_pong(
    il: ILiveItClient, router: respx.Router, answer: dict
) -> None:
    router.get("/ping").respond(200, **answer)
    with pytest.raises(errors.ProtocolError):
        await il.ping()


async def test_send_sms_exact_request(il: ILiveItClient, router: respx.Router) -> None:
    route = router.post("/message/send").respond(200, json=seed.SEED_SEND_RESPONSE)
    message_id = await il.send_sms(
        "27821234567",
        "Hello from the contact centre",
        reply_url=REPLY,
        status_url=STATUS,
        status_types=("submit", "sent", "delivery"),
        mvno_id=7,
        campaign="Inbox",
    )
    assert message_id == "returned-message-id-string"
    request = route.calls.last.request
    assert request.method == "POST"
    assert request.url == f"{BASE}/message/send"
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.content) == {
        "Action": 2,
        "MVNOID": 7,
        "Campaign": "Inbox",
        "PostbackReplyUrl": REPLY,
        "PostbackStatusUrl": STATUS,
        "PostBackStatusTypes": "submit,sent,delivery",
        "Data": {
            "message_type": "sms",
            "msisdn": ["27821234567"],
            "network": "*",
            "text": "Hello from the contact centre",
        },
    }


async def test_send_sms_minimal_and_optional_fields(
    il: ILiveItClient, router: respx.Router
) -> None:
    route = router.post("/message/send").respond(200, json={"MessageID": "m-1"})
    await il.send_sms("+27 82 123 4567", "hi")
    assert json.loads(route.calls.last.request.content) == {
        "Action": 2,
        "Data": {"message_type": "sms", "msisdn": ["27821234567"], "network": "*", "text": "hi"},
    }
    await il.send_sms(
        "27821234567",
        "hi",
        status_url=STATUS,
        status_types="delivery",
        extra_digits="00123",
        network="local_smpp",
        submit_not_before=datetime(2024, 5, 1, 8, 30),
        submit_not_after="2024-05-01 17:00",
    )
    body = json.loads(route.calls.last.request.content)
    assert body["PostBackStatusTypes"] == "delivery"
    assert body["SubmitNotBefore"] == "2024-05-01 08:30"
    assert body["SubmitNotAfter"] == "2024-05-01 17:00"
    assert body["Data"]["extra_digits"] == "00123"
    assert body["Data"]["network"] == "local_smpp"


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        (("", "x"), {}),
        (("27821234567", ""), {}),
        (("27821234567", "   "), {}),
        ((["27821234567", "27821234568"], "x"), {}),  # one number per message
        (("27821234567,27821234568", "x"), {}),
        (("0821234567x", "x"), {}),
        (("1234567890123456", "x"), {}),
        (("27821234567", "x"), {"status_url": STATUS, "status_types": ("read",)}),
        (("27821234567", "x"), {"reply_url": "ftp://relay"}),
        (("27821234567", "x"), {"mvno_id": 0}),
        (("27821234567", "x"), {"mvno_id": True}),
        (("27821234567", "x"), {"extra_digits": "12a"}),
        (("27821234567", "x"), {"submit_not_before": "tomorrow"}),
        (("27821234567", "x"), {"submit_not_before": datetime(2024, 5, 1, tzinfo=UTC)}),
    ],
)
async def test_send_validation_makes_no_request(
    il: ILiveItClient, router: respx.Router, args: tuple, kwargs: dict
) -> None:
    with pytest.raises(ValueError):
        await il.send_sms(*args, **kwargs)
    assert not router.calls


async def test_status_types_only_with_a_status_url(il: ILiveItClient, router: respx.Router) -> None:
    route = router.post("/message/send").respond(200, json={"MessageID": "m-1"})
    await il.send_sms("27821234567", "hi", reply_url=REPLY)
    body = json.loads(route.calls.last.request.content)
    assert "PostBackStatusTypes" not in body and "PostbackStatusUrl" not in body


@pytest.mark.parametrize("answer", [{"messageid": "m-2"}, {"MessageId": 42}])
async def test_send_answer_in_any_spelling(
    il: ILiveItClient, router: respx.Router, answer: dict
) -> None:
    router.post("/message/send").respond(200, json=answer)
    assert await il.send_sms("27821234567", "hi") in ("m-2", "42")


@pytest.mark.parametrize(
    "answer",
    [{"json": {}}, {"json": {"MessageID": ""}}, {"json": [1]}, {"text": "ok"}, {"content": b""}],
)
async def test_send_answer_without_message_id_may_have_been_sent(
    il: ILiveItClient, router: respx.Router, answer: dict
) -> None:
    route = router.post("/message/send").respond(200, **answer)
    with pytest.raises(errors.ProtocolError) as caught:
        await il.send_sms("27821234567", "hi")
    assert caught.value.maybe_delivered is True
    assert caught.value.status == 200
    assert route.call_count == 1


async def test_message_status(il: ILiveItClient, router: respx.Router) -> None:
    route = router.get("/message/message-id/status").respond(200, json=seed.SEED_STATUS_RESPONSE)
    status = await il.message_status("message-id")
    assert route.calls.last.request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert isinstance(status, models.MessageStatus)
    assert status.state is models.DeliveryState.DELIVERED
    assert [s.name.value for s in status.stages] == [
        "build",
        "archive",
        "submit",
        "sent",
        "delivered",
    ]


async def test_message_status_id_is_one_path_segment(
    il: ILiveItClient, router: respx.Router
) -> None:
    route = router.get(url__regex=r".*").respond(200, json={"submit_status": 1})
    status = await il.message_status("a/b?c")
    assert route.calls.last.request.url.raw_path == b"/message/a%2Fb%3Fc/status"
    assert status.message_id == "a/b?c"  # the asked id stands in when the answer omits it
    assert status.state is models.DeliveryState.QUEUED


async def test_message_status_of_another_message_is_refused(
    il: ILiveItClient, router: respx.Router
) -> None:
    router.get("/message/m-1/status").respond(200, json={"message_id": "m-2"})
    with pytest.raises(errors.ProtocolError):
        await il.message_status("m-1")


async def test_message_status_needs_an_id(il: ILiveItClient) -> None:
    with pytest.raises(ValueError):
        await il.message_status(" ")


def test_constructor_validation() -> None:
    with pytest.raises(ValueError):
        ILiveItClient("api-endpoint", TOKEN)
    with pytest.raises(ValueError):
        ILiveItClient(BASE, "  ")
    assert TOKEN not in repr(ILiveItClient(BASE + "/", TOKEN))


async def test_base_url_with_a_path(router: respx.Router) -> None:
    route = respx.Router(assert_all_called=False)
    ping = route.get("https://il.test/api/ping").respond(200, json=seed.SEED_PING_RESPONSE)
    async with ILiveItClient(
        "https://il.test/api/", TOKEN, transport=httpx.MockTransport(route.async_handler)
    ) as il:
        await il.ping()
    assert ping.called


async def test_send_any_new_message_mms(il: ILiveItClient, router: respx.Router) -> None:
    route = router.post("/message/send").respond(200, json={"MessageID": "mms-1"})
    message = models.NewMessage.model_validate(seed.SEED_MMS_REQUEST)
    assert await il.send(message) == "mms-1"
    assert json.loads(route.calls.last.request.content) == seed.SEED_MMS_REQUEST


async def test_our_body_is_the_go_clients_up_to_key_case(
    il: ILiveItClient, router: respx.Router
) -> None:
    """We send the seed's ``msisdn`` / ``network`` / ``PostBackStatusTypes``; the Go client
    sends ``MSISDN`` / ``Network`` / ``PostbackStatusTypes``. A Go server matches keys without
    regard to case, so both are one request: the same keys once folded, the same values."""
    route = router.post("/message/send").respond(200, json={"MessageID": "m-1"})
    go = seed.GO_SMS_REQUEST
    await il.send_sms(
        go["Data"]["MSISDN"][0],
        go["Data"]["text"],
        reply_url=go["PostbackReplyUrl"],
        status_url=go["PostbackStatusUrl"],
        status_types=go["PostbackStatusTypes"],
        mvno_id=go["MVNOID"],
        campaign=go["Campaign"],
        network=go["Data"]["Network"],
        extra_digits=go["Data"]["extra_digits"],
    )

    def folded(body: dict) -> dict:
        return {
            models.fold(k): folded(v) if isinstance(v, dict) else v
            for k, v in body.items()
            if v not in ("", 0) or k == "Action"
        }

    assert folded(json.loads(route.calls.last.request.content)) == folded(go)

"""The IMIconnect client against a mocked server: exact requests, answers, status shapes."""

from __future__ import annotations

import json

import httpx
import pytest
import respx

from inbox_app.imiconnect import BASE_URL, BASE_URLS, IMIconnectClient, models

from . import seed_examples as seed
from .conftest import BASE, KEY, SEND, answer, queued


async def test_send_sms_exact_request_and_answer(
    imi: IMIconnectClient, router: respx.Router
) -> None:
    route = router.post(SEND).respond(200, json=seed.SEED_SEND_RESPONSE)
    accepted = await imi.send_sms(
        ["+15550100123", "+44 7700 900123"],
        "Hello from ACME",
        sender_id="ACME",
        correlation_id="k1",
        notify_url="https://relay.example/dr",
        callback_data="outbox-7",
    )
    request = route.calls.last.request
    assert request.method == "POST"
    assert request.url == f"{BASE}/resources/v1/messaging"
    assert request.headers["key"] == KEY
    assert request.headers["Content-Type"] == "application/json"
    assert "Authorization" not in request.headers
    assert json.loads(request.content) == {
        "deliverychannel": "sms",
        "channels": {"sms": {"text": "Hello from ACME", "type": 1, "senderid": "ACME"}},
        "correlationid": "k1",
        "destination": [{"msisdn": ["15550100123", "447700900123"], "correlationid": "k1"}],
        "notifyurl": "https://relay.example/dr",
        "callbackData": "outbox-7",
    }
    assert accepted == [
        models.Accepted(
            transid="f9793c83-f0b7-4200-99d9-20111c507baf",
            correlation_id="cid",
            code="1001",
            description="Queued",
        )
    ]
    assert accepted[0].queued


async def test_send_sms_minimal_body_has_the_seed_shape(
    imi: IMIconnectClient, router: respx.Router
) -> None:
    route = router.post(SEND).respond(200, json=answer(queued(correlationid=None)))
    accepted = await imi.send_sms("+911111111111", "Sending first SMS using IMIconnect")
    body = json.loads(route.calls.last.request.content)
    assert body == {
        "deliverychannel": "sms",
        "channels": {"sms": {"text": "Sending first SMS using IMIconnect", "type": 1}},
        "destination": [{"msisdn": ["911111111111"]}],
    }
    # The same keys as the seed's "Simple SMS" (and "type", documented, besides).
    assert body.keys() == seed.SEED_SIMPLE_SMS_REQUEST.keys()
    assert accepted[0].transid == "tid-1" and accepted[0].correlation_id is None


@pytest.mark.parametrize(
    ("text", "unicode", "expected"),
    [
        ("Plain GSM text: @£$¥ èé {curly} [square] €5", None, 1),
        ("Grüße aus Köln ÄÖÜ", None, 1),  # all in the GSM 7-bit alphabet
        ("Thanks 👍", None, 4),
        ("“curly quotes”", None, 4),
        ("Привет", None, 4),
        ("你好", None, 4),
        ("plain", True, 4),  # the caller decides
        ("Привет", False, 1),
    ],
)
async def test_sms_type_is_4_for_unicode_text(
    imi: IMIconnectClient, router: respx.Router, text: str, unicode: bool | None, expected: int
) -> None:
    route = router.post(SEND).respond(200, json=answer(queued()))
    await imi.send_sms(["+15550100123"], text, unicode=unicode)
    sms = json.loads(route.calls.last.request.content)["channels"]["sms"]
    assert sms == {"text": text, "type": expected}


def test_gsm7_check() -> None:
    assert models.is_gsm7("")
    assert models.is_gsm7("@Δ_ΦΓΛΩΠΨΣΘΞ\n\r^{}\\[~]|€ÆæßÉ¡¿§")
    assert not models.is_gsm7("á")  # GSM has à, not á
    assert not models.is_gsm7("\t")
    assert not models.is_gsm7("\x1b")  # the escape itself is not a character


@pytest.mark.parametrize(
    ("destinations", "text", "options"),
    [
        ([], "x", {}),
        (["+15550100123"] * 1001, "x", {}),
        ([""], "x", {}),
        (["ACME"], "x", {}),
        (["12345"], "x", {}),  # too short to have a country code
        (["+1555010012345678"], "x", {}),  # longer than E.164
        (["+15550100123"], "", {}),
        (["+15550100123"], "   ", {}),
        (["+15550100123"], "x", {"correlation_id": "k" * 51}),
        (["+15550100123"], "x", {"correlation_id": "é" * 26}),  # 52 bytes, 26 characters
        (["+15550100123"], "x", {"correlation_id": "  "}),
        (["+15550100123"], "x", {"sender_id": ""}),
        (["+15550100123"], "x", {"notify_url": " "}),
    ],
)
async def test_what_imiconnect_would_refuse_is_refused_before_any_request(
    imi: IMIconnectClient,
    router: respx.Router,
    destinations: list[str],
    text: str,
    options: dict[str, str],
) -> None:
    router.post(SEND).respond(200, json=answer(queued()))
    with pytest.raises(ValueError):
        await imi.send_sms(destinations, text, **options)
    assert not router.calls


async def test_limits_are_inclusive(imi: IMIconnectClient, router: respx.Router) -> None:
    route = router.post(SEND).respond(200, json=answer(queued()))
    numbers = [f"+1555{i:07d}" for i in range(1000)]
    await imi.send_sms(numbers, "x", correlation_id="k" * 50)
    body = json.loads(route.calls.last.request.content)
    assert len(body["destination"][0]["msisdn"]) == 1000
    await imi.send_sms(["+15550100123"], "x", correlation_id="é" * 25)  # exactly 50 bytes
    assert route.call_count == 2


async def test_partly_queued_answer_returns_the_queued_entries(
    imi: IMIconnectClient, router: respx.Router, caplog: pytest.LogCaptureFixture
) -> None:
    router.post(SEND).respond(
        200,
        json=answer(
            queued("tid-1"),
            {"code": "7101", "description": "Invalid destination"},
            queued("tid-3"),
        ),
    )
    accepted = await imi.send_sms(["+15550100123", "+15550100124", "+15550100125"], "x")
    assert [a.transid for a in accepted] == ["tid-1", "tid-3"]
    assert "refused: 7101" in caplog.text


async def test_numbers_as_numbers_in_the_answer(
    imi: IMIconnectClient, router: respx.Router
) -> None:
    router.post(SEND).respond(
        200, json={"response": {"code": 1001, "transid": 4711, "correlationid": 42}}
    )
    (accepted,) = await imi.send_sms(["+15550100123"], "x")
    assert (accepted.code, accepted.transid, accepted.correlation_id) == ("1001", "4711", "42")


# --- status ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "state", "code"),
    [
        (seed.SEED_DR, models.DeliveryState.DELIVERED, "7500"),
        (seed.SEED_DR["deliveryInfoNotification"], models.DeliveryState.DELIVERED, "7500"),
        (
            answer({"code": "7501", "description": "Submitted"}),
            models.DeliveryState.SUBMITTED,
            "7501",
        ),
        ([{"code": "7208", "description": "Expired"}], models.DeliveryState.EXPIRED, "7208"),
        ({"code": 7203, "description": "Failed"}, models.DeliveryState.FAILED, "7203"),
        (answer(queued("tid-9")), models.DeliveryState.SUBMITTED, "1001"),
        (
            {"response": [{"deliveryInfo": {"code": "7500"}}]},
            models.DeliveryState.DELIVERED,
            "7500",
        ),
        ({"code": "7999", "deliveryStatus": "Delivered"}, models.DeliveryState.DELIVERED, "7999"),
        ({"code": "7999"}, models.DeliveryState.UNKNOWN, "7999"),
        ({}, models.DeliveryState.UNKNOWN, None),
        ({"something": "else"}, models.DeliveryState.UNKNOWN, None),
        ("text", models.DeliveryState.UNKNOWN, None),
        ([], models.DeliveryState.UNKNOWN, None),
    ],
)
async def test_message_status_is_read_leniently(
    imi: IMIconnectClient,
    router: respx.Router,
    body: object,
    state: models.DeliveryState,
    code: str | None,
) -> None:
    route = router.get("/resources/v1/messaging/status/tid%2F9").respond(200, json=body)
    status = await imi.message_status("tid/9")
    request = route.calls.last.request
    assert request.method == "GET" and request.headers["key"] == KEY
    assert request.url.raw_path == b"/resources/v1/messaging/status/tid%2F9"
    assert isinstance(status, models.MessageStatus)
    assert (status.state, status.code) == (state, code)
    if status.transid != "262895e4-2217-4eef-92ca-79fd0250c4a3":
        assert status.transid in ("tid/9", "tid-9")


async def test_message_status_from_a_dr_shape_keeps_its_fields(
    imi: IMIconnectClient, router: respx.Router
) -> None:
    router.get(url__regex=r"/status/").respond(200, json=seed.SEED_DR)
    status = await imi.message_status("262895e4-2217-4eef-92ca-79fd0250c4a3")
    assert status.correlation_id == "4eef-92ca-79fd0250c4a3-262895e4-2217"
    assert status.destination == "+911111111111"
    assert status.description == "Delivered" and status.state.final


async def test_empty_status_answer_is_unknown(imi: IMIconnectClient, router: respx.Router) -> None:
    router.get(url__regex=r"/status/").respond(200)
    status = await imi.message_status("tid-1")
    assert status == models.MessageStatus(transid="tid-1")
    assert status.state is models.DeliveryState.UNKNOWN and not status.state.final


async def test_status_needs_a_transid(imi: IMIconnectClient, router: respx.Router) -> None:
    with pytest.raises(ValueError):
        await imi.message_status("  ")
    assert not router.calls


# --- construction ------------------------------------------------------------------------------


def test_base_urls() -> None:
    assert BASE_URL == "https://api.imiconnect.com"
    assert BASE_URLS == (
        "https://api.imiconnect.com",
        "https://api.imiconnect.io",
        "https://api.imiconnect.in",
    )
    for pasted in (
        "https://api.imiconnect.io/",
        "https://api.imiconnect.io/resources/v1",
        "https://api.imiconnect.io/resources/v1/messaging/",
    ):
        assert IMIconnectClient(pasted, KEY).base_url == "https://api.imiconnect.io"


@pytest.mark.parametrize(
    ("url", "key"), [("api.imiconnect.com", KEY), ("ftp://x", KEY), (BASE, " ")]
)
def test_bad_construction(url: str, key: str) -> None:
    with pytest.raises(ValueError):
        IMIconnectClient(url, key)


async def test_context_manager_closes_the_pool(router: respx.Router) -> None:
    router.post(SEND).respond(200, json=answer(queued()))
    imi = IMIconnectClient(BASE, KEY, transport=httpx.MockTransport(router.async_handler))
    async with imi:
        await imi.send_sms(["+15550100123"], "x")
        pool = imi._pool.http
        assert pool is not None and not pool.is_closed
    assert pool.is_closed
    with pytest.raises(RuntimeError, match="closed"):
        await imi.send_sms(["+15550100123"], "x")

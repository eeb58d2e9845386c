"""``send_sms`` against the simulator: the order ids the client returns are the ones the
simulator stored, per destination and per message part; the subject comes back in the status
pull; a refused send is a BadRequest that keeps the platform's code and words."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from inbox_app.livelink import LiveLinkClient, errors
from inbox_app.livelink.client import _error

from .conftest import NOW, SMS, RecordingSimulator

START, END = NOW - timedelta(minutes=5), NOW + timedelta(minutes=5)


def stored_ids(sim: RecordingSimulator) -> dict[str, list[str]]:
    """The simulator's order ids per destination, in part order."""
    out: dict[str, list[str]] = {}
    for mt in sorted(sim.sent(), key=lambda m: (m["requestId"], m["destination"], m["part"])):
        out.setdefault(mt["destination"], []).append(mt["orderId"])
    return out


async def test_one_destination(sim: RecordingSimulator, ll: LiveLinkClient) -> None:
    orders = await ll.send_sms("+13125550142", "Your order shipped.", origin="+14155550100")
    [stored] = sim.sent()
    assert [(o.destination, o.order_ids) for o in orders] == [
        (("+13125550142",), (stored["orderId"],))
    ]
    assert stored["phone"] == "+13125550142"
    assert stored["message"] == "Your order shipped."
    assert stored["origin"] == "+14155550100"
    assert (stored["part"], stored["parts"], stored["encoding"]) == (1, 1, "UTF8")
    assert sim.calls("POST", SMS) == [200]


async def test_several_destinations_in_one_request(
    sim: RecordingSimulator, ll: LiveLinkClient
) -> None:
    numbers = ["+13125550142", "+13125550143", "+1 312 555 0144"]
    orders = await ll.send_sms(numbers, "Office closed Monday.", origin="55501")
    assert sim.calls("POST", SMS) == [200]  # one request, not one per number
    assert sim.state()["mtRequests"] == 1
    by_destination = stored_ids(sim)
    assert {o.destination[0]: list(o.order_ids) for o in orders} == by_destination
    assert [o.destination for o in orders] == [(n,) for n in numbers]  # the caller's order
    assert sorted(m["phone"] for m in sim.sent()) == [
        "+13125550142",
        "+13125550143",
        "+13125550144",
    ]
    assert {m["origin"] for m in sim.sent()} == {"55501"}


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("a" * 160, 1),  # GSM-7: 160 in one part
        ("b" * 161, 2),  # else 153 a part
        ("Long reminder. " * 27, 3),  # 405 characters
        ("Привет! " * 9, 2),  # 72 characters beyond GSM: UCS-2, 67 a part
    ],
)
async def test_a_long_text_has_one_order_id_per_part(
    sim: RecordingSimulator, ll: LiveLinkClient, text: str, parts: int
) -> None:
    destinations = ["+13125550142", "+13125550143"]
    orders = await ll.send_sms(destinations, text)
    assert [len(o.order_ids) for o in orders] == [parts, parts]
    assert {o.destination[0]: list(o.order_ids) for o in orders} == stored_ids(sim)
    for mt in sim.sent():
        assert mt["parts"] == parts and mt["message"] == text
    all_ids = [i for o in orders for i in o.order_ids]
    assert len(set(all_ids)) == len(all_ids) == 2 * parts


async def test_the_subject_comes_back_in_the_status_pull(
    sim: RecordingSimulator, ll: LiveLinkClient
) -> None:
    orders = await ll.send_sms(["+13125550142", "+13125550143"], "Hi", subject="outbox-42")
    await ll.send_sms("+13125550145", "Someone else", subject="outbox-43")
    reports = [r async for page in ll.iter_status(START, END) for r in page.reports]
    ours = {r.order_id for r in reports if r.subject == "outbox-42"}
    assert ours == {i for o in orders for i in o.order_ids}
    assert {r.subject for r in reports} == {"outbox-42", "outbox-43"}
    assert {m["subject"] for m in sim.sent()} == {"outbox-42", "outbox-43"}
    by_order = {r.order_id: r for r in reports}
    assert by_order[orders[1].order_ids[0]].recipient == "+13125550143"
    assert by_order[orders[1].order_ids[0]].message_body == "Hi"


async def test_the_default_origin_is_the_accounts_first_number(
    sim: RecordingSimulator, ll: LiveLinkClient
) -> None:
    await ll.send_sms("+13125550142", "no origin given")
    assert [m["origin"] for m in sim.sent()] == [sim.credentials.numbers[0]]


@pytest.mark.parametrize(
    ("destination", "message", "origin", "code", "words"),
    [
        ("+13125550142", "hi", "+19995550000", 1003, "origin"),  # not the account's number
        ("+13125550142", "hi", "NotOurs", 1003, "origin"),
        ("12", "hi", None, 1002, "phone number"),
        ("+13125550142", "x" * 4001, None, 1001, "message"),
    ],
)
async def test_a_refused_send_is_bad_request_with_the_platforms_code_and_words(
    sim: RecordingSimulator,
    ll: LiveLinkClient,
    destination: str,
    message: str,
    origin: str | None,
    code: int,
    words: str,
) -> None:
    with pytest.raises(errors.BadRequest) as caught:
        await ll.send_sms(destination, message, origin=origin)
    error = caught.value
    assert error.status == 400
    assert error.api_error_code == code
    assert error.server_message and words in error.server_message  # userMessage, kept
    assert error.debug_message == error.server_message  # the simulator says the same in both
    assert sim.calls("POST", SMS) == [400]  # a 400 is final: never repeated
    assert sim.sent() == []


async def test_an_empty_message_never_leaves_the_client(
    sim: RecordingSimulator, ll: LiveLinkClient
) -> None:
    """The client refuses what the platform would refuse with 1004, before any request."""
    with pytest.raises(ValueError):
        await ll.send_sms("+13125550142", "")
    with pytest.raises(ValueError):
        await ll.send_sms([], "hello")
    assert sim.seen == [] and sim.sent() == []


async def test_an_empty_message_is_a_1004_bad_request_on_the_wire(
    sim: RecordingSimulator, ll: LiveLinkClient
) -> None:
    """The platform's side of the same rule: the client cannot send an empty message (it
    writes ``message`` after ``extra``), so the server's answer to one on the raw wire goes
    through the client's own error mapping."""
    token = (await ll.poll_mo(START, END), ll.token)[1]
    assert token is not None
    async with httpx.AsyncClient(base_url=sim.base_url) as http:
        answer = await http.post(
            SMS,
            json={"destination": ["+13125550142"], "message": ""},
            headers={"Authorization": f"Bearer {token.access_token}"},
        )
    error = _error(answer)
    assert isinstance(error, errors.BadRequest)
    assert error.api_error_code == 1004
    assert error.server_message == answer.json()["userMessage"]
    assert sim.sent() == []


@pytest.mark.parametrize("origin", ["14155550100", "+1 415 555 0100", "tel:+14155550100"])
async def test_the_origin_as_the_definition_spells_it(
    sim: RecordingSimulator, ll: LiveLinkClient, origin: str
) -> None:
    """The definition's example origin has no plus ("12345"); the platform matches the
    account's number however it is written."""
    await ll.send_sms("+13125550142", "hi", origin=origin)
    assert [m["origin"] for m in sim.sent()] == ["+14155550100"]


async def test_the_documented_options_reach_the_server(
    sim: RecordingSimulator, ll: LiveLinkClient
) -> None:
    await ll.send_sms(
        "+13125550142",
        "plain ascii, " * 6,  # 78 characters: one GSM part, two UCS-2 parts
        encoding="UCS2",
        ack_type="MESSAGE",
        validity_period="2d",
        callback="https://example.invalid/acks",
        extra={"messageClass": "1", "ackTimeInGMT": True},
    )
    stored = sim.sent()
    assert [(m["encoding"], m["ackType"], m["parts"]) for m in stored] == [
        ("UCS2", "MESSAGE", 2)
    ] * 2


@pytest.mark.parametrize(
    "options",
    [
        {"validity_period": "2 days"},
        {"ack_type": "EVERYTHING"},
        {"encoding": "LATIN1"},
        {"extra": {"ackFinalOnly": "yes"}},
    ],
)
async def test_options_the_definition_does_not_allow_are_1001(
    sim: RecordingSimulator, ll: LiveLinkClient, options: dict
) -> None:
    with pytest.raises(errors.BadRequest) as caught:
        await ll.send_sms("+13125550142", "hi", **options)
    assert caught.value.api_error_code == 1001
    assert sim.sent() == []

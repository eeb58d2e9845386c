"""The DR and MO webhook parsers: the seed's examples, leniency, strictness, identities."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime

import pytest

from inbox_app.imiconnect import errors, models

from . import seed_examples as seed

TRANSID = "262895e4-2217-4eef-92ca-79fd0250c4a3"


def dr(**info: object) -> dict:
    """The seed's DR with ``deliveryInfo`` fields replaced (None removes one)."""
    body = copy.deepcopy(seed.SEED_DR)
    target = body["deliveryInfoNotification"]["deliveryInfo"]
    for name, value in info.items():
        if value is None:
            target.pop(name, None)
        else:
            target[name] = value
    return body


def mo(**fields: object) -> dict:
    body = {
        "userId": "cust-1",
        "channel": "SMS",
        "da": "12345",
        "oa": "15550100123",
        "message": "Hi, is my order ready?",
        "tid": "mo-tid-1",
        "datetime": "2024-05-01T10:00:00",
        "ts": "1714557600000",
    }
    for name, value in fields.items():
        if value is None:
            body.pop(name, None)
        else:
            body[name] = value
    return body


# --- DR ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("body", [seed.SEED_DR, seed.SEED_DR_TEXT, seed.SEED_DR_TEXT.encode()])
def test_seed_dr(body: object) -> None:
    report = models.parse_dr(body)
    assert report == models.DeliveryReport(
        transid=TRANSID,
        code="7500",
        description="Delivered",
        delivery_status="Delivered",
        correlation_id="4eef-92ca-79fd0250c4a3-262895e4-2217",
        destination="+911111111111",
        timestamp=datetime(2016, 7, 20, 17, 13, 17, 908000, tzinfo=UTC),
        callback_data="return callbackdata",
        channel="SMS",
        destination_type="msisdn",
    )
    assert report.state is models.DeliveryState.DELIVERED
    assert report.dedup_key == (TRANSID, "7500")


@pytest.mark.parametrize(
    ("code", "words", "state"),
    [
        ("7500", "Delivered", models.DeliveryState.DELIVERED),
        ("7501", "Submitted", models.DeliveryState.SUBMITTED),
        ("7208", "Expired", models.DeliveryState.EXPIRED),
        ("7201", "Failed", models.DeliveryState.FAILED),
        ("7299", "Whatever", models.DeliveryState.FAILED),
        (7203, "Undelivered", models.DeliveryState.FAILED),
        ("7600", "Odd", models.DeliveryState.UNKNOWN),
        ("7600", "expired", models.DeliveryState.EXPIRED),  # the words, when the code is new
        ("72", "", models.DeliveryState.UNKNOWN),
    ],
)
def test_dr_codes_to_states_keeping_the_raw_code(
    code: object, words: str, state: models.DeliveryState
) -> None:
    report = models.parse_dr(dr(code=code, deliveryStatus=words, Description=words))
    assert report.state is state
    assert report.code == str(code) and report.delivery_status == (words or None)
    assert report.dedup_key == (TRANSID, str(code))


def test_dr_states_are_final_or_not() -> None:
    final = {s for s in models.DeliveryState if s.final}
    assert final == {
        models.DeliveryState.DELIVERED,
        models.DeliveryState.FAILED,
        models.DeliveryState.EXPIRED,
    }


def test_dr_leniency() -> None:
    """Extra fields, other capitalisation, numbers as numbers, missing optional fields."""
    body = {
        "DELIVERYINFONOTIFICATION": {
            "deliveryinfo": {"CODE": 7500, "destination": 15550100123, "extra": [1, 2]},
            "transid": 98765,
            "new_field": {"x": 1},
        },
        "other": True,
    }
    report = models.parse_dr(body)
    assert (report.transid, report.code, report.destination) == ("98765", "7500", "+15550100123")
    assert report.correlation_id is None and report.callback_data is None
    assert report.timestamp is None and report.description is None
    # transid inside deliveryInfo, code beside it: both places are read.
    moved = {"deliveryInfoNotification": {"deliveryInfo": {"transid": "t"}, "code": "7501"}}
    assert models.parse_dr(moved).dedup_key == ("t", "7501")


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("2016-07-20T17:13:17.908Z", datetime(2016, 7, 20, 17, 13, 17, 908000, tzinfo=UTC)),
        ("2016-07-20T19:13:17+02:00", datetime(2016, 7, 20, 17, 13, 17, tzinfo=UTC)),
        ("yesterday", None),
        ("", None),
    ],
)
def test_dr_timestamps(stamp: str, expected: datetime | None) -> None:
    assert models.parse_dr(dr(timeStamp=stamp)).timestamp == expected


@pytest.mark.parametrize(
    "body",
    [
        None,
        [],
        "not json",
        b"\xff\xfe",
        "[]",
        {},
        {"deliveryInfoNotification": None},
        {"deliveryInfoNotification": "Delivered"},
        {"deliveryInfoNotification": {"transid": "t", "code": "7500"}},  # no deliveryInfo
        {"deliveryInfoNotification": {"deliveryInfo": [], "transid": "t"}},
        dr(code=None),
        dr(code="  "),
        dr(code=True),
        dr(code=["7500"]),
        dr(destination={"n": 1}),
        {"deliveryInfoNotification": {"deliveryInfo": {"code": "7500"}}},  # no transid
        {"deliveryInfoNotification": {"deliveryInfo": {"code": "7500"}, "transid": ""}},
    ],
)
def test_dr_garbage_is_protocol_error(body: object) -> None:
    with pytest.raises(errors.ProtocolError) as caught:
        models.parse_dr(body)
    assert caught.value.message.startswith("The IMIconnect server sent a malformed delivery report")
    assert caught.value.__cause__ is None


# --- MO ----------------------------------------------------------------------------------------


def test_seed_mo_template_parses_with_its_placeholders() -> None:
    message = models.parse_mo(seed.SEED_MO)
    assert message == models.InboundMessage(
        tid="$(tid)",
        customer="$(msisdn)",  # not digits: kept as text
        our_code="$(service_code)",
        text="$(actual_message)",
        user_id="$(customerId)",
        channel="SMS",
        received_at=None,
    )
    assert message.dedup_key == "$(tid)"
    assert models.parse_mo(json.dumps(seed.SEED_MO)) == message


def test_mo_filled_in() -> None:
    message = models.parse_mo(mo())
    assert message.customer == "+15550100123"
    assert (message.our_code, message.text, message.tid) == (
        "12345",
        "Hi, is my order ready?",
        "mo-tid-1",
    )
    assert message.received_at == datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
    assert message.dedup_key == "mo-tid-1"
    assert hash(message) == hash(models.parse_mo(mo()))


@pytest.mark.parametrize(
    ("oa", "customer"),
    [
        ("15550100123", "+15550100123"),
        ("+15550100123", "+15550100123"),
        (" +1 (555) 010-0123 ", "+15550100123"),
        ("tel:+447700900123", "+447700900123"),
        (919999999999, "+919999999999"),
        ("ACME", "ACME"),
        ("1234", "1234"),  # a short code, not a number with a country code
        ("٠١٢٣٤٥٦٧٨٩", "٠١٢٣٤٥٦٧٨٩"),  # not ASCII digits
    ],
)
def test_mo_customer_numbers(oa: object, customer: str) -> None:
    assert models.parse_mo(mo(oa=oa)).customer == customer


@pytest.mark.parametrize(
    ("fields", "received_at"),
    [
        ({"datetime": None, "ts": None}, None),
        ({"datetime": None, "ts": 1714557600}, datetime(2024, 5, 1, 10, 0, tzinfo=UTC)),
        ({"datetime": None, "ts": "1714557600000"}, datetime(2024, 5, 1, 10, 0, tzinfo=UTC)),
        ({"datetime": "garbage", "ts": "garbage"}, None),
        ({"datetime": None, "ts": 10**30}, None),
    ],
)
def test_mo_times(fields: dict, received_at: datetime | None) -> None:
    assert models.parse_mo(mo(**fields)).received_at == received_at


def test_mo_leniency() -> None:
    message = models.parse_mo(
        {"TID": 42, "OA": "15550100123", "DA": 12345, "Message": "", "x": [1]}
    )
    assert (message.tid, message.our_code, message.text) == ("42", "12345", "")
    assert message.user_id is None and message.channel is None and message.received_at is None
    assert models.parse_mo(mo(message=1234)).text == "1234"


@pytest.mark.parametrize(
    "body",
    [
        None,
        "",
        "{",
        [mo()],
        mo(tid=None),
        mo(tid=""),
        mo(tid=["a"]),
        mo(oa=None),
        mo(oa=" "),
        mo(da=None),
        mo(message=None),
        mo(message={"text": "hi"}),
        mo(message=True),
        mo(userId={"id": 1}),
    ],
)
def test_mo_garbage_is_protocol_error(body: object) -> None:
    with pytest.raises(errors.ProtocolError) as caught:
        models.parse_mo(body)
    assert caught.value.message.startswith(
        "The IMIconnect server sent a malformed customer's message"
    )

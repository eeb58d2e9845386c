"""Sending (order ids per part, 400s in Live Link's shape) and the status pull (SENT, then
DELIVERED or ERROR after the delivery delay, ``subject`` echoed), driven by a fake clock."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

from inbox_app.simulator.livelink.state import sms_parts

from .conftest import FakeClock, assert_error, window

CUSTOMER = "+13125550142"


def send(http: httpx.Client, auth: dict, **body: Any) -> httpx.Response:
    return http.post("/api/v2/sms", headers=auth, json={"destination": [CUSTOMER], **body})


def statuses(http: httpx.Client, auth: dict, **params: Any) -> list[dict[str, Any]]:
    response = http.get("/api/v2/sms/status", headers=auth, params={**window(), **params})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["clientId"] and body["pageIndex"] == params.get("pageIndex", 1)
    return body["SAPNotification"]


@pytest.mark.parametrize(
    ("text", "encoding", "parts"),
    [
        ("a" * 160, "UTF8", 1),
        ("a" * 161, "UTF8", 2),
        ("a" * 306, "UTF8", 2),
        ("a" * 307, "UTF8", 3),
        ("€" * 80, "UTF8", 1),  # extension characters take two septets
        ("€" * 81, "UTF8", 2),
        ("é" * 160, "UTF8", 1),  # é is in the GSM basic set
        ("ş" * 70, "UTF8", 1),  # not GSM: UCS-2
        ("ş" * 71, "UTF8", 2),
        ("ş" * 134, "UTF8", 2),
        ("ş" * 135, "UTF8", 3),
        ("a" * 71, "UCS2", 2),  # asked for UCS-2
        ("😀" * 35, "UTF8", 1),  # two UTF-16 units each
        ("😀" * 36, "UTF8", 2),
    ],
)
def test_part_counts(text: str, encoding: str, parts: int) -> None:
    assert sms_parts(text, encoding)[0] == parts


def test_send_answers_one_order_id_per_part_and_destination(http: httpx.Client, auth: dict) -> None:
    other = "+13125550143"
    response = http.post(
        "/api/v2/sms",
        headers=auth,
        json={"destination": [CUSTOMER, other], "message": "x" * 200, "origin": "+14155550100"},
    )
    assert response.status_code == 200, response.text
    groups = response.json()["livelinkOrderIds"]
    assert [g["destination"] for g in groups] == [[CUSTOMER], [other]]
    ids = [i for g in groups for i in g["livelinkOrderId"]]
    assert all(len(g["livelinkOrderId"]) == 2 for g in groups)
    assert len(set(ids)) == 4 and all(i.isdigit() for i in ids)


def test_the_seeds_full_body_and_a_single_string_destination_are_accepted(
    http: httpx.Client, auth: dict
) -> None:
    body = {
        "ackCountryCode": False, "ackDeliveredTime": False, "ackFinalOnly": False,
        "ackFinalStatus": False, "ackInternalStatus": False, "ackMTReceivedTime": False,
        "ackOperatorId": False, "ackTimeInGMT": True, "ackTpoa": False, "ackType": "ORDER",
        "acknowledgement": False, "callback": "https://server.example/acks", "clientId": 12345,
        "contentTextEncoding": "UTF8", "destination": ["1122334455", "1122334455"],
        "message": "Hello World!!", "messageClass": "1", "mobileNotification": "YES",
        "operatorId": 61, "origin": "55501", "pId": "2A", "randomId": 0,
        "sessionId": "<facebook>test</facebook>", "subject": "ABC", "validityPeriod": "1w",
        "someFutureField": {"ignored": True},
    }  # fmt: skip
    assert http.post("/api/v2/sms", headers=auth, json=body).status_code == 200
    single = http.post("/api/v2/sms", headers=auth, json={"destination": CUSTOMER, "message": "hi"})
    assert single.status_code == 200, single.text
    assert single.json()["livelinkOrderIds"][0]["destination"] == [CUSTOMER]


@pytest.mark.parametrize(
    "body",
    [
        {"message": "no destination"},
        {"destination": [], "message": "x"},
        {"destination": ["not a number"], "message": "x"},
        {"destination": [CUSTOMER]},
        {"destination": [CUSTOMER], "message": ""},
        {"destination": [CUSTOMER], "message": 42},
        {"destination": [CUSTOMER], "message": "x", "ackType": "SOMETIMES"},
        {"destination": [CUSTOMER], "message": "x", "ackFinalOnly": "yes"},
        {"destination": [CUSTOMER], "message": "x", "clientId": "abc"},
        {"destination": [CUSTOMER], "message": "x", "validityPeriod": "forever"},
        {"destination": [CUSTOMER], "message": "x", "origin": "+19995550000"},
        [CUSTOMER],
        "just a string",
    ],
)
def test_bad_bodies_are_400_in_live_links_shape(http: httpx.Client, auth: dict, body: Any) -> None:
    assert_error(http.post("/api/v2/sms", headers=auth, json=body), 400)


def test_non_json_bodies_are_400(http: httpx.Client, auth: dict) -> None:
    assert_error(http.post("/api/v2/sms", headers=auth, content=b"{oops"), 400)
    assert_error(http.post("/api/v2/sms", headers=auth, content=b"\xff\xfe"), 400)
    assert_error(http.post("/api/v2/sms", headers=auth, content=b'{"message": "\\ud800"}'), 400)


def test_sent_at_once_then_delivered_after_the_delay(
    http: httpx.Client, auth: dict, clock: FakeClock
) -> None:
    sent = send(http, auth, message="Your table is ready", subject="outbox-17")
    order = sent.json()["livelinkOrderIds"][0]["livelinkOrderId"][0]
    first = statuses(http, auth)
    assert [(s["orderId"], s["status"]) for s in first] == [(order, "SENT")]
    assert first[0]["subject"] == "outbox-17"
    assert first[0]["recipient"] == CUSTOMER and first[0]["messageBody"] == "Your table is ready"
    assert first[0]["timestamp"].endswith("Z")
    clock.advance(1.9)
    assert [s["status"] for s in statuses(http, auth)] == ["SENT"]
    clock.advance(0.2)
    both = statuses(http, auth)
    assert [s["status"] for s in both] == ["SENT", "DELIVERED"]
    assert {s["subject"] for s in both} == {"outbox-17"}
    assert [s["status"] for s in statuses(http, auth, status="DELIVERED")] == ["DELIVERED"]
    assert [s["status"] for s in statuses(http, auth, status="SENT")] == ["SENT"]
    assert statuses(http, auth, status="nok") == []
    assert len(statuses(http, auth, orderId=order)) == 2
    assert statuses(http, auth, orderId="1") == []


def test_failing_destinations_end_in_error(
    demo_http: httpx.Client, demo_auth: dict, clock: FakeClock
) -> None:
    http, auth = demo_http, demo_auth
    response = http.post(
        "/api/v2/sms", headers=auth, json={"destination": ["+13125550198"], "message": "x"}
    )
    order = response.json()["livelinkOrderIds"][0]["livelinkOrderId"][0]
    clock.advance(3)
    acks = statuses(http, auth, orderId=order)
    assert [s["status"] for s in acks] == ["SENT", "ERROR"]
    failed = statuses(http, auth, status="nok", startUTCTime="202405310000")
    assert order in {s["orderId"] for s in failed}
    assert "demo-failed" in {s.get("subject") for s in failed}  # the demo's own failure


def test_ack_type_none_and_final_only(http: httpx.Client, auth: dict, clock: FakeClock) -> None:
    none = send(http, auth, message="quiet", ackType="NONE").json()
    final = send(http, auth, message="final", ackFinalOnly=True).json()
    clock.advance(3)
    quiet = none["livelinkOrderIds"][0]["livelinkOrderId"][0]
    last = final["livelinkOrderIds"][0]["livelinkOrderId"][0]
    assert statuses(http, auth, orderId=quiet) == []
    assert [s["status"] for s in statuses(http, auth, orderId=last)] == ["DELIVERED"]


def test_status_pages_and_parameters(http: httpx.Client, auth: dict, clock: FakeClock) -> None:
    for i in range(6):
        send(http, auth, message=f"m{i}")
    clock.advance(3)  # 6 SENT + 6 DELIVERED = 12 ACKs: 2 pages
    page2 = http.get("/api/v2/sms/status", headers=auth, params={**window(), "pageIndex": 2})
    assert page2.json()["pageCount"] == 2 and len(page2.json()["SAPNotification"]) == 2
    for bad in ({"status": "LOST"}, {"pageIndex": 0}, {"startUTCTime": "2024"}):
        params = {**window(), **bad}
        assert_error(http.get("/api/v2/sms/status", headers=auth, params=params), 400)
    later = {"startUTCTime": "202406011300", "endUTCTime": "202406011200", "pageIndex": 1}
    assert_error(http.get("/api/v2/sms/status", headers=auth, params=later), 400)
    no_end = {"startUTCTime": "202406011100", "pageIndex": 1}
    assert_error(http.get("/api/v2/sms/status", headers=auth, params=no_end), 400)
    recent = window(before=timedelta(minutes=0))
    assert http.get("/api/v2/sms/status", headers=auth, params=recent).json()["pageCount"] == 2

"""Every example of the seed and the definition parses into the models (or fails cleanly)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from inbox_app.livelink import errors, models, parsing

from . import seed_examples as seed


def test_swagger_token_lifetimes_are_milliseconds() -> None:
    token = parsing.parse_token(seed.SWAGGER_TOKEN)
    assert token.access_token == "someAccessTokenHexString"
    assert token.refresh_token == "someRefreshTokenHexString"
    assert token.expires_in_ms == 300000 and token.expires_in == 300.0
    assert token.refresh_expires_in == 900.0
    assert (token.token_type, token.scope) == ("Bearer", "livelink:api")
    assert "someAccessTokenHexString" not in repr(token)
    assert "someRefreshTokenHexString" not in repr(token)


def test_token_numbers_as_strings_and_missing_optionals() -> None:
    token = parsing.parse_token({"access_token": "a1", "expires_in": "2700000", "extra": 1})
    assert token.expires_in == 2700.0
    assert token.refresh_token is None and token.refresh_expires_in is None


@pytest.mark.parametrize("data", [{}, {"access_token": ""}, {"access_token": None}, [], None])
def test_token_without_access_token_is_protocol_error(data: object) -> None:
    with pytest.raises(errors.ProtocolError):
        parsing.parse_token(data)


def test_seed_send_response() -> None:
    orders = parsing.parse_order_ids(seed.SEED_SEND_RESPONSE)
    assert orders == [
        models.OrderIds(destination=("123...789",), order_ids=("123456789", "123456777")),
        models.OrderIds(destination=("456...789",), order_ids=("1453217689", "153256777")),
    ]


def test_swagger_send_response_and_dest_order_id() -> None:
    [order] = parsing.parse_order_ids(seed.SWAGGER_SEND_RESPONSE)
    assert order.destination == ("+1234567890",) and order.order_ids == ("1234567890",)
    [order] = parsing.parse_order_ids({"livelinkOrderIds": [seed.SWAGGER_DEST_ORDER_ID]})
    assert order.order_ids == ("87654321", "12345678")


def test_send_response_lenient_shapes() -> None:
    assert parsing.parse_order_ids(None) == []
    assert parsing.parse_order_ids({}) == []
    assert parsing.parse_order_ids({"httpStatusCode": "201 Created"}) == []
    [order] = parsing.parse_order_ids(
        {"livelinkOrderIds": {"destination": "+1555", "livelinkOrderId": [987654321]}}
    )
    assert order.destination == ("+1555",) and order.order_ids == ("987654321",)


def test_send_answer_with_only_an_error_code_is_not_a_success() -> None:
    with pytest.raises(errors.ProtocolError) as caught:
        parsing.parse_order_ids(seed.SWAGGER_ERROR)
    assert caught.value.api_error_code == 123
    assert caught.value.server_message == "The message could not be delivered successfully"


def test_seed_mo_page_spells_the_text_contexttext() -> None:
    page = parsing.parse_mo_page(seed.SEED_MO_RESPONSE)
    assert (page.page_count, page.page_index, page.skipped) == (2, 1, 0)
    [mo] = page.messages
    assert mo.text == "Some Message"
    assert mo.order_id == "1234567"
    assert mo.received_at == datetime(2018, 8, 16, 16, 15, 3, 277000, tzinfo=UTC)
    assert mo.parameters["clientId"] == "12345"
    assert mo.dedup_key == ("string", "string", "2018-08-16T16:15:03.277000+00:00", "Some Message")


def test_swagger_mo_page() -> None:
    page = parsing.parse_mo_page(seed.SWAGGER_MO_PAGE)
    [mo] = page.messages
    assert mo.sender == "+1234567890"  # "tel:" stripped, E.164 kept
    assert mo.recipient == "1234"
    assert mo.text == "Content of message."
    # "2017-11-11 11:11:11.111" with timezone GMT
    assert mo.received_at == datetime(2017, 11, 11, 11, 11, 11, 111000, tzinfo=UTC)
    assert mo.parameters["keyword"] == "hello"


def test_contenttext_wins_when_both_are_present_and_none_is_skipped() -> None:
    page = parsing.parse_mo_page(
        {
            "sapnotification": [
                {"sender": "tel:+1", "contentText": "right", "contextText": "seed"},
                {"sender": "tel:+2", "contentText": None, "contextText": "seed"},
                {"sender": "tel:+3"},
            ]
        }
    )
    assert [m.text for m in page.messages] == ["right", "seed", ""]


def test_mo_received_time_shapes() -> None:
    def when(params: dict[str, object]) -> datetime | None:
        page = parsing.parse_mo_page({"sapnotification": [{"sender": "x", "parameters": params}]})
        return page.messages[0].received_at

    assert when({"receivedTime": "2019-01-07 23:54:40"}) == datetime(
        2019, 1, 7, 23, 54, 40, tzinfo=UTC
    )
    assert when({"receivedTime": "2018-08-16T16-15-03"}) == datetime(
        2018, 8, 16, 16, 15, 3, tzinfo=UTC
    )
    paris = when({"receivedTime": "2019-07-01 12:00:00", "timezone": "Europe/Paris"})
    assert paris == datetime(2019, 7, 1, 10, 0, tzinfo=UTC)
    assert when({"curTime": "2019-01-07 23:54:40"}) == datetime(2019, 1, 7, 23, 54, 40, tzinfo=UTC)
    assert when({"receivedTime": "yesterday"}) is None
    assert when({}) is None


def test_dedup_key_is_stable_and_distinguishes() -> None:
    mo = {"sender": "tel:+15550100123", "recipient": "15550100999", "contentText": "hi"}
    at = {"parameters": {"receivedTime": "2024-05-01 10:00:00.000"}}
    one = parsing.parse_mo_page({"sapnotification": [{**mo, **at}]}).messages[0]
    again = parsing.parse_mo_page({"sapnotification": [{**mo, **at}]}).messages[0]
    later = parsing.parse_mo_page(
        {"sapnotification": [{**mo, "parameters": {"receivedTime": "2024-05-01 10:00:01"}}]}
    ).messages[0]
    assert one.dedup_key == again.dedup_key
    assert one.dedup_key != later.dedup_key
    assert len({one.dedup_key, again.dedup_key, later.dedup_key}) == 2
    assert len({one, again, later}) == 2  # the MOs themselves go into sets too
    assert one.dedup_key[0] == "+15550100123"


def test_malformed_entries_are_skipped_and_counted() -> None:
    page = parsing.parse_mo_page(
        {"pageCount": 1, "sapnotification": ["junk", {"recipient": "no sender"}, {"sender": "1"}]}
    )
    assert [m.sender for m in page.messages] == ["1"]
    assert page.skipped == 2


def test_empty_mo_page_shapes() -> None:
    for data in ({}, {"pageCount": 0, "pageIndex": 1}, {"sapnotification": None}):
        page = parsing.parse_mo_page(data)
        assert page.messages == () and page.skipped == 0


@pytest.mark.parametrize(
    "data",
    [None, [], "x", {"pageCount": "many"}, {"sapnotification": 5}, {"pageIndex": True}],
)
def test_malformed_mo_pages_are_protocol_errors(data: object) -> None:
    with pytest.raises(errors.ProtocolError):
        parsing.parse_mo_page(data)


def test_swagger_status_page_upper_case_key() -> None:
    page = parsing.parse_status_page(seed.SWAGGER_STATUS_RESPONSE)
    assert (page.client_id, page.page_count, page.page_index) == ("3", 10, 2)
    [ack] = page.reports
    assert ack.order_id == "1702926297"
    assert ack.recipient == "+50494404140"
    assert ack.status == "DELIVERED" and ack.state is models.DeliveryState.DELIVERED
    assert ack.timestamp == datetime(2019, 1, 7, 23, 54, 40, 192000, tzinfo=UTC)
    assert ack.message_body is not None and ack.message_body.startswith("Message 1 of the order")
    assert ack.subject is None


def test_swagger_poll_status_entry_lower_case_key() -> None:
    page = parsing.parse_status_page(
        {"pageCount": "1", "sapnotification": [seed.SWAGGER_POLL_STATUS]}
    )
    [ack] = page.reports
    assert (ack.final_status_indicator, ack.internal_status_id, ack.operator_id) == (
        "DB682",
        "ABC",
        "1231",
    )
    assert ack.status == "RECEIVED" and ack.state is models.DeliveryState.SENT


def test_seed_status_example_with_type_names_for_numbers_fails_cleanly() -> None:
    with pytest.raises(errors.ProtocolError):
        parsing.parse_status_page(seed.SEED_STATUS_RESPONSE)
    numbered = {**seed.SEED_STATUS_RESPONSE, "pageCount": "1", "pageIndex": "1"}
    [ack] = parsing.parse_status_page(numbered).reports
    assert ack.order_id == "string" and ack.operator_id == "integer"
    assert ack.state is models.DeliveryState.UNKNOWN
    assert ack.timestamp == datetime(2018, 8, 16, 21, 15, 2, 15000, tzinfo=UTC)


def test_status_subject_when_present() -> None:
    page = parsing.parse_status_page(
        {"SAPNotification": [{"orderId": 42, "status": "ERROR", "subject": "k1"}]}
    )
    [ack] = page.reports
    assert (ack.order_id, ack.subject, ack.state) == ("42", "k1", models.DeliveryState.FAILED)
    assert ack.model_dump()["state"] == "failed"


@pytest.mark.parametrize(
    ("raw", "state"),
    [
        ("SENT", models.DeliveryState.SENT),
        ("sent", models.DeliveryState.SENT),
        ("RECEIVED", models.DeliveryState.SENT),
        ("DELIVERED", models.DeliveryState.DELIVERED),
        ("ERROR", models.DeliveryState.FAILED),
        ("nok", models.DeliveryState.FAILED),
        ("", models.DeliveryState.UNKNOWN),
        ("SOMETHING_NEW", models.DeliveryState.UNKNOWN),
    ],
)
def test_delivery_state(raw: str, state: models.DeliveryState) -> None:
    assert models.DeliveryState.from_status(raw) is state


def test_models_are_frozen() -> None:
    page = parsing.parse_mo_page(seed.SWAGGER_MO_PAGE)
    with pytest.raises(ValueError):
        page.messages[0].text = "changed"  # type: ignore[misc]

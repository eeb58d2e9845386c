"""The seed's and the public clients' examples through the parsers; states, stages and the
postbacks' de-duplication identities; the request models' wire names."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from inbox_app.iliveit import errors, models, parsing
from inbox_app.iliveit.models import DeliveryState, StageName

from . import seed_examples as seed

WHEN = datetime(2015, 1, 6, 10, 20, 30, tzinfo=UTC)


def test_seed_status_object() -> None:
    status = parsing.parse_message_status(seed.SEED_STATUS_RESPONSE)
    assert status.message_id == "message-id"
    assert status.msisdn == "27000000000" and status.mvno == 1 and status.template == 1
    assert status.date_received == WHEN
    assert [(s.name, s.code, s.at) for s in status.stages] == [
        (StageName.BUILD, 14, WHEN),
        (StageName.ARCHIVE, 4, WHEN),
        (StageName.SUBMIT, 2, WHEN),
        (StageName.SENT, 1, WHEN),
        (StageName.DELIVERED, 1, WHEN),
    ]
    assert status.state is DeliveryState.DELIVERED
    assert not status.assumed_delivered
    assert status.updated_at == WHEN


def test_assumed_delivered_after_72_hours() -> None:
    status = parsing.parse_message_status(seed.CSHARP_STATUS_ASSUMED)
    assert status.state is DeliveryState.DELIVERED
    assert status.assumed_delivered
    assert status.network_reference == "abc-123"


@pytest.mark.parametrize(
    ("fields", "state"),
    [
        ({}, DeliveryState.UNKNOWN),
        ({"date_received": "2015-01-06T10:20:30Z"}, DeliveryState.QUEUED),
        ({"build_status": 13}, DeliveryState.QUEUED),
        ({"submit_status": 1}, DeliveryState.QUEUED),
        ({"submit_status": 2}, DeliveryState.SUBMITTED),
        ({"submit_status": 3}, DeliveryState.FAILED),
        ({"build_status": 12}, DeliveryState.FAILED),  # render farm failed
        ({"submit_status": 11}, DeliveryState.FAILED),  # no network found
        ({"submit_status": 2, "sent_status": 1}, DeliveryState.SENT),
        (
            {"submit_status": "2", "sent_status": "1", "delivered_status": "1"},
            DeliveryState.DELIVERED,
        ),
        ({"sent_status": 1, "delivered_status": 12}, DeliveryState.DELIVERED),
        (
            {"sent_status": 1, "delivered_status": 2, "delivered_status_description": "Failed"},
            DeliveryState.FAILED,
        ),
        (
            {"sent_status": 1, "delivered_status": 5, "delivered_status_description": "Expired"},
            DeliveryState.FAILED,
        ),
        ({"sent_status": 1, "delivered_status": 7}, DeliveryState.UNKNOWN),
        ({"sent_status": 9}, DeliveryState.UNKNOWN),
        ({"sent_status": 9, "sent_status_description": "Sent to network"}, DeliveryState.SENT),
        ({"sent_timestamp": "2015-01-06T10:20:30Z"}, DeliveryState.SENT),
        ({"submit_status": 2, "sent_timestamp": "0001-01-01T00:00:00Z"}, DeliveryState.SUBMITTED),
        ({"archive_status": 4}, DeliveryState.UNKNOWN),
    ],
)
def test_state_normalisation(fields: dict, state: DeliveryState) -> None:
    status = parsing.parse_message_status({"message_id": "m", **fields})
    assert status.state is state


def test_go_zero_times_are_absent() -> None:
    status = models.parse_status(seed.GO_STATUS_POSTBACK)
    assert status.build_timestamp is None
    assert not status.stage("build").reached
    assert status.stage(StageName.ARCHIVE).description == "Archived"


@pytest.mark.parametrize("spell", [str, str.upper, lambda k: k.title().replace("_", "")])
def test_status_keys_in_any_case(spell) -> None:
    data = {spell(key): value for key, value in seed.SEED_STATUS_RESPONSE.items()}
    status = parsing.parse_message_status(data)
    assert status.message_id == "message-id"
    assert status.state is DeliveryState.DELIVERED


def test_status_postback_from_the_go_sample() -> None:
    postback = models.parse_status(seed.GO_STATUS_POSTBACK)
    assert isinstance(postback, models.StatusPostback)
    assert postback.message_id == "1-90aaf0b4-65d2-4556-7ec1-a134afdf6e76"
    assert postback.kind is StageName.DELIVERED
    assert postback.state is DeliveryState.DELIVERED
    assert postback.dedup_key == ("1-90aaf0b4-65d2-4556-7ec1-a134afdf6e76", "delivered", "1")
    as_text = json.dumps(seed.GO_STATUS_POSTBACK)
    assert models.parse_status(as_text) == postback
    assert models.parse_status(as_text.encode()) == postback


def test_status_postback_identities() -> None:
    base = {"message_id": "m-1", "submit_status": 2, "sent_status": 1}
    sent = models.parse_status({**base, "postback_type": "sent"})
    sent_again = models.parse_status(
        {**base, "postback_type": "SENT", "sent_timestamp": "2015-01-06T10:20:30Z"}
    )
    submit = models.parse_status({**base, "postback_type": "submit"})
    delivered = models.parse_status({**base, "delivered_status": 1, "postback_type": "delivery"})
    failed = models.parse_status({**base, "delivered_status": 2, "postback_type": "delivery"})
    assert sent.dedup_key == sent_again.dedup_key == ("m-1", "sent", "1")
    assert submit.dedup_key == ("m-1", "submit", "2")
    assert len({sent.dedup_key, submit.dedup_key, delivered.dedup_key, failed.dedup_key}) == 4
    untyped = models.parse_status(base)
    assert untyped.kind is None and untyped.dedup_key == ("m-1", "", "sent")


def test_reply_postback_from_the_go_struct() -> None:
    reply = models.parse_reply(seed.GO_INCOMING_SMS)
    assert reply.message_id == "1-90aaf0b4-65d2-4556-7ec1-a134afdf6e76"
    assert reply.source == "27760913077" and reply.destination == "27000000000"
    assert reply.text == "This is my SMS text" and reply.extra_digits == "00123"
    assert reply.retry_count == 0
    assert models.parse_reply(json.dumps(seed.GO_INCOMING_SMS)) == reply


def test_reply_identity_ignores_the_retry_count_and_key_spelling() -> None:
    first = models.parse_reply(seed.GO_INCOMING_SMS)
    again = models.parse_reply(
        {
            "messageid": "1-90aaf0b4-65d2-4556-7ec1-a134afdf6e76",
            "source_msisdn": 27760913077,
            "DESTINATIONMSISDN": "27000000000",
            "message": "This is my SMS text",
            "extraDigits": "00123",
            "RetryCount": "3",
            "Unknown": {"nested": True},
        }
    )
    assert again.retry_count == 3
    assert again.dedup_key == first.dedup_key
    other = models.parse_reply({**seed.GO_INCOMING_SMS, "Message": "This is my SMS text!"})
    assert other.dedup_key != first.dedup_key


def test_reply_keeps_the_text_as_sent() -> None:
    reply = models.parse_reply({**seed.GO_INCOMING_SMS, "Message": "  two  spaces "})
    assert reply.text == "  two  spaces "
    assert models.parse_reply({**seed.GO_INCOMING_SMS, "Message": None}).text == ""
    assert models.parse_reply({**seed.GO_INCOMING_SMS, "RetryCount": "many"}).retry_count == 0


@pytest.mark.parametrize(
    "body",
    [
        None,
        "",
        "not json",
        b"\xff\xfe",
        "[]",
        {},
        {"MessageId": "m-1"},  # no source
        {"SourceMSISDN": "27760913077", "Message": "hi"},  # no message id
        {**seed.GO_INCOMING_SMS, "MessageId": ""},
        {**seed.GO_INCOMING_SMS, "SourceMSISDN": True},
        {**seed.GO_INCOMING_SMS, "Message": ["hi"]},
    ],
)
def test_reply_garbage_is_a_protocol_error(body: object) -> None:
    with pytest.raises(errors.ProtocolError):
        models.parse_reply(body)


@pytest.mark.parametrize(
    "body",
    [
        None,
        "{",
        [seed.GO_STATUS_POSTBACK],
        {"postback_type": "delivery"},
        {**seed.GO_STATUS_POSTBACK, "sent_status": "one"},
        {**seed.GO_STATUS_POSTBACK, "message_id": {"id": 1}},
    ],
)
def test_status_garbage_is_a_protocol_error(body: object) -> None:
    with pytest.raises(errors.ProtocolError):
        models.parse_status(body)


def test_send_answer_and_ping() -> None:
    assert parsing.parse_send_answer(seed.SEED_SEND_RESPONSE) == "returned-message-id-string"
    assert parsing.parse_ping(seed.SEED_PING_RESPONSE) is None
    with pytest.raises(errors.ProtocolError) as caught:
        parsing.parse_send_answer({"Error": ""})
    assert caught.value.maybe_delivered


def test_request_models_speak_the_seeds_names() -> None:
    mms = models.NewMessage.model_validate(seed.SEED_MMS_REQUEST)
    assert mms.action is models.ActionType.SUBMIT_MMS
    assert mms.body() == seed.SEED_MMS_REQUEST
    email = models.NewMessage.model_validate(seed.SEED_EMAIL_REQUEST)
    assert isinstance(email.data, models.SubmitEmailData)
    assert email.body() == {k: v for k, v in seed.SEED_EMAIL_REQUEST.items() if v is not None}
    with pytest.raises(ValueError):
        models.NewMessage.model_validate({**seed.SEED_MMS_REQUEST, "Action": 2})
    with pytest.raises(ValueError):  # one number per message
        models.SubmitSmsData(msisdn=("27000000000", "27000000001"), text="x")

"""Every seed-003 example parses, and every documented quirk is normalised."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from inbox_app.livevox import errors, models, parsing

from . import seed_examples as seed


def test_templates_example_parses_with_string_ids() -> None:
    templates = parsing.parse_templates(seed.TEMPLATES)
    assert [t.id for t in templates] == ["75870", "75959"]
    assert templates[0].description is None
    assert templates[1].description == "sms_blast"
    assert templates[0].sms_code == "53063"
    assert templates[0].opt_in_flag is False


def test_sms_codes_example() -> None:
    (code,) = parsing.parse_sms_codes(seed.SMS_CODES)
    assert code == models.SmsCode(code="14159174458", description="Long_Code")


def test_transaction_id_from_number_becomes_string() -> None:
    assert parsing.parse_transaction_id(seed.SEND_SMS) == "51644325690"


def test_channel_counts_keep_every_counter_of_the_example() -> None:
    counts = parsing.parse_channel_counts(seed.CHANNEL_COUNTS)
    assert counts.email_sent == 3
    assert counts.unread_email_personal == 5
    assert counts.read_email_personal == 11
    assert counts.unread_sms_personal == 1
    assert counts.read_sms_personal == 2
    assert counts.active_email_personal == 1
    # Every counter of the example lands in a field (none silently dropped).
    dumped = counts.model_dump(by_alias=True)
    assert dumped == seed.CHANNEL_COUNTS


def test_channel_counts_are_optional() -> None:
    counts = parsing.parse_channel_counts({})
    assert counts.sms_sent is None


def test_channels_example() -> None:
    channels = parsing.parse_channels(seed.CHANNELS)
    assert len(channels) == 6
    assert channels[0].kind is models.ChannelKind.EMAIL
    assert channels[0].personal is True
    assert channels[2].channel_name == "Service 94981 VM"
    assert {c.kind for c in channels[1:]} == {models.ChannelKind.VOICEMAIL}


@pytest.mark.parametrize(
    ("wire", "kind"),
    [
        ("SMS", "SMS"),
        ("sms", "SMS"),
        ("Email", "Email"),
        ("Chat", "Chat"),
        ("Voicemail", "Voicemail"),
        ("Messaging", "Messaging"),
        ("WhatsApp", "Other"),
        ("", "Other"),
    ],
)
def test_channel_kind_accepts_unknown_values(wire: str, kind: str) -> None:
    channel = parsing.parse_channels([{"channelId": 1, "channel": wire}])[0]
    assert channel.kind is models.ChannelKind(kind)
    assert channel.channel == wire  # the server's spelling is kept


def test_threads_example_without_channel_id_and_with_extra_fields() -> None:
    threads = parsing.parse_threads(seed.THREADS)
    assert [t.thread_id for t in threads] == ["56061444434", "56047165976", "56047127816"]
    first = threads[0]
    assert first.channel_id is None  # documented mandatory, absent in the example
    assert first.service_id == "94874"  # a number on the wire, a string here
    assert first.kind is models.ChannelKind.SMS
    assert first.direction is models.Direction.UNKNOWN  # the example sends 0
    assert first.read is True and first.replied is True
    assert first.file_size == 0


def test_thread_with_full_contact_info() -> None:
    (thread,) = parsing.parse_threads(
        [
            {
                "threadId": 9,
                "channelType": "SMS",
                "channelId": 645836,
                "from": 15550100001,
                "date": "2026-11-20T09:30:00Z",
                "cc": None,
                "attachmentIds": [1, "2"],
                "contactInfo": {
                    "originalAccountNumber": 42,
                    "firstName": "Dana",
                    "lastName": "Ruiz",
                    "guarantorFirstName": True,
                    "dob": "1990-04-01",
                    "paymentBalance": "12.5",
                    "phoneDetails": {"number": "15550100001", "wireless": True, "position": 1},
                    "ssn": "000-00-0000",
                },
                "interactionTimestamp": 1763631000000,
            }
        ]
    )
    assert thread.from_ == "15550100001"
    assert thread.cc == ()
    assert thread.attachment_ids == ("1", "2")
    assert thread.date == datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    assert thread.last_activity == datetime.fromtimestamp(1763631000, tz=UTC)
    info = thread.contact_info
    assert info is not None
    assert info.display_name == "Dana Ruiz"
    assert info.original_account_number == "42"
    assert info.guarantor_first_name == "true"
    assert info.dob is not None and info.dob.tzinfo is not None
    assert info.payment_balance == 12.5
    assert info.phone_details[0].number == "15550100001"
    assert "000-00-0000" not in repr(info)


def test_phone_details_as_a_list() -> None:
    (thread,) = parsing.parse_threads(
        [
            {
                "contactInfo": {
                    "originalAccountNumber": "1",
                    "phoneDetails": [{"number": "1"}, {"number": "2"}],
                }
            }
        ]
    )
    assert thread.contact_info is not None
    assert [p.number for p in thread.contact_info.phone_details] == ["1", "2"]


def test_transfer_agents_example() -> None:
    agents = parsing.parse_transfer_agents(seed.TRANSFER_AGENTS)
    assert [a.agent_id for a in agents] == ["645835", "795963", "689581", "689579"]
    assert [a.available for a in agents] == [False, False, True, True]
    assert agents[0].login_id == "KAVYA"


@pytest.mark.parametrize("body", [{"id": "56047165976"}, {"threadId": 56047165976}])
def test_transfer_answer_id_or_thread_id(body: dict[str, object]) -> None:
    assert parsing.parse_transfer_id(body) == "56047165976"


def test_send_message_example() -> None:
    assert parsing.parse_message_id(seed.SEND_MESSAGE) == "56284272387"


def test_transaction_history_example() -> None:
    messages = parsing.parse_messages(seed.MESSAGES)
    assert len(messages) == 10
    first, inbound = messages[0], messages[2]
    assert first.direction is models.Direction.OUTBOUND  # "2" on the wire
    assert inbound.direction is models.Direction.INBOUND
    assert inbound.status == "Operator Transfer"
    assert first.date == datetime(2022, 10, 20, 11, 2, 33, tzinfo=UTC)
    assert first.date is not None and first.date.tzinfo is UTC


@pytest.mark.parametrize("direction", [2, "2", " 2 ", 2.0])
def test_direction_from_number_or_numeric_string(direction: object) -> None:
    (message,) = parsing.parse_messages(
        [{"id": 1, "message": "", "phone": "1", "direction": direction}]
    )
    assert message.direction is models.Direction.OUTBOUND


@pytest.mark.parametrize(
    "date",
    [
        1666263753000,
        "1666263753000",
        "2022-10-20T11:02:33+00:00",
        "2022-10-20T11:02:33Z",
        "2022-10-20T11:02:33",
    ],
)
def test_dates_in_every_spelling_become_aware(date: object) -> None:
    (message,) = parsing.parse_messages([{"id": 1, "message": "", "phone": "1", "date": date}])
    assert message.date == datetime(2022, 10, 20, 11, 2, 33, tzinfo=UTC)


def test_login_answer() -> None:
    session = parsing.parse_session(seed.LOGIN)
    assert session.session_id == seed.LOGIN["sessionId"]
    assert session.user_id == "645836"
    assert session.client_id == "123"
    assert session.days_until_password_expires == 30
    without_expiry = parsing.parse_session({"sessionId": "abc", "clientId": 1, "userId": 2})
    assert without_expiry.days_until_password_expires is None


def test_unknown_fields_are_ignored() -> None:
    (message,) = parsing.parse_messages(
        [{"id": "1", "message": "hi", "phone": "1", "novel": {"x": 1}}]
    )
    assert message.message == "hi"


def test_models_are_frozen() -> None:
    (message,) = parsing.parse_messages(seed.MESSAGES[:1])
    with pytest.raises(ValueError, match="frozen"):
        message.message = "changed"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("parser", "data", "where"),
    [
        (parsing.parse_templates, {"templates": [{"id": 1}]}, "message"),
        (parsing.parse_templates, [], None),
        (
            parsing.parse_messages,
            [{"id": 1, "message": "x", "phone": "1", "direction": "out"}],
            "direction",
        ),
        (parsing.parse_messages, [{"id": True, "message": "x", "phone": "1"}], "id"),
        (parsing.parse_messages, [{"id": 1, "message": "x", "phone": "1", "date": 10**30}], "date"),
        (parsing.parse_messages, {"id": 1}, None),
        (parsing.parse_channels, [{"channel": "SMS"}], "channelId"),
        (parsing.parse_session, {"clientId": 1}, "sessionId"),
        (parsing.parse_session, {"sessionId": ""}, None),
        (parsing.parse_transaction_id, {"transactionId": None}, None),
        (parsing.parse_transfer_id, {"id": ""}, None),
        (parsing.parse_channel_counts, [], None),
    ],
)
def test_malformed_bodies_raise_protocol_error(parser, data, where) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(errors.ProtocolError) as caught:
        parser(data)
    if where:
        assert where in caught.value.message
    assert caught.value.status is None


def test_empty_list_body_is_an_empty_list() -> None:
    assert parsing.parse_threads(None) == []
    assert parsing.parse_messages([]) == []

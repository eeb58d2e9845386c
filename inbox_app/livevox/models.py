"""LiveVox wire models (seed 003), frozen, with snake_case names and LiveVox's names as aliases.

The documented shapes disagree with themselves (ids as numbers or strings, ``direction`` as
``2`` or ``"2"``, dates as epoch milliseconds or ISO text, one object where a list is
expected), so each field type here accepts every spelling seen and normalises it: ids are
always ``str``, directions a :class:`Direction`, dates timezone-aware ``datetime``. Unknown
fields are ignored. Fields the seed marks mandatory are required; the rest are optional.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from enum import IntEnum, StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from ..wire.model import WireModel

__all__ = [
    "AgentService",
    "Channel",
    "ChannelCounts",
    "ChannelKind",
    "ContactInfo",
    "Direction",
    "Message",
    "PhoneDetails",
    "ServiceAccess",
    "Session",
    "SmsCode",
    "Template",
    "TermCode",
    "TermCodeAction",
    "TermCodeCategory",
    "Thread",
    "TransferAgent",
]


# --- lenient scalar types -------------------------------------------------------------------


def _to_id(value: Any) -> str:
    """Ids arrive as numbers or strings; we always hold the string."""
    if isinstance(value, bool):
        raise ValueError("an id cannot be a boolean")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        raise ValueError("an id must be a whole number")
    if isinstance(value, str):
        return value.strip()
    raise ValueError("an id must be a string or a number")


def _to_text(value: Any) -> Any:
    """Text fields that the seed mistypes (a first name as ``Number``, a group as ``Boolean``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float) and not (
        isinstance(value, float) and not math.isfinite(value)
    ):
        return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    return value


def _epoch_ms(value: float) -> datetime:
    try:
        return datetime.fromtimestamp(value / 1000.0, tz=UTC)
    except (OverflowError, OSError, ValueError) as exc:
        raise ValueError(f"timestamp out of range: {value!r}") from exc


def _to_datetime(value: Any) -> datetime:
    """Epoch milliseconds (number or numeric string) or ISO-8601 text, as an aware datetime."""
    if isinstance(value, bool):
        raise ValueError("a date cannot be a boolean")
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, int | float):
        return _epoch_ms(float(value))
    if isinstance(value, str):
        text = value.strip()
        numeric = text.lstrip("-").replace(".", "", 1).isdigit()
        return _epoch_ms(float(text)) if numeric else _iso(text)
    raise ValueError("a date must be epoch milliseconds or ISO-8601 text")


def _iso(text: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValueError(f"not a date: {text[:40]!r}") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _none_to_empty(value: Any) -> Any:
    return () if value is None else value


def _one_or_many(value: Any) -> Any:
    """``phoneDetails`` is documented as an object; a list of them is accepted too."""
    if value is None:
        return ()
    return (value,) if isinstance(value, dict) else value


Id = Annotated[str, BeforeValidator(_to_id)]
Text = Annotated[str, BeforeValidator(_to_text)]
When = Annotated[datetime, BeforeValidator(_to_datetime)]
IdList = Annotated[tuple[Id, ...], BeforeValidator(_none_to_empty)]
TextList = Annotated[tuple[Text, ...], BeforeValidator(_none_to_empty)]


class Direction(IntEnum):
    """Direction of a message: LiveVox sends 1 or 2 (as numbers or strings); 0 means not set."""

    UNKNOWN = 0
    INBOUND = 1
    OUTBOUND = 2


def _to_direction(value: Any) -> Direction:
    if isinstance(value, bool):
        raise ValueError("a direction cannot be a boolean")
    if isinstance(value, str):
        try:
            value = int(value.strip())
        except ValueError as exc:
            raise ValueError(f"not a direction: {value[:20]!r}") from exc
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return Direction(value) if value in (1, 2) else Direction.UNKNOWN
    raise ValueError("a direction must be 1 (inbound) or 2 (outbound)")


DirectionField = Annotated[Direction, BeforeValidator(_to_direction)]


class ChannelKind(StrEnum):
    """The message type of an inbox. Unknown spellings map to ``OTHER`` instead of failing."""

    SMS = "SMS"
    EMAIL = "Email"
    CHAT = "Chat"
    VOICEMAIL = "Voicemail"
    MESSAGING = "Messaging"
    OTHER = "Other"

    @classmethod
    def _missing_(cls, value: object) -> ChannelKind:
        if isinstance(value, str):
            for member in cls:
                if member.value.lower() == value.strip().lower():
                    return member
        return cls.OTHER


# --- models -----------------------------------------------------------------------------------


_Wire = WireModel


class Session(_Wire):
    """A LiveVox session. For an agent login ``user_id`` is the agent id (personal inbox id)."""

    session_id: Id
    client_id: Id | None = None
    user_id: Id | None = None
    days_until_password_expires: int | None = None


class AgentService(_Wire):
    """A service the agent may join (``/callControl/agent/service/access``)."""

    service_id: Id
    service_name: str | None = None


class ServiceAccess(_Wire):
    """What the agent may join: their services and the phone number LiveVox has for them."""

    services: Annotated[tuple[AgentService, ...], BeforeValidator(_none_to_empty)] = ()
    phone_number: Text | None = None
    home_agent: bool | None = None
    sip_id: Text | None = None


class TermCodeAction(StrEnum):
    """What a term code records; unknown spellings map to ``OTHER`` instead of failing."""

    RPC_WITH_PAYMENT = "RPC_WITH_PAYMENT"
    RPC_WITHOUT_PAYMENT = "RPC_WITHOUT_PAYMENT"
    WPC = "WPC"
    OTHER = "OTHER"

    @classmethod
    def _missing_(cls, value: object) -> TermCodeAction:
        if isinstance(value, str):
            for member in cls:
                if member.value == value.strip().upper():
                    return member
        return cls.OTHER


def _to_action(value: Any) -> TermCodeAction:
    return TermCodeAction(value) if isinstance(value, str) else TermCodeAction.OTHER


def _to_order(value: Any) -> Any:
    """``reportDisplayOrder`` is a number; numeric text is taken, anything else is no order."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = value.strip()
        return int(text) if text.lstrip("-").isdigit() else None
    return value


class TermCode(_Wire):
    """How an agent ends a conversation (a disposition), as the Agent API lists it.

    The Configuration API sends only ``id`` and ``name``: the rest are optional.
    """

    term_code_id: Id = Field(alias="id")
    name: Text
    lv_result_id: Id | None = None
    lv_result: str | None = None
    report_display_order: Annotated[int | None, BeforeValidator(_to_order)] = None
    preview_dial_enabled: bool | None = None
    action_type: Annotated[TermCodeAction, BeforeValidator(_to_action)] = TermCodeAction.OTHER
    payment_amt_required: bool = False


class TermCodeCategory(_Wire):
    """A named group of term codes ("Contact", "No contact" …); unnamed for the
    Configuration API, which has no categories."""

    name: Text = ""
    term_codes: Annotated[tuple[TermCode, ...], BeforeValidator(_none_to_empty)] = ()


class Template(_Wire):
    """An SMS template for transactional sends."""

    id: Id
    description: str | None = None
    message: str
    sms_code: Id
    # Documented as mandatory but "reserved, always false": a server that omits it is fine.
    opt_in_flag: bool = False


class SmsCode(_Wire):
    """A short or long code the logged-in service may send from."""

    code: Id
    description: str | None = None


_COUNT_ALIASES = {
    "email_sent": "countOfEmailInteractionsSent",
    "sms_sent": "countOfSMSInteractionsSent",
    "messages_sent": "countOfMessageInteractionsSent",
    "unread_email_personal": "countOfUnreadEmailThreadsInPersonalInbox",
    "read_email_personal": "countOfReadEmailThreadsInPersonalInbox",
    "unread_sms_personal": "countOfUnreadSMSThreadsInPersonalInbox",
    "unread_messages_personal": "countOfUnreadMessageInteractionsinPersonalInbox",
    "read_sms_personal": "countOfReadSMSThreadsInPersonalInbox",
    "read_messages_personal": "countOfReadMessageInteractionsinPersonalInbox",
    "chats_abandoned": "countOfChatInteractionsAbandoned",
    "outbound_web_chats_sent": "countOfOBWebChatInteractionsSent",
    "inbound_web_chats_received": "countOfIBWebChatInteractionReceived",
    "active_email_personal": "countOfActiveEmailThreadsInPersonalInbox",
    "active_sms_personal": "countOfActiveSMSThreadsInPersonalInbox",
    "active_messages_personal": "countOfActiveMessageThreadsinPersonalInbox",
    "active_web_chats_personal": "countOfActiveWebChatThreadsInPersonalInbox",
}


def _count(name: str) -> Any:
    return Field(default=None, alias=_COUNT_ALIASES[name])


class ChannelCounts(_Wire):
    """Every counter of the agent's personal inbox that seed 003 lists (None when not sent).

    The wire names are irregular (``SMS`` vs ``Message``, ``InPersonal`` vs ``inPersonal``),
    so each field carries its exact LiveVox name as alias.
    """

    email_sent: int | None = _count("email_sent")
    sms_sent: int | None = _count("sms_sent")
    messages_sent: int | None = _count("messages_sent")
    unread_email_personal: int | None = _count("unread_email_personal")
    read_email_personal: int | None = _count("read_email_personal")
    unread_sms_personal: int | None = _count("unread_sms_personal")
    unread_messages_personal: int | None = _count("unread_messages_personal")
    read_sms_personal: int | None = _count("read_sms_personal")
    read_messages_personal: int | None = _count("read_messages_personal")
    chats_abandoned: int | None = _count("chats_abandoned")
    outbound_web_chats_sent: int | None = _count("outbound_web_chats_sent")
    inbound_web_chats_received: int | None = _count("inbound_web_chats_received")
    active_email_personal: int | None = _count("active_email_personal")
    active_sms_personal: int | None = _count("active_sms_personal")
    active_messages_personal: int | None = _count("active_messages_personal")
    active_web_chats_personal: int | None = _count("active_web_chats_personal")


class Channel(_Wire):
    """One inbox: personal (``channel_id`` is the agent id) or group (the service id)."""

    channel_id: Id
    channel: str
    channel_name: str | None = None
    unread_count: int | None = None
    total_count: int | None = None
    personal: bool | None = None

    @property
    def kind(self) -> ChannelKind:
        return ChannelKind(self.channel)


class PhoneDetails(_Wire):
    number: Id
    wireless: bool | None = None
    dnc: bool | None = None
    position: int | None = None


class ContactInfo(_Wire):
    """The customer behind a thread, as LiveVox knows them (from the thread's last message)."""

    account: Text | None = None
    original_account_number: Text
    first_name: Text | None = None
    last_name: Text | None = None
    guarantor_first_name: Text | None = None
    guarantor_last_name: Text | None = None
    dob: When | None = None
    is_active: bool | None = None
    email_address: str | None = None
    ssn: str | None = Field(default=None, repr=False)
    phone_details: Annotated[tuple[PhoneDetails, ...], BeforeValidator(_one_or_many)] = ()
    address1: str | None = None
    address2: str | None = None
    city: str | None = None
    state: str | None = None
    zip_code: Text | None = None
    country: str | None = None
    payment_balance: float | None = None
    amount_to_speak: Text | None = None
    account_due_date: When | None = None
    group: Text | None = None
    do_not_dial: bool | None = None
    do_not_dial_daily: bool | None = None
    sms_opt_in_status: bool | None = None

    @property
    def display_name(self) -> str | None:
        name = " ".join(part for part in (self.first_name, self.last_name) if part)
        return name or None


class Thread(_Wire):
    """A conversation in an inbox, described by its last message.

    The seed marks ``channelId`` mandatory but its own example omits it, so it is optional;
    ``serviceId`` and ``channel`` are not in the table but are in the example, so they are kept.
    """

    channel_type: str | None = None
    channel_id: Id | None = None
    channel_name: str | None = None
    thread_id: Id | None = None
    account: Text | None = None
    from_: Text | None = Field(default=None, alias="from")
    to: Text | None = None
    cc: TextList = ()
    object_id: str | None = None
    details: str | None = None
    direction: DirectionField | None = None
    subject: str | None = None
    attachment_ids: IdList = ()
    date: When | None = None
    status: str | None = None
    read: bool | None = None
    replied: bool | None = None
    contact_info: ContactInfo | None = None
    sms_inbound: bool | None = None
    email_inbound: bool | None = None
    campaign_id: Id | None = None
    start_time: When | None = None
    interaction_timestamp: When | None = None
    file_size: int | None = None
    txn_id: Id | None = None
    file_location: str | None = None
    interaction_uuid: str | None = None
    interaction_account: Text | None = None
    service_id: Id | None = None
    channel: str | None = None

    @property
    def kind(self) -> ChannelKind:
        return ChannelKind(self.channel_type or self.channel or "")

    @property
    def last_activity(self) -> datetime | None:
        return self.interaction_timestamp or self.date or self.start_time


class TransferAgent(_Wire):
    """An agent who can take a transferred thread."""

    agent_id: Id
    login_id: Text
    name: str | None = None
    status: str | None = None
    # How many conversations the agent holds, where the platform tells (LiveVox does not).
    open_threads: int | None = None

    @property
    def available(self) -> bool:
        return (self.status or "").strip().upper() == "READY"


class Message(_Wire):
    """One entry of a thread's transaction history (an inbound or outbound SMS)."""

    id: Id
    message: str
    sms_code: Id | None = None
    phone: Text
    date: When | None = None
    status: str | None = None
    direction: DirectionField | None = None
    thread_id: Id | None = None
    attachment_ids: IdList = ()

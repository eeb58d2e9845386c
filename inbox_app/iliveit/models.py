"""iLiveIt wire models: what we send (``NewMessage`` and its SMS, MMS and email data), what
comes back (a message's status), and what iLiveIt posts to us (replies and status postbacks).

Sources: the product page (seed 002) and the public client libraries
iliveit/go-messaging-client (``messagingapi_structs.go``: ``NewMessage``,
``SubmitSMSMessageData``, ``IncomingSMS``, ``StatusResult``; ``samples/main.go``: a reply and
a status postback receiver) and iliveit/csharp-messaging-client (``MessagingAPI/structs``,
``enums/MessageStatuses.cs``).

Spelling. The product page's curl sends ``msisdn`` / ``network`` / ``PostBackStatusTypes``;
the Go client sends ``MSISDN`` / ``Network`` / ``PostbackStatusTypes``; the C# client
``PostBackStatusTypes``. All work because Go's ``encoding/json`` (the Go client, and by all
signs the server) matches keys regardless of case. We *send* the product page's spelling and
*read* any: keys are matched with case and underscores folded away (``MessageId``,
``messageID``, ``message_id`` are one key), numbers may come as strings, unknown fields are
ignored.

Parsers that take a postback body (:func:`parse_reply`, :func:`parse_status`) accept a dict,
JSON text or bytes, and raise only :class:`~inbox_app.iliveit.errors.ProtocolError`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from enum import IntEnum, StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from ..wire.model import first_problem, validated
from .errors import ProtocolError

__all__ = [
    "DEFAULT_STATUS_TYPES",
    "ActionType",
    "DeliveryState",
    "EmailAttachment",
    "MessageStatus",
    "MmsSlide",
    "MmsSlideContent",
    "NewMessage",
    "PostbackType",
    "Reply",
    "Stage",
    "StageName",
    "StatusPostback",
    "SubmitEmailData",
    "SubmitMmsData",
    "SubmitSmsData",
    "fold",
    "parse_reply",
    "parse_status",
    "parse_time",
]


# --- constants -------------------------------------------------------------------------------


class ActionType(IntEnum):
    """``Action`` of ``POST /message/send`` (the product page's ``APIActionTypes``)."""

    SUBMIT_MMS = 1
    SUBMIT_SMS = 2
    SUBMIT_EMAIL = 3
    ARCHIVE = 4


class PostbackType(StrEnum):
    """What a status postback can be about (``PostBackStatusTypes``, comma delimited)."""

    BUILD = "build"
    SUBMIT = "submit"
    ARCHIVE = "archive"
    SENT = "sent"
    DELIVERY = "delivery"


# What the inbox asks for: taken by the platform, sent to the network, delivery report.
DEFAULT_STATUS_TYPES: tuple[str, ...] = ("submit", "sent", "delivery")


class StageName(StrEnum):
    """The stages of a message's status object, in pipeline order."""

    BUILD = "build"
    ARCHIVE = "archive"
    SUBMIT = "submit"
    SENT = "sent"
    DELIVERED = "delivered"


class DeliveryState(StrEnum):
    """A message's status for the inbox, normalised from its stages (see
    :attr:`MessageStatus.state`)."""

    QUEUED = "queued"
    SUBMITTED = "submitted"
    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"
    UNKNOWN = "unknown"


# --- lenient scalars -------------------------------------------------------------------------


def fold(key: str) -> str:
    """A key with case and underscores folded away: ``MessageId`` → ``messageid``."""
    return key.replace("_", "").replace("-", "").lower()


def as_text(value: Any) -> Any:
    """Ids and numbers sent as numbers or strings: always held as text."""
    if isinstance(value, bool):
        raise ValueError("expected text or a number, not a boolean")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    return value.strip() if isinstance(value, str) else value


def _to_optional_text(value: Any) -> Any:
    value = as_text(value)
    return None if value == "" else value


def _to_int(value: Any) -> Any:
    """A whole number, possibly as a string (``"2"``); empty means absent."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError("expected a whole number, not a boolean")
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if not re.fullmatch(r"[+-]?\d{1,18}", text):
            raise ValueError(f"not a whole number: {text[:20]!r}")
        return int(text)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _to_message(value: Any) -> Any:
    """An SMS text: kept as sent (spaces matter), a number taken as its digits."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return as_text(value)
    return value


def _to_retry_count(value: Any) -> int:
    """``RetryCount``: informative only (not part of any identity), so unreadable is 0."""
    try:
        number = _to_int(value)
    except ValueError:
        return 0
    return number if isinstance(number, int) and number >= 0 else 0


def parse_time(value: Any) -> datetime | None:
    """An iLiveIt time (``2015-01-06T10:20:30Z``) as an aware datetime, or None when absent,
    unreadable, or Go's zero time (``0001-01-01T00:00:00Z``: a Go server writes it for a
    stage never reached, since ``omitempty`` does not omit a ``time.Time``). A time without
    a zone is taken as UTC."""
    if isinstance(value, datetime):
        parsed: datetime | None = value
    elif isinstance(value, str) and value.strip():
        text = value.strip()
        if text[-1:] in "zZ":
            text = text[:-1] + "+00:00"
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            return None
    else:
        return None
    if parsed.year <= 1:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


Text = Annotated[str, BeforeValidator(as_text)]
OptionalText = Annotated[str | None, BeforeValidator(_to_optional_text)]
Number = Annotated[int | None, BeforeValidator(_to_int)]
Time = Annotated[datetime | None, BeforeValidator(parse_time)]


class _Incoming(BaseModel):
    """Base of the models read from iLiveIt: keys matched with case and underscores folded
    (``ALIASES`` adds other names for a field), unknown keys ignored, frozen."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    ALIASES: ClassVar[Mapping[str, str]] = {}

    @model_validator(mode="before")
    @classmethod
    def _fold_keys(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        names = {fold(name): name for name in cls.model_fields}
        names.update({fold(alias): name for alias, name in cls.ALIASES.items()})
        out: dict[str, Any] = {}
        for key, value in data.items():
            if not isinstance(key, str):
                continue
            name = names.get(fold(key))
            # Of two spellings of one key, the first that has a value wins.
            if name is not None and out.get(name) is None:
                out[name] = value
        return out


def _decode(body: Any, what: str) -> Any:
    """A postback body as a dict, list or scalar: JSON text and bytes are decoded."""
    if isinstance(body, bytes | bytearray | memoryview):
        try:
            body = bytes(body).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ProtocolError(f"The iLiveIt {what} is not UTF-8 text.") from None
    if isinstance(body, str):
        try:
            return json.loads(body)
        except (ValueError, RecursionError):
            raise ProtocolError(f"The iLiveIt {what} is not JSON.") from None
    return body


def _malformed(what: str, exc: Exception | None = None) -> ProtocolError:
    return ProtocolError(f"iLiveIt sent a malformed {what}{first_problem(exc)}.")


# --- what we send ----------------------------------------------------------------------------


class _Outgoing(BaseModel):
    """Base of the request models: serialised with the product page's names (aliases)."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    def body(self) -> dict[str, Any]:
        """The JSON object to send: the product page's names, absent fields left out."""
        return self.model_dump(by_alias=True, exclude_none=True, mode="json")


class SubmitSmsData(_Outgoing):
    """``Data`` of an SMS (``Action`` 2). One number: the Go client refuses more than one
    ("A message must have one recipient set in MSISDN"), so we do too."""

    message_type: str = "sms"
    msisdn: tuple[str]
    network: str = "*"
    text: str
    extra_digits: str | None = None


class MmsSlideContent(_Outgoing):
    """One item of a slide: ``type`` text / image / video / audio; ``data`` base64, or plain
    text for a text item."""

    type: str
    mime: str
    data: str
    name: str


class MmsSlide(_Outgoing):
    """An MMS slide: its duration in seconds (a string on the wire) and its content."""

    duration: str
    content: tuple[MmsSlideContent, ...]


class SubmitMmsData(_Outgoing):
    """``Data`` of an MMS (``Action`` 1)."""

    message_type: str = "mms"
    msisdn: tuple[str]
    network: str = "*"
    subject: str
    slides: tuple[MmsSlide, ...] = Field(min_length=1)


class EmailAttachment(_Outgoing):
    filename: str
    data: str  # base64


class SubmitEmailData(_Outgoing):
    """``Data`` of an email (``Action`` 3); "only a single address is allowed"."""

    message_type: str = "email"
    address: tuple[str]
    network: str
    subject: str
    html: str | None = None
    text: str | None = None
    attachments: tuple[EmailAttachment, ...] = ()


class NewMessage(_Outgoing):
    """The body of ``POST /message/send``. ``MVNOID`` ("also known as a client ID", supplied
    by iLiveIt) is left out when None. ``SubmitNotBefore`` / ``SubmitNotAfter`` are
    ``yyyy-mm-dd hh:mm`` (the Go client's comment; the zone is not documented)."""

    action: ActionType = Field(alias="Action")
    mvno_id: int | None = Field(default=None, alias="MVNOID")
    campaign: str | None = Field(default=None, alias="Campaign")
    reply_url: str | None = Field(default=None, alias="PostbackReplyUrl")
    status_url: str | None = Field(default=None, alias="PostbackStatusUrl")
    status_types: str | None = Field(default=None, alias="PostBackStatusTypes")
    submit_not_before: str | None = Field(default=None, alias="SubmitNotBefore")
    submit_not_after: str | None = Field(default=None, alias="SubmitNotAfter")
    data: SubmitSmsData | SubmitMmsData | SubmitEmailData = Field(alias="Data")

    @model_validator(mode="after")
    def _action_matches_data(self) -> NewMessage:
        expected = {
            SubmitSmsData: ActionType.SUBMIT_SMS,
            SubmitMmsData: ActionType.SUBMIT_MMS,
            SubmitEmailData: ActionType.SUBMIT_EMAIL,
        }[type(self.data)]
        if self.action != expected:
            raise ValueError(f"Action {int(self.action)} does not match {type(self.data).__name__}")
        return self


# --- a message's status ----------------------------------------------------------------------

# ``MessageStatuses`` (C# ``enums/MessageStatuses.cs``, Go ``MessageStatus*``): the codes of
# the build, archive and submit stages.
RECEIVED = 1
SUBMITTED = 2
SUBMIT_FAILED = 3
RENDER_SENT = 13
RENDER_SUCCESS = 14
# Failed marshal/unmarshal, scrub unavailable, not MMS, template error, no network, render
# failed, read file failed, invalid, no handset info, not provisioned for MMS.
PIPELINE_FAILED = frozenset({3, 6, 7, 8, 9, 10, 11, 12, 15, 16, 17, 18})
# The sent and delivered stages have codes of their own, mostly undocumented: the product
# page's example of a delivered message has ``sent_status`` 1 and ``delivered_status`` 1, and
# the C# sample says "sent more than 72 hours ago and no failed status ... Assumed Delivered
# (12)". Any other code is judged by its description, else left unknown.
STAGE_OK = 1
ASSUMED_DELIVERED = 12

_FAIL_WORDS = ("fail", "reject", "undeliv", "not deliv", "expire", "error", "invalid", "barred")


def _failure_described(description: str | None) -> bool:
    text = (description or "").lower()
    return any(word in text for word in _FAIL_WORDS)


class Stage(BaseModel):
    """One stage of a message's status: its raw code, description and time. ``code`` None
    (or 0) and no time: the stage was not reached (or not reported)."""

    model_config = ConfigDict(frozen=True)

    name: StageName
    code: int | None = None
    description: str | None = None
    at: datetime | None = None

    @property
    def reached(self) -> bool:
        return bool(self.code) or self.at is not None

    @property
    def outcome(self) -> DeliveryState | None:
        """What this stage alone says (None: nothing, e.g. archiving or not reached)."""
        if not self.reached:
            return None
        code = self.code
        if self.name in (StageName.BUILD, StageName.SUBMIT):
            if code in PIPELINE_FAILED or _failure_described(self.description):
                return DeliveryState.FAILED
            if self.name is StageName.SUBMIT and code == SUBMITTED:
                return DeliveryState.SUBMITTED
            return DeliveryState.QUEUED
        if self.name is StageName.ARCHIVE:
            return None
        good = DeliveryState.SENT if self.name is StageName.SENT else DeliveryState.DELIVERED
        if self.name is StageName.DELIVERED and code == ASSUMED_DELIVERED:
            return DeliveryState.DELIVERED
        if _failure_described(self.description):
            return DeliveryState.FAILED
        if code == STAGE_OK:
            return good
        if not code and self.at is not None and not self.description:
            return good  # a time and no code: reached, as far as we can tell
        word = good.value[:4]  # "sent" / "deli"
        if word in (self.description or "").lower():
            return good
        return DeliveryState.UNKNOWN


_STAGE_FIELDS = ("status", "status_description", "timestamp")


class MessageStatus(_Incoming):
    """``GET /message/{id}/status``: the product page's status object (the Go client's
    ``StatusResult``, the C# ``MessageStatus``), typed.

    ``stages`` are build / archive / submit / sent / delivered with their raw codes,
    descriptions and times; :attr:`state` normalises them for the inbox.
    """

    ALIASES: ClassVar[Mapping[str, str]] = {"MessageID": "message_id", "id": "message_id"}

    message_id: Annotated[str, BeforeValidator(as_text), Field(min_length=1)]
    type: OptionalText = None
    campaign: OptionalText = None
    template: Number = None
    network: OptionalText = None
    msisdn: OptionalText = None
    email: OptionalText = None
    mvno: Number = None
    date_received: Time = None
    build_status: Number = None
    build_status_description: OptionalText = None
    build_timestamp: Time = None
    archive_status: Number = None
    archive_status_description: OptionalText = None
    archive_timestamp: Time = None
    submit_status: Number = None
    submit_status_description: OptionalText = None
    submit_timestamp: Time = None
    sent_status: Number = None
    sent_status_description: OptionalText = None
    sent_timestamp: Time = None
    delivered_status: Number = None
    delivered_status_description: OptionalText = None
    delivered_timestamp: Time = None
    network_reference: OptionalText = None

    def stage(self, name: StageName | str) -> Stage:
        stage = StageName(name)
        code, description, at = (getattr(self, f"{stage.value}_{f}") for f in _STAGE_FIELDS)
        return Stage(name=stage, code=code, description=description, at=at)

    @property
    def stages(self) -> tuple[Stage, ...]:
        """All five stages in pipeline order (check :attr:`Stage.reached`)."""
        return tuple(self.stage(name) for name in StageName)

    @property
    def assumed_delivered(self) -> bool:
        """Delivered by assumption: 72 hours after sending without a failure, iLiveIt reports
        "Assumed Delivered" (code 12) rather than a handset's delivery report."""
        delivered = self.stage(StageName.DELIVERED)
        return (
            delivered.code == ASSUMED_DELIVERED or "assum" in (delivered.description or "").lower()
        )

    @property
    def state(self) -> DeliveryState:
        """Delivered if the delivered stage says so (also "assumed delivered"); else failed if
        any stage failed; else the furthest stage reached: sent, submitted, queued (received
        or being built); unknown when the furthest stage has a code we cannot read."""
        outcomes = {stage.name: stage.outcome for stage in self.stages}
        if outcomes[StageName.DELIVERED] is DeliveryState.DELIVERED:
            return DeliveryState.DELIVERED
        if DeliveryState.FAILED in outcomes.values():
            return DeliveryState.FAILED
        for name in (StageName.DELIVERED, StageName.SENT, StageName.SUBMIT, StageName.BUILD):
            if outcomes[name] is not None:
                return outcomes[name]  # type: ignore[return-value]
        if self.date_received is not None:
            return DeliveryState.QUEUED
        return DeliveryState.UNKNOWN

    @property
    def updated_at(self) -> datetime | None:
        """The latest time of any stage (or when the message was received)."""
        times = [stage.at for stage in self.stages if stage.at is not None]
        return max(times, default=self.date_received)


# --- postbacks -------------------------------------------------------------------------------

_POSTBACK_STAGE = {
    "build": StageName.BUILD,
    "archive": StageName.ARCHIVE,
    "submit": StageName.SUBMIT,
    "sent": StageName.SENT,
    "delivery": StageName.DELIVERED,
    "delivered": StageName.DELIVERED,
}


class StatusPostback(MessageStatus):
    """A status postback: the status object again (the Go sample decodes it into
    ``StatusResult``) with ``postback_type`` saying which change it reports ("The message ID
    and postback type will be supplied in the postback packet", the C# sample). Posted within
    an hour of the change, and again until answered 200: de-duplicate by :attr:`dedup_key`."""

    postback_type: OptionalText = None

    @property
    def kind(self) -> StageName | None:
        """The stage the postback is about (``delivery`` → the delivered stage)."""
        return _POSTBACK_STAGE.get((self.postback_type or "").lower())

    @property
    def dedup_key(self) -> tuple[str, str, str]:
        """(message id, postback type, that stage's status): one change, however often it
        is posted. Without a known type, the normalised state stands for both."""
        kind = self.kind
        if kind is None:
            return (self.message_id, (self.postback_type or "").lower(), self.state.value)
        stage = self.stage(kind)
        status = "" if stage.code is None else str(stage.code)
        return (self.message_id, kind.value, status or (stage.description or ""))


class Reply(_Incoming):
    """A customer's SMS reply, posted to ``PostbackReplyUrl`` (the Go client's
    ``IncomingSMS``) and posted again, with ``RetryCount`` up, until answered 200.

    ``message_id`` is *our outbound* message the customer answered (iLiveIt documents no
    reply from a customer who writes first); ``source`` is the customer, ``destination`` our
    number; ``extra_digits`` those we sent the message with.
    """

    ALIASES: ClassVar[Mapping[str, str]] = {
        "SourceMSISDN": "source",
        "DestinationMSISDN": "destination",
        "Message": "text",
    }

    message_id: Annotated[str, BeforeValidator(as_text), Field(min_length=1)]
    source: Annotated[str, BeforeValidator(as_text), Field(min_length=1)]
    destination: Text = ""
    text: Annotated[str, BeforeValidator(_to_message)] = ""
    extra_digits: Annotated[str, BeforeValidator(lambda v: as_text(v) or "")] = ""
    retry_count: Annotated[int, BeforeValidator(_to_retry_count)] = 0

    @property
    def dedup_key(self) -> tuple[str, str, str, str, str]:
        """(message id, source, destination, extra digits, text): the same reply however
        often it is posted (``RetryCount`` differs between the posts, so it is left out)."""
        return (self.message_id, self.source, self.destination, self.extra_digits, self.text)


def parse_reply(body: Any) -> Reply:
    """A reply postback (dict, JSON text or bytes) → :class:`Reply`; ProtocolError on
    anything without a ``MessageId`` and a ``SourceMSISDN``."""
    data = _decode(body, "reply postback")
    return validated(Reply, data, lambda exc: _malformed("reply postback", exc))


def parse_status(body: Any) -> StatusPostback:
    """A status postback (dict, JSON text or bytes) → :class:`StatusPostback`; ProtocolError
    on anything without a ``message_id``."""
    data = _decode(body, "status postback")
    return validated(StatusPostback, data, lambda exc: _malformed("status postback", exc))

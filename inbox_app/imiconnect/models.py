"""IMIconnect wire models and the webhook parsers, frozen, with snake_case names.

* :class:`Accepted` - one entry of a send's answer (``transid`` per destination);
* :class:`MessageStatus` - ``GET /resources/v1/messaging/status/{transid}``'s answer;
* :class:`DeliveryReport` - the DR webhook (``deliveryInfoNotification``), by :func:`parse_dr`;
* :class:`InboundMessage` - the MO webhook (a customer's message), by :func:`parse_mo`.

The webhook parsers are what a relay uses to accept or refuse an incoming call, so they are
strict about what identifies a call (a DR's ``transid`` and ``code``; an MO's ``tid``, ``oa``,
``da`` and ``message``) and lenient about the rest: unknown fields are ignored, names are
matched without regard to case (the seed's DR mixes ``Description`` and ``deliveryStatus``),
numbers may come as strings and ids as numbers, optional fields may be missing, and times
that cannot be read are None. Anything else raises :class:`~.errors.ProtocolError`, and
nothing else escapes a parser.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from enum import IntEnum, StrEnum
from typing import Any

from pydantic import computed_field

from ..wire.model import WireModel, first_problem, validated
from .errors import QUEUED, ProtocolError

__all__ = [
    "Accepted",
    "DeliveryReport",
    "DeliveryState",
    "InboundMessage",
    "MessageStatus",
    "SmsType",
    "customer_number",
    "is_gsm7",
    "parse_dr",
    "parse_mo",
    "parse_time",
]


# --- text encoding ---------------------------------------------------------------------------


class SmsType(IntEnum):
    """``channels.sms.type``: 1 plain text (GSM-7), 4 unicode."""

    TEXT = 1
    UNICODE = 4


# GSM 03.38, the default alphabet in code order (0x1B, the escape, left out), then the
# characters of its extension table (each sent as escape + one septet).
_GSM7 = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅå"
    "Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
    " !\"#¤%&'()*+,-./"
    "0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNO"
    "PQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmno"
    "pqrstuvwxyzäöñüà"
    "\f^{}\\[~]|€"
)


def is_gsm7(text: str) -> bool:
    """Whether every character of ``text`` is in the GSM 7-bit alphabet (or its extension)."""
    return all(char in _GSM7 for char in text)


# --- delivery states -------------------------------------------------------------------------


class DeliveryState(StrEnum):
    """What an IMIconnect code means for the inbox; the raw code is always kept beside it.

    7500 delivered, 7501 submitted (to the operator), 7208 expired, any other 72xx failed.
    1001 (queued: the platform has it; seen in status answers, not in DRs) counts as
    submitted. Any other code is ``unknown``; so is a code-less status.
    """

    SUBMITTED = "submitted"
    DELIVERED = "delivered"
    FAILED = "failed"
    EXPIRED = "expired"
    UNKNOWN = "unknown"

    @property
    def final(self) -> bool:
        """Delivered, failed and expired do not change any more."""
        return self in (DeliveryState.DELIVERED, DeliveryState.FAILED, DeliveryState.EXPIRED)

    @classmethod
    def from_code(cls, code: str | None, words: str | None = None) -> DeliveryState:
        """The state for a code; when the code is not one of the documented ones, the
        platform's words (``deliveryStatus`` / ``description``) if they are unambiguous."""
        code = (code or "").strip()
        if code == "7500":
            return cls.DELIVERED
        if code in ("7501", QUEUED):
            return cls.SUBMITTED
        if code == "7208":
            return cls.EXPIRED
        if re.fullmatch(r"72[0-9]{2}", code):
            return cls.FAILED
        return _WORDS.get((words or "").strip().lower(), cls.UNKNOWN)


_WORDS = {
    "delivered": DeliveryState.DELIVERED,
    "submitted": DeliveryState.SUBMITTED,
    "sent": DeliveryState.SUBMITTED,
    "queued": DeliveryState.SUBMITTED,
    "expired": DeliveryState.EXPIRED,
    "failed": DeliveryState.FAILED,
    "undelivered": DeliveryState.FAILED,
    "undeliverable": DeliveryState.FAILED,
    "rejected": DeliveryState.FAILED,
}


# --- lenient scalars -------------------------------------------------------------------------


def _malformed(what: str, detail: str = "") -> ProtocolError:
    return ProtocolError(f"The IMIconnect server sent a malformed {what}{detail}.")


def as_text(value: Any, what: str, name: str) -> str | None:
    """An id, a code or a text sent as a string or a number: stripped text, None when absent
    or blank; anything else (a boolean, a list, an object) is malformed."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool):
        raise _malformed(what, f" ({name}: a boolean)")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _malformed(what, f" ({name}: not a number)")
        if value.is_integer():
            value = int(value)
    if isinstance(value, int | float):
        try:
            return str(value)
        except ValueError:  # an integer too long to print
            raise _malformed(what, f" ({name}: a number too long)") from None
    raise _malformed(what, f" ({name}: not text)")


def _required(value: Any, what: str, name: str) -> str:
    text = as_text(value, what, name)
    if text is None:
        raise _malformed(what, f" ({name} is missing)")
    return text


def field_of(data: Mapping[str, Any], *names: str) -> Any:
    """The first of ``names`` present in ``data`` (not None), matched without regard to case."""
    folded = {key.lower(): value for key, value in data.items() if isinstance(key, str)}
    for name in names:
        value = folded.get(name.lower())
        if value is not None:
            return value
    return None


def customer_number(value: str) -> str:
    """A phone number as ``+`` and its digits (E.164) when it is digits: ``911111111111``,
    ``+1 (555) 010-0123`` and ``tel:+15550100123`` become ``+911111111111``,
    ``+15550100123``, ``+15550100123``. IMIconnect's numbers carry the country code
    (the seed's ``911111111111``), so a leading ``+`` is only added. Anything that is not 7
    to 15 digits (a sender id, a placeholder) is returned stripped, unchanged."""
    text = value.strip()
    if text[:4].lower() == "tel:":
        text = text[4:].strip()
    digits = re.sub(r"[\s\-().]", "", text).removeprefix("+")
    if digits.isascii() and digits.isdigit() and 7 <= len(digits) <= 15:
        return "+" + digits
    return text


def parse_time(value: Any) -> datetime | None:
    """A time as an aware datetime, or None when absent or unreadable.

    ISO 8601 text (the seed's ``2016-07-20T17:13:17.908``; without a zone it is taken as UTC,
    *inferred*: the zone is not published) or epoch seconds / milliseconds (a number, or
    digits; above 10^11 it is milliseconds).
    """
    if isinstance(value, bool) or value is None:
        return None
    try:
        if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, int | float):
            seconds = value / 1000 if value > 1e11 else value
            return datetime.fromtimestamp(seconds, UTC)
        if isinstance(value, str) and value.strip():
            text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
            parsed = datetime.fromisoformat(text)
            return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)
    except (ValueError, OverflowError, OSError):
        return None
    return None


def decode_body(body: Any, what: str) -> dict[str, Any]:
    """A webhook's body as a JSON object: a dict as is; JSON text (str or bytes) decoded."""
    if isinstance(body, bytes | bytearray | memoryview):
        try:
            body = bytes(body).decode("utf-8")
        except UnicodeDecodeError:
            raise _malformed(what, " (not UTF-8)") from None
    if isinstance(body, str):
        try:
            body = json.loads(body)
        except (ValueError, RecursionError):
            raise _malformed(what, " (not JSON)") from None
    if not isinstance(body, dict):
        raise _malformed(what, " (not a JSON object)")
    return body


def _object(value: Any, what: str, name: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _malformed(what, f" ({name} is {'missing' if value is None else 'not an object'})")
    return value


# --- models ----------------------------------------------------------------------------------


class Accepted(WireModel):
    """One entry of a send's answer: the platform's ``transid`` for one destination, our
    ``correlation_id`` echoed, and the code (``"1001"`` queued) and its description."""

    transid: str
    correlation_id: str | None = None
    code: str = QUEUED
    description: str | None = None

    @property
    def queued(self) -> bool:
        return self.code == QUEUED


class _Reported(WireModel):
    """What a DR and a status answer share: the code, the words, the state they mean."""

    transid: str
    code: str | None = None
    description: str | None = None
    delivery_status: str | None = None
    correlation_id: str | None = None
    destination: str | None = None
    timestamp: datetime | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def state(self) -> DeliveryState:
        return DeliveryState.from_code(self.code, self.delivery_status or self.description)


class MessageStatus(_Reported):
    """A message's status as ``GET /resources/v1/messaging/status/{transid}`` tells it.

    The answer's shape is not published (see :func:`~.parsing.parse_status`): when nothing
    recognisable came, ``state`` is ``unknown`` and ``code`` None.
    """


class DeliveryReport(_Reported):
    """The DR webhook: one delivery report for one destination of one message.

    ``destination`` is the customer's number (``+`` digits where it is digits);
    ``callback_data`` is what the send passed as ``callbackData``. The same report may be
    delivered more than once: :attr:`dedup_key` is its identity.
    """

    code: str
    callback_data: str | None = None
    channel: str | None = None
    destination_type: str | None = None

    @property
    def dedup_key(self) -> tuple[str, str]:
        """(transid, code): one message reaches each state once."""
        return (self.transid, self.code)


class InboundMessage(WireModel):
    """The MO webhook: a customer's message to our short code or keyword.

    ``customer`` is ``oa`` (``+`` digits where it is digits), ``our_code`` is ``da``,
    ``text`` is ``message``; ``tid`` is unique per message and is :attr:`dedup_key`.
    ``received_at`` is ``datetime`` when readable, else ``ts``, else None.
    """

    tid: str
    customer: str
    our_code: str
    text: str
    user_id: str | None = None
    channel: str | None = None
    received_at: datetime | None = None

    @property
    def dedup_key(self) -> str:
        return self.tid


def _fail(what: str) -> Callable[[Exception | None], ProtocolError]:
    return lambda exc: _malformed(what, first_problem(exc))


# --- webhook parsers -------------------------------------------------------------------------


def reported_fields(info: Mapping[str, Any], outer: Mapping[str, Any], what: str) -> dict[str, Any]:
    """A DR's (or a DR-like status answer's) fields: ``info`` is ``deliveryInfo``, ``outer``
    the object around it (``deliveryInfoNotification``); each field is looked up in both."""

    def field(*names: str) -> str | None:
        for where in (info, outer):
            value = as_text(field_of(where, *names), what, names[0])
            if value is not None:
                return value
        return None

    destination = field("destination", "msisdn")
    return {
        "transid": field("transid", "tid"),
        "code": field("code"),
        "description": field("description"),
        "delivery_status": field("deliveryStatus"),
        "correlation_id": field("correlationid", "correlationId"),
        "destination": customer_number(destination) if destination else None,
        "timestamp": parse_time(field_of(info, "timeStamp") or field_of(outer, "timeStamp")),
        "callback_data": field("callbackData"),
        "channel": field("deliveryChannel", "channel"),
        "destination_type": field("destinationType"),
    }


def parse_dr(body: Any) -> DeliveryReport:
    """The DR webhook's body (a dict, or its JSON text) as a :class:`DeliveryReport`::

        {"deliveryInfoNotification": {
            "deliveryInfo": {"code": "7500", "Description": "Delivered",
                             "deliveryStatus": "Delivered", "destination": "9111…",
                             "timeStamp": "2016-07-20T17:13:17.908", ...},
            "transid": "…", "correlationid": "…", "callbackData": "…"}}

    ``transid`` and ``code`` are required (each may sit in ``deliveryInfo`` or around it);
    anything without them raises :class:`~.errors.ProtocolError`.
    """
    what = "delivery report"
    data = decode_body(body, what)
    outer = _object(field_of(data, "deliveryInfoNotification"), what, "deliveryInfoNotification")
    info = _object(field_of(outer, "deliveryInfo"), what, "deliveryInfo")
    fields = reported_fields(info, outer, what)
    for name in ("transid", "code"):
        if fields[name] is None:
            raise _malformed(what, f" ({name} is missing)")
    return validated(DeliveryReport, fields, _fail(what))


def parse_mo(body: Any) -> InboundMessage:
    """The MO webhook's body (a dict, or its JSON text) as an :class:`InboundMessage`::

        {"userId": …, "channel": "SMS", "da": "<our code>", "oa": "<customer>",
         "message": "…", "tid": "…", "datetime": "…", "ts": "…"}

    ``tid``, ``oa`` and ``da`` are required, and ``message`` must be present (it may be
    empty); ``userId``, ``channel``, ``datetime`` and ``ts`` are optional.
    """
    what = "customer's message"
    data = decode_body(body, what)
    text = field_of(data, "message")
    if text is None:
        raise _malformed(what, " (message is missing)")
    if isinstance(text, bool) or not isinstance(text, str | int | float):
        raise _malformed(what, " (message: not text)")
    fields = {
        "tid": _required(field_of(data, "tid"), what, "tid"),
        "customer": customer_number(_required(field_of(data, "oa"), what, "oa")),
        "our_code": _required(field_of(data, "da"), what, "da"),
        "text": text if isinstance(text, str) else (as_text(text, what, "message") or ""),
        "user_id": as_text(field_of(data, "userId"), what, "userId"),
        "channel": as_text(field_of(data, "channel"), what, "channel"),
        "received_at": parse_time(field_of(data, "datetime")) or parse_time(field_of(data, "ts")),
    }
    return validated(InboundMessage, fields, _fail(what))

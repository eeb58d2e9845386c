"""Live Link 365 wire models, frozen, with snake_case names and Live Link's names as aliases.

The published definition (``livelink365-swagger.yaml``) is the authority over the product
page (seed 000) where they differ, and both spellings are accepted where they do:
``contentText`` / ``contextText``, ``SAPNotification`` / ``sapnotification``. Numbers may
come as strings (``"pageCount": "2"``), ids as numbers; unknown fields are ignored; optional
fields may be missing. Times without a zone are UTC (``ackTimeInGMT`` defaults to true).
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    computed_field,
    model_validator,
)

from ..wire.model import WireModel

__all__ = [
    "DeliveryState",
    "MoMessage",
    "MoPage",
    "OrderIds",
    "StatusPage",
    "StatusReport",
    "Token",
    "parse_time",
    "strip_tel",
]


# --- lenient scalar types -------------------------------------------------------------------


def _to_text(value: Any) -> Any:
    """Ids and numbers that the platform sends as numbers or strings: always held as text."""
    if isinstance(value, bool):
        raise ValueError("expected text or a number, not a boolean")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    return value.strip() if isinstance(value, str) else value


def _to_count(value: Any) -> Any:
    """``pageCount`` / ``pageIndex``: a whole number, possibly as a string (``"2"``)."""
    if isinstance(value, bool):
        raise ValueError("a page number cannot be a boolean")
    if isinstance(value, str):
        text = value.strip()
        if not text.isdigit():
            raise ValueError(f"not a page number: {text[:20]!r}")
        return int(text)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _none_to_empty(value: Any) -> Any:
    return () if value is None else value


def _one_or_many(value: Any) -> Any:
    """A single string where a list of strings is documented is taken as a list of one."""
    if value is None:
        return ()
    return (value,) if isinstance(value, str | int) and not isinstance(value, bool) else value


def strip_tel(number: Any) -> Any:
    """``tel:+15550100123`` → ``+15550100123`` (MO senders are always ``tel:`` URIs)."""
    if not isinstance(number, str):
        return number  # left for validation to refuse
    text = number.strip()
    return text[4:].strip() if text[:4].lower() == "tel:" else text


_FORMATS = ("%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H-%M-%S")


def parse_time(value: Any, zone: str | None = None) -> datetime | None:
    """Live Link's times as aware datetimes, or None when absent or unreadable.

    Seen: ``2018-08-16T16:15:03.277Z``, ``2018-01-07T23:54:40.192`` (no zone),
    ``2017-11-11 11:11:11.111`` and ``2019-01-07 23:54:40`` (a space), and the product page's
    ``yyyy-mm-ddThh-mm-ss``. A time without a zone is in ``zone`` (an MO's ``timezone``
    parameter, e.g. ``GMT``) when that names one, else UTC.
    """
    if isinstance(value, datetime):
        parsed: datetime | None = value
    elif isinstance(value, str) and value.strip():
        text = value.strip()
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            parsed = None
            for fmt in _FORMATS:
                try:
                    parsed = datetime.strptime(text, fmt)
                    break
                except ValueError:
                    continue
    else:
        return None
    if parsed is None or parsed.tzinfo is not None:
        return parsed
    return parsed.replace(tzinfo=_zone(zone))


def _zone(name: str | None) -> Any:
    if name and name.strip():
        try:
            return ZoneInfo(name.strip())
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return UTC


Text = Annotated[str, BeforeValidator(_to_text)]
Count = Annotated[int, BeforeValidator(_to_count)]
Texts = Annotated[tuple[Text, ...], BeforeValidator(_one_or_many)]


_Wire = WireModel


# --- token -----------------------------------------------------------------------------------


class Token(BaseModel):
    """``POST /api/oauth/token``'s answer. Lifetimes are **milliseconds** on the wire."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    access_token: str = Field(min_length=1, repr=False)
    token_type: str = "Bearer"
    expires_in_ms: int | None = Field(default=None, alias="expires_in", ge=0)
    refresh_token: str | None = Field(default=None, repr=False)
    refresh_expires_in_ms: int | None = Field(default=None, alias="refresh_expires_in", ge=0)
    scope: str | None = None

    @property
    def expires_in(self) -> float | None:
        """The access token's lifetime in seconds (None when the server did not say)."""
        return None if self.expires_in_ms is None else self.expires_in_ms / 1000

    @property
    def refresh_expires_in(self) -> float | None:
        """The refresh token's lifetime in seconds (None when the server did not say)."""
        return None if self.refresh_expires_in_ms is None else self.refresh_expires_in_ms / 1000


# --- send ------------------------------------------------------------------------------------


class OrderIds(_Wire):
    """One entry of a send's ``livelinkOrderIds``: destinations and one order id per part."""

    destination: Texts = ()
    order_ids: Texts = Field(default=(), alias="livelinkOrderId")


# --- inbound (MO) ----------------------------------------------------------------------------


class MoMessage(_Wire):
    """A customer's reply (an MO). MOs have no id of their own: see :attr:`dedup_key`."""

    sender: Annotated[str, BeforeValidator(lambda v: strip_tel(_to_text(v)))]
    recipient: Text = ""
    text: str = ""
    order_id: Text | None = None
    parameters: dict[str, Any] = Field(default_factory=dict)
    received_at: datetime | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_wire(cls, data: Any) -> Any:
        """The text is ``contentText`` (the definition) or ``contextText`` (the product page);
        ``received_at`` comes from ``parameters.receivedTime`` (else ``curTime``)."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        for name in ("contentText", "contextText"):
            value = data.pop(name, None)
            if value is not None and data.get("text") is None:
                data["text"] = value
        params = data.get("parameters")
        if params is None:
            data["parameters"] = {}
        elif isinstance(params, dict) and "received_at" not in data:
            raw = params.get("receivedTime") or params.get("curTime")
            zone = params.get("timezone")
            data["received_at"] = parse_time(raw, zone if isinstance(zone, str) else None)
        return data

    @computed_field  # type: ignore[prop-decorator]
    @property
    def dedup_key(self) -> tuple[str, str, str, str]:
        """(sender, recipient, received time, text): the same MO pulled twice (overlapping
        windows, a repeated page) has the same key. The time is ISO text in UTC when it was
        readable, else the platform's own text."""
        if self.received_at is not None:
            when = self.received_at.astimezone(UTC).isoformat()
        else:
            raw = self.parameters.get("receivedTime") or self.parameters.get("curTime")
            when = str(raw).strip() if raw is not None else ""
        return (self.sender, self.recipient, when, self.text)

    def __hash__(self) -> int:
        # ``parameters`` is a dict: hash by identity of the MO (equal MOs have equal keys).
        return hash(self.dedup_key)


class MoPage(_Wire):
    """One page (10 MOs at most) of ``GET /api/v2/sms/mo``.

    ``skipped`` counts entries that were not MOs (not an object, or no sender): they are
    dropped so that one bad entry cannot block a whole window from being read.
    """

    page_count: Count = 0
    page_index: Count = 0
    messages: tuple[MoMessage, ...] = ()
    skipped: int = 0


# --- delivery statuses (ACKs) ----------------------------------------------------------------


class DeliveryState(StrEnum):
    """What a raw status means for the inbox. ``RECEIVED`` is the platform having the order
    (not yet delivered), so it counts as sent; anything unrecognised is ``unknown``."""

    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"
    UNKNOWN = "unknown"

    @classmethod
    def from_status(cls, status: str | None) -> DeliveryState:
        word = (status or "").strip().upper()
        if word in ("SENT", "RECEIVED", "ACCEPTED", "BUFFERED", "SUBMITTED", "ENROUTE"):
            return cls.SENT
        if word in ("DELIVERED", "DELIVRD"):
            return cls.DELIVERED
        if word in _FAILED:
            return cls.FAILED
        return cls.UNKNOWN


_FAILED = frozenset(
    {"ERROR", "NOK", "FAILED", "REJECTED", "UNDELIVERABLE", "UNDELIVERED", "UNDELIV"}
    | {"EXPIRED", "DELETED", "REJECTD"}
)


class StatusReport(_Wire):
    """One ACK of ``GET /api/v2/sms/status``: ``status`` as sent, ``state`` normalised."""

    order_id: Text
    recipient: Annotated[str, BeforeValidator(lambda v: strip_tel(_to_text(v)))] = ""
    status: Text = ""
    timestamp: datetime | None = None
    message_body: str | None = None
    subject: Text | None = None
    final_status_indicator: Text | None = None
    internal_status_id: Text | None = None
    operator_id: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _times(cls, data: Any) -> Any:
        if isinstance(data, dict) and "timestamp" in data:
            data = {**data, "timestamp": parse_time(data["timestamp"])}
        return data

    @computed_field  # type: ignore[prop-decorator]
    @property
    def state(self) -> DeliveryState:
        return DeliveryState.from_status(self.status)


class StatusPage(_Wire):
    """One page (10 ACKs at most) of ``GET /api/v2/sms/status``; ``skipped`` as in MoPage."""

    client_id: Text | None = None
    page_count: Count = 0
    page_index: Count = 0
    reports: tuple[StatusReport, ...] = ()
    skipped: int = 0

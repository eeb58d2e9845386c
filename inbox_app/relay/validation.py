"""What the platforms post to the relay, validated: the one module that knows their bodies.

Small pydantic models for now; when ``inbox_app.imiconnect`` and ``inbox_app.iliveit`` ship
their parsers, :func:`parse_webhook` switches to them and nothing else in the relay changes.
Each body yields an :class:`Inbound`: the event to store, the platform's de-duplication key
(so a retry or a duplicate is stored once) and the conversation it belongs to, when the body
names both numbers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, ValidationError

from .conversations import ConversationKey, InvalidKey

__all__ = ["CUSTOMER_KINDS", "HOOKS", "Inbound", "InvalidBody", "parse_webhook", "sent_by_agent"]

MAX_BODY = 256 * 1024
# Webhooks of a customer's message: they reopen the conversation.
CUSTOMER_KINDS = frozenset({"mo", "reply"})
# A desktop's own reference on a webhook URL (``?ref=``): its outbox key for the send.
_REF = re.compile(r"[A-Za-z0-9_.-]{1,100}")


class InvalidBody(ValueError):
    """The body is not what the platform sends; the message says why (kept with it)."""


@dataclass(frozen=True)
class Inbound:
    platform: str
    kind: str
    dedupe_key: str
    conversation: ConversationKey | None
    body: dict[str, Any]
    ref: str | None = None

    @property
    def reopens(self) -> bool:
        """A customer's message reopens its conversation (unread, unresolved)."""
        return self.kind in CUSTOMER_KINDS and self.conversation is not None

    @property
    def data(self) -> dict[str, Any]:
        """The event's ``data``: the body as received, its conversation, and the desktop's
        ``ref`` when the URL carried one (iLiveIt echoes nothing of ours, so a desktop puts
        its outbox key on the status URL it gives each send)."""
        data: dict[str, Any] = {
            "conversation": str(self.conversation) if self.conversation else None,
            "body": self.body,
        }
        if self.ref is not None:
            data["ref"] = self.ref
        return data


class _Body(BaseModel):
    # Extra fields are kept in the stored body; numbers where text is expected are accepted
    # (a platform that writes an id as 123 means "123").
    model_config = ConfigDict(extra="allow", coerce_numbers_to_str=True, str_strip_whitespace=True)


def _id(*names: str) -> Any:
    return Field(min_length=1, max_length=200, validation_alias=AliasChoices(*names))


# --- IMIconnect ------------------------------------------------------------------------------


class ImiMo(_Body):
    """A customer's message: ``{userId, channel, da, oa, message, tid, datetime, ts}``."""

    tid: str = _id("tid")
    oa: str = _id("oa")  # the customer
    da: str = _id("da")  # our number or short code
    message: str = Field(max_length=10_000)


class ImiDeliveryInfo(_Body):
    code: str = _id("code")
    destination: str = Field(default="", max_length=64)
    deliveryStatus: str = Field(default="", max_length=200)


class ImiDrNotification(_Body):
    transid: str = _id("transid")
    deliveryInfo: ImiDeliveryInfo


class ImiDr(_Body):
    """``{deliveryInfoNotification: {deliveryInfo: {code, destination...}, transid...}}``."""

    deliveryInfoNotification: ImiDrNotification


# --- iLiveIt ---------------------------------------------------------------------------------


class IliveitReply(_Body):
    """``{MessageId, SourceMSISDN, DestinationMSISDN, Message, ExtraDigits, RetryCount}``;
    ``MessageId`` is our outbound message the customer answered."""

    MessageId: str = _id("MessageId", "MessageID", "message_id")
    SourceMSISDN: str = _id("SourceMSISDN")
    DestinationMSISDN: str = Field(default="", max_length=64)
    Message: str = Field(max_length=10_000)


_STAGE_STATUS = {
    "build": "build_status",
    "submit": "submit_status",
    "archive": "archive_status",
    "sent": "sent_status",
    "delivery": "delivered_status",
}


class IliveitStatus(_Body):
    """A status postback: the ``message/:id/status`` document with ``postback_type`` (build,
    submit, archive, sent or delivery) naming the stage that changed."""

    message_id: str = _id("message_id", "MessageId", "MessageID")
    postback_type: str = Field(default="", max_length=40)


# --- one entry point -------------------------------------------------------------------------


def _imi_mo(body: dict[str, Any]) -> Inbound:
    mo = ImiMo.model_validate(body)
    return Inbound("imiconnect", "mo", mo.tid, _conversation("imiconnect", mo.da, mo.oa), body)


def _imi_dr(body: dict[str, Any]) -> Inbound:
    dr = ImiDr.model_validate(body).deliveryInfoNotification
    info = dr.deliveryInfo
    # A request may have many destinations under one transid: the destination is part of
    # the key too, so two customers' reports are never merged.
    key = _join(dr.transid, info.destination, info.code)
    return Inbound("imiconnect", "dr", key, None, body)


def _iliveit_reply(body: dict[str, Any]) -> Inbound:
    reply = IliveitReply.model_validate(body)
    key = _join(reply.MessageId, reply.SourceMSISDN, reply.Message)
    conversation = (
        _conversation("iliveit", reply.DestinationMSISDN, reply.SourceMSISDN)
        if reply.DestinationMSISDN
        else None
    )
    return Inbound("iliveit", "reply", key, conversation, body)


def _iliveit_status(body: dict[str, Any]) -> Inbound:
    status = IliveitStatus.model_validate(body)
    field = _STAGE_STATUS.get(status.postback_type)
    if field is not None:
        value: Any = body.get(field)
    else:  # no or unknown stage: every status field together tells one report from another
        value = {name: body.get(name) for name in sorted(_STAGE_STATUS.values())}
    key = _join(status.message_id, status.postback_type, json.dumps(value, sort_keys=True))
    return Inbound("iliveit", "status", key, None, body)


HOOKS: dict[tuple[str, str], Callable[[dict[str, Any]], Inbound]] = {
    ("imiconnect", "mo"): _imi_mo,
    ("imiconnect", "dr"): _imi_dr,
    ("iliveit", "reply"): _iliveit_reply,
    ("iliveit", "status"): _iliveit_status,
}


def parse_webhook(platform: str, kind: str, raw: bytes, ref: str | None = None) -> Inbound:
    """The body of a ``POST /hooks/{platform}/…/{kind}[?ref=…]``; :class:`InvalidBody` says
    why not. ``ref`` does not change the de-duplication key: a retry posts to the same URL."""
    parse = HOOKS[(platform, kind)]
    if ref is not None and not _REF.fullmatch(ref):
        raise InvalidBody("ref: 1-100 letters, digits, '.', '_' or '-'")
    if len(raw) > MAX_BODY:
        raise InvalidBody(f"body larger than {MAX_BODY} bytes")
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidBody(f"not JSON: {exc}") from None
    if not isinstance(body, dict):
        raise InvalidBody("not a JSON object")
    try:
        json.dumps(body, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidBody("text contains invalid Unicode (a lone surrogate)") from None
    try:
        return replace(parse(body), ref=ref)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in error['loc']) or 'body'}: {error['msg']}"
            for error in exc.errors()
        )
        raise InvalidBody(problems) from None
    except InvalidKey as exc:
        raise InvalidBody(str(exc)) from None


def _conversation(platform: str, ours: str, customer: str) -> ConversationKey:
    return ConversationKey.of(platform, ours, customer)


def _join(*parts: str) -> str:
    """A de-duplication key from parts that may contain any character: JSON keeps them apart."""
    return json.dumps(parts, ensure_ascii=False)


def sent_by_agent(key: ConversationKey, agent: str, message_id: str, text: str, at: str) -> Inbound:
    """A message an agent's desktop sent (the platform's id for it): every desktop shows it
    in the conversation, so a colleague's replies are not missing when it changes hands.
    Stored once per platform id; it does not reopen the conversation."""
    body = {"id": message_id, "text": text, "at": at, "agent": agent}
    return Inbound(key.platform, "sent", message_id, key, body)

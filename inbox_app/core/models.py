"""The things an agent works with, as core hands them to the UI.

The shapes are LiveVox's today (the first platform, and the richest: contact details,
channels with counts, transfer agents); the other platforms' adapters build the same ones
from what they know. The UI imports them from here, never from a protocol package.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..livevox.models import (
    Channel,
    ChannelCounts,
    ChannelKind,
    ContactInfo,
    Direction,
    Message,
    PhoneDetails,
    SmsCode,
    Template,
    Thread,
    TransferAgent,
)

__all__ = [
    "Channel",
    "ChannelCounts",
    "ChannelKind",
    "ContactInfo",
    "DeliveryState",
    "Direction",
    "Message",
    "PhoneDetails",
    "Service",
    "SmsCode",
    "Template",
    "TermCode",
    "Thread",
    "TransferAgent",
]


@dataclass(frozen=True, slots=True)
class TermCode:
    """How a resolved conversation ended (the platform's disposition code). ``category``
    groups them ("Contact", "No contact"), ``order`` is the platform's display order, and
    ``payment_required`` asks the agent for the amount paid."""

    id: str
    name: str
    category: str = ""
    order: int | None = None
    payment_required: bool = False


@dataclass(frozen=True, slots=True)
class Service:
    """A platform service the agent works in (LiveVox: sends go out from the one joined)."""

    id: str
    name: str


class DeliveryState(StrEnum):
    """Where an outbound SMS stands, as the platform last reported it.

    ``queued``: recorded, not yet accepted by the platform; ``sent``: the platform (or the
    carrier) has it; ``delivered`` / ``failed``: the handset's final word; ``unknown``: the
    platform said something that is none of these.
    """

    QUEUED = "queued"
    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"
    UNKNOWN = "unknown"

    @property
    def final(self) -> bool:
        return self in (DeliveryState.DELIVERED, DeliveryState.FAILED)

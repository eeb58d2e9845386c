"""The things an agent works with, as core hands them to the UI.

The shapes are LiveVox's today (the first platform, and the richest: contact details,
channels with counts, transfer agents); the other platforms' adapters build the same ones
from what they know. The UI imports them from here, never from a protocol package.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    "Direction",
    "Message",
    "PhoneDetails",
    "SmsCode",
    "Template",
    "TermCode",
    "Thread",
    "TransferAgent",
]


@dataclass(frozen=True, slots=True)
class TermCode:
    """How a resolved conversation ended (the platform's disposition code)."""

    id: str
    name: str

"""Conversations' keys and the rules of what agents share about them (owner, read,
resolved): pure functions every store applies inside its own transaction, so SQLite and
PostgreSQL cannot drift apart on who may claim what."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

__all__ = [
    "ACTIONS",
    "PLATFORMS",
    "Conflict",
    "ConversationKey",
    "ConversationState",
    "InvalidKey",
    "decide",
    "normalize_number",
]

PLATFORMS = ("imiconnect", "iliveit")
ACTIONS = ("claim", "release", "transfer", "read", "unread", "resolve")

_DIGITS = re.compile(r"^\+?\d{3,20}$")
_PART = re.compile(r"^[^\s:/]{1,64}$")


class InvalidKey(ValueError):
    """Not ``platform:our-number:customer-number``."""


class Conflict(Exception):
    """Another agent holds the conversation."""

    def __init__(self, owner: str) -> None:
        super().__init__(f"The conversation is held by {owner}.")
        self.owner = owner


def normalize_number(value: str) -> str:
    """Numbers in one spelling: both platforms write international numbers without ``+``
    (``27821234567``), so an all-digit number becomes ``+27821234567``; a sender id
    (``DEMOBK``) or a short code is kept as written (short codes have too few digits)."""
    value = value.strip().replace(" ", "")
    if _DIGITS.match(value) and len(value.lstrip("+")) >= 8:
        return "+" + value.lstrip("+")
    return value


@dataclass(frozen=True)
class ConversationKey:
    """Platform + our number (or sender id) + the customer's number."""

    platform: str
    our_number: str
    customer_number: str

    @classmethod
    def of(cls, platform: str, ours: str, customer: str) -> ConversationKey:
        key = cls(platform, normalize_number(ours), normalize_number(customer))
        key._check()
        return key

    @classmethod
    def parse(cls, text: str) -> ConversationKey:
        """``imiconnect:DEMOBK:+919999999999``; numbers are normalized."""
        parts = text.split(":")
        if len(parts) != 3:
            raise InvalidKey("A conversation key is platform:our-number:customer-number.")
        return cls.of(*parts)

    def _check(self) -> None:
        if self.platform not in PLATFORMS:
            raise InvalidKey(f"Unknown platform {self.platform!r}: one of {', '.join(PLATFORMS)}.")
        for part in (self.our_number, self.customer_number):
            if not _PART.match(part):
                raise InvalidKey(f"{part!r} is not a number or sender id.")

    def __str__(self) -> str:
        return f"{self.platform}:{self.our_number}:{self.customer_number}"


@dataclass(frozen=True)
class ConversationState:
    key: ConversationKey
    owner: str | None = None
    read: bool = False
    resolved: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "conversation": str(self.key),
            "owner": self.owner,
            "read": self.read,
            "resolved": self.resolved,
        }


def decide(
    state: ConversationState, action: str, agent: str, to: str | None = None
) -> ConversationState | None:
    """The state after ``agent`` does ``action``, or None when nothing changes (no event).

    claim: free or already the agent's; another holder is a :class:`Conflict`.
    release / transfer: by the holder, or on a free conversation; ``to`` must already be
    known to exist (the store checks it in the same transaction).
    read / unread / resolve: anyone; resolve also frees the conversation."""
    held_by_other = state.owner is not None and state.owner != agent
    if action == "claim":
        if held_by_other:
            raise Conflict(state.owner or "")
        return None if state.owner == agent else replace(state, owner=agent)
    if action == "release":
        if held_by_other:
            raise Conflict(state.owner or "")
        return None if state.owner is None else replace(state, owner=None)
    if action == "transfer":
        if to is None:
            raise ValueError("transfer needs a target agent")
        if held_by_other and state.owner != to:
            raise Conflict(state.owner or "")
        return None if state.owner == to else replace(state, owner=to)
    if action == "read":
        return None if state.read else replace(state, read=True)
    if action == "unread":
        return replace(state, read=False) if state.read else None
    if action == "resolve":
        return (
            None
            if state.resolved and state.owner is None
            else replace(state, resolved=True, owner=None)
        )
    raise ValueError(f"unknown action {action!r}")


def on_customer_message(state: ConversationState) -> ConversationState:
    """A customer's new message makes the conversation unread and open again for everyone;
    the owner keeps it."""
    return replace(state, read=False, resolved=False)

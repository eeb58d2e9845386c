"""The relay's answers, typed: events, agents, a conversation's shared state.

Conversations are named by a key ``platform:our-number:customer-number``
(:func:`conversation_key`); numbers are spelled as the relay spells them: an all-digit
number of 8 digits or more gets a ``+``, a sender id or a short code stays as written.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from pydantic import Field

from ..wire.model import WireModel

__all__ = [
    "ActionResult",
    "Agent",
    "ConversationState",
    "Event",
    "EventPage",
    "Me",
    "SentMessage",
    "conversation_key",
    "normalize_number",
    "split_key",
]

# Events that carry a conversation's new shared state (``data`` is that state).
STATE_KINDS = frozenset({"claim", "release", "transfer", "read", "unread", "resolve"})

_DIGITS = re.compile(r"^\+?\d{3,20}$")


def normalize_number(value: str) -> str:
    """A number as the relay keys it: ``27821234567`` → ``+27821234567``; ``DEMOBK`` kept."""
    value = value.strip().replace(" ", "")
    if _DIGITS.match(value) and len(value.lstrip("+")) >= 8:
        return "+" + value.lstrip("+")
    return value


def conversation_key(platform: str, ours: str, customer: str) -> str:
    """``imiconnect:DEMOBK:+919812345678``; ValueError for a part the relay would refuse."""
    parts = (platform.strip(), normalize_number(ours), normalize_number(customer))
    for part in parts:
        if not part or any(c.isspace() or c in ":/" for c in part) or len(part) > 64:
            raise ValueError(f"Not a part of a conversation key: {part!r}.")
    return ":".join(parts)


def split_key(key: str) -> tuple[str, str, str]:
    """(platform, our number, customer number) of a conversation key."""
    parts = key.split(":")
    if len(parts) != 3 or not all(parts):
        raise ValueError(f"Not a conversation key: {key!r}.")
    return parts[0], parts[1], parts[2]


class Event(WireModel):
    """One event, oldest first: a platform's webhook (``mo``, ``dr``, ``reply``, ``status``:
    ``data`` is ``{conversation, body}``, the body as the platform posted it) or an agent's
    action on a conversation (``claim`` … ``resolve``: ``data`` is the conversation's new
    state and ``agent``, plus ``from`` / ``to`` for a transfer)."""

    cursor: int = Field(ge=0)
    kind: str
    platform: str
    at: datetime
    data: dict[str, Any] = Field(default_factory=dict)

    @property
    def conversation(self) -> str | None:
        value = self.data.get("conversation")
        return value if isinstance(value, str) and value else None

    @property
    def body(self) -> dict[str, Any]:
        """A webhook's body as the platform sent it (empty for an agent's action)."""
        value = self.data.get("body")
        return value if isinstance(value, dict) else {}

    @property
    def ref(self) -> str | None:
        """The desktop's own reference the webhook's URL carried (its outbox key), if any."""
        value = self.data.get("ref")
        return value if isinstance(value, str) and value else None

    @property
    def sent(self) -> SentMessage | None:
        """A message an agent sent (a ``sent`` event), else None."""
        if self.kind != "sent" or self.conversation is None:
            return None
        return SentMessage.model_validate(self.body)

    @property
    def state(self) -> ConversationState | None:
        """The conversation's state after an agent's action (None for a webhook)."""
        if self.kind not in STATE_KINDS or self.conversation is None:
            return None
        return ConversationState.model_validate(self.data)


class SentMessage(WireModel):
    """A message an agent's desktop sent: the platform's id, text, when, and who."""

    id: str = Field(min_length=1)
    text: str = ""
    at: datetime
    agent: str = ""


class EventPage(WireModel):
    """The events after a cursor; ``cursor`` is where the next poll starts (the same one
    when there was nothing new)."""

    events: tuple[Event, ...] = ()
    cursor: int = Field(ge=0)


class Agent(WireModel):
    """An agent who can receive a transfer; ``online``: seen in the last 90 seconds."""

    name: str = Field(min_length=1)
    active: bool = True
    online: bool = False
    last_seen: datetime | None = None
    holding: int | None = None  # open conversations held (None: a relay that does not say)


class ConversationState(WireModel):
    """What agents share about a conversation."""

    conversation: str
    owner: str | None = None
    read: bool = False
    resolved: bool = False


class ActionResult(WireModel):
    """An action's answer: the new state, and the event it made (None: nothing changed)."""

    state: ConversationState
    event: Event | None = None


class Me(WireModel):
    """Who the agent token belongs to, and the relay's public webhook URLs by platform and
    kind (``webhooks["iliveit"]["reply"]``): what a platform that is told where to post on
    every send (iLiveIt) needs. An older relay names none."""

    name: str = Field(min_length=1)
    webhooks: dict[str, dict[str, str]] = Field(default_factory=dict)

    def webhook(self, platform: str, kind: str) -> str | None:
        """The URL ``platform`` posts ``kind`` to, or None when the relay did not name it."""
        url = self.webhooks.get(platform, {}).get(kind, "")
        return url.strip() or None

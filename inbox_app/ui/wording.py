"""The UI's words for what the Qt-free layers report as states and codes, translated.

``inbox_app.core`` and ``inbox_app.livevox`` never import Qt, so their own sentences stay
English; where they report a state (sync health, where a sent message stands) or a known
fact (no contact name, a date), the UI says it here in the agent's language instead.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..core import format as fmt
from ..core import models
from ..core.conversation import ChatEntry, SendState
from ..core.models import DeliveryState
from ..core.platform import Capability
from ..core.sync import Health, HealthState
from .describe import reason_words
from .thread_row import when

translate = QCoreApplication.translate  # a name lupdate reads: translate("context", "text")

__all__ = [
    "entry_status",
    "health",
    "missing",
    "send_error",
    "send_state",
    "thread_title",
    "when",
]


def thread_title(thread: models.Thread, number: str | None, *, masked: bool = False) -> str:
    """The customer's name if the platform knows it, else their number, else the account."""
    return (
        fmt.contact_name(thread)
        or fmt.phone(number, masked=masked)
        or (thread.account and translate("wording", "Account {}").format(thread.account))
        or translate("wording", "Unknown")
    )


def delivery(status: str | None) -> str:
    """Core's delivery states (platforms whose threads core keeps) in the agent's words;
    "" for a platform's own status text ("SMS MT Delivered"), which is shown as it is."""
    words = {
        DeliveryState.QUEUED: translate("wording", "Accepted, not sent yet"),
        DeliveryState.SENT: translate("wording", "Sent"),
        DeliveryState.DELIVERED: translate("wording", "Delivered"),
        DeliveryState.FAILED: translate("wording", "Not delivered"),
        DeliveryState.UNKNOWN: translate("wording", "Delivery not known"),
    }
    try:
        return words[DeliveryState(status or "")]
    except ValueError:
        return ""


def missing(capability: Capability, platform: str) -> str:
    """Why an action is not offered: the platform cannot do it."""
    words = {
        Capability.TRANSFER: translate("wording", "{} has no agents to transfer conversations to."),
        Capability.RESOLVE: translate("wording", "{} has no way to resolve a conversation."),
        Capability.GROUP_INBOX: translate(
            "wording", "{} has no group inboxes to take conversations from or give them back to."
        ),
    }
    return words.get(capability, translate("wording", "{} cannot do this.")).format(platform)


def health(state: HealthState) -> str:
    """The status bar's words for the connection."""
    if state.health is Health.LIVE:
        return translate("wording", "Live")
    if state.health is Health.EXPIRED:
        return translate("wording", "Session expired — sign in again")
    seconds = round(state.retry_in_s or 0)
    if state.health is Health.OFFLINE:
        if seconds:
            return translate("wording", "Offline — retrying in {} s").format(seconds)
        return translate("wording", "Offline — retrying")
    if seconds:
        return translate("wording", "Connection trouble — retrying in {} s").format(seconds)
    return translate("wording", "Connection trouble — retrying")


def send_state(state: SendState) -> str:
    """Where one of the agent's messages stands (empty for the server's own messages, whose
    LiveVox status — "SMS MT Delivered" — is shown as LiveVox wrote it)."""
    return {
        SendState.QUEUED: translate("wording", "Queued — sends when LiveVox answers"),
        SendState.SENDING: translate("wording", "Sending…"),
        SendState.CHECKING: translate("wording", "Checking whether it was sent…"),
        SendState.SENT: translate("wording", "Sent"),
        SendState.FAILED: translate("wording", "Not sent"),
        SendState.HELD: translate("wording", "Held"),
    }.get(state, "")


def send_error(entry: ChatEntry, platform: str) -> str:
    """Why one of the agent's messages is not sent (yet), with the platform's words."""
    if entry.error is None:
        return ""
    text = reason_words(entry.error, platform)
    words = (entry.detail or "").strip().rstrip(".")
    if words and words not in text:
        text = translate("describe", "{0} ({1} said: {2}.)").format(text, platform, words)
    return text


def entry_status(entry: ChatEntry, platform: str = "") -> str:
    """The line under a bubble, after the time."""
    if entry.state is SendState.FAILED:
        if entry.error:
            reason = translate("wording", "Not sent — {}").format(send_error(entry, platform))
        else:
            reason = translate("wording", "Not sent")
        return translate("wording", "{} · double-click to try again").format(reason)
    if entry.state is SendState.HELD:
        return held_status(entry, platform)
    if entry.state is SendState.SERVER:
        return delivery(entry.status) or entry.status or ""
    return send_state(entry.state)


def held_status(entry: ChatEntry, platform: str = "") -> str:
    """A message the compliance guard stopped: why, and when it goes (quiet hours) or what
    the agent can do (double-click: the guard decides anew)."""
    reason = send_error(entry, platform)
    if entry.send_at is not None:
        at = entry.send_at.astimezone().strftime("%H:%M")
        return translate("wording", "Held — {0} Goes out at {1} (your time).").format(reason, at)
    return translate("wording", "Held, not sent — {} · double-click to try again").format(reason)

"""Which inbox, and the loaded pages of its threads (the state the workspace keeps)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .thread_table import ThreadTable, customer_number, our_number

if TYPE_CHECKING:
    from .models import Channel

__all__ = ["InboxRef", "ThreadList", "customer_number", "our_number"]


@dataclass(frozen=True, slots=True)
class InboxRef:
    """Which inbox: the platform names it by channel id (agent or service id), type and scope."""

    channel_id: str
    channel: str
    personal: bool

    @classmethod
    def of(cls, channel: Channel) -> InboxRef:
        return cls(channel.channel_id, channel.channel, bool(channel.personal))


@dataclass(eq=False)
class ThreadList:
    """The loaded pages of one inbox's threads (the threads themselves are on disk)."""

    ref: InboxRef
    threads: ThreadTable
    pages_loaded: int = 0
    exhausted: bool = False
    loading: bool = False
    first_page_size: int = 0

    def can_fetch_more(self) -> bool:
        return not self.exhausted and not self.loading

    def index_of(self, thread_id: str | None) -> int:
        return self.threads.index_of_id(thread_id)

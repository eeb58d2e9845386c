"""The one interface every SMS platform is seen through, and what each can do.

Core (the workspace, the outbox, sync) calls only these methods and catches only
:class:`~.outcomes.PlatformError`; an adapter per platform (``core/platforms/``) turns its
protocol client's calls, models and errors into these. The UI never sees a platform: it asks
the workspace what the platform can do (:class:`Capability`) and shows that and nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Protocol, runtime_checkable

from .inbox import InboxRef
from .models import Channel, ChannelCounts, Message, Service, SmsCode, Template, TermCode, Thread
from .models import TransferAgent as Agent
from .store import OutboxItem

__all__ = ["Account", "Capability", "Platform", "Services"]


class Capability(StrEnum):
    """Things a platform may or may not do; the UI offers exactly what is declared."""

    SERVER_THREADS = "server-threads"  # threads and inboxes live on the platform
    GROUP_INBOX = "group-inbox"  # personal and group inboxes: take / to group
    TRANSFER = "transfer"  # other agents to hand a thread to
    RESOLVE = "resolve"  # a thread can be resolved (with a term code where there are some)
    TERM_CODES = "term-codes"
    SERVER_READ_STATE = "server-read-state"  # read / unread kept by the platform
    TEMPLATES = "templates"
    AGENT_COUNTS = "agent-counts"  # the agent's own counters (sent, unread, active)
    INBOUND_PULL = "inbound-pull"  # customers' replies are fetched by polling
    INBOUND_PUSH = "inbound-push"  # customers' replies arrive through the relay
    DELIVERY_STATUS = "delivery-status"  # sent / delivered / failed per message
    CHECK_BEFORE_RESEND = "check-before-resend"  # a lost send can be looked up
    SERVICES = "services"  # the agent joins one of their services to send (LiveVox)
    PASSWORDS = "passwords"  # passwords expire and the agent changes them here


class Platform(Protocol):
    """One signed-in account on one platform."""

    name: str  # how the agent knows it: "LiveVox", "Live Link 365"
    capabilities: frozenset[Capability]

    @property
    def agent_id(self) -> str | None: ...

    async def sign_in_again(self, password: str) -> None:
        """The session ended and the held password no longer works: the agent gave a new one."""

    async def sign_out(self) -> None:
        """End the session on the platform (the local data is core's to clear)."""

    async def close(self) -> None:
        """Release connections; nothing is called afterwards."""

    async def pull(self) -> bool:
        """Fetch what the platform keeps for us to ask for (customers' replies, delivery
        reports) into core's threads; True when anything changed. Platforms with threads of
        their own (``SERVER_THREADS``) are read directly and do nothing here. A pull may stop
        early on a large backlog (``backlog`` True): the next one goes on from there."""

    @property
    def backlog(self) -> bool: ...

    async def inboxes(self) -> list[Channel]: ...

    async def counts(self) -> ChannelCounts | None:
        """The agent's own counters, where the platform keeps them."""

    async def threads(self, ref: InboxRef, page: int) -> list[Thread]:
        """One page of an inbox, newest activity first; page numbers start at 1."""

    async def history(self, thread_id: str, page: int) -> list[Message]:
        """One page of a thread's messages, newest first."""

    async def set_read(self, ref: InboxRef, thread: Thread, read: bool) -> None: ...

    async def to_group(self, thread: Thread) -> None: ...

    async def take(self, thread: Thread) -> None: ...

    async def transfer(self, ref: InboxRef, thread: Thread, agent: Agent) -> None: ...

    async def resolve(
        self,
        thread: Thread,
        account: str,
        term_code_id: str | None,
        payment_amount: str | None = None,
    ) -> None:
        """Resolve with a term code; ``payment_amount`` for a code that requires one."""

    async def agents(self, thread: Thread) -> list[Agent]:
        """Who a thread can be transferred to."""

    async def templates(self) -> list[Template]: ...

    async def sender_numbers(self) -> list[SmsCode]:
        """The numbers (SMS codes) the agent may send from."""

    async def term_codes(self) -> Sequence[TermCode]: ...

    async def send(self, item: OutboxItem) -> str:
        """Put one outbox item on the wire once; returns the platform's id for it."""

    async def find_sent(self, item: OutboxItem, claimed: set[str]) -> str | None:
        """Look for an earlier attempt of ``item`` that reached the platform (an id not in
        ``claimed``); None when it is not there. Raises PlatformError with
        ``Reason.MAY_HAVE_BEEN_SENT`` when the platform cannot tell."""


@runtime_checkable
class Services(Protocol):
    """A platform whose agents work inside one service at a time (``Capability.SERVICES``).

    ``services`` is None while unknown (the platform did not say), empty when the agent
    has none; ``service_id`` is the one joined, None before joining.
    """

    services: tuple[Service, ...] | None
    service_id: str | None

    async def join_service(self, service_id: str) -> None: ...


@runtime_checkable
class Account(Protocol):
    """A platform whose passwords expire (``Capability.PASSWORDS``)."""

    @property
    def days_until_password_expires(self) -> int | None: ...

    async def change_password(self, password: str, new_password: str) -> None: ...

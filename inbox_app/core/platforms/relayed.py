"""What IMIconnect and iLiveIt share: platforms that report only by webhook, to our relay.

Neither platform keeps threads, so they are core's (:class:`~..local_threads.LocalThreads`),
built from what we send and from the relay's events. :meth:`RelayedPlatform.pull` reads every
event after the cursor kept with the threads (``cursor("relay")``), oldest first, in one
request per page (``wait=0``: the sync round does the waiting), and saves the cursor after
each page: a restart goes on from there, so nothing is missed, and an event read twice
(a crash between applying a page and saving its cursor) changes nothing the second time
(customers' messages are keyed by the platform's id, reports only move a state forward,
agents' actions carry the conversation's whole new state).

**Inboxes and ownership.** Agents share each conversation through the relay: who holds it
(``owner``), whether it is read, whether it is resolved. Per our number there is a
*personal* inbox (the open conversations this agent holds) and a *group* inbox (the open
conversations nobody holds). A conversation another agent holds is in neither: it is theirs
to answer, and it shows again when they release it, transfer it here, or resolve it and the
customer writes again. A resolved conversation is in no inbox until the customer writes
again (the relay reopens it, and so do the local threads). Take is a claim (a 409 names the
holder: ``Reason.CONFLICT``), "to group" a release, transfer a transfer to an agent the relay
lists; read state is the relay's, shared by everyone.

Each platform's module adds what differs: reading its webhook bodies, sending, and looking
up a send whose answer was lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol, TypeVar

from ...relayapi import RelayClient
from ...relayapi import errors as relay_errors
from ...relayapi import models as relay
from ..inbox import InboxRef
from ..local_threads import Inbound, LocalThreads
from ..models import (
    Channel,
    ChannelCounts,
    DeliveryState,
    Message,
    SmsCode,
    Template,
    TermCode,
    Thread,
    TransferAgent,
)
from ..numbers import address, e164, label
from ..outcomes import PlatformError, Reason
from ..platform import Capability
from ..store import OutboxItem
from .errors import problem, translated

__all__ = [
    "RELAY",
    "REPORT_WAIT_S",
    "RelayedPlatform",
    "Report",
    "open_clients",
    "problem",
    "translated",
    "whoami",
]


log = logging.getLogger("inbox_app.core.platforms.relayed")

RELAY = "relay"  # the cursor's name in the local threads
PAGE_SIZE = 50
EVENTS_PER_PAGE = 200
# Pages of events per pull: a first sign-in with a long history is worked off over quick
# rounds (``backlog``) while the inbox is already on screen.
PAGES_PER_PULL = 10
REPORT_WAIT_S = 120.0  # a lost send not in the reports after this long: the agent decides

CAPABILITIES = frozenset(
    {
        Capability.GROUP_INBOX,
        Capability.TRANSFER,
        Capability.RESOLVE,
        Capability.SERVER_READ_STATE,
        Capability.INBOUND_PUSH,
        Capability.DELIVERY_STATUS,
    }
)

_RELAY_REASONS: tuple[tuple[type[Exception], Reason], ...] = (
    (relay_errors.Unauthorized, Reason.SESSION_EXPIRED),
    (relay_errors.Claimed, Reason.CONFLICT),
    (relay_errors.BadRequest, Reason.BAD_REQUEST),
    (relay_errors.NotFound, Reason.NOT_FOUND),
    (relay_errors.RateLimited, Reason.RATE_LIMITED),
    (relay_errors.ServerError, Reason.SERVER_TROUBLE),
    (relay_errors.ProtocolError, Reason.UNREADABLE_ANSWER),
)


async def whoami(relay_client: RelayClient, platform: str) -> relay.Me:
    """The agent the token belongs to and the relay's webhooks, asked at sign-in, where each
    failure names which server and which detail: a refused token is ``AGENT_TOKEN_REFUSED``;
    nothing answering at the address, or something that is not a relay (a 404, an answer
    that is not the relay's), is ``RELAY_UNREACHABLE``; the relay's other troubles keep
    their reasons (``platform`` names the platform signed in to)."""
    try:
        return await relay_client.me()
    except relay_errors.Unauthorized as exc:
        raise PlatformError(
            Reason.AGENT_TOKEN_REFUSED, platform=platform, status=exc.status
        ) from None
    except (relay_errors.TransportError, relay_errors.NotFound, relay_errors.ProtocolError) as exc:
        raise PlatformError(
            Reason.RELAY_UNREACHABLE, platform=platform, status=getattr(exc, "status", None)
        ) from None
    except relay_errors.RelayError as exc:
        raise problem(
            exc,
            platform=platform,
            reasons=_RELAY_REASONS,
            transport=relay_errors.TransportError,
            unknown=(relay_errors.ServerError, relay_errors.ProtocolError),
        ) from None


class _Client(Protocol):
    async def aclose(self) -> None: ...


C = TypeVar("C", bound=_Client)


async def open_clients(
    relay_url: str,
    agent_token: str,
    platform: str,
    make_client: Callable[[], C],
    check: Callable[[C, relay.Me], Awaitable[None]],
) -> tuple[RelayClient, C, relay.Me]:
    """Sign-in's two clients, the relay's and the platform's (``make_client``), with the
    agent named by the relay (:func:`whoami`) and the platform's credential checked by
    ``check``; an address that cannot be a server is ``BAD_INPUT``, and on any failure both
    clients are closed."""
    try:
        relay_client = RelayClient(relay_url, agent_token)
    except ValueError as exc:
        raise PlatformError(Reason.BAD_INPUT, platform=platform, server_words=str(exc)) from None
    try:
        client = make_client()
    except ValueError as exc:
        await relay_client.aclose()
        raise PlatformError(Reason.BAD_INPUT, platform=platform, server_words=str(exc)) from None
    try:
        me = await whoami(relay_client, platform)
        await check(client, me)
    except BaseException:
        await relay_client.aclose()
        await client.aclose()
        raise
    return relay_client, client, me


@dataclass(frozen=True, slots=True)
class Report:
    """A delivery report read from an event: the platform's id for the message, its state,
    when, and our key for the send when the platform echoes it (IMIconnect's correlationid)."""

    platform_id: str
    state: DeliveryState
    at: datetime
    key: str | None = None


class RelayedPlatform:
    """One agent signed in to the relay (``relay``, as agent ``agent``) for one platform
    (``key``: ``imiconnect`` or ``iliveit``), sending from ``numbers``; subclasses read the
    platform's events and send."""

    name = ""
    key = ""
    capabilities = CAPABILITIES
    inbound_kinds: frozenset[str] = frozenset()
    report_kinds: frozenset[str] = frozenset()
    unreadable: tuple[type[Exception], ...] = ()  # the protocol's errors for a bad body

    def __init__(
        self,
        relay_client: RelayClient,
        threads: LocalThreads,
        *,
        agent: str,
        numbers: Sequence[str],
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.relay = relay_client
        self.local = threads
        self.agent = agent
        self.numbers = tuple(dict.fromkeys(address(n) or n for n in numbers if n.strip()))
        self._clock = clock
        self.pulls = 0
        self.backlog = False
        # One pull at a time (a sync round's and a lost send's check): the cursor only moves on.
        self._pulling = asyncio.Lock()

    # --- errors -----------------------------------------------------------------------------

    def _relay_call(self) -> contextlib.AbstractContextManager[None]:
        return translated(
            relay_errors.RelayError,
            platform=self.name,
            reasons=_RELAY_REASONS,
            transport=relay_errors.TransportError,
            unknown=(relay_errors.ServerError, relay_errors.ProtocolError),
        )

    def _not_here(self) -> PlatformError:
        return PlatformError(Reason.NOT_SUPPORTED, platform=self.name)

    # --- the session ------------------------------------------------------------------------

    @property
    def agent_id(self) -> str | None:
        return self.agent

    async def sign_in_again(self, password: str) -> None:
        raise self._not_here()  # tokens and keys are static: a new one means a new sign-in

    async def sign_out(self) -> None:
        """Nothing to end: the agent token stays valid until an administrator revokes it."""

    async def close(self) -> None:
        await self.relay.aclose()
        await self._close_platform()
        await self.local.close()

    async def _close_platform(self) -> None:  # pragma: no cover - each platform has a client
        raise NotImplementedError

    # --- the relay's events -----------------------------------------------------------------

    async def pull(self) -> bool:
        """Every event after the kept cursor (at most PAGES_PER_PULL pages: ``backlog`` then
        says more wait); True when anything changed."""
        async with self._pulling:
            return await self._pull()

    async def _pull(self) -> bool:
        self.pulls += 1
        await self._announce()
        kept = await self.local.cursor(RELAY)
        cursor = int(kept) if kept and kept.isdigit() else 0
        changed = False
        for _ in range(PAGES_PER_PULL):
            with self._relay_call():
                page = await self.relay.events(after=cursor, wait=0, limit=EVENTS_PER_PAGE)
            for event in page.events:
                if event.platform == self.key:
                    changed = await self._apply(event) or changed
            if page.cursor != cursor:
                cursor = page.cursor
                await self.local.set_cursor(RELAY, str(cursor))
            if len(page.events) < EVENTS_PER_PAGE:
                self.backlog = False
                return changed
        self.backlog = True
        return changed

    async def _announce(self) -> None:
        """Tell the relay about our sends it has not heard of (a ``sent`` event each), so a
        colleague who gets the conversation sees our replies; kept on disk until it has
        them, so a relay that is away is told later."""
        for sent in await self.local.unannounced():
            try:
                key = relay.conversation_key(self.key, sent.ours, sent.customer)
            except ValueError:  # a number the relay cannot key: nobody else can show it
                await self.local.announced(sent.rowid)
                continue
            with self._relay_call():
                await self.relay.sent(key, sent.platform_id, sent.text, sent.at)
            await self.local.announced(sent.rowid)

    async def _apply(self, event: relay.Event) -> bool:
        state = event.state
        if state is not None:
            await self._share(state)
            return True
        try:
            if event.kind == "sent":
                return await self._sent_elsewhere(event)
            if event.kind in self.inbound_kinds:
                inbound = await self._inbound(event)
                if inbound is None:
                    return False
                return bool(await self.local.record_inbound_many([inbound]))
            if event.kind in self.report_kinds:
                return await self._report(await self._reports(event))
        except (ValueError, *self.unreadable) as exc:  # a body we cannot read, a bad number
            log.warning("%s %s event %d skipped: %s", self.key, event.kind, event.cursor, exc)
            return False
        return False

    async def _sent_elsewhere(self, event: relay.Event) -> bool:
        """A message sent from a desktop (ours too: recorded already, so nothing changes)."""
        sent, key = event.sent, event.conversation
        if sent is None or key is None:
            return False
        _, ours, customer = relay.split_key(key)
        recorded = await self.local.record_outbound(
            ours, customer, sent.text, sent.at, outbox_id=None, platform_ids=[sent.id]
        )
        return recorded.new_thread or sent.agent != self.agent

    async def _record_sent(
        self,
        item: OutboxItem,
        customer: str,
        ids: Sequence[str],
        state: DeliveryState = DeliveryState.SENT,
    ) -> str:
        """One of our sends, with the ids the platform gave it (none yet: queued)."""
        recorded = await self.local.record_outbound(
            item.from_number,
            customer,
            item.text,
            datetime.fromtimestamp(item.created_at, UTC),
            outbox_id=item.id,
            platform_ids=ids,
            delivery=state if ids else DeliveryState.QUEUED,
        )
        return recorded.message_id

    async def _reported(self, item: OutboxItem, claimed: set[str]) -> str | None:
        """A lost send found in the platform's reports under our key for it (those read so
        far, else after one more pull); None when none names it yet."""
        ids = [i for i in await self.local.sent_key(item.id) if i not in claimed]
        if not ids:
            await self.pull()
            ids = [i for i in await self.local.sent_key(item.id) if i not in claimed]
        if not ids:
            return None
        return await self._record_sent(item, e164(item.to_number) or item.to_number, ids)

    async def _share(self, state: relay.ConversationState) -> str:
        _, ours, customer = relay.split_key(state.conversation)
        return await self.local.set_shared(
            ours, customer, owner=state.owner, read=state.read, resolved=state.resolved
        )

    async def _report(self, reports: Sequence[Report]) -> bool:
        changed = False
        for report in reports:
            if report.key:
                await self.local.remember_sent_key(report.key, [report.platform_id])
            if await self.local.set_delivery(report.platform_id, report.state, report.at):
                changed = True
        return changed

    async def _inbound(self, event: relay.Event) -> Inbound | None:  # pragma: no cover
        raise NotImplementedError

    async def _reports(self, event: relay.Event) -> list[Report]:  # pragma: no cover
        raise NotImplementedError

    # --- reading ----------------------------------------------------------------------------

    async def inboxes(self) -> list[Channel]:
        for number in self.numbers:
            await self.local.add_inbox(number)
        return await self.local.shared_inboxes(self.agent)

    async def counts(self) -> ChannelCounts | None:
        return None

    async def threads(self, ref: InboxRef, page: int) -> list[Thread]:
        owner = self.agent if ref.personal else None
        return await self.local.shared_threads(ref.channel_id, owner, page, PAGE_SIZE)

    async def history(self, thread_id: str, page: int) -> list[Message]:
        return await self.local.history(thread_id, page, PAGE_SIZE)

    async def agents(self, thread: Thread) -> list[TransferAgent]:
        """The relay's active agents but this one; "ready" when seen in the last 90 s."""
        with self._relay_call():
            listed = await self.relay.agents()
        return [
            TransferAgent(
                agent_id=a.name,
                login_id=a.name,
                name=a.name,
                status="READY" if a.online else "NOT_READY",
                open_threads=a.holding,
            )
            for a in listed
            if a.active and a.name != self.agent
        ]

    async def templates(self) -> list[Template]:
        return []

    async def sender_numbers(self) -> list[SmsCode]:
        return [SmsCode(code=n, description=label(n)) for n in self.numbers]

    async def term_codes(self) -> Sequence[TermCode]:
        return ()

    # --- shared thread actions --------------------------------------------------------------

    async def _conversation(self, thread: Thread) -> str:
        numbers = await self.local.thread_numbers(thread.thread_id) if thread.thread_id else None
        if numbers is None:
            raise PlatformError(Reason.NO_THREAD_ID, platform=self.name)
        try:
            return relay.conversation_key(self.key, *numbers)
        except ValueError as exc:
            raise PlatformError(
                Reason.BAD_INPUT, platform=self.name, server_words=str(exc)
            ) from None

    async def _act(self, thread: Thread, action: str, *args: str) -> None:
        """Ask the relay; its answer (the conversation's new state) is applied at once, so the
        agent's own inboxes do not wait for the next pull."""
        key = await self._conversation(thread)
        with self._relay_call():
            result = await getattr(self.relay, action)(key, *args)
        await self._share(result.state)

    async def set_read(self, ref: InboxRef, thread: Thread, read: bool) -> None:
        await self._act(thread, "read" if read else "unread")

    async def take(self, thread: Thread) -> None:
        await self._act(thread, "claim")

    async def to_group(self, thread: Thread) -> None:
        await self._act(thread, "release")

    async def transfer(self, ref: InboxRef, thread: Thread, agent: TransferAgent) -> None:
        await self._act(thread, "transfer", agent.login_id or agent.agent_id)

    async def resolve(
        self,
        thread: Thread,
        account: str,
        term_code_id: str | None,
        payment_amount: str | None = None,
    ) -> None:
        """Resolved for everyone (no term codes on these platforms)."""
        await self._act(thread, "resolve")

    # --- sending (the platform's) -------------------------------------------------------------

    async def send(self, item: OutboxItem) -> str:  # pragma: no cover - each platform sends
        raise NotImplementedError

    async def find_sent(self, item: OutboxItem, claimed: set[str]) -> str | None:
        """An earlier attempt of ``item``: already recorded; named by a report carrying our
        key for it (:meth:`_reported`); or found by the platform itself
        (:meth:`_look_up`). None of these after REPORT_WAIT_S: it may have been sent, and
        the agent decides (never sent again blind); a report that comes later still
        settles it."""
        known = await self.local.find_outbound(outbox_id=item.id)
        if known is not None and known not in claimed:
            return known
        found = await self._reported(item, claimed)
        if found is None:
            found = await self._look_up(item, claimed)
        if found is not None:
            return found
        if self._clock() - item.created_at < REPORT_WAIT_S:
            raise PlatformError(Reason.NOT_REPORTED_YET, platform=self.name)
        raise PlatformError(Reason.MAY_HAVE_BEEN_SENT, platform=self.name)

    async def _look_up(self, item: OutboxItem, claimed: set[str]) -> str | None:
        """Ask the platform for a lost send; None where it offers no way (iLiveIt)."""
        return None

"""The agent's workspace: inboxes, threads, history, sending and thread actions, on any
platform — the one object the UI talks to.

Actions are optimistic: the lists change at once, the platform is asked, and if it refuses
the change is rolled back and :class:`~.outcomes.ActionFailed` says which action and why
(typed: the UI words it). The UI observes the evented lists and never sees a platform; it
asks :meth:`Workspace.can` what the platform does and offers only that.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Hashable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from .bulk import Bulk, BulkKind, Step
from .compliance import Guard, HistoryEntry, Verdict
from .consent_book import ConsentBook
from .conversation import ChatEntry, Conversation, SendState
from .evented import EventedList
from .hooks import Hook
from .inbox import InboxRef, ThreadList
from .models import (
    Channel,
    ChannelCounts,
    ChannelKind,
    Message,
    Service,
    SmsCode,
    Template,
    TermCode,
    Thread,
    TransferAgent,
)
from .numbers import e164
from .outbox import Outbox, OutboxItem, OutboxState
from .outcomes import Action, ActionFailed, PlatformError, Reason
from .platform import Account, Capability, Platform, Services
from .thread_table import ThreadShelf, customer_number

__all__ = ["Workspace"]

log = logging.getLogger("inbox_app.core.workspace")

T = TypeVar("T")

_KIND_ORDER = {kind: i for i, kind in enumerate(ChannelKind)}
CHANGES_PER_TURN = 8  # row changes of a refreshed first page made in one loop turn


class Workspace:
    """Everything one signed-in agent does, on whichever platform: the one object the UI
    talks to."""

    def __init__(
        self,
        platform: Platform,
        outbox: Outbox | None = None,
        *,
        guard: Guard | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        """``guard``: the compliance rules every send is checked against at the moment it
        leaves (the app always gives one; None only where a test is not about compliance).
        ``now``: the wall clock the guard reads (tests move it)."""
        self._platform = platform
        self.outbox = outbox or Outbox(platform, None)
        self.outbox.changed.connect(self._outbox_changed)
        self.guard = guard
        self.now: Callable[[], datetime] = now or (lambda: datetime.now(UTC))
        self.consent = ConsentBook(self.outbox.store)
        self.outbox.gate = self._gate
        self.channels: EventedList[Channel] = EventedList()
        self.counts: ChannelCounts | None = None
        self.counts_changed: Hook[ChannelCounts] = Hook()
        self.templates: list[Template] = []
        self.sender_numbers: list[SmsCode] = []
        self.term_codes: tuple[TermCode, ...] = ()
        self._shelf = ThreadShelf()
        self._lists: dict[InboxRef, ThreadList] = {}
        self._conversations: dict[str, Conversation] = {}
        self._in_flight: dict[Hashable, asyncio.Future[Any]] = {}
        self._stale: set[InboxRef] = set()
        self.requests_started = 0  # every request this inbox put on the wire (traffic checks)
        # Pulls that brought something (a reply, a delivery report): sync compares it.
        self.pulled_changes = 0

    async def _shared(self, key: Hashable, start: Callable[[], Awaitable[T]]) -> T:
        """Join an identical request already in flight instead of sending a second one."""
        running = self._in_flight.get(key)
        if running is None:
            self.requests_started += 1
            running = asyncio.ensure_future(start())
            self._in_flight[key] = running
            running.add_done_callback(lambda done: self._done(key, done))
        return await asyncio.shield(running)

    # --- what the platform is and does ------------------------------------------------------

    @property
    def platform_name(self) -> str:
        return self._platform.name

    def can(self, capability: Capability) -> bool:
        return capability in self._platform.capabilities

    @property
    def backlog(self) -> bool:
        """The last pull stopped before it had everything (sync comes back at once)."""
        return self._platform.backlog

    @property
    def agent_id(self) -> str | None:
        return self._platform.agent_id

    async def sign_in_again(self, password: str) -> None:
        """The session ended and the held password no longer works (the agent typed it)."""
        await self._platform.sign_in_again(password)

    async def sign_out(self) -> None:
        await self._platform.sign_out()

    async def close(self) -> None:
        """Let shared requests end, then release the platform's connections."""
        await self.settle()
        await self._platform.close()

    # --- loading ----------------------------------------------------------------------------

    async def load_channels(self) -> list[Channel]:
        """The inboxes with their counts; on a platform without threads of its own, after
        pulling what it has for us (customers' replies, delivery reports; on a platform that
        reports through the relay, the relay's events, agents' actions included)."""
        pulled = self.can(Capability.INBOUND_PULL) or self.can(Capability.INBOUND_PUSH)
        if not self.can(Capability.SERVER_THREADS) and pulled:
            if await self._shared("pull", self._platform.pull):
                self.pulled_changes += 1
        channels = await self._shared("channels", self._platform.inboxes)
        channels.sort(key=lambda c: (_KIND_ORDER[c.kind], not c.personal, c.channel_name or ""))
        self.channels.reset(channels)
        return channels

    async def load_counts(self) -> ChannelCounts | None:
        """The agent's own counters, where the platform keeps them."""
        if not self.can(Capability.AGENT_COUNTS):
            return None
        counts = await self._shared(("counts", self.agent_id), self._platform.counts)
        if counts is not None:
            self.counts = counts
            self.counts_changed.emit(counts)
        return counts

    async def load_lists(self) -> None:
        """Templates, sender numbers and term codes: what the composer and the dialogs offer."""
        templates, numbers, codes = await asyncio.gather(
            self._platform.templates() if self.can(Capability.TEMPLATES) else _nothing(),
            self._platform.sender_numbers(),
            self._platform.term_codes() if self.can(Capability.TERM_CODES) else _nothing(),
        )
        self.templates, self.sender_numbers = list(templates), list(numbers)
        self.term_codes = tuple(codes)

    def thread_list(self, ref: InboxRef) -> ThreadList:
        if ref not in self._lists:
            self._lists[ref] = ThreadList(ref, self._shelf.table())
        return self._lists[ref]

    async def fetch_more(self, ref: InboxRef) -> int:
        """Load the next page of an inbox; returns how many new threads arrived."""
        threads = self.thread_list(ref)
        if not threads.can_fetch_more():
            return 0
        threads.loading = True
        try:
            page = await self._thread_page(ref, threads.pages_loaded + 1)
        finally:
            threads.loading = False
        known = threads.threads.known_ids([t.thread_id for t in page])
        fresh = [t for t in page if t.thread_id not in known]
        threads.pages_loaded += 1
        threads.first_page_size = threads.first_page_size or len(page)
        # Only a short or empty page ends the inbox: a full page of known threads just means
        # new conversations arrived on top and pushed these down a page.
        if not page or len(page) < threads.first_page_size:
            threads.exhausted = True
        threads.threads.extend(fresh)
        return len(fresh)

    async def load_whole_inbox(self, ref: InboxRef) -> None:
        """Every page of an inbox (a supervisor selecting all of a queue). A page the list
        is loading already is waited for, not asked twice; a page that brings nothing
        ends it."""
        threads = self.thread_list(ref)
        while not threads.exhausted:
            if threads.loading:
                await asyncio.sleep(0.05)
                continue
            pages = threads.pages_loaded
            await self.fetch_more(ref)
            if threads.pages_loaded == pages:
                return

    async def refresh_first_page(self, ref: InboxRef) -> list[Thread]:
        """Bring the top of a loaded inbox up to date, keeping the agent's place.

        New threads go in at the top, threads with new activity move up, changed ones are
        replaced; rows are moved, not reset, so selection and scroll survive.
        """
        threads = self.thread_list(ref)
        page = await self._thread_page(ref, 1)
        items = threads.threads
        changes = 0
        for position, fresh in enumerate(page):
            if changes and changes % CHANGES_PER_TURN == 0:
                # Each change is a row move or insert in the views (a few hundred µs with a
                # filter proxy over a long list): a page of them is spread over loop turns.
                await asyncio.sleep(0)
            position = min(position, len(items))  # the list may have changed meanwhile
            index = threads.index_of(fresh.thread_id)
            if index < 0:
                items.insert(position, [fresh])
                changes += 1
                continue
            if index != position:
                items.move(index, min(position, len(items) - 1))
                changes += 1
            if items[position] != fresh:
                items.replace_at(position, fresh)
                changes += 1
        if len(page) < (threads.first_page_size or len(page) + 1):
            # The whole inbox fits on this page: a thread not on it is gone from the server.
            fresh_ids = {t.thread_id for t in page}
            for index in range(len(items) - 1, -1, -1):
                if items[index].thread_id not in fresh_ids:
                    items.remove_at(index)
            threads.exhausted = True
        threads.pages_loaded = max(threads.pages_loaded, 1)
        threads.first_page_size = threads.first_page_size or len(page)
        return page

    def take_stale(self) -> set[InboxRef]:
        """Inboxes whose last action had an unknown outcome: re-read them from the server."""
        stale, self._stale = self._stale, set()
        return stale

    async def reload_threads(self, ref: InboxRef) -> None:
        """Start an inbox over from page one (after a change made elsewhere)."""
        threads = self.thread_list(ref)
        threads.threads.reset([])
        threads.pages_loaded = threads.first_page_size = 0
        threads.exhausted = False
        await self.fetch_more(ref)

    async def settle(self, grace: float = 2.0) -> None:
        """Let shared requests finish (or cancel them after ``grace``) before the loop ends.

        They are shielded from their waiters' cancellation, so the task runner's shutdown
        does not reach them; a request left pending when the loop closes leaves an unawaited
        connect coroutine behind (anyio's happy-eyeballs task) and a warning at exit."""
        running = list(self._in_flight.values())
        if not running:
            return
        _, late = await asyncio.wait(running, timeout=grace)
        for request in late:
            request.cancel()
        if late:
            await asyncio.wait(late, timeout=grace)

    def _done(self, key: Hashable, done: asyncio.Future[Any]) -> None:
        self._in_flight.pop(key, None)
        if not done.cancelled():
            done.exception()  # retrieved here: every waiter may have gone away

    def _thread_page(self, ref: InboxRef, page: int) -> Awaitable[list[Thread]]:
        return self._shared(("threads", ref, page), lambda: self._platform.threads(ref, page))

    async def _history_page(self, thread_id: str, page: int) -> list[Message]:
        messages = await self._shared(
            ("history", thread_id, page), lambda: self._platform.history(thread_id, page)
        )
        await self.consent.note_and_keep(messages)  # a STOP counts wherever it was read
        return messages

    def conversation(self, thread_id: str) -> Conversation:
        if thread_id not in self._conversations:
            conversation = Conversation(thread_id)
            for item in self.outbox.for_thread(thread_id):
                conversation.show_outbox(item)  # queued from an earlier run
            self._conversations[thread_id] = conversation
        return self._conversations[thread_id]

    async def load_history(self, thread_id: str) -> Conversation:
        conversation = self.conversation(thread_id)
        conversation.loading = True
        try:
            page = await self._history_page(thread_id, 1)
        finally:
            conversation.loading = False
        if conversation.pages_loaded:
            # Opened again: the older pages the agent scrolled through stay; page one merges.
            conversation.merge_newest(page)
        else:
            conversation.replace_history(page)
        return conversation

    async def refresh_history(self, thread_id: str) -> list[ChatEntry]:
        """Fetch page one of a conversation again and merge it; returns new entries."""
        page = await self._history_page(thread_id, 1)
        return self.conversation(thread_id).merge_newest(page)

    async def load_older(self, thread_id: str) -> int:
        conversation = self.conversation(thread_id)
        if not conversation.can_load_older():
            return 0
        conversation.loading = True
        try:
            page = await self._history_page(thread_id, conversation.pages_loaded + 1)
        finally:
            conversation.loading = False
        return conversation.add_older(page)

    # --- optimistic helpers -----------------------------------------------------------------

    def _replace_thread(self, ref: InboxRef, thread: Thread) -> Thread | None:
        threads = self.thread_list(ref)
        index = threads.index_of(thread.thread_id)
        if index < 0:
            return None
        before = threads.threads[index]
        threads.threads.replace_at(index, thread)
        return before

    def _take_out(self, ref: InboxRef, thread: Thread) -> int:
        threads = self.thread_list(ref)
        index = threads.index_of(thread.thread_id)
        if index >= 0:
            threads.threads.remove_at(index)
            self._adjust_channel(ref, total=-1, unread=0 if thread.read else -1)
        return index

    def _put_back(self, ref: InboxRef, index: int, thread: Thread) -> None:
        if index < 0:
            return
        threads = self.thread_list(ref)
        if threads.index_of(thread.thread_id) < 0:
            threads.threads.insert(index, [thread])
            self._adjust_channel(ref, total=+1, unread=0 if thread.read else +1)

    def _adjust_channel(self, ref: InboxRef, *, total: int = 0, unread: int = 0) -> None:
        index = self.channels.index_where(lambda c: InboxRef.of(c) == ref)
        if index < 0:
            return
        channel = self.channels[index]
        self.channels.replace_at(
            index,
            channel.model_copy(
                update={
                    "total_count": max(0, (channel.total_count or 0) + total),
                    "unread_count": max(0, (channel.unread_count or 0) + unread),
                }
            ),
        )

    # --- actions ----------------------------------------------------------------------------

    async def set_read(self, ref: InboxRef, thread: Thread, read: bool) -> None:
        """Mark a thread read (opening it does this) or unread."""
        thread_id = _thread_id(thread, Action.MARK_READ if read else Action.MARK_UNREAD)
        index = self.thread_list(ref).index_of(thread_id)
        current = self.thread_list(ref).threads
        was_read = bool(current[index].read) if index >= 0 else bool(thread.read)
        if was_read != read:
            self._replace_thread(ref, thread.model_copy(update={"read": read}))
            self._adjust_channel(ref, unread=-1 if read else +1)
        try:
            await self._platform.set_read(ref, thread, read)
        except PlatformError as exc:
            if was_read != read:
                self._replace_thread(ref, thread.model_copy(update={"read": was_read}))
                self._adjust_channel(ref, unread=+1 if read else -1)
            if exc.unknown_outcome:
                self._stale.add(ref)
            raise ActionFailed(Action.MARK_READ if read else Action.MARK_UNREAD, exc) from None

    async def _leave(
        self, ref: InboxRef, thread: Thread, action: Action, call: Awaitable[object], who: str = ""
    ) -> None:
        """Take a thread out of its inbox at once; put it back if the platform refuses."""
        index = self._take_out(ref, thread)
        try:
            await call
        except PlatformError as exc:
            self._put_back(ref, index, thread)
            if exc.unknown_outcome:
                self._stale.add(ref)  # the platform may have acted: the next sync re-reads it
            raise ActionFailed(action, exc, who=who) from None

    async def move_to_group(self, ref: InboxRef, thread: Thread) -> None:
        """Give a thread back to the group inbox."""
        await self._leave(ref, thread, Action.TO_GROUP, self._platform.to_group(thread))
        await self._arrived(self._counterpart(ref))

    async def take(self, ref: InboxRef, thread: Thread) -> None:
        """Take a thread from the group inbox into my personal inbox."""
        await self._leave(ref, thread, Action.TAKE, self._platform.take(thread))
        await self._arrived(self._counterpart(ref))

    def _counterpart(self, ref: InboxRef) -> InboxRef | None:
        """Where a thread taken from a group inbox goes (or given back from a personal one):
        the other scope's inbox of the same number, else the only one of its type."""
        others = [
            InboxRef.of(c)
            for c in self.channels
            if bool(c.personal) != ref.personal and c.channel == ref.channel
        ]
        same = [o for o in others if o.channel_id == ref.channel_id]
        if same:
            return same[0]
        return others[0] if len(others) == 1 else None

    async def _arrived(self, ref: InboxRef | None) -> None:
        """A thread moved into ``ref``: a loaded list shows it now, not a sync round later."""
        if ref is None or ref not in self._lists or self._lists[ref].pages_loaded == 0:
            return
        try:
            await self.refresh_first_page(ref)
        except PlatformError:
            self._stale.add(ref)  # the next sync round reads it again

    async def transfer(self, ref: InboxRef, thread: Thread, agent: TransferAgent) -> None:
        who = agent.name or agent.login_id
        call = self._platform.transfer(ref, thread, agent)
        await self._leave(ref, thread, Action.TRANSFER, call, who)

    async def resolve(
        self,
        ref: InboxRef,
        thread: Thread,
        *,
        account: str,
        term_code_id: str | None,
        payment_amount: str | None = None,
    ) -> None:
        call = self._platform.resolve(thread, account, term_code_id, payment_amount)
        await self._leave(ref, thread, Action.RESOLVE, call)

    def bulk(
        self,
        ref: InboxRef,
        kind: BulkKind,
        steps: Sequence[Step],
        *,
        term_code_id: str | None = None,
    ) -> Bulk:
        """A supervisor's action on many threads of ``ref``, one thread at a time through
        the same path as a single action (see :mod:`.bulk`); the caller runs it."""

        async def act(step: Step) -> None:
            thread = step.thread
            if kind in (BulkKind.TRANSFER, BulkKind.SPREAD):
                assert step.agent is not None, "a transfer step names its agent"
                await self.transfer(ref, thread, step.agent)
            elif kind is BulkKind.RESOLVE:
                account = (thread.account or "").strip()
                await self.resolve(ref, thread, account=account, term_code_id=term_code_id)
            elif kind in (BulkKind.READ, BulkKind.UNREAD):
                await self.set_read(ref, thread, kind is BulkKind.READ)
            elif kind is BulkKind.TAKE:
                await self.take(ref, thread)
            else:
                await self.move_to_group(ref, thread)

        return Bulk(steps, act)

    # --- the agent's service and password (where the platform has them) --------------------

    @property
    def services(self) -> tuple[Service, ...] | None:
        """The agent's services; None when the platform has none or did not say."""
        platform = self._platform
        return platform.services if isinstance(platform, Services) else None

    @property
    def service_id(self) -> str | None:
        platform = self._platform
        return platform.service_id if isinstance(platform, Services) else None

    @property
    def sending_unavailable(self) -> Reason | None:
        """Why nothing can be sent now (not in a service), or None."""
        if self.services is not None and self.service_id is None:
            return Reason.NO_SERVICE
        return None

    async def join_service(self, service_id: str) -> None:
        """Work in this service from now on: its numbers and term codes come with it."""
        platform = self._platform
        if not isinstance(platform, Services):
            raise PlatformError(Reason.NOT_SUPPORTED, platform=self.platform_name)
        await platform.join_service(service_id)
        await self.load_lists()

    @property
    def days_until_password_expires(self) -> int | None:
        platform = self._platform
        return platform.days_until_password_expires if isinstance(platform, Account) else None

    async def change_password(self, password: str, new_password: str) -> None:
        platform = self._platform
        if not isinstance(platform, Account):
            raise PlatformError(Reason.NOT_SUPPORTED, platform=self.platform_name)
        await platform.change_password(password, new_password)

    async def transfer_agents(self, thread: Thread) -> list[TransferAgent]:
        """Who can take this thread, available agents first."""
        agents = await self._platform.agents(thread)
        return sorted(agents, key=lambda a: (not a.available, (a.name or a.login_id).lower()))

    async def send(
        self,
        ref: InboxRef,
        thread: Thread,
        text: str,
        *,
        from_number: str,
        template_id: str | None = None,
        item_id: str | None = None,
    ) -> OutboxItem:
        """Reply in a thread through the durable outbox.

        Only a refusal is an :class:`ActionFailed`: queued, sending and "checking" messages
        are on their way and show as such; the outbox finishes them.
        """
        thread_id = _thread_id(thread, Action.SEND)
        to = customer_number(thread)
        if not to:
            raise ActionFailed(Action.SEND, PlatformError(Reason.NO_PHONE_NUMBER))
        item = await self._deliver(
            Action.SEND,
            thread_id=thread_id,
            to_number=to,
            from_number=from_number,
            text=text,
            template_id=template_id,
            account=thread.account,
            item_id=item_id,
        )
        if item.state is OutboxState.SENT and not thread.replied:
            self._replace_thread(ref, thread.model_copy(update={"replied": True}))
        return item

    async def send_new(
        self,
        to_number: str,
        text: str,
        *,
        from_number: str,
        template_id: str | None = None,
        account: str | None = None,
    ) -> OutboxItem:
        """A new SMS to any number, through the durable outbox like a reply: one whose answer
        is lost is kept and checked before anything is sent again."""
        return await self._deliver(
            Action.NEW_SMS,
            thread_id=None,
            to_number=to_number,
            from_number=from_number,
            text=text,
            template_id=template_id,
            account=account,
        )

    async def _deliver(self, action: Action, **fields: Any) -> OutboxItem:
        try:
            item = await self.outbox.submit(**fields)
        except PlatformError as exc:
            raise ActionFailed(action, exc) from None
        item = await self.outbox.deliver(item.id)
        if item.state is OutboxState.FAILED:
            raise ActionFailed(action, _refusal(item))
        return item

    async def retry_send(self, item_id: str) -> OutboxItem:
        """Send a failed message again (the agent asked)."""
        item = await self.outbox.retry(item_id)
        if item.state is OutboxState.FAILED:
            raise ActionFailed(Action.SEND, _refusal(item))
        return item

    # --- compliance -------------------------------------------------------------------------

    def verdict(self, thread: Thread) -> Verdict | None:
        """May the agent text this thread's customer now, and what should they see (the
        opt-out and its time, quiet hours, an unanswered HELP)? None without a guard or a number."""
        shown = customer_number(thread)
        if self.guard is None or not shown:
            return None  # no number: the send itself is refused (NO_PHONE_NUMBER)
        number = e164(shown) or shown
        return self.guard.check(
            customer=number,
            history=self._consent_history(number, thread.thread_id),
            now=self.now(),
        )

    def _consent_history(self, number: str, thread_id: str | None) -> list[HistoryEntry]:
        """The thread's messages on hand plus every opt-out / opt-in read for the number."""
        history = self.consent.history(number)
        conversation = self._conversations.get(thread_id) if thread_id else None
        if conversation is not None:
            history += [
                (e.inbound, e.text, e.when)
                for e in conversation.entries
                if e.state in (SendState.SERVER, SendState.SENT) and e.when is not None
            ]
        return sorted(history, key=lambda entry: entry[2])

    async def _gate(self, item: OutboxItem) -> Verdict:
        """The outbox asks right before a message leaves. A thread not read in this run is
        read now (page one), so a STOP from before a restart is not missed."""
        if self.guard is None:
            return Verdict(True, None)
        number = e164(item.to_number) or item.to_number
        threads = [item.thread_id] if item.thread_id else self._threads_of(number)
        for thread_id in threads:
            conversation = self._conversations.get(thread_id)
            if conversation is None or conversation.pages_loaded == 0:
                await self._history_page(thread_id, 1)
        return self.guard.check(
            customer=number,
            history=self._consent_history(number, item.thread_id),
            now=self.now(),
        )

    def _threads_of(self, number: str) -> list[str]:
        """Loaded threads with this customer (a new SMS has none of its own to read)."""
        digits = number.removeprefix("+1") if number.startswith("+1") else number.lstrip("+")
        found = []
        for thread_id, body in self._shelf.thread_ids_with(digits):
            thread = Thread.model_validate_json(body)
            if e164(customer_number(thread) or "") == number and thread_id not in found:
                found.append(thread_id)
        return found

    def _outbox_changed(self, item: OutboxItem) -> None:
        if item.thread_id is not None and item.thread_id in self._conversations:
            self._conversations[item.thread_id].show_outbox(item)


def _refusal(item: OutboxItem) -> PlatformError:
    return PlatformError(item.error or Reason.REFUSED, server_words=item.detail)


async def _nothing() -> list[Any]:
    return []


def _thread_id(thread: Thread, action: Action) -> str:
    if not thread.thread_id:
        raise ActionFailed(action, PlatformError(Reason.NO_THREAD_ID))
    return thread.thread_id

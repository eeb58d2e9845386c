"""The agent's inboxes: the one owner of channel, count, thread and conversation state.

Actions are optimistic: the lists change at once, the server is asked, and if it refuses
the change is rolled back and :class:`ActionFailed` carries one sentence saying why. The UI
observes the evented lists and never sees HTTP.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

from ..livevox import LiveVoxClient, errors, models
from .conversation import ChatEntry, Conversation
from .evented import EventedList
from .outbox import Outbox, OutboxItem, OutboxState
from .thread_table import ThreadShelf, ThreadTable, customer_number, our_number

__all__ = ["ActionFailed", "Inbox", "InboxRef", "ThreadList", "customer_number", "our_number"]

log = logging.getLogger("inbox_app.core.inbox")

T = TypeVar("T")

_KIND_ORDER = {kind: i for i, kind in enumerate(models.ChannelKind)}


@dataclass(frozen=True, slots=True)
class InboxRef:
    """Which inbox: LiveVox names it by channel id (agent or service id), type and scope."""

    channel_id: str
    channel: str
    personal: bool

    @classmethod
    def of(cls, channel: models.Channel) -> InboxRef:
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


def outcome_unknown(exc: errors.LiveVoxError) -> bool:
    """The request may have been carried out although no good answer came back."""
    if isinstance(exc, errors.TransportError):
        return exc.maybe_delivered
    return isinstance(exc, errors.ServerError | errors.ProtocolError)


class ActionFailed(Exception):
    """The server refused an action; any optimistic change has already been rolled back.

    When the outcome is unknown (the answer was lost), the inbox is re-read from the server
    at the next sync round, and the sentence says so."""

    def __init__(self, action: str, cause: errors.LiveVoxError) -> None:
        self.action = action
        self.cause = cause
        text = f"Could not {action}: {cause.message}"
        if outcome_unknown(cause):
            text += " The inbox will be refreshed to show what LiveVox did."
        super().__init__(text)


class Inbox:
    """State and actions of one signed-in agent."""

    def __init__(self, client: LiveVoxClient, outbox: Outbox | None = None) -> None:
        self.client = client
        self._agent_id: str | None = client.agent_id
        self.outbox = outbox or Outbox(client, None)
        self.outbox.changed.append(self._outbox_changed)
        self.channels: EventedList[models.Channel] = EventedList()
        self.counts: models.ChannelCounts | None = None
        self.counts_changed: list[Callable[[models.ChannelCounts], None]] = []
        self._shelf = ThreadShelf()
        self._lists: dict[InboxRef, ThreadList] = {}
        self._conversations: dict[str, Conversation] = {}
        self._in_flight: dict[Hashable, asyncio.Future[Any]] = {}
        self._stale: set[InboxRef] = set()
        self.requests_started = 0  # every request this inbox put on the wire (traffic checks)

    async def _shared(self, key: Hashable, start: Callable[[], Awaitable[T]]) -> T:
        """Join an identical request already in flight instead of sending a second one."""
        running = self._in_flight.get(key)
        if running is None:
            self.requests_started += 1
            running = asyncio.ensure_future(start())
            self._in_flight[key] = running
            running.add_done_callback(lambda done: self._done(key, done))
        return await asyncio.shield(running)

    @property
    def agent_id(self) -> str | None:
        """The signed-in agent; remembered, because it outlives any one session."""
        if self.client.agent_id is not None:
            self._agent_id = self.client.agent_id
        return self._agent_id

    # --- loading ----------------------------------------------------------------------------

    async def load_channels(self) -> list[models.Channel]:
        channels = await self._shared("channels", self.client.list_channels)
        channels.sort(key=lambda c: (_KIND_ORDER[c.kind], not c.personal, c.channel_name or ""))
        self.channels.reset(channels)
        return channels

    async def load_counts(self) -> models.ChannelCounts:
        agent = self.agent_id
        if agent is None:
            raise errors.NotLoggedIn()
        self.counts = await self._shared(
            ("counts", agent), lambda: self.client.channel_counts(agent)
        )
        for listener in list(self.counts_changed):
            listener(self.counts)
        return self.counts

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

    async def refresh_first_page(self, ref: InboxRef) -> list[models.Thread]:
        """Bring the top of a loaded inbox up to date, keeping the agent's place.

        New threads go in at the top, threads with new activity move up, changed ones are
        replaced; rows are moved, not reset, so selection and scroll survive.
        """
        threads = self.thread_list(ref)
        page = await self._thread_page(ref, 1)
        items = threads.threads
        for position, fresh in enumerate(page):
            index = threads.index_of(fresh.thread_id)
            if index < 0:
                items.insert(position, [fresh])
                continue
            if index != position:
                items.move(index, position)
            if items[position] != fresh:
                items.replace_at(position, fresh)
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

    def _thread_page(self, ref: InboxRef, page: int) -> Awaitable[list[models.Thread]]:
        return self._shared(
            ("threads", ref, page),
            lambda: self.client.list_threads(
                ref.channel_id, ref.channel, personal=ref.personal, page=page
            ),
        )

    def _history_page(self, thread_id: str, page: int) -> Awaitable[list[models.Message]]:
        return self._shared(
            ("history", thread_id, page),
            lambda: self.client.list_messages(thread_id=thread_id, page=page),
        )

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

    def _replace_thread(self, ref: InboxRef, thread: models.Thread) -> models.Thread | None:
        threads = self.thread_list(ref)
        index = threads.index_of(thread.thread_id)
        if index < 0:
            return None
        before = threads.threads[index]
        threads.threads.replace_at(index, thread)
        return before

    def _take_out(self, ref: InboxRef, thread: models.Thread) -> int:
        threads = self.thread_list(ref)
        index = threads.index_of(thread.thread_id)
        if index >= 0:
            threads.threads.remove_at(index)
            self._adjust_channel(ref, total=-1, unread=0 if thread.read else -1)
        return index

    def _put_back(self, ref: InboxRef, index: int, thread: models.Thread) -> None:
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

    async def set_read(self, ref: InboxRef, thread: models.Thread, read: bool) -> None:
        """Mark a thread read (opening it does this) or unread."""
        thread_id = _thread_id(thread)
        current = self.thread_list(ref).threads
        index = self.thread_list(ref).index_of(thread_id)
        was_read = bool(current[index].read) if index >= 0 else bool(thread.read)
        if was_read != read:
            self._replace_thread(ref, thread.model_copy(update={"read": read}))
            self._adjust_channel(ref, unread=-1 if read else +1)
        channel_id = ref.channel_id if ref.personal else (thread.service_id or ref.channel_id)
        try:
            if read:
                await self.client.mark_read(thread_id, channel_id)
            else:
                await self.client.mark_unread(thread_id, channel_id)
        except errors.LiveVoxError as exc:
            if was_read != read:
                self._replace_thread(ref, thread.model_copy(update={"read": was_read}))
                self._adjust_channel(ref, unread=+1 if read else -1)
            if outcome_unknown(exc):
                self._stale.add(ref)
            action = "mark the conversation " + ("read" if read else "unread")
            raise ActionFailed(action, exc) from None

    async def _leave(
        self, ref: InboxRef, thread: models.Thread, action: str, call: Awaitable[object]
    ) -> None:
        """Take a thread out of its inbox at once; put it back if the server refuses."""
        index = self._take_out(ref, thread)
        try:
            await call
        except errors.LiveVoxError as exc:
            self._put_back(ref, index, thread)
            if outcome_unknown(exc):
                self._stale.add(ref)  # the server may have acted: the next sync re-reads it
            raise ActionFailed(action, exc) from None

    async def move_to_group(self, ref: InboxRef, thread: models.Thread) -> None:
        """Give a thread back to the group inbox."""
        await self._leave(
            ref,
            thread,
            "move the conversation to the group inbox",
            self.client.move_to_group(_thread_id(thread)),
        )

    async def take(self, ref: InboxRef, thread: models.Thread) -> None:
        """Take a thread from the group inbox into my personal inbox."""
        agent = self.agent_id
        if agent is None:
            raise errors.NotLoggedIn()
        await self._leave(
            ref,
            thread,
            "take the conversation",
            self.client.move_to_personal(_thread_id(thread), agent),
        )

    async def transfer(
        self, ref: InboxRef, thread: models.Thread, agent: models.TransferAgent
    ) -> None:
        who = agent.name or agent.login_id
        kind = thread.kind if thread.kind is not models.ChannelKind.OTHER else ref.channel
        call = self.client.transfer_thread(_thread_id(thread), kind, agent.agent_id)
        await self._leave(ref, thread, f"transfer the conversation to {who}", call)

    async def resolve(
        self, ref: InboxRef, thread: models.Thread, *, account: str, term_code_id: str | None
    ) -> None:
        call = self.client.resolve_thread(
            _thread_id(thread),
            thread.account or account,
            agent_entered_account=account,
            term_code_id=term_code_id,
        )
        await self._leave(ref, thread, "resolve the conversation", call)

    async def transfer_agents(self, thread: models.Thread) -> list[models.TransferAgent]:
        """Who can take this thread, available agents first."""
        agents = await self.client.list_transfer_agents(_thread_id(thread))
        return sorted(agents, key=lambda a: (not a.available, (a.name or a.login_id).lower()))

    async def send(
        self,
        ref: InboxRef,
        thread: models.Thread,
        text: str,
        *,
        from_number: str,
        template_id: str | None = None,
        item_id: str | None = None,
    ) -> OutboxItem:
        """Reply in a thread through the durable outbox.

        Only a refusal (4xx) is an :class:`ActionFailed`: queued, sending and "checking"
        messages are on their way and show as such; the outbox finishes them.
        """
        thread_id = _thread_id(thread)
        to = customer_number(thread)
        if not to:
            raise ActionFailed(
                "send", errors.LiveVoxError("This conversation has no phone number.")
            )
        item = await self.outbox.submit(
            thread_id=thread_id,
            to_number=to,
            from_number=from_number,
            text=text,
            template_id=template_id,
            account=thread.account,
            item_id=item_id,
        )
        item = await self.outbox.deliver(item.id)
        if item.state is OutboxState.FAILED:
            raise ActionFailed("send the message", errors.LiveVoxError(item.error))
        if item.state is OutboxState.SENT and not thread.replied:
            self._replace_thread(ref, thread.model_copy(update={"replied": True}))
        return item

    async def retry_send(self, item_id: str) -> OutboxItem:
        """Send a failed message again (the agent asked)."""
        item = await self.outbox.retry(item_id)
        if item.state is OutboxState.FAILED:
            raise ActionFailed("send the message", errors.LiveVoxError(item.error))
        return item

    def _outbox_changed(self, item: OutboxItem) -> None:
        if item.thread_id is not None and item.thread_id in self._conversations:
            self._conversations[item.thread_id].show_outbox(item)


def _thread_id(thread: models.Thread) -> str:
    if not thread.thread_id:
        raise ActionFailed(
            "act on the conversation",
            errors.ProtocolError("The server did not give this conversation an id."),
        )
    return thread.thread_id

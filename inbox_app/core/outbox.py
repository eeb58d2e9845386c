"""Durable sends that reach the customer once: never lost, never twice.

Every send is written to the local store as *queued* before anything else happens, and
every change of state is written before the next step is taken. The one dangerous moment is
a request that left but got no answer (timeout, dropped connection, a 5xx, a 2xx with a
broken body): the server may have stored the message. Such an item becomes *unknown*, and
before it is sent again the thread's history is searched for it; only if it is not there is
it sent again. A process that dies mid-send finds the item *sending* on restart and goes
through the same check.

Matching a history entry to an outbox item: outbound, same text, dated no earlier than the
item's creation minus a clock-skew margin, and not already claimed by another item.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from ..livevox import LiveVoxClient, errors, models
from ..livevox.redact import mask_phone
from .store import OPEN_STATES, LocalStore, OutboxItem, OutboxState

__all__ = ["Outbox", "OutboxItem", "OutboxState"]

log = logging.getLogger("inbox_app.core.outbox")

CLOCK_SKEW_S = 600.0  # server and desktop clocks may disagree by minutes
RECONCILE_PAGES = 5
KEEP_SENT_S = 24 * 3600.0
RETRY_DELAYS_S = (2.0, 5.0, 15.0, 30.0, 60.0)


@dataclass
class _Schedule:
    """When each open item may be tried again (in memory: a restart tries at once)."""

    not_before: dict[str, float] = field(default_factory=dict)


class Outbox:
    """The queue of the agent's outgoing messages.

    ``store`` may be None (tests, or a profile without a data folder): the same rules apply,
    only nothing survives a restart. ``changed`` listeners receive every new item state.
    """

    def __init__(
        self,
        client: LiveVoxClient,
        store: LocalStore | None,
        *,
        clock: Callable[[], float] = time.time,
        reconcile_delay_s: float = 2.0,
    ) -> None:
        self.client = client
        self.store = store
        self.clock = clock
        self.reconcile_delay_s = reconcile_delay_s
        self.items: dict[str, OutboxItem] = {}
        self.changed: list[Callable[[OutboxItem], None]] = []
        self._locks: dict[str, asyncio.Lock] = {}
        self._schedule = _Schedule()

    # --- state ------------------------------------------------------------------------------

    async def load(self) -> list[OutboxItem]:
        """Read what a previous run left: open items to finish, recent sent ones as claims."""
        if self.store is None:
            return []
        now = self.clock()
        for item in await self.store.outbox():
            if item.state is OutboxState.SENT and now - item.updated_at > KEEP_SENT_S:
                await self.store.remove(item.id)
                continue
            self.items[item.id] = item
        return self.open_items()

    def open_items(self) -> list[OutboxItem]:
        return [i for i in self.items.values() if i.state in OPEN_STATES]

    def for_thread(self, thread_id: str) -> list[OutboxItem]:
        return sorted(
            (i for i in self.items.values() if i.thread_id == thread_id), key=lambda i: i.created_at
        )

    async def _save(self, item: OutboxItem) -> OutboxItem:
        item = item.but(updated_at=self.clock())
        if self.store is not None:
            await self.store.put(item)
        self.items[item.id] = item
        for listener in list(self.changed):
            listener(item)
        return item

    # --- the agent's verbs ------------------------------------------------------------------

    async def submit(
        self,
        *,
        thread_id: str | None,
        to_number: str,
        from_number: str,
        text: str,
        template_id: str | None = None,
        account: str | None = None,
        item_id: str | None = None,
    ) -> OutboxItem:
        """Queue a message durably; :meth:`deliver` sends it.

        ``item_id`` lets the UI show the bubble under its final key before the write."""
        if not text.strip() and template_id is None:
            raise ValueError("An empty message cannot be sent.")
        item = OutboxItem(
            id=item_id or new_item_id(),
            thread_id=thread_id,
            to_number=to_number,
            from_number=from_number,
            text=text,
            template_id=template_id,
            account=account,
            created_at=self.clock(),
        )
        return await self._save(item)

    async def retry(self, item_id: str) -> OutboxItem:
        """The agent asks to try a failed message again."""
        item = self.items[item_id]
        if item.state is OutboxState.FAILED:
            item = await self._save(item.but(state=OutboxState.QUEUED, error=None))
            self._schedule.not_before.pop(item_id, None)
        return await self.deliver(item_id)

    async def discard(self, item_id: str) -> None:
        item = self.items.pop(item_id, None)
        if item is not None and self.store is not None:
            await self.store.remove(item_id)

    async def flush(self, *, force: bool = False) -> list[OutboxItem]:
        """Try every open item that is due (each sync round), or all of them (``force``:
        start-up, or the connection just came back: no reason to wait out a backoff)."""
        now = self.clock()
        due = [
            i for i in self.open_items() if force or self._schedule.not_before.get(i.id, 0.0) <= now
        ]
        return [await self.deliver(item.id) for item in due]

    # --- delivery ---------------------------------------------------------------------------

    async def deliver(self, item_id: str) -> OutboxItem:
        """Move one item as far as it can go now; never sends a message the server may have."""
        lock = self._locks.setdefault(item_id, asyncio.Lock())
        async with lock:
            item = self.items[item_id]
            if item.state in (OutboxState.SENDING, OutboxState.UNKNOWN):
                item = await self._settle_unknown(item)
            if item.state is not OutboxState.QUEUED:
                return item
            return await self._send(item)

    async def _settle_unknown(self, item: OutboxItem) -> OutboxItem:
        """Find out whether an earlier attempt reached the server."""
        try:
            found = await self._find_on_server(item)
        except errors.LiveVoxError as exc:
            log.info(
                "outbox %s: cannot check the history yet (%s)", item.id[:8], type(exc).__name__
            )
            self._later(item)
            return item
        if found is not None:
            log.info("outbox %s: already on the server as %s", item.id[:8], found)
            return await self._save(
                item.but(state=OutboxState.SENT, transaction_id=found, error=None)
            )
        if item.thread_id is None and not item.account:
            # A new SMS with no thread and no account cannot be looked up: never guess.
            return await self._save(
                item.but(
                    state=OutboxState.FAILED,
                    error="It is not known whether this SMS was sent. "
                    "Check before sending it again.",
                )
            )
        return await self._save(item.but(state=OutboxState.QUEUED))

    async def _send(self, item: OutboxItem) -> OutboxItem:
        item = await self._save(item.but(state=OutboxState.SENDING, attempts=item.attempts + 1))
        log.info(
            "outbox %s: sending to %s (attempt %d)",
            item.id[:8],
            mask_phone(item.to_number),
            item.attempts,
        )
        try:
            transaction_id = await self._request(item)
        except errors.TransportError as exc:
            if not exc.maybe_delivered:
                return await self._retry_later(item, exc.message)
            return await self._unknown(item, exc.message)
        except (errors.ServerError, errors.ProtocolError) as exc:
            # A 5xx or a garbled 2xx may come after the server stored the message.
            return await self._unknown(item, exc.message)
        except (errors.RateLimited, errors.SessionExpired, errors.NotLoggedIn) as exc:
            # The server did not act: wait (Retry-After for 429) and try again.
            delay = exc.retry_after if isinstance(exc, errors.RateLimited) else None
            return await self._retry_later(item, exc.message, delay)
        except errors.LiveVoxError as exc:
            reason = exc.message
            if exc.server_message:
                reason = f"{reason} ({exc.server_message.rstrip('.')}.)"
            return await self._save(item.but(state=OutboxState.FAILED, error=reason))
        self._schedule.not_before.pop(item.id, None)
        return await self._save(
            item.but(state=OutboxState.SENT, transaction_id=transaction_id, error=None)
        )

    async def _request(self, item: OutboxItem) -> str:
        if item.thread_id is not None:
            return await self.client.send_message(
                item.from_number,
                item.to_number,
                item.text,
                template_id=item.template_id,
                account=item.account,
                thread_id=item.thread_id,
            )
        if item.template_id is not None:
            return await self.client.send_sms(
                item.from_number, item.to_number, template_id=item.template_id, account=item.account
            )
        return await self.client.send_sms(
            item.from_number, item.to_number, message=item.text, account=item.account
        )

    async def _unknown(self, item: OutboxItem, reason: str) -> OutboxItem:
        log.info(
            "outbox %s: outcome unknown; will check the history before any resend", item.id[:8]
        )
        item = await self._save(item.but(state=OutboxState.UNKNOWN, error=reason))
        self._schedule.not_before[item.id] = self.clock() + self.reconcile_delay_s
        return item

    async def _retry_later(
        self, item: OutboxItem, reason: str, delay: float | None = None
    ) -> OutboxItem:
        item = await self._save(item.but(state=OutboxState.QUEUED, error=reason))
        self._later(item, delay)
        return item

    def _later(self, item: OutboxItem, delay: float | None = None) -> None:
        step = RETRY_DELAYS_S[min(item.attempts, len(RETRY_DELAYS_S) - 1)]
        self._schedule.not_before[item.id] = self.clock() + (delay if delay is not None else step)

    def retry_at(self, item_id: str) -> float | None:
        return self._schedule.not_before.get(item_id)

    async def _find_on_server(self, item: OutboxItem) -> str | None:
        claimed = {
            i.transaction_id for i in self.items.values() if i.id != item.id and i.transaction_id
        }
        earliest = item.created_at - CLOCK_SKEW_S
        if item.thread_id is not None:
            pages = self.client.iter_messages(thread_id=item.thread_id, max_pages=RECONCILE_PAGES)
        elif item.account:
            pages = self.client.iter_messages(account=item.account, max_pages=RECONCILE_PAGES)
        else:
            return None
        async for page in pages:
            for message in page:
                if self._matches(message, item, claimed, earliest):
                    return message.id
            oldest = min((m.date.timestamp() for m in page if m.date), default=None)
            if oldest is not None and oldest < earliest:
                break
        return None

    @staticmethod
    def _matches(
        message: models.Message, item: OutboxItem, claimed: set[str], earliest: float
    ) -> bool:
        if message.direction is models.Direction.INBOUND or message.id in claimed:
            return False
        if _last10(message.phone) != _last10(item.to_number):
            return False
        if message.date is not None and message.date.timestamp() < earliest:
            return False
        if item.template_id is not None and item.thread_id is None:
            return True  # a template send's text is the server's rendering: the date decides
        return message.message.strip() == item.text.strip()


def _last10(number: str) -> str:
    """Compare numbers by their last ten digits: ``+1 555…`` and ``555…`` are one customer."""
    return "".join(ch for ch in number if ch.isdigit())[-10:]


def new_item_id() -> str:
    return uuid.uuid4().hex

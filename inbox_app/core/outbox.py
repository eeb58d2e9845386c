"""Durable sends that reach the customer once: never lost, never twice.

Every send is written to the local store as *queued* before anything else happens, and
every change of state is written before the next step is taken. The one dangerous moment is
a request that left but got no answer (timeout, dropped connection, a 5xx, a 2xx with a
broken body): the server may have stored the message. Such an item becomes *unknown*, and
before it is sent again the platform is asked whether it has it (:meth:`Platform.find_sent`);
only if it is not there is it sent again, and where the platform cannot tell, the item fails
as "may have been sent" and the agent decides. A process that dies mid-send finds the item
*sending* on restart and goes through the same check.

Right before a message leaves, the ``gate`` (the workspace's compliance check) is asked
again, whatever the message is (reply, new SMS, template, queued before): a customer who
opted out or is in quiet hours gets nothing. Such an item is *held* with the reason, never
dropped; a quiet-hours hold is given the moment the customer's window opens (``send_at``)
and is tried then, through the same gate (so an opt-out in the meantime still stops it).
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..livevox.redact import mask_phone
from .hooks import Hook
from .outcomes import PlatformError, Reason
from .platform import Platform
from .store import OPEN_STATES, LocalStore, OutboxItem, OutboxState

if TYPE_CHECKING:
    from .compliance import Verdict

Gate = Callable[[OutboxItem], Awaitable["Verdict"]]

__all__ = ["Outbox", "OutboxItem", "OutboxState", "new_item_id"]

log = logging.getLogger("inbox_app.core.outbox")

KEEP_SENT_S = 24 * 3600.0
RETRY_DELAYS_S = (2.0, 5.0, 15.0, 30.0, 60.0)
RECHECK_S = 30.0  # how often a send that "may have been sent" is looked for again
# Refusals that mean the platform did not act and will accept the same message later.
_NOT_ACTED = frozenset(
    {
        Reason.CANNOT_CONNECT,
        Reason.RATE_LIMITED,
        Reason.SESSION_EXPIRED,
        Reason.SIGN_IN_REFUSED,
        Reason.NOT_SIGNED_IN,
    }
)


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
        platform: Platform,
        store: LocalStore | None,
        *,
        clock: Callable[[], float] = time.time,
        reconcile_delay_s: float = 2.0,
    ) -> None:
        self.platform = platform
        self.store = store
        self.clock = clock
        self.reconcile_delay_s = reconcile_delay_s
        self.items: dict[str, OutboxItem] = {}
        self.changed: Hook[OutboxItem] = Hook()
        self._locks: dict[str, asyncio.Lock] = {}
        self._schedule = _Schedule()
        self.gate: Gate | None = None  # asked right before each send (the workspace sets it)

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

    def held_items(self) -> list[OutboxItem]:
        return [i for i in self.items.values() if i.state is OutboxState.HELD]

    def for_thread(self, thread_id: str) -> list[OutboxItem]:
        return sorted(
            (i for i in self.items.values() if i.thread_id == thread_id), key=lambda i: i.created_at
        )

    async def _save(self, item: OutboxItem) -> OutboxItem:
        item = item.but(updated_at=self.clock())
        if self.store is not None:
            await self.store.put(item)
        self.items[item.id] = item
        self.changed.emit(item)
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
            raise PlatformError(Reason.EMPTY_MESSAGE)
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
        """The agent asks to try a failed (or held) message again: the gate decides anew."""
        item = self.items[item_id]
        if item.state in (OutboxState.FAILED, OutboxState.HELD):
            item = await self._save(
                item.but(state=OutboxState.QUEUED, error=None, detail=None, send_at=None)
            )
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
        due += [i for i in self.held_items() if i.send_at is not None and i.send_at <= now]
        for doubtful in self._doubtful():
            if force or self._schedule.not_before.get(doubtful.id, 0.0) <= now:
                await self._look_again(doubtful)
        return [await self.deliver(item.id) for item in due]

    def _doubtful(self) -> list[OutboxItem]:
        """Items that "may have been sent": the platform could not tell yet."""
        return [
            i
            for i in self.items.values()
            if i.state is OutboxState.FAILED and i.error is Reason.MAY_HAVE_BEEN_SENT
        ]

    async def _look_again(self, item: OutboxItem) -> None:
        """A report that comes late (a delivery report naming our key) still settles a send
        that "may have been sent"; looked for every RECHECK_S until the agent decides."""
        lock = self._locks.setdefault(item.id, asyncio.Lock())
        async with lock:
            item = self.items.get(item.id, item)
            if item.state is not OutboxState.FAILED or item.error is not Reason.MAY_HAVE_BEEN_SENT:
                return
            self._schedule.not_before[item.id] = self.clock() + RECHECK_S
            try:
                found = await self.platform.find_sent(item, self._claimed(item))
            except PlatformError:
                return
            if found is not None:
                log.info("outbox %s: a late report shows it was sent as %s", item.id[:8], found)
                self._schedule.not_before.pop(item.id, None)
                await self._save(
                    item.but(state=OutboxState.SENT, transaction_id=found, error=None, detail=None)
                )

    # --- delivery ---------------------------------------------------------------------------

    async def deliver(self, item_id: str) -> OutboxItem:
        """Move one item as far as it can go now; never sends a message the server may have."""
        lock = self._locks.setdefault(item_id, asyncio.Lock())
        async with lock:
            item = self.items[item_id]
            if item.state in (OutboxState.SENDING, OutboxState.UNKNOWN):
                item = await self._settle_unknown(item)
            if item.state is OutboxState.HELD and self._due(item):
                item = await self._save(item.but(state=OutboxState.QUEUED))
            if item.state is not OutboxState.QUEUED:
                return item
            if self.gate is not None:
                try:
                    verdict = await self.gate(item)
                except PlatformError as exc:  # the thread could not be read: ask again later
                    return await self._retry_later(item, exc)
                if not verdict.allowed:
                    return await self._hold(item, verdict)
            return await self._send(item)

    def _due(self, item: OutboxItem) -> bool:
        return item.send_at is not None and item.send_at <= self.clock()

    async def _hold(self, item: OutboxItem, verdict: Verdict) -> OutboxItem:
        """Keep a message the guard stopped, with why, and when it may go (quiet hours)."""
        opens = verdict.opens_at if verdict.reason is Reason.QUIET_HOURS else None
        log.info(
            "outbox %s: held for %s%s",
            item.id[:8],
            mask_phone(item.to_number),
            f" ({verdict.reason}, until {opens.isoformat()})" if opens else f" ({verdict.reason})",
        )
        self._schedule.not_before.pop(item.id, None)
        return await self._save(
            item.but(
                state=OutboxState.HELD,
                error=verdict.reason,
                detail=None,
                send_at=opens.timestamp() if opens else None,
            )
        )

    def _claimed(self, item: OutboxItem) -> set[str]:
        """Platform ids other items already stand for: never taken for ``item``'s."""
        return {
            i.transaction_id for i in self.items.values() if i.id != item.id and i.transaction_id
        }

    async def _settle_unknown(self, item: OutboxItem) -> OutboxItem:
        """Find out whether an earlier attempt reached the platform."""
        try:
            found = await self.platform.find_sent(item, self._claimed(item))
        except PlatformError as exc:
            if exc.reason is Reason.MAY_HAVE_BEEN_SENT:
                # The platform cannot tell: never guess, the agent decides.
                return await self._save(
                    item.but(state=OutboxState.FAILED, error=exc.reason, detail=None)
                )
            log.info("outbox %s: cannot check the platform yet (%s)", item.id[:8], exc.reason)
            self._later(item)
            return item
        if found is not None:
            log.info("outbox %s: already on the platform as %s", item.id[:8], found)
            return await self._save(
                item.but(state=OutboxState.SENT, transaction_id=found, error=None, detail=None)
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
            transaction_id = await self.platform.send(item)
        except PlatformError as exc:
            if exc.unknown_outcome:
                # A timeout, a 5xx or a garbled 2xx may come after the platform stored it.
                return await self._unknown(item, exc)
            if exc.reason in _NOT_ACTED:
                # The platform did not act: wait (Retry-After for 429) and try again.
                return await self._retry_later(item, exc, exc.retry_after)
            return await self._save(
                item.but(state=OutboxState.FAILED, error=exc.reason, detail=exc.server_words)
            )
        self._schedule.not_before.pop(item.id, None)
        return await self._save(
            item.but(state=OutboxState.SENT, transaction_id=transaction_id, error=None, detail=None)
        )

    async def _unknown(self, item: OutboxItem, exc: PlatformError) -> OutboxItem:
        log.info(
            "outbox %s: outcome unknown; will check the platform before any resend", item.id[:8]
        )
        item = await self._save(
            item.but(state=OutboxState.UNKNOWN, error=exc.reason, detail=exc.server_words)
        )
        self._schedule.not_before[item.id] = self.clock() + self.reconcile_delay_s
        return item

    async def _retry_later(
        self, item: OutboxItem, exc: PlatformError, delay: float | None = None
    ) -> OutboxItem:
        item = await self._save(
            item.but(state=OutboxState.QUEUED, error=exc.reason, detail=exc.server_words)
        )
        self._later(item, delay)
        return item

    def _later(self, item: OutboxItem, delay: float | None = None) -> None:
        step = RETRY_DELAYS_S[min(item.attempts, len(RETRY_DELAYS_S) - 1)]
        self._schedule.not_before[item.id] = self.clock() + (delay if delay is not None else step)

    def retry_at(self, item_id: str) -> float | None:
        return self._schedule.not_before.get(item_id)


def new_item_id() -> str:
    return uuid.uuid4().hex

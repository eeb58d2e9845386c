"""Live sync: the inbox the agent sees stays current without pressing Refresh.

One loop polls the cheap things (channels with their unread/total counts, the agent's
counters) on an adaptive interval: quick while the window is active, slower when it is not,
backed off on errors and held for ``Retry-After`` on a 429. Expensive refreshes happen only
when something changed: the visible inbox's first page when its counts move (or on every
active tick, since a new message in an already unread thread moves no counter), and the
open conversation only when its thread shows new activity. The loop is the only poller and
it is sequential, so it never has two identical requests in flight; a manual refresh
:meth:`poke`\\ s it instead of starting a second poll.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from .conversation import ChatEntry
from .hooks import Hook
from .inbox import InboxRef
from .models import Thread
from .outcomes import PlatformError, Reason

if TYPE_CHECKING:
    from .workspace import Workspace

__all__ = ["Health", "HealthState", "NewMessage", "SyncEngine"]

log = logging.getLogger("inbox_app.core.sync")

ACTIVE_INTERVAL_S = 5.0
IDLE_INTERVAL_S = 20.0  # 2-3 requests per tick: at most 9 requests a minute while idle
USER_IDLE_AFTER_S = 60.0  # no key, click or wheel for this long: the agent is not watching
MAX_BACKOFF_S = 60.0
BACKLOG_INTERVAL_S = 0.2  # between pulls while a backlog is worked off


class Health(StrEnum):
    LIVE = "live"
    RETRYING = "retrying"
    OFFLINE = "offline"
    EXPIRED = "session expired"


@dataclass(frozen=True, slots=True)
class HealthState:
    """The connection as the status bar shows it; ``problem`` is the last failure (if any)."""

    health: Health
    retry_in_s: float | None = None
    problem: PlatformError | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class NewMessage:
    """A customer wrote: which inbox, which thread, and what (for the notification)."""

    ref: InboxRef
    thread: Thread
    entries: tuple[ChatEntry, ...]


class SyncEngine:
    """Keeps channels, counts, the visible inbox and the open conversation current.

    The UI tells it what is on screen (``visible_inbox``, ``open_thread_id``,
    ``window_active``, :meth:`note_input`) and listens to ``health_changed`` and
    ``new_messages``. The quick interval is for an agent at the screen: an active window
    *and* input within ``user_idle_after_s``. A window left in front of an empty chair for a
    whole shift polls at the idle rate (the per-agent traffic budget is 12 requests a minute).
    """

    def __init__(
        self,
        workspace: Workspace,
        *,
        active_interval_s: float = ACTIVE_INTERVAL_S,
        idle_interval_s: float = IDLE_INTERVAL_S,
        max_backoff_s: float = MAX_BACKOFF_S,
        user_idle_after_s: float = USER_IDLE_AFTER_S,
    ) -> None:
        self.workspace = workspace
        self.active_interval_s = active_interval_s
        self.idle_interval_s = idle_interval_s
        self.max_backoff_s = max_backoff_s
        self.visible_inbox: InboxRef | None = None
        self.open_thread_id: str | None = None
        self.window_active = True
        self.user_idle_after_s = user_idle_after_s
        self._last_input = time.monotonic()
        self.health = HealthState(Health.LIVE)
        self.health_changed: Hook[HealthState] = Hook()
        self.new_messages: Hook[list[NewMessage]] = Hook()
        self.ticks = 0
        self._wake = asyncio.Event()
        self._failures = 0
        self._counts: dict[InboxRef, tuple[int, int]] = {}
        self._activity: dict[str, float] = {}
        self._primed: set[InboxRef] = set()
        self._pulled_changes = 0  # the workspace's count when this engine last looked
        self._history_read: set[str] = set()  # conversations read again this round

    @property
    def attentive(self) -> bool:
        """The agent is at the screen: the window is active and was used lately."""
        recent = time.monotonic() - self._last_input < self.user_idle_after_s
        return self.window_active and recent

    def note_input(self) -> None:
        """The agent pressed a key, clicked or scrolled; coming back from idle syncs at once."""
        returning = not self.attentive
        self._last_input = time.monotonic()
        if returning and self.window_active:
            self.poke()

    # --- the loop ---------------------------------------------------------------------------

    def poke(self) -> None:
        """Sync now (manual refresh, window activated, network back)."""
        self._wake.set()

    async def run(self) -> None:
        while True:
            delay = await self.tick()
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), delay)

    async def tick(self) -> float:
        """One round; returns how long to wait before the next."""
        self.ticks += 1
        try:
            await self._sync()
        except PlatformError as exc:
            return self._failed(exc)
        recovered = self.health.health is not Health.LIVE
        self._failures = 0
        self._set_health(HealthState(Health.LIVE))
        if recovered:  # back online: what waited in the outbox goes now, not after its backoff
            await self.workspace.outbox.flush(force=True)
        if self.workspace.backlog:
            return BACKLOG_INTERVAL_S  # more replies wait on the platform: go on at once
        return self.active_interval_s if self.attentive else self.idle_interval_s

    def _failed(self, exc: PlatformError) -> float:
        if exc.reason is Reason.SIGN_IN_REFUSED:
            # Signing in again was refused: only the agent can fix that (a new password).
            self._set_health(HealthState(Health.EXPIRED, problem=exc))
            return self.max_backoff_s
        # A session expired although signing in again worked is a flaky server, not a bad
        # password: retried like any other trouble.
        health = Health.OFFLINE if exc.reason is Reason.CANNOT_CONNECT else Health.RETRYING
        return self._trouble(health, exc, exc.retry_after)

    def _trouble(self, health: Health, exc: PlatformError, wait: float | None = None) -> float:
        self._failures += 1
        if wait is None:
            wait = min(self.max_backoff_s, self.active_interval_s * 2 ** (self._failures - 1))
        log.info("sync: %s (%s); next try in %.0f s", health.value, exc.reason.value, wait)
        self._set_health(HealthState(health, wait, exc))
        return wait

    def _set_health(self, state: HealthState) -> None:
        if state != self.health:
            self.health = state
            self.health_changed.emit(state)

    # --- one round --------------------------------------------------------------------------

    async def _sync(self) -> None:
        # Both answers are awaited even when one fails: nothing of this round outlives it.
        results = await asyncio.gather(
            self.workspace.load_channels(), self.workspace.load_counts(), return_exceptions=True
        )
        for result in results:
            if isinstance(result, BaseException):
                raise result
        channels = results[0]
        assert isinstance(channels, list)
        pulled = self.workspace.pulled_changes != self._pulled_changes
        self._pulled_changes = self.workspace.pulled_changes
        self._history_read = set()
        counts = {InboxRef.of(c): (c.unread_count or 0, c.total_count or 0) for c in channels}
        moved = {ref for ref, pair in counts.items() if self._counts.get(ref) != pair}
        self._counts = counts
        # The visible inbox every round (a new message in an already unread thread moves no
        # counter); any other loaded inbox only when its counters moved.
        refresh = [ref for ref in counts if ref in moved and ref != self.visible_inbox]
        if self.visible_inbox in counts:
            refresh.insert(0, self.visible_inbox)  # type: ignore[arg-type]
        for stale in self.workspace.take_stale():  # an action's answer was lost: see what happened
            if self.workspace.thread_list(stale).pages_loaded > 0:
                await self.workspace.reload_threads(stale)
        news: list[NewMessage] = []
        for ref in refresh:
            if self.workspace.thread_list(ref).pages_loaded > 0:
                news.extend(await self._refresh(ref))
        opened = self.open_thread_id
        if pulled and opened is not None and opened not in self._history_read:
            # A delivery report moves no thread (its last activity stays): the open
            # conversation is read again (from core's own threads) so its bubbles show it.
            await self.workspace.refresh_history(opened)
        await self.workspace.outbox.flush()
        if news:
            self.new_messages.emit(news)

    async def _refresh(self, ref: InboxRef) -> list[NewMessage]:
        """Refresh an inbox's first page; report customers who wrote since the last look.

        The first look at an inbox only records where things stand: what was there before
        the agent looked is not news.
        """
        page = await self.workspace.refresh_first_page(ref)
        primed = ref in self._primed
        self._primed.add(ref)
        news: list[NewMessage] = []
        for thread in page:
            if thread.thread_id is None:
                continue
            when = thread.last_activity.timestamp() if thread.last_activity else 0.0
            before = self._activity.get(thread.thread_id)
            self._activity[thread.thread_id] = when
            if before is not None and when <= before:
                continue  # nothing new here
            is_open = thread.thread_id == self.open_thread_id
            entries: tuple[ChatEntry, ...] = ()
            if is_open:
                entries = tuple(await self.workspace.refresh_history(thread.thread_id))
                self._history_read.add(thread.thread_id)
            inbound = tuple(e for e in entries if e.inbound)
            if not primed or (is_open and self.attentive):
                continue  # not news, or the agent is reading it right now
            if thread.read is False or inbound:
                news.append(NewMessage(ref, thread, inbound))
        return news

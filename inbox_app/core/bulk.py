"""A supervisor's action on many threads at once: transfer, spread, resolve, read, take.

Each thread goes through the workspace's own action path, one at a time, so every rule of a
single action holds (the thread leaves its inbox at once and comes back if the platform
refuses; an unknown outcome re-reads the inbox). A 429 is the platform's pace, not a refusal:
the run waits what it asks (Retry-After, else a short backoff) and tries the same thread
again. Anything else the platform refuses is listed with its reason and the run goes on; a
cancel stops before the next thread. The result says, for every thread selected, which of
the three it was: done, refused (why), not started.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from .hooks import Hook
from .models import Thread, TransferAgent
from .outcomes import ActionFailed, PlatformError, Reason

__all__ = ["Bulk", "BulkKind", "BulkResult", "Step", "spread"]

RATE_LIMIT_WAITS = 6  # 429s in a row on one thread before it is listed as refused
DEFAULT_WAIT_S = 2.0  # a 429 that names no Retry-After
MAX_WAIT_S = 60.0


class BulkKind(StrEnum):
    TRANSFER = "transfer"
    SPREAD = "spread"
    RESOLVE = "resolve"
    READ = "read"
    UNREAD = "unread"
    TAKE = "take"
    TO_GROUP = "to-group"


@dataclass(frozen=True, slots=True)
class Step:
    """One thread of the selection, and the agent it goes to (transfer, spread)."""

    thread: Thread
    agent: TransferAgent | None = None


@dataclass
class BulkResult:
    done: list[Step] = field(default_factory=list)
    refused: list[tuple[Step, ActionFailed]] = field(default_factory=list)
    not_started: list[Step] = field(default_factory=list)
    cancelled: bool = False

    @property
    def total(self) -> int:
        return len(self.done) + len(self.refused) + len(self.not_started)


def spread(threads: Sequence[Thread], agents: Sequence[TransferAgent]) -> list[Step]:
    """Deal threads over the available agents, evenly: each to whoever holds fewest, when
    the platform tells how many conversations each holds (``open_threads`` of every one);
    otherwise round-robin in the order given. No available agent: a PlatformError."""
    ready = [a for a in agents if a.available]
    if not ready:
        raise PlatformError(Reason.NO_AGENT_AVAILABLE)
    if all(a.open_threads is not None for a in ready):
        load = {a.agent_id: int(a.open_threads or 0) for a in ready}
        steps = []
        for thread in threads:
            agent = min(ready, key=lambda a: (load[a.agent_id], (a.name or a.login_id).lower()))
            load[agent.agent_id] += 1
            steps.append(Step(thread, agent))
        return steps
    return [Step(thread, ready[i % len(ready)]) for i, thread in enumerate(threads)]


class Bulk:
    """One run of ``act`` over ``steps``; :meth:`run` once. ``progress`` gets (finished,
    total) after each thread; ``waiting`` gets the seconds of each rate-limit pause."""

    def __init__(
        self,
        steps: Sequence[Step],
        act: Callable[[Step], Awaitable[None]],
        *,
        sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        self.steps = list(steps)
        self._act = act
        self._cancelled = asyncio.Event()
        self._sleep = sleep
        self.progress: Hook[tuple[int, int]] = Hook()
        self.waiting: Hook[float] = Hook()
        self.result = BulkResult()

    def cancel(self) -> None:
        """Stop before the next thread (the one under way finishes: it cannot be half done)."""
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    async def run(self) -> BulkResult:
        result = self.result
        for position, step in enumerate(self.steps):
            if self.cancelled:
                result.not_started.extend(self.steps[position:])
                result.cancelled = True
                break
            failure = await self._one(step)
            if failure is None:
                result.done.append(step)
            elif failure.error.reason is Reason.RATE_LIMITED and self.cancelled:
                result.not_started.extend(self.steps[position:])
                result.cancelled = True
                break
            else:
                result.refused.append((step, failure))
            self.progress.emit((position + 1, len(self.steps)))
        return result

    async def _one(self, step: Step) -> ActionFailed | None:
        for attempt in range(RATE_LIMIT_WAITS + 1):
            try:
                await self._act(step)
            except ActionFailed as failure:
                if failure.error.reason is not Reason.RATE_LIMITED or attempt == RATE_LIMIT_WAITS:
                    return failure
                asked = failure.error.retry_after
                wait = asked if asked is not None else DEFAULT_WAIT_S * 2**attempt
                self.waiting.emit(min(wait, MAX_WAIT_S))
                if await self._pause(min(wait, MAX_WAIT_S)):
                    return failure  # cancelled while waiting: this thread was not done
            else:
                return None
        raise AssertionError("unreachable")  # pragma: no cover

    async def _pause(self, seconds: float) -> bool:
        """Wait out a 429; True when cancelled meanwhile."""
        if self._sleep is not None:
            await self._sleep(seconds)
            return self.cancelled
        try:
            await asyncio.wait_for(self._cancelled.wait(), seconds)
        except TimeoutError:
            return False
        return True

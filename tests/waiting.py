"""Waiting on a condition, never on the clock: a generous limit, and a message when it passes."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

LIMIT_S = 30.0  # far beyond any healthy wait: only a real failure reaches it


def wait_until(condition: Callable[[], object], timeout: float = LIMIT_S, what: str = "") -> None:
    """Poll ``condition`` (a blocking call is fine: the server runs in its own thread)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout:.0f} s: {what or condition}")
        time.sleep(0.02)


async def until(condition: Callable[[], object], limit: float = LIMIT_S, what: str = "") -> None:
    """The same on the running loop: other tasks go on while this one waits."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {limit:.0f} s: {what or condition}")
        await asyncio.sleep(0.02)

"""SIGTERM and SIGINT close the app the way closing its window does.

A desktop session that logs out, a system shutdown and Ctrl+C in a terminal all ask the app to
stop; the agent's drafts and outbox must reach the disk and the HTTP client and the embedded
server must stop first, so the request becomes the ordinary quit, never an abrupt end.

Python runs its own signal handlers only when the interpreter gets control, which it does not
while Qt's C++ loop idles. asyncio's ``add_signal_handler`` writes the signal number to the
loop's self-pipe (``signal.set_wakeup_fd``); qasync watches that pipe with a
``QSocketNotifier``, so the handler runs on the loop at once, idle or not.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def on_stop_signal(
    loop: asyncio.AbstractEventLoop, stop: Callable[[signal.Signals], None]
) -> Callable[[], None]:
    """Call ``stop(signal)`` on the loop for the first SIGTERM or SIGINT; a second one is left
    to the default (the agent insisting: Ctrl+C twice). Returns a function that removes the
    handlers. Where the loop cannot watch signals (Windows), nothing is installed."""
    installed: list[signal.Signals] = []

    def remove() -> None:
        while installed:
            loop.remove_signal_handler(installed.pop())

    def first(sig: signal.Signals) -> None:
        remove()
        stop(sig)

    for sig in STOP_SIGNALS:
        try:
            loop.add_signal_handler(sig, first, sig)
        except (NotImplementedError, RuntimeError, ValueError):  # no Unix loop, not main thread
            continue
        installed.append(sig)
    return remove

"""The platforms' webhook habits, for the simulators of webhook-only platforms (IMIconnect,
iLiveIt): a queue of calls to make, worked by one thread of the simulator's own.

* A call is due at a time (a delivery report some seconds after the send); due calls go out
  in (due, order queued) order, one at a time, as ``POST`` with a JSON body.
* Anything but a 2xx (or no answer) is retried after the next of ``retry_delays``; when
  they run out the call is given up and kept as failed. ``retry_field`` names a body field
  set to the number of earlier attempts on each post (iLiveIt's ``RetryCount``).
* Now and then (``duplicate_rate``) a call already answered 200 is posted once more.

Why a thread with ``urllib`` rather than an asyncio task with httpx: httpx belongs to the
protocol packages (import-linter contract ``httpx-in-protocols``), and a thread keeps a slow
receiver from ever touching the server's event loop; nothing is pushed inside a request
handler. Time comes from ``clock`` (seconds since the epoch), so a test can move it; the
worker looks at the queue every ``tick`` seconds, or at once when a call is queued.
"""

from __future__ import annotations

import copy
import json
import logging
import random
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Webhook", "WebhookConfig", "WebhookPusher"]

log = logging.getLogger("inbox_app.simulator.webhooks")

DEFAULT_RETRY_DELAYS = (1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0)
MAX_KEPT = 2000  # answered calls kept for /_sim/webhooks?delivered=1


@dataclass
class WebhookConfig:
    """The habits, changeable at run time (``POST /_sim/config``)."""

    retry_delays: tuple[float, ...] = DEFAULT_RETRY_DELAYS
    duplicate_rate: float = 0.02
    duplicate_delay: float = 0.5
    reorder_rate: float = 0.1
    timeout: float = 5.0

    def as_json(self) -> dict[str, Any]:
        return {
            "retryDelays": list(self.retry_delays),
            "duplicateRate": self.duplicate_rate,
            "duplicateDelaySeconds": self.duplicate_delay,
            "reorderRate": self.reorder_rate,
            "webhookTimeoutSeconds": self.timeout,
        }

    def update(self, changes: Mapping[str, Any]) -> list[str]:
        """Apply the keys this config knows (``as_json``'s names); returns those it took.
        ValueError for a value out of range."""
        taken = []
        for key, value in changes.items():
            if key == "retryDelays":
                if not isinstance(value, list) or not all(_seconds(v) for v in value):
                    raise ValueError("retryDelays must be a list of seconds (0 or more).")
                if len(value) > 50:
                    raise ValueError("retryDelays: at most 50 retries.")
                self.retry_delays = tuple(float(v) for v in value)
            elif key in ("duplicateRate", "reorderRate"):
                if not _seconds(value) or value > 1:
                    raise ValueError(f"{key} must be a probability from 0 to 1.")
                setattr(self, "duplicate_rate" if key == "duplicateRate" else "reorder_rate", value)
            elif key in ("duplicateDelaySeconds", "webhookTimeoutSeconds"):
                if not _seconds(value) or (key == "webhookTimeoutSeconds" and value <= 0):
                    raise ValueError(f"{key} must be a positive number of seconds.")
                setattr(self, "duplicate_delay" if key[0] == "d" else "timeout", float(value))
            else:
                continue
            taken.append(key)
        return taken


def _seconds(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value >= 0


@dataclass
class Webhook:
    """One call to make (and its story so far)."""

    id: int
    kind: str
    url: str | None
    body: dict[str, Any]
    due: float
    retry_field: str | None = None
    duplicate: bool = False
    attempts: int = 0
    state: str = "pending"  # pending, delivered, failed
    last_error: str | None = None
    answered_at: float | None = None
    history: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "url": self.url,
            "body": self.body,
            "due": self.due,
            "attempts": self.attempts,
            "state": self.state,
            "duplicate": self.duplicate,
            "lastError": self.last_error,
            "history": list(self.history),
        }


class WebhookPusher:
    """The queue and its worker thread; every method is safe from any thread."""

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.time,
        seed: int = 0,
        config: WebhookConfig | None = None,
        tick: float = 0.02,
    ) -> None:
        self.clock = clock
        self.config = config or WebhookConfig()
        self.rng = random.Random(seed)
        self._tick = tick
        self._cond = threading.Condition()
        self._queue: list[Webhook] = []
        self._done: list[Webhook] = []
        self._failed: list[Webhook] = []
        self._next_id = 1
        self._busy = False
        self._stop = False
        self._thread: threading.Thread | None = None
        self.delivered = 0
        self.duplicates_sent = 0

    # --- life cycle ---------------------------------------------------------------------------

    def start(self) -> None:
        with self._cond:
            if self._thread is not None:
                return
            self._stop = False
            self._thread = threading.Thread(target=self._run, name="sim-webhooks", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        with self._cond:
            self._stop = True
            self._cond.notify_all()
            thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout=self.config.timeout + 5)

    def reset(self) -> None:
        """Forget every call, pending or not."""
        with self._cond:
            self._queue.clear()
            self._done.clear()
            self._failed.clear()
            self.delivered = self.duplicates_sent = 0
            self._cond.notify_all()

    # --- queueing -----------------------------------------------------------------------------

    def push(
        self,
        kind: str,
        url: str | None,
        body: dict[str, Any],
        *,
        delay: float = 0.0,
        at: float | None = None,
        retry_field: str | None = None,
    ) -> Webhook:
        """Queue ``body`` for ``url``, due ``delay`` seconds from now (or ``at``). Without a
        URL the call is failed at once: nobody told the platform where to send it."""
        with self._cond:
            hook = Webhook(
                self._next_id,
                kind,
                url,
                copy.deepcopy(body),
                at if at is not None else self.clock() + max(0.0, delay),
                retry_field,
            )
            self._next_id += 1
            if not url:
                hook.state, hook.last_error = "failed", "no webhook URL configured"
                self._failed.append(hook)
            else:
                self._queue.append(hook)
                self._cond.notify_all()
            return hook

    def pending(self) -> list[dict[str, Any]]:
        with self._cond:
            return [h.as_json() for h in sorted(self._queue, key=_order)]

    def failed(self) -> list[dict[str, Any]]:
        with self._cond:
            return [h.as_json() for h in self._failed]

    def answered(self) -> list[dict[str, Any]]:
        with self._cond:
            return [h.as_json() for h in self._done]

    def summary(self) -> dict[str, Any]:
        with self._cond:
            return {
                "pending": len(self._queue),
                "failed": len(self._failed),
                "delivered": self.delivered,
                "duplicatesSent": self.duplicates_sent,
            }

    def wait_idle(self, timeout: float = 10.0, *, due_only: bool = False) -> bool:
        """Wait until nothing is queued (``due_only``: nothing due now) and no call is in
        flight; False when ``timeout`` (real seconds) passed first."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                now = self.clock()
                waiting = [h for h in self._queue if not due_only or h.due <= now]
                if not waiting and not self._busy:
                    return True
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(min(left, self._tick))

    # --- the worker ---------------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            with self._cond:
                hook = None
                while hook is None:
                    if self._stop:
                        return
                    now = self.clock()
                    due = [h for h in self._queue if h.due <= now]
                    if due:
                        hook = min(due, key=_order)
                        self._busy = True
                    else:
                        self._cond.wait(self._tick)
                body = copy.deepcopy(hook.body)
                if hook.retry_field:
                    body[hook.retry_field] = hook.attempts
                    hook.body = copy.deepcopy(body)
                timeout = self.config.timeout
            error = _post(hook.url or "", body, timeout)
            with self._cond:
                self._busy = False
                self._settle(hook, error)
                self._cond.notify_all()

    def _settle(self, hook: Webhook, error: str | None) -> None:
        """Under the lock: record the attempt's outcome and queue what follows."""
        hook.attempts += 1
        hook.history.append(error or "200")
        if hook not in self._queue:  # reset while in flight
            return
        if error is None:
            self._queue.remove(hook)
            hook.state, hook.last_error, hook.answered_at = "delivered", None, self.clock()
            self.delivered += 1
            if hook.duplicate:
                self.duplicates_sent += 1
            self._done.append(hook)
            del self._done[:-MAX_KEPT]
            if not hook.duplicate and self.rng.random() < self.config.duplicate_rate:
                again = Webhook(
                    self._next_id,
                    hook.kind,
                    hook.url,
                    copy.deepcopy(hook.body),
                    self.clock() + self.config.duplicate_delay,
                    None,  # posted again as it was answered
                    duplicate=True,
                )
                self._next_id += 1
                self._queue.append(again)
            return
        hook.last_error = error
        retries = self.config.retry_delays
        if hook.attempts > len(retries):
            self._queue.remove(hook)
            hook.state = "failed"
            self._failed.append(hook)
            log.warning(
                "gave up the %s webhook %d after %d attempts", hook.kind, hook.id, hook.attempts
            )
            return
        hook.due = self.clock() + retries[hook.attempts - 1]


def _order(hook: Webhook) -> tuple[float, int]:
    return (hook.due, hook.id)


# No proxies from the environment: the receivers are the relay or a test on this machine.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _post(url: str, body: dict[str, Any], timeout: float) -> str | None:
    """POST ``body`` as JSON; None when answered 2xx, else what went wrong (short)."""
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        url,
        data=data,
        method="POST",
        headers={"Content-Type": "application/json", "User-Agent": "inbox-sim webhooks"},
    )
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        exc.close()
        return f"HTTP {exc.code}"
    except (OSError, ValueError) as exc:  # refused, reset, timed out, a bad URL
        reason = getattr(exc, "reason", exc)
        return f"{type(exc).__name__}: {reason}"[:200]
    return None if 200 <= status < 300 else f"HTTP {status}"

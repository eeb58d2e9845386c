"""Fault injection for the simulator, as ASGI middleware, so the client's error paths can be
rehearsed on purpose: slow networks, flaky gateways, rate limits, lost sessions, broken bodies
and the classic "the connection dropped after I pressed Send: did it go through?".

Grammar of a fault spec (``--faults``, ``PUT /_sim/faults``)::

    SPEC    := RULE ( ";" RULE )*                  (newlines also separate rules)
    RULE    := [ TARGET ":" ] FAULT ( ":" OPTION )*
    TARGET  := [ METHOD " " ] PATH                 PATH is a glob: "/sms/agent/*", "/sms/"
             | METHOD                              e.g. "POST" (any path)
    FAULT   := "latency=" MS [ "+" JITTER_MS ]     add MS plus a uniform 0..JITTER_MS of delay
             | "slow=" MS                          headers at once, body trickled over MS
             | "error=" P [ "@" STATUS ]           answer STATUS (default 500) without acting
             | "malformed=" P                      act, then answer 200 with truncated JSON
             | "drop=" P                           act, then cut the connection mid-body
    OPTION  := "rate=" P                           probability for latency/slow (default 1)
             | "retry-after=" SECONDS              Retry-After header for error@429 (default 1)
    P       := a probability 0..1, or a percentage such as "30%"

Examples::

    latency=200+50
    /sms/agent/messages:error=0.3@503
    error=0.2@429:retry-after=2
    POST /sms/agent/message/send:drop=1
    GET /sms/agent/*:slow=1500:rate=0.5; error=0.05@401

Semantics: paths are matched after the ``/vN.N`` version segment is removed; a rule without
a target applies to every endpoint. All latency rules that fire add up; the first firing
error/malformed/drop rule decides the outcome; ``slow`` combines with malformed and plain
responses. ``error@401`` also ends the caller's session (the server really forgot it), so a
client's re-login path is exercised for real. Faults never apply to ``/_sim/`` admin routes.
Random choices come from one ``random.Random(seed)``, so a run is reproducible.
"""

from __future__ import annotations

import asyncio
import fnmatch
import json
import logging
import random
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

__all__ = ["FaultInjector", "FaultMiddleware", "FaultRule", "FaultSpecError", "parse_faults"]

ASGIApp = Callable[..., Any]

_KINDS = ("latency", "slow", "error", "malformed", "drop")
_OUTCOMES = ("error", "malformed", "drop")
_METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"}
_TARGET = re.compile(r"^(?:(?P<method>[A-Za-z]+|\*)(?:\s+(?P<path>\S+))?|(?P<only_path>[/*]\S*))$")


class FaultSpecError(ValueError):
    """A fault spec that cannot be parsed; the message quotes the offending part."""


@dataclass(frozen=True)
class FaultRule:
    """One parsed rule; ``source`` is its text as written."""

    kind: str
    method: str | None = None
    pattern: str | None = None
    rate: float = 1.0
    ms: float = 0.0
    jitter_ms: float = 0.0
    status: int = 500
    retry_after: float | None = None
    source: str = ""

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and method.upper() != self.method:
            return False
        if self.pattern is None:
            return True
        norm = path.rstrip("/") or "/"
        return fnmatch.fnmatchcase(norm, self.pattern)

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.source,
            "kind": self.kind,
            "method": self.method,
            "path": self.pattern,
            "rate": self.rate,
        }
        if self.kind in ("latency", "slow"):
            out["ms"] = self.ms
        if self.kind == "latency":
            out["jitterMs"] = self.jitter_ms
        if self.kind == "error":
            out["status"] = self.status
            if self.status == 429:
                out["retryAfter"] = self.retry_after
        return out


def _probability(text: str, rule: str) -> float:
    raw = text.strip()
    try:
        value = float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)
    except ValueError:
        raise FaultSpecError(
            f"In {rule!r}: {raw!r} is not a probability (use 0..1 or NN%)."
        ) from None
    if not 0.0 <= value <= 1.0:
        raise FaultSpecError(f"In {rule!r}: probability {raw!r} must be between 0 and 1.")
    return value


def _milliseconds(text: str, rule: str) -> float:
    try:
        value = float(text.strip())
    except ValueError:
        raise FaultSpecError(
            f"In {rule!r}: {text.strip()!r} is not a number of milliseconds."
        ) from None
    if not 0 <= value <= 600_000:
        raise FaultSpecError(f"In {rule!r}: {text.strip()!r} ms must be between 0 and 600000.")
    return value


def _parse_target(text: str, rule: str) -> tuple[str | None, str | None]:
    match = _TARGET.match(text.strip())
    if match is None:
        raise FaultSpecError(
            f"In {rule!r}: target {text.strip()!r} must look like "
            "'/path', 'METHOD /path' or 'METHOD'."
        )
    method = match.group("method")
    path = match.group("path") or match.group("only_path")
    if method is not None and method != "*":
        method = method.upper()
        if method not in _METHODS:
            raise FaultSpecError(f"In {rule!r}: {method!r} is not an HTTP method.")
    else:
        method = None
    if path is not None and not path.startswith(("/", "*")):
        raise FaultSpecError(f"In {rule!r}: the path {path!r} must start with '/'.")
    pattern = None if path in (None, "*") else (path.rstrip("/") or "/")
    return method, pattern


def _parse_rule(text: str) -> FaultRule:
    parts = [p.strip() for p in text.split(":")]
    method = pattern = None
    if parts and "=" not in parts[0]:
        method, pattern = _parse_target(parts[0], text)
        parts = parts[1:]
    if not parts or not parts[0]:
        raise FaultSpecError(
            f"In {text!r}: a fault is missing; use one of {', '.join(k + '=' for k in _KINDS)}."
        )
    kind, _, value = parts[0].partition("=")
    kind = kind.strip().lower()
    if kind not in _KINDS:
        raise FaultSpecError(
            f"In {text!r}: unknown fault {kind!r}; use one of {', '.join(_KINDS)}."
        )
    if not value.strip():
        raise FaultSpecError(f"In {text!r}: {kind}= needs a value.")
    fields: dict[str, Any] = {"kind": kind, "method": method, "pattern": pattern, "source": text}
    if kind == "latency":
        fixed, _, jitter = value.partition("+")
        fields["ms"] = _milliseconds(fixed, text)
        fields["jitter_ms"] = _milliseconds(jitter, text) if jitter else 0.0
    elif kind == "slow":
        fields["ms"] = _milliseconds(value, text)
    elif kind == "error":
        prob, _, status = value.partition("@")
        fields["rate"] = _probability(prob, text)
        if status:
            if not status.strip().isdigit() or not 400 <= int(status) <= 599:
                raise FaultSpecError(
                    f"In {text!r}: error status {status.strip()!r} must be "
                    "a 4xx or 5xx code such as 503, 429 or 401."
                )
            fields["status"] = int(status)
    else:
        fields["rate"] = _probability(value, text)
    for option in parts[1:]:
        key, _, val = option.partition("=")
        key = key.strip().lower()
        if key == "rate":
            if kind not in ("latency", "slow"):
                raise FaultSpecError(
                    f"In {text!r}: rate= is for latency and slow; {kind}= "
                    "already takes its probability."
                )
            fields["rate"] = _probability(val, text)
        elif key == "retry-after":
            if kind != "error":
                raise FaultSpecError(f"In {text!r}: retry-after= only goes with error=...@429.")
            try:
                seconds = float(val)
            except ValueError:
                raise FaultSpecError(
                    f"In {text!r}: retry-after={val!r} is not a number of seconds."
                ) from None
            if not 0 <= seconds <= 86400:
                raise FaultSpecError(f"In {text!r}: retry-after must be 0..86400 seconds.")
            fields["retry_after"] = seconds
        else:
            raise FaultSpecError(
                f"In {text!r}: unknown option {option!r}; options are rate= and retry-after=."
            )
    if kind == "error" and fields.get("status", 500) == 429 and "retry_after" not in fields:
        fields["retry_after"] = 1.0
    return FaultRule(**fields)


def parse_faults(spec: str | None) -> list[FaultRule]:
    """Parse a whole spec; an empty or blank spec means no faults."""
    if spec is None:
        return []
    rules = []
    for chunk in re.split(r"[;\n]", spec):
        if chunk.strip():
            rules.append(_parse_rule(chunk.strip()))
    return rules


@dataclass
class _Plan:
    delay_s: float = 0.0
    outcome: FaultRule | None = None
    slow: FaultRule | None = None


class FaultInjector:
    """The live rule set (replaceable at run time) and the seeded dice."""

    def __init__(
        self,
        rules: Iterable[FaultRule] = (),
        *,
        seed: int = 0,
        on_unauthorized: Callable[[str | None], object] | None = None,
        error_body: Callable[[int, str], dict[str, Any]] | None = None,
        credential_header: str = "LV-Session",
    ) -> None:
        """``on_unauthorized`` gets the ``credential_header`` of a request answered a
        simulated 401 (LiveVox's session, Live Link's ``Authorization``); ``error_body``
        writes the platform's error shape (default LiveVox's ``{"code", "message"}``)."""
        self._rules = list(rules)
        self.error_body = error_body or (
            lambda status, message: {"code": status, "message": message}
        )
        self.credential_header = credential_header.lower().encode("latin-1")
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self.on_unauthorized = on_unauthorized
        self.injected = 0

    @property
    def rules(self) -> list[FaultRule]:
        with self._lock:
            return list(self._rules)

    def replace(self, rules: Iterable[FaultRule]) -> None:
        with self._lock:
            self._rules = list(rules)

    def set_spec(self, spec: str | None) -> list[FaultRule]:
        rules = parse_faults(spec)
        self.replace(rules)
        return rules

    def clear(self) -> None:
        self.replace([])

    def spec(self) -> str:
        return "; ".join(r.source for r in self.rules)

    def plan(self, method: str, path: str) -> _Plan:
        plan = _Plan()
        with self._lock:
            for rule in self._rules:
                if not rule.matches(method, path):
                    continue
                fired = rule.rate >= 1.0 or self._rng.random() < rule.rate
                if not fired:
                    continue
                if rule.kind == "latency":
                    plan.delay_s += (rule.ms + self._rng.uniform(0, rule.jitter_ms)) / 1000
                elif rule.kind == "slow":
                    plan.slow = plan.slow or rule
                elif plan.outcome is None:
                    plan.outcome = rule
            if plan.outcome or plan.slow or plan.delay_s:
                self.injected += 1
        return plan


class _Capture:
    """Collects the app's response so a fault can rewrite or cut it."""

    def __init__(self) -> None:
        self.start: dict[str, Any] | None = None
        self.body = bytearray()

    async def __call__(self, message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            self.start = message
        elif message["type"] == "http.response.body":
            self.body.extend(message.get("body", b""))


def _headers_without(
    headers: Iterable[tuple[bytes, bytes]], *names: bytes
) -> list[tuple[bytes, bytes]]:
    return [(k, v) for k, v in headers if k.lower() not in names]


class FaultMiddleware:
    """Pure ASGI middleware applying the injector's plan to each HTTP request."""

    def __init__(self, app: ASGIApp, injector: FaultInjector) -> None:
        self.app = app
        self.injector = injector

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path.startswith("/_sim"):
            await self.app(scope, receive, send)
            return
        plan = self.injector.plan(scope["method"], path)
        if plan.delay_s:
            await asyncio.sleep(plan.delay_s)
        outcome = plan.outcome
        if outcome is not None and outcome.kind == "error":
            await self._error(scope, send, outcome)
            return
        if outcome is None and plan.slow is None:
            await self.app(scope, receive, send)
            return
        capture = _Capture()
        await self.app(scope, receive, capture)
        start = capture.start or {"type": "http.response.start", "status": 500, "headers": []}
        body = bytes(capture.body)
        if outcome is not None and outcome.kind == "drop":
            await self._drop(send, start, body)
            return
        if outcome is not None and outcome.kind == "malformed":
            start, body = self._malformed(body)
        if plan.slow is not None:
            await self._trickle(send, start, body, plan.slow.ms / 1000)
        else:
            await send(start)
            await send({"type": "http.response.body", "body": body, "more_body": False})

    async def _error(self, scope: dict[str, Any], send: Any, rule: FaultRule) -> None:
        status = rule.status
        headers = [(b"content-type", b"application/json")]
        if status == 401:
            session = dict(scope.get("headers") or []).get(self.injector.credential_header)
            if self.injector.on_unauthorized is not None:
                self.injector.on_unauthorized(session.decode("latin-1") if session else None)
            message = (
                "Session is not valid (simulated fault: the session was expired)."
                if self.injector.credential_header == b"lv-session"
                else "Not authorized (simulated fault: the credentials were expired)."
            )
        elif status == 429:
            retry = rule.retry_after if rule.retry_after is not None else 1.0
            headers.append((b"retry-after", f"{retry:g}".encode()))
            message = f"Too many requests (simulated fault); retry after {retry:g} s."
        else:
            message = f"Simulated fault: the server answered {status}."
        body = json.dumps(self.injector.error_body(status, message)).encode()
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body, "more_body": False})

    @staticmethod
    def _malformed(body: bytes) -> tuple[dict[str, Any], bytes]:
        broken = body[: max(1, len(body) // 2)] if len(body) > 2 else b'{"id": "56'
        if broken.strip().endswith((b"}", b"]")):
            broken = broken.rstrip()[:-1] + b',"'
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(broken)).encode()),
        ]
        return {"type": "http.response.start", "status": 200, "headers": headers}, broken

    @staticmethod
    async def _drop(send: Any, start: dict[str, Any], body: bytes) -> None:
        """Headers promise more bytes than ever come, then the app returns: uvicorn closes
        the connection and the client sees an incomplete read, after the work was done."""
        status = start.get("status", 200)
        if status in (204, 304) or status < 200:
            status = 200
        promised = len(body) + 64
        headers = _headers_without(start.get("headers", []), b"content-length")
        headers.append((b"content-length", str(promised).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        partial = body[: len(body) // 2] or b"{"
        await send({"type": "http.response.body", "body": partial, "more_body": True})

    @staticmethod
    async def _trickle(send: Any, start: dict[str, Any], body: bytes, seconds: float) -> None:
        await send(start)
        pieces = max(1, min(10, len(body)))
        step = -(-len(body) // pieces) if body else 0
        for i in range(pieces):
            await asyncio.sleep(seconds / pieces)
            chunk = body[i * step : (i + 1) * step] if body else b""
            await send({"type": "http.response.body", "body": chunk, "more_body": i < pieces - 1})


class DroppedResponseFilter(logging.Filter):
    """Silence uvicorn's complaint about the responses ``drop=`` cuts short on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != "ASGI callable returned without completing response."


def install_log_filter() -> None:
    logger = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, DroppedResponseFilter) for f in logger.filters):
        logger.addFilter(DroppedResponseFilter())

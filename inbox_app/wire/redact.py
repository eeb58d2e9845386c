"""Keep secrets (tokens, passwords, session ids) out of every log line.

Clients register each secret they hold with :func:`remember_secret`; the filter rewrites any
record that mentions one (after %-formatting, so secrets passed as arguments are caught too).
Each protocol also registers the *shapes* its secrets take on the wire with
:func:`register_patterns` (a header, a path segment, a JSON field), so that a secret that was
never registered (e.g. one from another process) still stays out. Phone numbers cannot be
told from ids by shape, so they are masked where they are logged, with :func:`mask_phone`.
"""

from __future__ import annotations

import logging
import re
import threading

__all__ = [
    "MASK",
    "RedactingFilter",
    "forget_secret",
    "install",
    "mask_phone",
    "protect_loggers",
    "redact",
    "register_patterns",
    "remember_secret",
]

MASK = "[redacted]"

_secrets: set[str] = set()
# Each pattern has two groups: what is kept (the name, ``: ``, the quote) and the secret.
_patterns: list[re.Pattern[str]] = []
_lock = threading.Lock()
# Loggers whose records can carry URLs or headers of protocol calls.
_protected: list[str] = ["inbox_app", "httpx", "httpcore"]


def register_patterns(*patterns: str | re.Pattern[str]) -> None:
    """Mask group 2 of every match of these patterns in every log line (idempotent)."""
    with _lock:
        for pattern in patterns:
            compiled = re.compile(pattern) if isinstance(pattern, str) else pattern
            if compiled.groups != 2:
                raise ValueError(f"A secret pattern needs two groups: {compiled.pattern!r}")
            if compiled not in _patterns:
                _patterns.append(compiled)


def protect_loggers(*names: str) -> tuple[str, ...]:
    """Add logger names that :func:`install` attaches the filter to; returns them all."""
    with _lock:
        _protected.extend(name for name in names if name not in _protected)
        return tuple(_protected)


def remember_secret(value: str | None) -> None:
    """Register a secret so that no log line ever shows it."""
    if value and len(value) >= 3:
        with _lock:
            _secrets.add(value)


def forget_secret(value: str | None) -> None:
    """Stop tracking a secret that is gone (logged out); the masks by pattern still apply."""
    with _lock:
        _secrets.discard(value or "")


def mask_phone(number: str) -> str:
    """``14155550123`` → ``•••••••0123``: enough to tell customers apart, not to dial."""
    digits = number.strip()
    if len(digits) <= 4:
        return digits
    return "•" * (len(digits) - 4) + digits[-4:]


def redact(text: str) -> str:
    """Return ``text`` with every known secret and every secret-shaped value masked."""
    with _lock:
        secrets = sorted(_secrets, key=len, reverse=True)
        patterns = list(_patterns)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, MASK)
    for pattern in patterns:
        text = pattern.sub(lambda m: m.group(1) + MASK, text)
    return text


class RedactingFilter(logging.Filter):
    """A logging filter that redacts the fully formatted message of each record in place."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not hide the record
            message = str(record.msg)
        cleaned = redact(message)
        if cleaned != message or record.args:
            record.msg = cleaned
            record.args = None
        if record.exc_info and not record.exc_text:
            # Tracebacks can carry URLs and headers too: format once, redacted.
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


_FILTER = RedactingFilter()


def install(*loggers: logging.Logger | logging.Handler) -> None:
    """Attach the redacting filter to the protected loggers (and any extra loggers or handlers).

    Logger filters only see records logged on that very logger, so the app should also pass
    its own handlers here: a handler filter sees every record that reaches it.
    """
    with _lock:
        names = tuple(_protected)
    for target in [*(logging.getLogger(name) for name in names), *loggers]:
        if _FILTER not in target.filters:
            target.addFilter(_FILTER)

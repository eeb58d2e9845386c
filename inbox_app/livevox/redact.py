"""Keep session ids, access tokens and passwords out of every log line.

The client registers each secret it holds; the filter rewrites any record that mentions one
(after %-formatting, so secrets passed as arguments are caught too). It also masks anything
that looks like a LiveVox session id in a ``/session/...`` path or an ``LV-`` header, so a
secret that was never registered (e.g. a session id from another process) still stays out.
Phone numbers cannot be told from thread and transaction ids by shape (both are 11-digit
numbers), so they are masked where they are logged, with :func:`mask_phone`, not here.
"""

from __future__ import annotations

import logging
import re
import threading

MASK = "[redacted]"

_HEADER = re.compile(r"(?i)(lv-(?:session|access)['\"]?\s*[:=]\s*['\"]?)([^\s'\",}]+)")
_SESSION_PATH = re.compile(r"(?i)(/session/(?:v[\d.]+/)?(?:validate|logout)/)([^/?\s'\"]+)")
_JSON_SECRET = re.compile(
    r"(?i)(['\"](?:password|sessionId|accessToken|token)['\"]\s*:\s*['\"])([^'\"]+)"
)

_secrets: set[str] = set()
_lock = threading.Lock()


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
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, MASK)
    text = _HEADER.sub(lambda m: m.group(1) + MASK, text)
    text = _SESSION_PATH.sub(lambda m: m.group(1) + MASK, text)
    text = _JSON_SECRET.sub(lambda m: m.group(1) + MASK, text)
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
# Loggers whose records can carry URLs or headers of LiveVox calls.
PROTECTED_LOGGERS = ("inbox_app", "inbox_app.livevox", "httpx", "httpcore")


def install(*loggers: logging.Logger | logging.Handler) -> None:
    """Attach the redacting filter to the protocol loggers (and any extra loggers or handlers).

    Logger filters only see records logged on that very logger, so the app should also pass
    its own handlers here: a handler filter sees every record that reaches it.
    """
    for name in PROTECTED_LOGGERS:
        target = logging.getLogger(name)
        if _FILTER not in target.filters:
            target.addFilter(_FILTER)
    for target in loggers:
        if _FILTER not in target.filters:
            target.addFilter(_FILTER)

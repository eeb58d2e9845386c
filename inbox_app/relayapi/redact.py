"""Keep the agent token out of every log line.

The machinery is :mod:`inbox_app.wire.redact`; this module registers the shape the token
takes on the wire (an ``Authorization: Bearer …`` header); the client also registers the
token itself with :func:`remember_secret`.
"""

from __future__ import annotations

from ..wire.redact import MASK, forget_secret, install, protect_loggers, redact, remember_secret
from ..wire.redact import register_patterns as _register

__all__ = ["MASK", "PROTECTED_LOGGERS", "forget_secret", "install", "redact", "remember_secret"]

_register(r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?bearer\s+)([^\s'\",}]+)")
PROTECTED_LOGGERS = protect_loggers("inbox_app.relayapi")

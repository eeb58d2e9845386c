"""Keep the application token out of every log line.

The machinery is :mod:`inbox_app.wire.redact`; this module registers the shapes an iLiveIt
secret takes on the wire: the ``Authorization: Bearer …`` header (the only place the token
travels). The client also registers the token itself with :func:`remember_secret`, so that it
is masked wherever it shows up (an exception text, a repr).
"""

from __future__ import annotations

from ..wire.redact import MASK, forget_secret, install, protect_loggers, redact, remember_secret
from ..wire.redact import register_patterns as _register

__all__ = ["MASK", "PROTECTED_LOGGERS", "forget_secret", "install", "redact", "remember_secret"]

_register(
    r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?bearer\s+)([^\s'\",}]+)",
    r"(?i)(['\"](?:access_?token|application_?token|token)['\"]\s*:\s*['\"])([^'\"]+)",
)
# Loggers whose records can carry URLs or headers of iLiveIt calls.
PROTECTED_LOGGERS = protect_loggers("inbox_app.iliveit")

"""Keep the app key, the secret and the OAuth tokens out of every log line.

The machinery is :mod:`inbox_app.wire.redact`; this module registers the shapes Live Link
secrets take: an ``Authorization: Basic …`` / ``Bearer …`` header, and ``access_token`` /
``refresh_token`` / ``client_secret`` in a JSON or form body. The client also registers each
value it holds (key, secret, the Basic header, every token) with :func:`remember_secret`.
"""

from __future__ import annotations

from ..wire.redact import MASK, forget_secret, install, protect_loggers, redact, remember_secret
from ..wire.redact import register_patterns as _register

__all__ = ["MASK", "PROTECTED_LOGGERS", "forget_secret", "install", "redact", "remember_secret"]

_register(
    r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?(?:basic|bearer)\s+)([^\s'\",}]+)",
    r"(?i)(['\"](?:access_token|refresh_token|client_secret|secret|app_?key)['\"]\s*:\s*['\"])"
    r"([^'\"]+)",
    r"(?i)((?:^|[?&\s])(?:access_token|refresh_token|client_secret)=)([^&\s'\"]+)",
)
# Loggers whose records can carry URLs or headers of Live Link calls.
PROTECTED_LOGGERS = protect_loggers("inbox_app.livelink")

"""Keep LiveVox session ids, access tokens and passwords out of every log line.

The machinery is :mod:`inbox_app.wire.redact` (one registry and one filter for every
protocol); this module registers the shapes LiveVox secrets take — a session id in a
``/session/...`` path or an ``LV-`` header, a password or token in a JSON body — and keeps
the names the rest of the app imports from here.
"""

from __future__ import annotations

from ..wire.redact import (
    MASK,
    RedactingFilter,
    forget_secret,
    install,
    mask_phone,
    protect_loggers,
    redact,
    register_patterns,
    remember_secret,
)

__all__ = [
    "MASK",
    "PROTECTED_LOGGERS",
    "RedactingFilter",
    "forget_secret",
    "install",
    "mask_phone",
    "redact",
    "remember_secret",
]

register_patterns(
    r"(?i)(lv-(?:session|access)['\"]?\s*[:=]\s*['\"]?)([^\s'\",}]+)",
    r"(?i)(/session/(?:v[\d.]+/)?(?:validate|logout)/)([^/?\s'\"]+)",
    r"(?i)(['\"](?:password|sessionId|accessToken|token)['\"]\s*:\s*['\"])([^'\"]+)",
)
# Loggers whose records can carry URLs or headers of LiveVox calls.
PROTECTED_LOGGERS = protect_loggers("inbox_app.livevox")

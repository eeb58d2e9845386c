"""Keep the service key out of every log line.

The machinery is :mod:`inbox_app.wire.redact`; this module registers the shapes the key
takes: the ``key`` request header, in a headers mapping (``'key': '…'``, ``(b'key', b'…')``)
or as a raw header line (``key: …``), and a ``key`` / ``servicekey`` field of a JSON body.
The client also registers the key itself with :func:`remember_secret`.
"""

from __future__ import annotations

from ..wire.redact import MASK, forget_secret, install, protect_loggers, redact, remember_secret
from ..wire.redact import register_patterns as _register

__all__ = ["MASK", "PROTECTED_LOGGERS", "forget_secret", "install", "redact", "remember_secret"]

_register(
    # 'key': 'v' / "key": "v" / (b'key', b'v') / "service_key": "v"
    r"(?i)(['\"](?:key|service_?key)['\"]\s*[:,]\s*b?['\"])([^'\"]+)",
    # a raw header line: "key: v" at the start of a line
    r"(?im)(^[ \t]*key[ \t]*:[ \t]*)(\S+)",
)
# Loggers whose records can carry URLs or headers of IMIconnect calls.
PROTECTED_LOGGERS = protect_loggers("inbox_app.imiconnect")

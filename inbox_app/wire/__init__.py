"""Plumbing shared by the protocol packages (``livevox``, ``livelink``): no Qt, no app code.

Only protocol packages import this package, and it imports none of them: each protocol
passes in what is its own (its error types, its name in sentences, its secret patterns).

* :mod:`.tls` - the verifying TLS context, built once in a worker thread;
* :mod:`.redact` - secrets out of log lines, with patterns each protocol registers;
* :mod:`.http` - the lazily made connection pool, transport-failure classification,
  ``Retry-After`` parsing and the retry loop for idempotent reads.

Submodules are imported explicitly; this module itself stays empty so that importing
``wire.redact`` costs no httpx.
"""

"""The TLS context every protocol connection verifies with, built once and off the event loop.

httpx builds the same context (certifi's CA bundle, verification on) inside
``AsyncHTTPTransport()``. With OpenSSL 3 that takes 30-60 ms on this machine (measured: a
single 66 ms turn of the UI thread when the client was made), and OpenSSL releases the GIL
while it works, so a worker thread takes the wait off the UI entirely.
"""

from __future__ import annotations

import asyncio
import ssl

import certifi

__all__ = ["tls_context"]

_context: ssl.SSLContext | None = None


def _build() -> ssl.SSLContext:
    return ssl.create_default_context(cafile=certifi.where())


async def tls_context() -> ssl.SSLContext:
    """The process's verifying context. Two first callers at once may each build one (the
    first kept wins); the app has one client, so that costs nothing in practice."""
    global _context
    if _context is None:
        context = await asyncio.to_thread(_build)
        _context = _context or context
    return _context

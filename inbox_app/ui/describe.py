"""One clear sentence for any failure that reaches the UI."""

from __future__ import annotations

import logging

from ..core.inbox import ActionFailed
from ..livevox import errors

log = logging.getLogger("inbox_app.ui")


def describe(exc: BaseException) -> str:
    """Our sentence first; the server's own words, when it gave any, as detail after it."""
    cause = exc.cause if isinstance(exc, ActionFailed) else exc
    if isinstance(cause, errors.LiveVoxError):
        text = str(exc) if isinstance(exc, ActionFailed) else cause.message
        detail = cause.server_message
        if detail and detail.rstrip(".") not in text:
            text = f"{text} (LiveVox said: {detail.rstrip('.')}.)"
        return text
    if isinstance(exc, ValueError):
        return str(exc)
    log.error("unexpected error", exc_info=exc)
    return f"Something went wrong ({type(exc).__name__}). The details are in the log."

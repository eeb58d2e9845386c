"""One clear sentence for any failure that reaches the UI."""

from __future__ import annotations

import logging

from ..core.inbox import ActionFailed
from ..livevox import errors

log = logging.getLogger("inbox_app.ui")


def describe(exc: BaseException) -> str:
    if isinstance(exc, ActionFailed):
        return str(exc)
    if isinstance(exc, errors.LiveVoxError):
        return exc.message
    if isinstance(exc, ValueError):
        return str(exc)
    log.error("unexpected error", exc_info=exc)
    return f"Something went wrong ({type(exc).__name__}). The details are in the log."

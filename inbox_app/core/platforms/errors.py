"""Every adapter's protocol errors as reasons, by one rule: a table of the protocol's error
types and their reasons; its transport error says whether the request may have arrived
(``maybe_delivered``); a 5xx or an unreadable answer may come after the platform acted.
Adapters differ only in their tables, so the rule is written once, here."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence

from ..outcomes import PlatformError, Reason

__all__ = ["problem", "translated"]


def problem(
    exc: Exception,
    *,
    platform: str,
    reasons: Sequence[tuple[type[Exception], Reason]],
    transport: type[Exception],
    unknown: tuple[type[Exception], ...],
) -> PlatformError:
    """A protocol's typed error as a reason. ``transport``: its TransportError (the request
    may have reached the server unless ``maybe_delivered`` is False); ``unknown``: the
    errors after which the server may have acted (a 5xx, an unreadable answer; a
    ``maybe_delivered`` attribute, where the error has one, decides)."""
    status = getattr(exc, "status", None)
    if isinstance(exc, transport):
        maybe = bool(getattr(exc, "maybe_delivered", True))
        return PlatformError(
            Reason.CONNECTION_LOST if maybe else Reason.CANNOT_CONNECT,
            platform=platform,
            status=status,
            unknown_outcome=maybe,
        )
    reason = next((r for kind, r in reasons if isinstance(exc, kind)), Reason.REFUSED)
    # The platform's own words; a claim refused by the relay names who holds it instead.
    words = getattr(exc, "owner", None) or getattr(exc, "server_message", None)
    return PlatformError(
        reason,
        platform=platform,
        status=status,
        server_words=words,
        retry_after=getattr(exc, "retry_after", None) if reason is Reason.RATE_LIMITED else None,
        unknown_outcome=isinstance(exc, unknown) and bool(getattr(exc, "maybe_delivered", True)),
    )


@contextlib.contextmanager
def translated(
    base: type[Exception],
    *,
    platform: str,
    reasons: Sequence[tuple[type[Exception], Reason]],
    transport: type[Exception],
    unknown: tuple[type[Exception], ...],
) -> Iterator[None]:
    """Any ``base`` error in the block as a :class:`PlatformError`; a ValueError (refused
    before a request: an empty number or text) as ``BAD_INPUT``."""
    try:
        yield
    except base as exc:
        raise problem(
            exc, platform=platform, reasons=reasons, transport=transport, unknown=unknown
        ) from None
    except ValueError as exc:
        raise PlatformError(Reason.BAD_INPUT, platform=platform, server_words=str(exc)) from None

"""Sign out and leave nothing behind on this desktop."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING

from . import screen_cache
from .drafts import Drafts
from .outcomes import PlatformError

if TYPE_CHECKING:
    from .workspace import Workspace

log = logging.getLogger("inbox_app.core.signout")


async def sign_out_and_clear(
    *,
    workspace: Workspace,
    drafts: Drafts,
    forget_secrets: Callable[[], Awaitable[None]] | None,
    kept_screen: Path | None = None,
) -> None:
    """End the platform session, then delete drafts, the outbox, remembered secrets
    (``forget_secrets``) and the kept first screen (``kept_screen``: its file, see
    :mod:`inbox_app.core.screen_cache`).

    Local data goes even when the platform cannot be reached: the agent asked for this
    desktop to forget, and the session will expire on its own.
    """
    try:
        await workspace.sign_out()
    except PlatformError as exc:
        log.warning("sign-out: the platform did not confirm it (%s)", exc.reason.value)
    outbox = workspace.outbox
    drafts.discard_all()
    outbox.items.clear()
    store = outbox.store or drafts.store
    if store is not None:
        await store.clear()
    if kept_screen is not None:
        screen_cache.forget(kept_screen)
    if forget_secrets is not None:
        await forget_secrets()
    log.info("signed out; local drafts, outbox, first screen and remembered secrets removed")

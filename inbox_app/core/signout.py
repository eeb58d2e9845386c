"""Sign out and leave nothing behind on this desktop."""

from __future__ import annotations

import logging
from pathlib import Path

from ..livevox import LiveVoxClient, errors
from . import screen_cache
from .credentials import CredentialStore
from .drafts import Drafts
from .outbox import Outbox

log = logging.getLogger("inbox_app.core.signout")


async def sign_out_and_clear(
    *,
    client: LiveVoxClient,
    outbox: Outbox,
    drafts: Drafts,
    credentials: CredentialStore | None,
    client_code: str,
    user_name: str,
    kept_screen: Path | None = None,
) -> None:
    """End the LiveVox session, then delete drafts, the outbox, remembered secrets and the
    kept first screen (``kept_screen``: its file, see :mod:`inbox_app.core.screen_cache`).

    Local data goes even when the server cannot be reached: the agent asked for this
    desktop to forget, and the session will expire on its own.
    """
    try:
        await client.logout()
    except errors.LiveVoxError as exc:
        log.warning("sign-out: the server did not confirm the logout (%s)", type(exc).__name__)
    drafts.discard_all()
    outbox.items.clear()
    store = outbox.store or drafts.store
    if store is not None:
        await store.clear()
    if kept_screen is not None:
        screen_cache.forget(kept_screen)
    if credentials is not None:
        await credentials.forget(client.base_url, client_code, user_name)
    log.info("signed out; local drafts, outbox, first screen and remembered secrets removed")

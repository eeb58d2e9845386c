"""What the window shows, as words, for the next start's first screen (see
:mod:`inbox_app.core.screen_cache`): the inbox tree with badges and the top rows of the
open inbox, worded as the live window words them, so nothing moves at the hand-over."""

from __future__ import annotations

from ..core.inbox import InboxRef
from ..core.screen_cache import MAX_THREADS, CachedInbox, CachedThread, ScreenCache
from .badge import BadgeRole
from .thread_list import row_words
from .view import WorkspaceView

__all__ = ["kept_screen"]


def kept_screen(window: WorkspaceView, place: str, language: str) -> ScreenCache:
    model = window.inbox_panel.model
    inboxes: list[CachedInbox] = []
    for group in range(model.rowCount()):
        parent = model.index(group, 0)
        badge = str(parent.data(BadgeRole) or "")
        inboxes.append(CachedInbox(str(parent.data()), badge, heading=True))
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            channel = model.channel(index)
            inboxes.append(
                CachedInbox(
                    str(index.data()),
                    str(index.data(BadgeRole) or ""),
                    selected=channel is not None and InboxRef.of(channel) == window.current_inbox,
                )
            )
    threads: list[CachedThread] = []
    source = window.thread_list.model.source
    for row in range(min(len(source), MAX_THREADS)):
        thread = source[row]
        words = row_words(thread, masked=window.masked)
        moment = thread.last_activity.isoformat() if thread.last_activity else None
        threads.append(CachedThread(words.title, moment, words.details, words.state, words.unread))
    return ScreenCache(
        place=place,
        language=language,
        masked=window.masked,
        inboxes=tuple(inboxes),
        threads=tuple(threads),
        counts=window.inbox_panel.counts.text(),
        where=window.connection.text(),
    )

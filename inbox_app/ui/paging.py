"""An inbox's threads, a page at a time, into the thread list: the first page when the inbox
is shown (then its first thread is opened), more as the agent scrolls."""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtCore import QCoreApplication

from ..core.inbox import InboxRef
from .view import WorkspaceView

translate = QCoreApplication.translate  # a name lupdate reads: translate("context", "text")

__all__ = ["InboxPaging"]


class InboxPaging:
    """Loads pages for the window's thread list. Asking while a page is on its way joins it
    (Qt's view asks for more on every layout); "open the first thread" is remembered until a
    page arrives for the inbox on screen."""

    def __init__(self, window: WorkspaceView) -> None:
        self.window = window
        self._loads: dict[InboxRef, asyncio.Task[Any]] = {}
        self._select_first: set[InboxRef] = set()

    def show(self, ref: InboxRef) -> None:
        """Put the inbox's loaded threads in the list; load its first page if it has none."""
        window = self.window
        threads = window.workspace.thread_list(ref)
        model = window.thread_list.model
        model.set_source(threads.threads)
        model.can_fetch_more = threads.can_fetch_more
        model.fetch_more = lambda: self.fetch_more(ref)
        if threads.pages_loaded == 0:
            self.fetch_more(ref, select_first=True)
        else:
            window.thread_list.select_row(0)

    def fetch_more(self, ref: InboxRef, *, select_first: bool = False) -> None:
        """Load an inbox's next page."""
        window = self.window
        if select_first:
            self._select_first.add(ref)
        if ref in self._loads or not window.workspace.thread_list(ref).can_fetch_more():
            return
        window.statusBar().showMessage(translate("MainWindow", "Loading conversations…"))

        def finished() -> None:
            self._loads.pop(ref, None)
            if not self._loads:
                window.statusBar().clearMessage()

        def loaded(_: int) -> None:
            finished()
            on_screen = window.current_inbox == ref and window.current_thread is None
            if ref in self._select_first and on_screen:
                self._select_first.discard(ref)
                if not window.thread_list.select_row(0):
                    window.mark_ready()

        def failed(exc: BaseException, _: str) -> None:
            finished()
            window.banner.show_error(window.describe(exc), lambda: self.fetch_more(ref))

        task = window.runner.start(
            window.workspace.fetch_more(ref),
            name="load threads",
            owner=window,
            on_result=loaded,
            on_error=failed,
        )
        if task is not None:
            self._loads[ref] = task

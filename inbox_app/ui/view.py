"""What the window offers the pieces that act for it (thread verbs, paging, the kept
screen): its panes, the open inbox and thread, and how to run work and report on it.

A protocol, so that those pieces need not import the window that builds them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any, Protocol

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from ..core.drafts import Drafts
from ..core.inbox import InboxRef
from ..core.models import Thread
from ..core.tasks import TaskRunner
from ..core.workspace import Workspace
from .banner import Banner
from .inbox_panel import InboxPanel
from .thread_list import ThreadListView

__all__ = ["WorkspaceView"]


class WorkspaceView(Protocol):
    workspace: Workspace
    runner: TaskRunner
    drafts: Drafts
    banner: Banner
    thread_list: ThreadListView
    inbox_panel: InboxPanel
    connection: QLabel

    @property
    def masked(self) -> bool: ...

    @property
    def current_inbox(self) -> InboxRef | None: ...

    @property
    def current_thread(self) -> Thread | None: ...

    def describe(self, exc: BaseException) -> str: ...

    def run(
        self,
        coro: Coroutine[Any, Any, Any],
        name: str,
        *,
        retry: Callable[[], None] | None = None,
        on_result: Callable[[Any], None] | None = None,
    ) -> asyncio.Task[Any] | None: ...

    def show_thread(self, thread: Thread | None) -> None: ...

    def mark_ready(self) -> None: ...

    def statusBar(self) -> QStatusBar: ...

    def as_widget(self) -> QWidget:
        """The window as a parent for dialogs."""

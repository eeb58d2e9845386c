"""The team beside the inbox (View, Show the team): the agents one can transfer to, their
status and, where the platform tells, how many conversations each holds; refreshed while it
is shown. Conversations dragged from the list onto an agent are transferred to them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QPoint, Qt, QTimer
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.models import Thread, TransferAgent
from .thread_list import THREAD_IDS_MIME
from .view import WorkspaceView

translate = QCoreApplication.translate  # a name lupdate reads: translate("context", "text")

__all__ = ["TeamPane"]

REFRESH_MS = 15_000
AgentRole = Qt.ItemDataRole.UserRole + 1


def agent_line(agent: TransferAgent) -> str:
    name = agent.name or agent.login_id
    status = (agent.status or translate("TeamPane", "unknown")).replace("_", " ")
    if agent.open_threads is None:
        return translate("TeamPane", "{0} — {1}").format(name, status)
    return translate("TeamPane", "{0} — {1} · holds {2}").format(name, status, agent.open_threads)


class _AgentList(QListWidget):
    """Accepts conversations dropped on an agent."""

    def __init__(
        self, dropped: Callable[[TransferAgent, list[str]], None], parent: QWidget
    ) -> None:
        super().__init__(parent)
        self._dropped = dropped
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setDropIndicatorShown(True)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(THREAD_IDS_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasFormat(THREAD_IDS_MIME) and self._agent_at(event.position()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        agent = self._agent_at(event.position())
        raw = bytes(event.mimeData().data(THREAD_IDS_MIME).data()).decode()
        ids = [i for i in raw.split("\n") if i]
        if agent is None or not ids:
            event.ignore()
            return
        event.acceptProposedAction()
        self._dropped(agent, ids)

    def _agent_at(self, position: object) -> TransferAgent | None:
        point = position.toPoint() if hasattr(position, "toPoint") else QPoint()
        item = self.itemAt(point)
        agent = item.data(AgentRole) if item is not None else None
        return agent if isinstance(agent, TransferAgent) else None


class TeamPane(QWidget):
    """``transfer(agent, threads)`` is what a drop does (the window's bulk transfer)."""

    def __init__(
        self,
        window: WorkspaceView,
        transfer: Callable[[TransferAgent, Sequence[Thread]], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.window = window
        self._transfer = transfer
        self.heading = QLabel(self.tr("Team"), self)
        self.heading.setStyleSheet("font-weight: bold")
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.agents = _AgentList(self._dropped, self)
        self.agents.setAccessibleName(self.tr("Agents you can transfer to"))
        self.agents.setAccessibleDescription(
            self.tr("Drop conversations on an agent to transfer them")
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.agents)
        layout.addWidget(self.note)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.loads = 0  # refreshes that reached the platform (tests count them)

    def showEvent(self, event: object) -> None:  # type: ignore[override]
        super().showEvent(event)  # type: ignore[arg-type]
        self.refresh()
        self.timer.start()

    def hideEvent(self, event: object) -> None:  # type: ignore[override]
        super().hideEvent(event)  # type: ignore[arg-type]
        self.timer.stop()

    def refresh(self) -> None:
        """Ask who can take the open conversation (LiveVox lists agents per conversation)."""
        thread = self.window.current_thread
        if thread is None:
            self.agents.clear()
            self.note.setText(self.tr("Open a conversation to see who can take it."))
            return
        self.window.runner.start(
            self.window.workspace.transfer_agents(thread),
            name="load the team",
            owner=self,
            on_result=self.set_agents,
            on_error=lambda exc, _: self.note.setText(self.window.describe(exc)),
        )

    def set_agents(self, agents: list[TransferAgent]) -> None:
        self.loads += 1
        self.agents.clear()
        for agent in agents:
            item = QListWidgetItem(agent_line(agent))
            item.setData(AgentRole, agent)
            if not agent.available:
                item.setForeground(self.palette().placeholderText())
            self.agents.addItem(item)
        ready = sum(a.available for a in agents)
        self.note.setText(
            self.tr("%n ready", "", ready) + " · " + self.tr("drop conversations on an agent")
        )

    def _dropped(self, agent: TransferAgent, ids: list[str]) -> None:
        ref = self.window.current_inbox
        if ref is None:
            return
        shown = self.window.workspace.thread_list(ref).threads
        wanted = set(ids)
        threads = [t for t in shown if t.thread_id in wanted]
        if threads:
            self._transfer(agent, threads)

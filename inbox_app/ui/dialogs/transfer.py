"""Pick the agent to transfer a thread to: available agents first, searchable."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from ...core import models
from . import ok_cancel

AgentRole = Qt.ItemDataRole.UserRole + 1


class TransferDialog(QDialog):
    """Shown while the agent list loads; :meth:`set_agents` fills it."""

    def __init__(self, thread_title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Transfer conversation"))
        self.status = QLabel(self.tr("Transfer {} to…").format(thread_title), self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search agents"))
        self.search.setAccessibleName(self.tr("Search agents"))
        self.search.setAccessibleDescription(self.tr("Type part of an agent's name or login"))
        self.agents = QStandardItemModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.agents)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search.textChanged.connect(self._filter)
        self.list = QListView(self)
        self.list.setModel(self.proxy)
        self.list.setAccessibleName(self.tr("Agents who can take the conversation"))
        self.list.setAccessibleDescription(self.tr("Available agents first"))
        self.list.doubleClicked.connect(lambda _: self.accept())
        self.buttons = ok_cancel(self, self.tr("Transfer"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        layout.addWidget(self.buttons)
        self.set_loading()
        self.resize(360, 420)

    def set_loading(self) -> None:
        self.list.setEnabled(False)
        self.agents.clear()
        self.agents.appendRow(QStandardItem(self.tr("Loading agents…")))

    def set_error(self, text: str) -> None:
        self.agents.clear()
        self.agents.appendRow(QStandardItem(text))

    def set_agents(self, agents: list[models.TransferAgent]) -> None:
        self.agents.clear()
        for agent in agents:
            status = (agent.status or self.tr("unknown")).upper()
            item = QStandardItem(
                f"{'●' if agent.available else '○'}  {agent.name or agent.login_id}"
                f"  ({agent.login_id}) — {status}"
            )
            item.setData(agent, AgentRole)
            item.setData(
                f"{agent.name or ''} {agent.login_id} {status}", Qt.ItemDataRole.UserRole + 2
            )
            item.setEditable(False)
            self.agents.appendRow(item)
        self.proxy.setFilterRole(Qt.ItemDataRole.UserRole + 2)
        self.list.setEnabled(bool(agents))
        if not agents:
            self.set_error(self.tr("No agent on your team can take this conversation right now."))
            return
        self.list.selectionModel().currentChanged.connect(self._selection_changed)
        self.list.setCurrentIndex(self.proxy.index(0, 0))
        self.search.setFocus()

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        if self.proxy.rowCount() and not self.list.currentIndex().isValid():
            self.list.setCurrentIndex(self.proxy.index(0, 0))

    def _selection_changed(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            self.chosen() is not None
        )

    def chosen(self) -> models.TransferAgent | None:
        index = self.list.currentIndex()
        return index.data(AgentRole) if index.isValid() else None

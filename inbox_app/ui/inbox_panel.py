"""The left pane: inboxes grouped by channel type, with unread/total badges and counts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..core import models
from ..core.evented import EventedList, ListObserver
from ..core.inbox import InboxRef
from .badge import BadgeDelegate, BadgeRole

Index = QModelIndex | QPersistentModelIndex
ChannelRole = Qt.ItemDataRole.UserRole + 1
translate = QCoreApplication.translate  # a name lupdate reads: translate("context", "text")


def kind_title(kind: models.ChannelKind) -> str:
    """The heading of a group of inboxes."""
    return {
        models.ChannelKind.SMS: translate("InboxPanel", "SMS"),
        models.ChannelKind.EMAIL: translate("InboxPanel", "Email"),
        models.ChannelKind.CHAT: translate("InboxPanel", "Chat"),
        models.ChannelKind.VOICEMAIL: translate("InboxPanel", "Voicemail"),
        models.ChannelKind.MESSAGING: translate("InboxPanel", "Messaging"),
        models.ChannelKind.OTHER: translate("InboxPanel", "Other"),
    }[kind]


def inbox_title(channel: models.Channel, among: Iterable[models.Channel] = ()) -> str:
    """The inbox's name; where a personal and a group inbox share it (one number's two
    inboxes on IMIconnect or iLiveIt), it says which one this is."""
    if not channel.channel_name:
        if channel.personal:
            return translate("InboxPanel", "Personal {}").format(channel.channel)
        return translate("InboxPanel", "Group {}").format(channel.channel)
    twin = any(
        other.channel_name == channel.channel_name
        and other.personal != channel.personal
        and other.kind is channel.kind
        for other in among
    )
    if not twin:
        return channel.channel_name
    if channel.personal:
        return translate("InboxPanel", "{} · mine").format(channel.channel_name)
    return translate("InboxPanel", "{} · group").format(channel.channel_name)


class ChannelTreeModel(QAbstractItemModel):
    """Two levels: channel types, then their inboxes (personal first).

    Internal pointers are avoided: a child index carries its group number in ``internalId``
    (group + 1), a group index carries 0.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._groups: list[tuple[models.ChannelKind, list[models.Channel]]] = []
        self._source: EventedList[models.Channel] = EventedList()
        self._unobserve = lambda: None

    def detach(self) -> None:
        """Stop observing the channels: they belong to core, which outlives this view."""
        self._unobserve()
        self._unobserve = lambda: None

    def set_source(self, channels: EventedList[models.Channel]) -> None:
        self._unobserve()
        self._source = channels
        self._unobserve = channels.observe(
            ListObserver(
                resetting=self.beginResetModel,
                reset=self._rebuild_done,
                inserting=lambda a, b: self.beginResetModel(),
                inserted=lambda a, b: self._rebuild_done(),
                removing=lambda a, b: self.beginResetModel(),
                removed=lambda a, b: self._rebuild_done(),
                changed=self._changed,
            )
        )
        self.beginResetModel()
        self._rebuild_done()

    def _rebuild_done(self) -> None:
        groups: dict[models.ChannelKind, list[models.Channel]] = {}
        for channel in self._source:
            groups.setdefault(channel.kind, []).append(channel)
        self._groups = [(kind, groups[kind]) for kind in models.ChannelKind if kind in groups]
        self.endResetModel()

    def _changed(self, first: int, last: int) -> None:
        for row in range(first, last + 1):
            channel = self._source[row]
            for g, (_kind, members) in enumerate(self._groups):
                for r, member in enumerate(members):
                    if InboxRef.of(member) == InboxRef.of(channel):
                        members[r] = channel
                        index = self.index(r, 0, self.index(g, 0))
                        self.dataChanged.emit(index, index)
                        parent = self.index(g, 0)
                        self.dataChanged.emit(parent, parent)

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, 0) if row < len(self._groups) else QModelIndex()
        if parent.internalId() != 0:
            return QModelIndex()
        group = parent.row()
        if group >= len(self._groups) or row >= len(self._groups[group][1]):
            return QModelIndex()
        return self.createIndex(row, 0, group + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == 0 and parent.row() < len(self._groups):
            return len(self._groups[parent.row()][1])
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 1

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == 0:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def channel(self, index: Index) -> models.Channel | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        group = index.internalId() - 1
        if group >= len(self._groups) or index.row() >= len(self._groups[group][1]):
            return None
        return self._groups[group][1][index.row()]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            if index.row() >= len(self._groups):
                return None
            kind, members = self._groups[index.row()]
            unread = sum(c.unread_count or 0 for c in members)
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return kind_title(kind)
            if role == BadgeRole:
                return str(unread) if unread else ""
            return None
        channel = self.channel(index)
        if channel is None:
            return None
        unread, total = channel.unread_count or 0, channel.total_count or 0
        if role == Qt.ItemDataRole.DisplayRole:
            return inbox_title(channel, self._source)
        if role == ChannelRole:
            return channel
        if role == BadgeRole:
            return f"{unread} / {total}"
        title = inbox_title(channel, self._source)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("{0}: {1} unread of {2}").format(title, unread, total)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.tr("{0}, {1} unread of {2}").format(title, unread, total)
        return None

    def find(self, ref: InboxRef) -> QModelIndex:
        for g, (_, members) in enumerate(self._groups):
            for r, channel in enumerate(members):
                if InboxRef.of(channel) == ref:
                    return self.index(r, 0, self.index(g, 0))
        return QModelIndex()


class InboxPanel(QWidget):
    """Signals:
    sig_inbox_selected(InboxRef): the agent chose an inbox.
    """

    sig_inbox_selected = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ChannelTreeModel(self)
        self.tree = QTreeView(self)
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setItemDelegate(BadgeDelegate(self.tree))
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setAccessibleName(self.tr("Inboxes"))
        self.tree.setAccessibleDescription(
            self.tr("Your inboxes and your groups' inboxes, with unread and total counts")
        )
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.model.modelReset.connect(self._after_reset)
        self.counts = QLabel(self)
        self.counts.setWordWrap(True)
        self.counts.setAccessibleName(self.tr("My inbox counts"))
        self.counts.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.counts)
        self._selected: InboxRef | None = None

    def set_channels(self, channels: EventedList[models.Channel]) -> None:
        self.model.set_source(channels)

    def show_counts(self, counts: models.ChannelCounts) -> None:
        unread = counts.unread_sms_personal or 0
        read = counts.read_sms_personal or 0
        active = counts.active_sms_personal or 0
        sent = counts.sms_sent or 0
        self.counts.setText(
            self.tr("My SMS: {0} unread · {1} read · {2} active · {3} sent").format(
                unread, read, active, sent
            )
        )

    def select(self, ref: InboxRef) -> bool:
        index = self.model.find(ref)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            return True
        return False

    def inboxes_in_order(self) -> list[InboxRef]:
        """The inboxes as listed, top to bottom (what Ctrl+1..9 count)."""
        model = self.model
        refs: list[InboxRef] = []
        for group in range(model.rowCount()):
            parent = model.index(group, 0)
            for row in range(model.rowCount(parent)):
                channel = model.channel(model.index(row, 0, parent))
                if channel is not None:
                    refs.append(InboxRef.of(channel))
        return refs

    def selected(self) -> InboxRef | None:
        return self._selected

    def _after_reset(self) -> None:
        self.tree.expandAll()
        if self._selected is not None:
            index = self.model.find(self._selected)
            if index.isValid():
                self.tree.selectionModel().blockSignals(True)
                self.tree.setCurrentIndex(index)
                self.tree.selectionModel().blockSignals(False)

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        channel = self.model.channel(current)
        if channel is not None:
            ref = InboxRef.of(channel)
            if ref != self._selected:
                self._selected = ref
                self.sig_inbox_selected.emit(ref)

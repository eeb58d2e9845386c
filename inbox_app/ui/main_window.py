"""The main window: inboxes | threads | conversation, and every action on the open thread.

Slots stay thin: each one starts work on the core :class:`~inbox_app.core.workspace.Workspace`
through the one task runner and returns; results arrive through the evented lists the
models observe, failures through the runner's error handler into the banner.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QPoint, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ..core import models
from ..core.bulk import BulkKind
from ..core.drafts import Drafts
from ..core.evented import ListObserver
from ..core.inbox import InboxRef, our_number
from ..core.platform import Capability
from ..core.sync import Health, HealthState, NewMessage, SyncEngine
from ..core.tasks import TaskRunner
from ..core.workspace import Workspace
from . import wording
from .account import AccountActions
from .announce import announce
from .banner import Banner
from .bulk_actions import BulkActions
from .composer import Composer
from .consent_bar import ConsentBar
from .conversation import ConversationView
from .describe import describe
from .dialogs import confirm
from .dialogs.settings import SettingsDialog
from .icons import APP_ID, icon
from .inbox_panel import InboxPanel, inbox_title
from .notifier import Notifier
from .paging import InboxPaging
from .palette import Command, CommandPalette
from .panes import WINDOW_SIZE, centre, restore_layout, save_layout, three_panes
from .presence import InputWatcher
from .settings import Settings, apply_theme
from .shortcuts import NATIVE, PORTABLE, SHORTCUTS, CheatSheet, Keymap, keymap, shown
from .team_pane import TeamPane
from .thread_actions import ThreadActions
from .thread_header import ThreadHeader
from .thread_list import ThreadListView

log = logging.getLogger("inbox_app.ui")

# What each action needs the platform to do: without it the action is not shown at all,
# and the palette says why.
PRESENTER_SCALE = 1.4  # text size while presenting, over the desktop's

NEEDS = {
    "transfer": Capability.TRANSFER,
    "resolve": Capability.RESOLVE,
    "resolve_next": Capability.RESOLVE,
    "to_group": Capability.GROUP_INBOX,
    "take": Capability.GROUP_INBOX,
    "spread": Capability.TRANSFER,
    "team": Capability.TRANSFER,
}


class MainWindow(QMainWindow):
    """Signals:
    sig_ready(): the first inbox and its first thread have loaded (used by --screenshot).
    """

    sig_ready = Signal()
    sig_sign_out = Signal()
    sig_session_lost = Signal()
    sig_session_lost = Signal()

    def __init__(
        self,
        workspace: Workspace,
        runner: TaskRunner,
        *,
        settings: QSettings | None = None,
        where: str = "",
        template_values: dict[str, str] | None = None,
        drafts: Drafts | None = None,
        sync: SyncEngine | None = None,
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.runner = runner
        self.settings = settings
        self.drafts = drafts or Drafts(None)
        self.sync = sync
        self._ref: InboxRef | None = None
        self._thread: models.Thread | None = None
        self._ready = False
        self.presenting = False
        self.actions = ThreadActions(self)
        self.bulk = BulkActions(self)
        self.paging = InboxPaging(self)
        self._health = Health.LIVE  # the last one announced
        self.setWindowTitle(self.tr("LiveVox Inbox"))
        self.setWindowIcon(icon(APP_ID))
        self._build(where)
        self.composer.template_values = dict(template_values or {})
        self.conversation.model_.platform = workspace.platform_name
        runner.set_error_handler(self._task_failed)
        self.notifier = Notifier(self)
        self.notifier.sig_open.connect(self._open_notified)
        # What this window listens to in core; closing the window disconnects every one.
        self._disconnects: list[Callable[[], None]] = [
            self.workspace.channels.observe(
                ListObserver(
                    reset=self._update_title, changed=lambda first, last: self._update_title()
                )
            ),
            self.workspace.counts_changed.connect(self.inbox_panel.show_counts),
        ]
        if sync is not None:
            self._disconnects += [
                sync.health_changed.connect(self._show_health),
                sync.new_messages.connect(self.notifier.notify),
            ]
        self.inbox_panel.set_channels(workspace.channels)
        self._layout_restored = False
        self.apply_settings(Settings.load(settings))
        # Last: an application-wide filter sees every event, the building of this window too.
        self._presence = InputWatcher(sync.note_input, self) if sync is not None else None

    # --- construction -----------------------------------------------------------------------

    def _build(self, where: str) -> None:
        self.banner = Banner(self)
        self.inbox_panel = InboxPanel(self)
        self.thread_list = ThreadListView(self)
        self.header = ThreadHeader(self)
        self.conversation = ConversationView(self)
        self.composer = Composer(self)
        self.composer.set_thread(None)
        self.consent = ConsentBar(self.workspace, self.composer, self)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.header)
        right_layout.addWidget(self.conversation, 1)
        right_layout.addWidget(self.consent)
        right_layout.addWidget(self.composer)
        self.team = TeamPane(self, self.bulk.transfer_to, self)
        self.team.hide()
        left = QSplitter(Qt.Orientation.Vertical, self)
        left.setChildrenCollapsible(False)
        left.addWidget(self.inbox_panel)
        left.addWidget(self.team)
        self.splitter = three_panes(left, self.thread_list, right)
        centre(self, self.banner, self.splitter)
        self.health = QLabel(self.tr("Live"), self)
        self.health.setAccessibleName(self.tr("Connection health"))
        self.health.setAccessibleDescription(self.health.text())
        self.connection = QLabel(where, self)
        self.connection.setAccessibleName(self.tr("Connection"))
        self.connection.setAccessibleDescription(where)
        self.presenter_badge = QLabel(self.tr("Presenting"), self)
        self.presenter_badge.setAccessibleName(self.tr("Presenter mode is on"))
        self.presenter_badge.hide()
        self.statusBar().addPermanentWidget(self.presenter_badge)
        self.statusBar().addPermanentWidget(self.health)
        self.statusBar().addPermanentWidget(self.connection)
        self._make_actions()
        self.inbox_panel.sig_inbox_selected.connect(self.show_inbox)
        self.thread_list.sig_thread_activated.connect(self.open_thread)
        self.thread_list.sig_context_menu.connect(self._thread_menu)
        self.thread_list.sig_selection_changed.connect(lambda _: self._update_actions())
        self.conversation.sig_wants_older.connect(self._load_older)
        self.conversation.sig_entry_activated.connect(self.actions.retry)
        self.composer.sig_send.connect(self.actions.send)
        self.composer.sig_text_changed.connect(self._remember_draft)
        self.resize(*WINDOW_SIZE)

    def _make_actions(self) -> None:
        """Every action of the shortcut table as a QAction: its keys show in menus, tooltips
        and the cheat sheet, and change in one place (:meth:`apply_keys`)."""
        # What each action of the table does in this window: slot, status tip, icon.
        does: dict[str, tuple[Callable[[], object], str, str]] = {
            "next_thread": (lambda: self._step(+1), self.tr("Open the next conversation"), ""),
            "previous_thread": (
                lambda: self._step(-1),
                self.tr("Open the previous conversation"),
                "",
            ),
            "open_thread": (
                self.read_thread,
                self.tr("Move to the newest message of the selected conversation"),
                "",
            ),
            "reply": (self.composer.editor.setFocus, self.tr("Go to the message box"), ""),
            "resolve": (
                self._either(self.bulk.resolve, self.actions.resolve),
                self.tr("Resolve the conversation with a term code"),
                "resolve",
            ),
            "resolve_next": (
                self.actions.resolve_again,
                self.tr("Resolve with the term code chosen last time, then open the next"),
                "",
            ),
            "transfer": (
                self._either(self.bulk.transfer, self.actions.transfer),
                self.tr("Transfer the conversation to another agent"),
                "transfer",
            ),
            "mark_unread": (
                self._either(lambda: self.bulk.simple(BulkKind.UNREAD), self.actions.mark_unread),
                self.tr("Mark the conversation unread"),
                "mark-unread",
            ),
            "to_group": (
                self._either(
                    lambda: self.bulk.simple(BulkKind.TO_GROUP), self.actions.move_to_group
                ),
                self.tr("Give the conversation back to the group inbox"),
                "to-group",
            ),
            "take": (
                self._either(lambda: self.bulk.simple(BulkKind.TAKE), self.actions.take),
                self.tr("Take the conversation into my inbox"),
                "take",
            ),
            "mark_read": (
                self._either(lambda: self.bulk.simple(BulkKind.READ), self.actions.mark_read),
                self.tr("Mark the selected conversations read"),
                "",
            ),
            "spread": (
                self.bulk.spread,
                self.tr("Deal the selected conversations over the agents who are ready"),
                "",
            ),
            "extend_down": (
                lambda: self.thread_list.extend(+1),
                self.tr("Add the next conversation to the selection"),
                "",
            ),
            "extend_up": (
                lambda: self.thread_list.extend(-1),
                self.tr("Add the previous conversation to the selection"),
                "",
            ),
            "select_matching": (
                self.select_matching,
                self.tr("Select every conversation of this inbox that matches the filter"),
                "",
            ),
            "presenter": (
                lambda: self.set_presenting(not self.presenting),
                self.tr("Larger text, numbers masked, notifications muted: for projecting"),
                "",
            ),
            "team": (
                self.toggle_team,
                self.tr("Show or hide the agents you can transfer to"),
                "",
            ),
            "new_sms": (self.actions.new_sms, self.tr("Send a new SMS to a number"), "new-sms"),
            "filter": (
                self.thread_list.filter.setFocus,
                self.tr("Filter the conversations by name, number or account"),
                "",
            ),
            "palette": (self.show_palette, self.tr("Find an inbox or an action by typing"), ""),
            "refresh": (self.refresh, self.tr("Reload inboxes and counts"), "refresh"),
            "shortcuts": (self.show_shortcuts, self.tr("Every keyboard shortcut"), ""),
            "settings": (self.edit_settings, self.tr("Theme, updates, notifications and keys"), ""),
        }
        for number in range(1, 10):
            does[f"inbox_{number}"] = (
                self._go_to_inbox(number),
                self.tr("Show inbox {} of the list").format(number),
                "",
            )
        send = self.composer.act_send
        send.setStatusTip(self.tr("Send what is in the message box"))
        self.key_actions: dict[str, QAction] = {"send": send}
        for item in SHORTCUTS:
            if item.id == "send":
                send.setText(item.title())
                continue
            slot, tip, icon_name = does[item.id]
            action = QAction(icon(icon_name) if icon_name else QIcon(), item.title(), self)
            action.setStatusTip(tip)
            # triggered(bool) would hand ``checked`` to slots that take an argument.
            action.triggered.connect(lambda _checked=False, run=slot: run())
            self.addAction(action)
            self.key_actions[item.id] = action
        act = self.key_actions
        self.act_refresh, self.act_new_sms = act["refresh"], act["new_sms"]
        self.act_unread, self.act_to_group, self.act_take = (
            act["mark_unread"],
            act["to_group"],
            act["take"],
        )
        self.act_transfer, self.act_resolve = act["transfer"], act["resolve"]
        self.act_settings = act["settings"]
        toolbar = QToolBar(self.tr("Actions"), self)
        toolbar.setObjectName("actions")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addActions([self.act_refresh, self.act_new_sms])
        self.addToolBar(toolbar)
        self.act_sign_out = QAction(self.tr("Sign out and clear local data…"), self)
        self.act_sign_out.setStatusTip(
            self.tr("Sign out and remove drafts, queued messages and remembered passwords")
        )
        self.act_sign_out.triggered.connect(self.sign_out)
        self.act_about = QAction(self.tr("About LiveVox Inbox"), self)
        self.act_about.triggered.connect(self.show_about)
        self._make_menus()
        self.missing: dict[str, str] = {}  # action id -> why this platform has it not
        for id_, capability in NEEDS.items():
            if not self.workspace.can(capability):
                self.key_actions[id_].setVisible(False)
                self.missing[id_] = wording.missing(capability, self.workspace.platform_name)
        for action in (
            self.act_unread,
            self.act_to_group,
            self.act_take,
            self.act_transfer,
            self.act_resolve,
        ):
            self.header.add_action(action)  # (hidden with its action: see ThreadHeader)
        self.composer.template.setVisible(self.workspace.can(Capability.TEMPLATES))
        self._update_actions()

    def _make_menus(self) -> None:
        act = self.key_actions
        bar = self.menuBar()
        account = bar.addMenu(self.tr("&Account"))
        account.addActions([act["settings"], self.act_sign_out])
        self.account = AccountActions(self, account, self.act_sign_out)
        conversation = bar.addMenu(self.tr("&Conversation"))
        for ids in (
            ("next_thread", "previous_thread", "open_thread", "reply", "send"),
            ("resolve", "resolve_next", "transfer", "spread"),
            ("mark_unread", "mark_read", "to_group", "take"),
            ("extend_down", "extend_up", "select_matching"),
            ("new_sms",),
        ):
            if not conversation.isEmpty():
                conversation.addSeparator()
            conversation.addActions([act[i] for i in ids])
        act["team"].setCheckable(True)
        act["presenter"].setCheckable(True)
        view = bar.addMenu(self.tr("&View"))
        view.addActions([act["team"], act["presenter"]])
        go = bar.addMenu(self.tr("&Go"))
        go.addActions([act["filter"], act["palette"]])
        go.addSeparator()
        go.addActions([act[f"inbox_{n}"] for n in range(1, 10)])
        go.addSeparator()
        go.addAction(act["refresh"])
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addActions([act["shortcuts"], self.act_about])

    def menu_keys(self) -> dict[str, str]:
        """The menu bar's Alt+letter keys: taken, so no action may have them too."""
        taken = {}
        for action in self.menuBar().actions():
            key = QKeySequence.mnemonic(action.text()).toString(PORTABLE)
            if key:
                taken[key] = self.tr("the {} menu").format(action.text().replace("&", ""))
        return taken

    def apply_keys(self, keys: Keymap) -> None:
        """Put the keys on the actions: the old keys stop at once, menus and tooltips follow."""
        self.keymap = keys
        for id_, action in self.key_actions.items():
            chosen = keys.get(id_, ())
            action.setShortcuts([QKeySequence.fromString(k, PORTABLE) for k in chosen])
            tip = action.statusTip()
            action.setToolTip(f"{tip} ({shown(chosen)})" if chosen else tip)

    def _go_to_inbox(self, number: int) -> Callable[[], bool]:
        return lambda: self.show_inbox_number(number)

    def commands(self) -> list[Command]:
        """Everything the palette offers: the window's actions and every inbox."""
        skip = {"palette", "send", *(f"inbox_{n}" for n in range(1, 10))}
        actions = [a for id_, a in self.key_actions.items() if id_ not in skip]
        actions += [self.act_sign_out, self.act_about]
        found = [
            Command(a.text().replace("&", ""), a.trigger, a.shortcut().toString(NATIVE))
            for a in actions
            if a.isEnabled() and a.isVisible()
        ]
        for id_, why in self.missing.items():  # asked for, and told why it is not here
            title = self.key_actions[id_].text().replace("&", "")
            found.append(Command(title, lambda why=why: self.banner.show_notice(why), why))
        for number, ref in enumerate(self.inbox_panel.inboxes_in_order(), start=1):
            name = self.inbox_name(ref) or ref.channel
            hint = shown(self.keymap.get(f"inbox_{number}", ())[:1]) if number <= 9 else ""
            found.append(
                Command(
                    self.tr("Go to {}").format(name), lambda r=ref: self.inbox_panel.select(r), hint
                )
            )
        return found

    def show_palette(self) -> None:
        palette = CommandPalette(self.commands(), self)
        palette.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.palette = palette
        palette.open()

    def show_inbox_number(self, number: int) -> bool:
        """Select the n-th inbox (1-based) in the order the inbox panel shows them."""
        refs = self.inbox_panel.inboxes_in_order()
        if not 1 <= number <= len(refs):
            return False
        return self.inbox_panel.select(refs[number - 1])

    def _step(self, delta: int) -> None:
        view = self.thread_list.view
        row = view.currentIndex().row() + delta if view.currentIndex().isValid() else 0
        if not self.thread_list.select_row(row) and delta > 0 and self._ref is not None:
            self.paging.fetch_more(self._ref)  # past the last loaded row: load the next page

    def apply_settings(self, settings: Settings) -> None:
        self.preferences = settings
        self.apply_keys(keymap(settings.shortcuts, self.menu_keys()))
        apply_theme(settings.theme)
        masked = self.masked
        self.thread_list.model.masked = masked
        self.notifier.masked = masked
        self.notifier.enabled = settings.notifications and not self.presenting
        self.notifier.sound = settings.sound and not self.presenting
        if self.sync is not None:
            self.sync.active_interval_s = settings.poll_interval_s
        if self.workspace.guard is not None:  # the app's: narrowed as the agent chose
            self.workspace.guard = settings.texting_window()
        self.consent.notice_on = settings.opt_out_notice
        self.consent.refresh()
        # Numbers may have changed how they look: repaint what shows them.
        model = self.thread_list.model
        if model.rowCount():
            model.dataChanged.emit(model.index(0), model.index(model.rowCount() - 1))
        self.header.show_thread(self._thread, self.inbox_name(self._ref), masked=self.masked)

    @property
    def masked(self) -> bool:
        """Numbers on screen show only their last four digits (the agent's setting, and
        always while presenting)."""
        return self.preferences.mask_numbers or self.presenting

    def set_presenting(self, on: bool) -> None:
        """Presenter mode, for a trainer projecting the app: larger text, numbers masked,
        notifications muted. For this session only: a profile never wakes up presenting."""
        self.presenting = on
        self.key_actions["presenter"].setChecked(on)
        font = QApplication.font()
        if on:
            font.setPointSizeF(font.pointSizeF() * PRESENTER_SCALE)
        self.setFont(font)
        self.presenter_badge.setVisible(on)
        self.apply_settings(self.preferences)

    def inbox_name(self, ref: InboxRef | None) -> str:
        """How the inbox panel names an inbox ("" when it is not (or no longer) listed)."""
        if ref is None:
            return ""
        index = self.workspace.channels.index_where(lambda c: InboxRef.of(c) == ref)
        channels = self.workspace.channels
        return inbox_title(channels[index], channels) if index >= 0 else ""

    def edit_settings(self) -> None:
        dialog = SettingsDialog(self.preferences, self, taken=self.menu_keys())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.settings_dialog = dialog

        def saved() -> None:
            chosen = dialog.chosen()
            chosen.save(self.settings)
            self.apply_settings(chosen)

        dialog.accepted.connect(saved)
        dialog.open()

    def show_about(self) -> None:
        from .. import __version__
        from ..paths import log_dir

        about = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("About LiveVox Inbox"),
            self.tr(
                "LiveVox Inbox {0}\n\nAn agent inbox for LiveVox SMS.\n\n"
                "Logs and crash reports: {1}"
            ).format(__version__, log_dir()),
            QMessageBox.StandardButton.Close,
            self,
        )
        about.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.about_box = about
        about.open()

    def show_shortcuts(self) -> None:
        sheet = CheatSheet(self.keymap, self)
        sheet.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.cheat_sheet = sheet
        sheet.open()

    # --- state ------------------------------------------------------------------------------

    @property
    def current_inbox(self) -> InboxRef | None:
        return self._ref

    @property
    def current_thread(self) -> models.Thread | None:
        return self._thread

    def as_widget(self) -> QWidget:
        """The window as a parent for dialogs (see ui/view.py)."""
        return self

    def describe(self, exc: BaseException) -> str:
        """The agent's sentence for a failure (naming this workspace's platform)."""
        return describe(exc, self.workspace.platform_name)

    def _either(self, many: Callable[[], None], one: Callable[[], None]) -> Callable[[], None]:
        """A thread verb: on every selected conversation when several are, else the open one."""
        return lambda: many() if self.bulk.active() else one()

    def select_matching(self) -> None:
        """Every conversation of the inbox that the filter shows: the rest of the inbox is
        loaded first (a queue of 200 is four pages), then all of it selected."""
        ref = self._ref
        if ref is None:
            return

        def select(_: object) -> None:
            if self._ref == ref:
                count = self.thread_list.select_all_shown()
                self.banner.show_notice(self.tr("%n conversation(s) selected.", "", count))

        self.run(self.workspace.load_whole_inbox(ref), "load the whole inbox", on_result=select)

    def toggle_team(self) -> None:
        shown = not self.team.isVisible()
        self.team.setVisible(shown)
        self.key_actions["team"].setChecked(shown)

    def _update_actions(self) -> None:
        has_thread = self._thread is not None and self._ref is not None
        personal = bool(self._ref and self._ref.personal)
        can = self.workspace.can
        for id_ in ("mark_unread", "mark_read", "open_thread"):
            self.key_actions[id_].setEnabled(has_thread)
        several = len(self.thread_list.selected_threads()) > 1
        self.key_actions["spread"].setEnabled(several and can(Capability.TRANSFER))
        self.act_transfer.setEnabled(has_thread and can(Capability.TRANSFER))
        for id_ in ("resolve", "resolve_next"):
            self.key_actions[id_].setEnabled(has_thread and can(Capability.RESOLVE))
        group = can(Capability.GROUP_INBOX)
        self.act_to_group.setEnabled(has_thread and personal and group)
        self.act_take.setEnabled(has_thread and not personal and group)

    def run(
        self,
        coro: Coroutine[Any, Any, Any],
        name: str,
        *,
        retry: Callable[[], None] | None = None,
        on_result: Callable[[Any], None] | None = None,
    ) -> asyncio.Task[Any] | None:
        def failed(exc: BaseException, _: str) -> None:
            self.banner.show_error(self.describe(exc), retry)

        return self.runner.start(coro, name=name, owner=self, on_result=on_result, on_error=failed)

    def _task_failed(self, exc: BaseException, name: str) -> None:
        log.info("task %s failed: %s", name, type(exc).__name__)
        self.banner.show_error(self.describe(exc))

    # --- loading ----------------------------------------------------------------------------

    def start(self) -> asyncio.Task[Any]:
        """Load everything the first screen needs."""
        return self.run(self._load_initial(), "load inboxes", retry=self.start)

    async def _load_initial(self) -> None:
        self.statusBar().showMessage(self.tr("Loading inboxes…"))
        workspace = self.workspace
        channels, _, _ = await asyncio.gather(
            workspace.load_channels(), workspace.load_counts(), workspace.load_lists()
        )
        self.composer.set_templates(workspace.templates)
        self.composer.set_sms_codes(workspace.sender_numbers)
        self.statusBar().clearMessage()
        await self.account.after_sign_in()
        if self._ref is None and channels:
            first = next(
                (c for c in channels if c.kind is models.ChannelKind.SMS and c.personal),
                channels[0],
            )
            self.inbox_panel.select(InboxRef.of(first))

    def refresh(self) -> None:
        if self.sync is not None:
            self.sync.poke()  # the one poller does it: never a second identical request
            return

        async def reload() -> None:
            await asyncio.gather(self.workspace.load_channels(), self.workspace.load_counts())
            if self._ref is not None:
                await self.workspace.reload_threads(self._ref)
                self.thread_list.select_thread(self._thread.thread_id if self._thread else None)

        self.run(reload(), "refresh", retry=self.refresh)

    def show_inbox(self, ref: InboxRef) -> None:
        self._ref = ref
        if self.sync is not None:
            self.sync.visible_inbox = ref
        self.show_thread(None)
        self.paging.show(ref)

    def open_thread(self, thread: models.Thread) -> None:
        ref = self._ref
        if ref is None or thread.thread_id is None:
            return
        self.show_thread(thread)
        conversation = self.workspace.conversation(thread.thread_id)
        self.conversation.model_.set_source(conversation.entries)

        def loaded(_: object) -> None:
            self.mark_ready()

        self.runner.latest(
            "history",
            self.workspace.load_history(thread.thread_id),
            name="load history",
            owner=self,
            on_result=loaded,
            on_error=lambda exc, _: self.banner.show_error(
                self.describe(exc), lambda: self.open_thread(thread)
            ),
        )
        if not thread.read:
            self.run(self.workspace.set_read(ref, thread, True), "mark read")

    def show_thread(self, thread: models.Thread | None) -> None:
        previous = self._thread
        if previous is not None and previous.thread_id:
            self.drafts.set(previous.thread_id, self.composer.text())
        self._thread = thread
        if self.sync is not None:
            self.sync.open_thread_id = thread.thread_id if thread else None
        self.header.show_thread(thread, self.inbox_name(self._ref), masked=self.masked)
        self.composer.set_thread(thread, from_number=our_number(thread) if thread else None)
        self.composer.set_text(self.drafts.get(thread.thread_id or "") if thread else "")
        self.consent.show_thread(thread)
        if thread is None:
            self.conversation.model_.set_source(type(self.conversation.model_.source)())
        self._update_actions()

    def _load_older(self) -> None:
        thread = self._thread
        if thread is None or thread.thread_id is None:
            return
        self.runner.latest(
            "older", self.workspace.load_older(thread.thread_id), name="load older", owner=self
        )

    @property
    def loaded(self) -> bool:
        """The first inbox and its first thread have loaded (``sig_ready`` was emitted)."""
        return self._ready

    def mark_ready(self) -> None:
        if not self._ready:
            self._ready = True
            self.sig_ready.emit()

    # --- actions ----------------------------------------------------------------------------

    def _remember_draft(self, text: str) -> None:
        if self._thread is not None and self._thread.thread_id:
            self.drafts.set(self._thread.thread_id, text)

    def read_thread(self) -> None:
        """Open the selected conversation and move to its newest message, where the agent (or
        a screen reader) starts reading."""
        thread = self.thread_list.current_thread()
        if thread is None:
            return
        if self._thread is None or self._thread.thread_id != thread.thread_id:
            self.open_thread(thread)
        view = self.conversation
        rows = view.model_.rowCount()
        if rows:
            view.setCurrentIndex(view.model_.index(rows - 1))
        view.setFocus()

    def _thread_menu(self, thread: models.Thread, where: QPoint) -> None:
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for action in (
            self.act_unread,
            self.act_to_group,
            self.act_take,
            self.act_transfer,
            self.act_resolve,
        ):
            if action.isEnabled():
                menu.addAction(action)
        menu.popup(where)

    def sign_out(self) -> None:
        async def ask() -> None:
            if await confirm(
                self,
                self.tr("Sign out"),
                self.tr(
                    "Sign out and remove your drafts, unsent messages and remembered "
                    "password from this computer?"
                ),
                self.tr("Sign out and clear"),
            ):
                self.sig_sign_out.emit()

        self.run(ask(), "sign out")

    # --- live state -------------------------------------------------------------------------

    def unread_count(self) -> int:
        """The agent's own unread conversations (personal inboxes)."""
        return sum(c.unread_count or 0 for c in self.workspace.channels if c.personal)

    def _update_title(self) -> None:
        unread = self.unread_count()
        title = self.tr("LiveVox Inbox")
        self.setWindowTitle(f"({unread}) {title}" if unread else title)
        self.notifier.set_unread(unread)

    def _show_health(self, state: HealthState) -> None:
        sentence = wording.health(state)
        self.health.setText(sentence)
        self.health.setAccessibleDescription(sentence)
        self.health.setToolTip(self.describe(state.problem) if state.problem else "")
        # Said once per change of state, not per retry countdown; an expired session is said
        # (assertively) by the banner below.
        if state.health is not self._health and state.health is not Health.EXPIRED:
            announce(self.health, sentence)
        self._health = state.health
        if state.health is Health.EXPIRED:
            self.banner.show_error(
                self.tr(
                    "Your LiveVox session ended and signing in again "
                    "failed. Check your password, then retry."
                ),
                self.sig_session_lost.emit,
            )
            self.sig_session_lost.emit()  # the app asks for the password over this window

    def _open_notified(self, news: NewMessage) -> None:
        self.showNormal()
        self.activateWindow()
        if self._ref != news.ref:
            self.inbox_panel.select(news.ref)
        self.thread_list.select_thread(news.thread.thread_id)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.sync is not None:
            self.sync.window_active = self.isActiveWindow()
            if self.sync.window_active:
                self.sync.poke()

    # --- window state -----------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._layout_restored:
            # Restored on first show: before it the splitter has no size to apply state to.
            self._layout_restored = True
            restore_layout(self.settings, self, self.splitter)

    def show_in_place(self, geometry: QByteArray, splitter: QByteArray) -> None:
        """Show where the kept first screen stood (the agent may have moved it meanwhile)."""
        self._layout_restored = True
        self.restoreGeometry(geometry)
        self.show()
        self.splitter.restoreState(splitter)

    def closeEvent(self, event: QCloseEvent) -> None:
        save_layout(self.settings, self, self.splitter)
        self.runner.cancel_owner(self)
        self.consent.close_watch()
        for disconnect in self._disconnects:
            disconnect()
        self._disconnects.clear()
        for model in (self.inbox_panel.model, self.thread_list.model, self.conversation.model_):
            model.detach()
        if self._presence is not None:
            self._presence.stop()
        super().closeEvent(event)


async def open_main_window(
    workspace: Workspace,
    runner: TaskRunner,
    *,
    warm: Awaitable[object] | None = None,
    size: tuple[int, int] | None = None,
    show: bool = True,
    **options: Any,
) -> MainWindow:
    """The one way the window comes up (the app and the benchmarks): Qt warmed up first
    (``warm``, from :func:`~inbox_app.ui.warmup.warm_up`), then built, then — a turn later —
    shown and loading. Each is a turn's work; together they were one 60-90 ms stall.
    ``show=False`` loads it hidden: the kept first screen is up and hands over when it is
    ready (:meth:`show_in_place`)."""
    if warm is not None:
        await warm
    window = MainWindow(workspace, runner, **options)
    if size is not None:
        window.resize(*size)
    await asyncio.sleep(0)
    if show:
        window.show()
    window.start()
    return window

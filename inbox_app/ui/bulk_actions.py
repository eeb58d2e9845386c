"""A supervisor's verbs on the selected conversations: transfer, spread over the team,
resolve with one term code, read / unread, take / to group — with progress, a cancel, and a
summary that lists what the platform refused (with a retry) and what was not started.

The work itself is core's (:mod:`..core.bulk`); this module asks what is needed (an agent, a
term code), shows the run and words its outcome.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.bulk import Bulk, BulkKind, BulkResult, Step, spread
from ..core.inbox import InboxRef, customer_number
from ..core.models import Thread, TransferAgent
from ..core.outcomes import PlatformError
from ..core.platform import Capability
from . import wording
from .dialogs.resolve import ResolveDialog
from .dialogs.transfer import TransferDialog
from .view import WorkspaceView

translate = QCoreApplication.translate  # a name lupdate reads: translate("context", "text")

__all__ = ["BulkActions", "BulkSummary"]


def _verb(kind: BulkKind) -> str:
    return {
        BulkKind.TRANSFER: translate("Bulk", "Transfer"),
        BulkKind.SPREAD: translate("Bulk", "Spread over the team"),
        BulkKind.RESOLVE: translate("Bulk", "Resolve"),
        BulkKind.READ: translate("Bulk", "Mark read"),
        BulkKind.UNREAD: translate("Bulk", "Mark unread"),
        BulkKind.TAKE: translate("Bulk", "Take"),
        BulkKind.TO_GROUP: translate("Bulk", "To group"),
    }[kind]


class BulkSummary(QDialog):
    """How a bulk action ended: done, refused (each with the platform's reason), not started;
    "Retry the refused" runs them again."""

    def __init__(
        self,
        kind: BulkKind,
        result: BulkResult,
        describe: Callable[[BaseException], str],
        title_of: Callable[[Thread], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.result = result
        self.setWindowTitle(_verb(kind))
        self.headline = QLabel(self)
        self.headline.setWordWrap(True)
        self.headline.setText(
            translate("Bulk", "{0}: {1} of {2} done.").format(
                _verb(kind), len(result.done), result.total
            )
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        self.spread_to = QLabel(self)
        self.spread_to.setWordWrap(True)
        if kind is BulkKind.SPREAD and result.done:
            given: dict[str, int] = {}
            for step in result.done:
                if step.agent is not None:
                    name = step.agent.name or step.agent.login_id
                    given[name] = given.get(name, 0) + 1
            self.spread_to.setText(", ".join(f"{n}: {c}" for n, c in sorted(given.items())))
            layout.addWidget(self.spread_to)
        self.refused = QListWidget(self)
        self.refused.setAccessibleName(translate("Bulk", "Refused conversations"))
        for step, failure in result.refused:
            self.refused.addItem(f"{title_of(step.thread)} — {describe(failure)}")
        if result.refused:
            layout.addWidget(
                QLabel(
                    translate("Bulk", "Refused ({}):").format(len(result.refused)),
                    self,
                )
            )
            layout.addWidget(self.refused)
        self.not_started = QLabel(self)
        if result.not_started:
            self.not_started.setText(
                translate("Bulk", "Not started (cancelled): {}").format(len(result.not_started))
            )
            layout.addWidget(self.not_started)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        self.retry = QPushButton(translate("Bulk", "Retry the refused"), self)
        self.retry.setVisible(bool(result.refused))
        self.buttons.addButton(self.retry, QDialogButtonBox.ButtonRole.ActionRole)
        layout.addWidget(self.buttons)
        self.resize(480, 320 if result.refused else 140)


class BulkActions:
    """The window's verbs when several conversations are selected. ``summary`` is the last
    summary shown, ``progress`` the running one (tests look at both)."""

    def __init__(self, window: WorkspaceView) -> None:
        self.window = window
        self.progress: QProgressDialog | None = None
        self.summary: BulkSummary | None = None
        self.transfer_dialog: TransferDialog | None = None
        self.resolve_dialog: ResolveDialog | None = None
        self.running: Bulk | None = None

    # --- what is selected -------------------------------------------------------------------

    def selection(self) -> list[Thread]:
        return self.window.thread_list.selected_threads()

    def active(self) -> bool:
        """Several conversations are selected: the thread verbs act on all of them."""
        return len(self.selection()) > 1

    def _busy(self) -> bool:
        """One bulk run at a time: a second would race the first over the same inbox."""
        if self.running is not None:
            self.window.banner.show_notice(
                translate("Bulk", "Wait for the running action to end, or cancel it.")
            )
            return True
        return False

    def _title(self, thread: Thread) -> str:
        return wording.thread_title(thread, customer_number(thread), masked=self.window.masked)

    # --- the verbs --------------------------------------------------------------------------

    def transfer(self, threads: Sequence[Thread] | None = None) -> None:
        window, ref = self.window, self.window.current_inbox
        chosen_threads = list(threads or self.selection())
        if ref is None or not chosen_threads:
            return
        count = translate("Bulk", "the {} selected conversations").format(len(chosen_threads))
        dialog = TransferDialog(count, window.as_widget())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.transfer_dialog = dialog

        def picked() -> None:
            agent = dialog.chosen()
            if agent is not None:
                self.start(ref, BulkKind.TRANSFER, [Step(t, agent) for t in chosen_threads])

        dialog.accepted.connect(picked)
        dialog.open()
        window.runner.start(
            window.workspace.transfer_agents(chosen_threads[0]),
            name="load transfer agents",
            owner=dialog,
            on_result=dialog.set_agents,
            on_error=lambda exc, _: dialog.set_error(window.describe(exc)),
        )
        dialog.destroyed.connect(lambda: window.runner.cancel_owner(dialog))

    def transfer_to(self, agent: TransferAgent, threads: Sequence[Thread]) -> None:
        """Conversations dropped on an agent of the team pane."""
        ref = self.window.current_inbox
        if ref is not None and threads:
            self.start(ref, BulkKind.TRANSFER, [Step(t, agent) for t in threads])

    def spread(self) -> None:
        """Deal the selection over the available agents, fewest-held first where known."""
        window, ref, threads = self.window, self.window.current_inbox, self.selection()
        if ref is None or not threads:
            return

        def deal(agents: list[TransferAgent]) -> None:
            try:
                steps = spread(threads, agents)
            except PlatformError as exc:
                window.banner.show_error(window.describe(exc))
                return
            self.start(ref, BulkKind.SPREAD, steps)

        window.run(window.workspace.transfer_agents(threads[0]), "load the team", on_result=deal)

    def resolve(self) -> None:
        window, ref, threads = self.window, self.window.current_inbox, self.selection()
        if ref is None or not threads:
            return
        dialog = ResolveDialog(
            translate("Bulk", "the {} selected conversations").format(len(threads)),
            "",
            list(window.workspace.term_codes),
            window.as_widget(),
            filed=window.workspace.can(Capability.TERM_CODES),
            own_accounts=True,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resolve_dialog = dialog

        def picked() -> None:
            term_code, _ = dialog.chosen()
            steps = [Step(t) for t in threads]
            self.start(ref, BulkKind.RESOLVE, steps, term_code_id=term_code)

        dialog.accepted.connect(picked)
        dialog.open()

    def simple(self, kind: BulkKind) -> None:
        """Read, unread, take, to group: nothing to ask."""
        ref, threads = self.window.current_inbox, self.selection()
        if ref is not None and threads:
            self.start(ref, kind, [Step(t) for t in threads])

    # --- running ----------------------------------------------------------------------------

    def start(
        self,
        ref: InboxRef,
        kind: BulkKind,
        steps: Sequence[Step],
        *,
        term_code_id: str | None = None,
    ) -> None:
        window = self.window
        if self._busy():
            return
        bulk = window.workspace.bulk(ref, kind, steps, term_code_id=term_code_id)
        self.running = bulk
        progress = QProgressDialog(
            translate("Bulk", "{0}: 0 of {1}…").format(_verb(kind), len(steps)),
            translate("Bulk", "Cancel"),
            0,
            len(steps),
            window.as_widget(),
        )
        progress.setWindowTitle(_verb(kind))
        # Not modal: a modal QProgressDialog runs Qt's event loop inside setValue, under the
        # asyncio loop that called it. The agent may read on meanwhile; a second run waits.
        progress.setWindowModality(Qt.WindowModality.NonModal)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.canceled.connect(bulk.cancel)
        self.progress = progress

        def moved(done: tuple[int, int]) -> None:
            progress.setValue(done[0])
            progress.setLabelText(
                translate("Bulk", "{0}: {1} of {2}…").format(_verb(kind), done[0], done[1])
            )

        def slowed(seconds: float) -> None:
            progress.setLabelText(
                translate("Bulk", "{0} asked to slow down: waiting {1} s…").format(
                    window.workspace.platform_name, f"{seconds:g}"
                )
            )

        disconnect = [bulk.progress.connect(moved), bulk.waiting.connect(slowed)]

        def ended() -> None:
            for off in disconnect:
                off()
            progress.close()
            progress.deleteLater()
            self.progress, self.running = None, None

        def finished(result: BulkResult) -> None:
            ended()
            self._summarise(ref, kind, result, term_code_id)

        def failed(exc: BaseException, _: str) -> None:
            ended()
            window.banner.show_error(window.describe(exc))

        progress.show()
        window.runner.start(
            bulk.run(), name=f"bulk {kind.value}", owner=window, on_result=finished, on_error=failed
        )

    def _summarise(
        self, ref: InboxRef, kind: BulkKind, result: BulkResult, term_code_id: str | None
    ) -> None:
        window = self.window
        summary = BulkSummary(kind, result, window.describe, self._title, window.as_widget())
        summary.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.summary = summary

        def retry() -> None:
            summary.accept()
            steps = [step for step, _ in result.refused]
            self.start(ref, kind, steps, term_code_id=term_code_id)

        summary.retry.clicked.connect(retry)
        window.banner.show_notice(summary.headline.text())
        summary.open()

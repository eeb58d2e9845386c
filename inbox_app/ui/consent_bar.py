"""Above the composer: what the compliance guard says about the open thread's customer.

The bar shows an opt-out (the customer's words and when), an opt-in that lifted one, and a
HELP not answered yet; the composer is locked or unlocked with the same verdict. The verdict
is asked of core again whenever the conversation changes (a STOP arriving through sync) and
every half minute (quiet hours begin and end on the clock, not on an event).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from ..core import models
from ..core.compliance import Verdict
from ..core.conversation import SendState
from ..core.evented import ListObserver
from ..core.outcomes import Reason
from ..core.workspace import Workspace
from .announce import announce
from .composer import Composer, has_notice
from .describe import help_words, opted_in_words, opted_out_words

RECHECK_MS = 30_000


class ConsentBar(QFrame):
    """The thread's consent state in words, and the composer kept in step with it."""

    def __init__(self, workspace: Workspace, composer: Composer, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.composer = composer
        self.notice_on = False  # the agent's setting: offer the opt-out notice
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Consent"))
        self.opt_out = QLabel(self)
        self.opt_in = QLabel(self)
        self.help = QLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        for label, name in (
            (self.opt_out, self.tr("Opt-out")),
            (self.opt_in, self.tr("Opt-in")),
            (self.help, self.tr("Help asked")),
        ):
            label.setWordWrap(True)
            label.setAccessibleName(name)
            layout.addWidget(label)
        bold = self.opt_out.font()
        bold.setBold(True)
        self.opt_out.setFont(bold)
        self._thread: models.Thread | None = None
        self._leave: Callable[[], None] = lambda: None
        self.verdict: Verdict | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(RECHECK_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.setVisible(False)

    def show_thread(self, thread: models.Thread | None) -> None:
        self._leave()
        self._leave = lambda: None
        self._thread = thread
        if thread is not None and thread.thread_id:
            entries = self.workspace.conversation(thread.thread_id).entries
            self._leave = entries.observe(
                ListObserver(
                    inserted=lambda first, last: self.refresh(),
                    changed=lambda first, last: self.refresh(),
                    reset=self.refresh,
                )
            )
        self.refresh()

    def close_watch(self) -> None:
        self.timer.stop()
        self._leave()
        self._leave = lambda: None

    def refresh(self) -> None:
        """Ask core again and show what it says."""
        thread = self._thread
        before = self.verdict
        verdict = self.workspace.verdict(thread) if thread is not None else None
        self.verdict = verdict
        self.composer.notice = (
            self.tr("Reply STOP to opt out")
            if self.notice_on and not self._notice_sent_today()
            else ""
        )
        self.composer.set_verdict(verdict, self.workspace.platform_name)
        shown = False
        for label, text in (
            (self.opt_out, opted_out_words(verdict) if verdict and verdict.opted_out_text else ""),
            (self.opt_in, opted_in_words(verdict) if verdict and verdict.opted_in_at else ""),
            (self.help, help_words(verdict) if verdict and verdict.help_text else ""),
        ):
            label.setText(text)
            label.setAccessibleDescription(text)
            label.setVisible(bool(text))
            shown = shown or bool(text)
        self.setVisible(shown)
        newly_out = (
            verdict is not None
            and verdict.reason is Reason.OPTED_OUT
            and (before is None or before.reason is not Reason.OPTED_OUT)
        )
        if newly_out and self.isVisible():
            announce(self.opt_out, self.opt_out.text())

    def _notice_sent_today(self) -> bool:
        """The first message of the day to a customer carries the notice; later ones need not."""
        thread = self._thread
        if thread is None or not thread.thread_id:
            return False
        today = self.workspace.now().astimezone().date()
        for entry in self.workspace.conversation(thread.thread_id).entries:
            if (
                not entry.inbound
                and entry.state in (SendState.SERVER, SendState.SENT)
                and entry.when is not None
                and _day(entry.when) == today
                and has_notice(entry.text)
            ):
                return True
        return False


def _day(moment: datetime) -> date:
    return moment.astimezone().date()

"""What the agent does to the open conversation: reply, retry, mark unread, take / give back,
transfer, resolve (with the last term code too) and a new SMS — each started on the
workspace through the window's task runner, with the dialogs they need.

Kept apart from the window, which wires panes, actions and dialogs; these are the verbs.
"""

from __future__ import annotations

from collections.abc import Coroutine
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt

from ..core import format as fmt
from ..core.conversation import ChatEntry, SendState, outbox_key
from ..core.inbox import customer_number
from ..core.outbox import OutboxItem, OutboxState, new_item_id
from ..core.platform import Capability
from . import wording
from .describe import reason_words
from .dialogs.new_sms import NewSmsDialog
from .dialogs.resolve import ResolveDialog
from .dialogs.transfer import TransferDialog
from .view import WorkspaceView

translate = QCoreApplication.translate  # a name lupdate reads: translate("context", "text")

__all__ = ["ThreadActions"]


class ThreadActions:
    """The verbs of the window's open conversation. ``resolve_dialog``, ``transfer_dialog``
    and ``new_sms_dialog`` are the dialogs last opened (tests drive them)."""

    def __init__(self, window: WorkspaceView) -> None:
        self.window = window
        self.resolve_dialog: ResolveDialog | None = None
        self.transfer_dialog: TransferDialog | None = None
        self.new_sms_dialog: NewSmsDialog | None = None
        self._last_term_code: str | None = None  # for "resolve with the same term code"
        self._resolved_before = False

    def _title(self) -> str:
        thread = self.window.current_thread
        assert thread is not None
        return wording.thread_title(thread, customer_number(thread), masked=self.window.masked)

    # --- sending ----------------------------------------------------------------------------

    def send(self, text: str, from_number: str, template_id: str | None) -> None:
        window = self.window
        ref, thread = window.current_inbox, window.current_thread
        if ref is None or thread is None or thread.thread_id is None:
            return
        window.drafts.clear(thread.thread_id)
        # The bubble appears now, in this slot, under the key the outbox item will have.
        item_id = new_item_id()
        window.workspace.conversation(thread.thread_id).add_pending(text, outbox_key(item_id))
        call = window.workspace.send(
            ref, thread, text, from_number=from_number, template_id=template_id, item_id=item_id
        )
        window.run(call, "send")

    def retry(self, entry: ChatEntry | None) -> None:
        """A failed bubble was double-clicked: the agent decided to send it again."""
        if entry is None or not entry.key.startswith("out:"):
            return
        if entry.state is not SendState.FAILED and not (
            entry.state is SendState.HELD and entry.send_at is None
        ):
            return
        self.window.run(self.window.workspace.retry_send(entry.key.removeprefix("out:")), "send")

    def new_sms(self) -> None:
        window = self.window
        workspace = window.workspace
        dialog = NewSmsDialog(workspace.sender_numbers, workspace.templates, window.as_widget())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.new_sms_dialog = dialog

        def chosen() -> None:
            sms = dialog.result_sms()
            if sms is None:
                return
            call = workspace.send_new(
                sms.to,
                sms.message or "",
                from_number=sms.from_code,
                template_id=sms.template_id,
                account=sms.account,
            )
            window.run(call, "new SMS", on_result=lambda item: self._new_sms_done(sms.to, item))

        dialog.accepted.connect(chosen)
        dialog.open()

    def _new_sms_done(self, to: str, item: OutboxItem) -> None:
        number = fmt.phone(to, masked=self.window.masked)
        if item.state is OutboxState.SENT:
            text = translate("MainWindow", "SMS to {0} sent (transaction {1}).").format(
                number, item.transaction_id
            )
        elif item.state is OutboxState.HELD and item.send_at is not None:
            at = datetime.fromtimestamp(item.send_at).strftime("%H:%M")
            text = translate(
                "MainWindow",
                "SMS to {0} waits for the customer's texting hours: it goes out at {1} "
                "(your time).",
            ).format(number, at)
        elif item.state is OutboxState.HELD and item.error is not None:
            text = translate("MainWindow", "SMS to {0} is held, not sent: {1}").format(
                number, reason_words(item.error, self.window.workspace.platform_name)
            )
        else:  # queued or being checked: the outbox finishes it, never twice
            text = translate(
                "MainWindow", "SMS to {} is in the outbox; it is sent when the server answers."
            ).format(number)
        self.window.banner.show_notice(text)

    # --- the thread -------------------------------------------------------------------------

    def mark_read(self) -> None:
        window = self.window
        ref, thread = window.current_inbox, window.current_thread
        if ref and thread:
            window.run(window.workspace.set_read(ref, thread, True), "mark read")

    def mark_unread(self) -> None:
        window = self.window
        ref, thread = window.current_inbox, window.current_thread
        if ref and thread:
            window.run(window.workspace.set_read(ref, thread, False), "mark unread")

    def _leave_and_advance(self, coro: Coroutine[Any, Any, None], name: str, done: str) -> None:
        """Run an action that takes the thread out of the list, then open the next one."""
        window = self.window
        row = window.thread_list.view.currentIndex().row()
        window.run(coro, name, on_result=lambda _: window.banner.show_notice(done))
        window.show_thread(None)
        window.thread_list.select_row(min(max(row, 0), window.thread_list.proxy.rowCount() - 1))

    def move_to_group(self) -> None:
        window = self.window
        ref, thread = window.current_inbox, window.current_thread
        if ref and thread:
            self._leave_and_advance(
                window.workspace.move_to_group(ref, thread),
                "move to group",
                translate("MainWindow", "Moved to the group inbox."),
            )

    def take(self) -> None:
        window = self.window
        ref, thread = window.current_inbox, window.current_thread
        if ref and thread:
            self._leave_and_advance(
                window.workspace.take(ref, thread),
                "take",
                translate("MainWindow", "Taken into your personal inbox."),
            )

    def transfer(self) -> None:
        window = self.window
        ref, thread = window.current_inbox, window.current_thread
        if ref is None or thread is None:
            return
        dialog = TransferDialog(self._title(), window.as_widget())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.transfer_dialog = dialog

        def chosen() -> None:
            agent = dialog.chosen()
            if agent is not None and window.current_thread is thread:
                who = agent.name or agent.login_id
                self._leave_and_advance(
                    window.workspace.transfer(ref, thread, agent),
                    "transfer",
                    translate("MainWindow", "Transferred to {}.").format(who),
                )

        dialog.accepted.connect(chosen)
        dialog.open()
        window.runner.start(
            window.workspace.transfer_agents(thread),
            name="load transfer agents",
            owner=dialog,
            on_result=dialog.set_agents,
            on_error=lambda exc, _: dialog.set_error(window.describe(exc)),
        )
        dialog.destroyed.connect(lambda: window.runner.cancel_owner(dialog))

    def resolve(self) -> None:
        window = self.window
        ref, thread = window.current_inbox, window.current_thread
        if ref is None or thread is None:
            return
        codes = list(window.workspace.term_codes)
        dialog = ResolveDialog(
            self._title(),
            thread.account or "",
            codes,
            window.as_widget(),
            filed=window.workspace.can(Capability.TERM_CODES),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resolve_dialog = dialog

        def chosen() -> None:
            term_code, account = dialog.chosen()
            amount = dialog.payment_amount()
            self._last_term_code, self._resolved_before = term_code, True
            if window.current_thread is thread:
                self._leave_and_advance(
                    window.workspace.resolve(
                        ref, thread, account=account, term_code_id=term_code, payment_amount=amount
                    ),
                    "resolve",
                    translate("MainWindow", "Resolved."),
                )

        dialog.accepted.connect(chosen)
        dialog.open()

    def resolve_again(self) -> None:
        """Resolve with the term code the agent chose last time, without the dialog: the fast
        way through many alike conversations. The first time, and for a conversation with no
        account to resolve it under, the dialog asks."""
        window = self.window
        ref, thread = window.current_inbox, window.current_thread
        if ref is None or thread is None:
            return
        account = (thread.account or "").strip()
        term_code = self._last_term_code
        code = next((c for c in window.workspace.term_codes if c.id == term_code), None)
        if not self._resolved_before or not account or (code and code.payment_required):
            self.resolve()  # the first time, no account, or an amount to ask for
            return
        name = code.name if code else ""
        done = (
            translate("MainWindow", "Resolved with {}.").format(name)
            if name
            else translate("MainWindow", "Resolved.")
        )
        self._leave_and_advance(
            window.workspace.resolve(ref, thread, account=account, term_code_id=term_code),
            "resolve",
            done,
        )

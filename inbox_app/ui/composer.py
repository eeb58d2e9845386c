"""Where the agent writes: text, from-number, template, live segment counter, Send."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QKeyCombination, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core import models
from ..core import templates as tpl
from ..core.compliance import Verdict
from ..core.outcomes import Reason
from ..core.sms import Encoding, count_segments
from .describe import lock_words, send_later_words
from .icons import icon
from .shortcuts import DEFAULTS, PORTABLE, shown


class Composer(QWidget):
    """Signals:
    sig_send(str text, str from_number, str | None template_id): the agent pressed Send.
    sig_text_changed(str): the text changed (drafts listen to this).
    """

    sig_send = Signal(str, str, object)
    sig_text_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._thread: models.Thread | None = None
        self._template_id: str | None = None
        self._verdict: Verdict | None = None  # the compliance guard's, for this thread now
        self.notice = ""  # the opt-out sentence to offer ("" = not offered)
        self.template_values: dict[str, str] = {}  # tenant-wide template variables (company)
        self.editor = QPlainTextEdit(self)
        self.editor.setAccessibleName(self.tr("Reply text"))
        self.editor.setAccessibleDescription(self.tr("Your reply to the customer"))
        self.editor.setTabChangesFocus(True)
        self.editor.setMaximumHeight(110)
        self.from_number = QComboBox(self)
        self.from_number.setAccessibleName(self.tr("Send from number"))
        self.from_number.setAccessibleDescription(self.tr("The number the customer sees"))
        self.from_number.setToolTip(self.tr("The SMS code the reply is sent from"))
        # A whole number stays readable however narrow the pane (the description may be cut).
        self.from_number.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.from_number.setMinimumContentsLength(14)
        self.template = QComboBox(self)
        self.template.setAccessibleName(self.tr("Template"))
        self.template.setAccessibleDescription(self.tr("Start the reply from a saved template"))
        self.template.addItem(self.tr("No template"), None)
        self.template.activated.connect(self._template_chosen)
        self.counter = QLabel(self)
        self.counter.setAccessibleName(self.tr("Characters and segments"))
        self.counter.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.send_button = QPushButton(self.tr("Send"), self)
        self.send_button.setDefault(True)
        self.send_button.setIcon(icon("send"))
        self.send_button.setAccessibleName(self.tr("Send reply"))
        self.send_button.clicked.connect(self.submit)
        # Sending is pressed while typing: its keys work only here, and the window sets them
        # (they are the agent's to change) and shows the action in its menu.
        self.act_send = QAction(icon("send"), self.tr("Send the reply"), self)
        self.act_send.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.act_send.triggered.connect(self.submit)
        self.act_send.changed.connect(self._show_send_keys)
        self.addAction(self.act_send)
        self.act_send.setShortcuts([QKeySequence.fromString(k, PORTABLE) for k in DEFAULTS["send"]])
        self.editor.installEventFilter(self)
        self.editor.textChanged.connect(self._text_changed)
        # Compliance: why sending is locked (the draft stays), the quiet-hours offer, and the
        # opt-out notice the agent can add.
        self.lock_note = QLabel(self)
        self.lock_note.setWordWrap(True)
        self.lock_note.setAccessibleName(self.tr("Why sending is locked"))
        self.lock_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.lock_note.setVisible(False)
        self.later_button = QPushButton(self)
        self.later_button.setIcon(icon("send"))
        self.later_button.setAccessibleName(self.tr("Send when texting opens"))
        self.later_button.clicked.connect(self.submit_later)
        self.later_button.setVisible(False)
        self.notice_button = QPushButton(self)
        self.notice_button.setAccessibleName(self.tr("Add the opt-out notice"))
        self.notice_button.clicked.connect(self.add_notice)
        self.notice_button.setVisible(False)
        notes = QHBoxLayout()
        notes.addWidget(self.lock_note, 1)
        notes.addWidget(self.notice_button)
        notes.addWidget(self.later_button)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("From"), self))
        row.addWidget(self.from_number, 1)
        row.addWidget(self.template, 2)
        row.addWidget(self.counter, 2)
        row.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.editor)
        layout.addLayout(notes)
        layout.addLayout(row)
        self._text_changed()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keep the send keys from the editor: a text field claims the keys it uses itself
        (Ctrl+Z, Ctrl+A, …) before any shortcut sees them, and the agent may put Send on one."""
        if (
            watched is self.editor
            and event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and self._is_send_key(event)
        ):
            return True  # not accepted by the editor: Qt goes on to the Send action's shortcut
        return super().eventFilter(watched, event)

    def _is_send_key(self, event: QKeyEvent) -> bool:
        pressed = event.keyCombination()
        modifiers = pressed.keyboardModifiers() & ~Qt.KeyboardModifier.KeypadModifier
        pressed = QKeyCombination(modifiers, pressed.key())  # as Qt's shortcut map compares
        return any(not keys.isEmpty() and keys[0] == pressed for keys in self.act_send.shortcuts())

    def _show_send_keys(self) -> None:
        keys = [k.toString(PORTABLE) for k in self.act_send.shortcuts()]
        if keys:
            self.editor.setPlaceholderText(
                self.tr("Write a reply…  ({} sends)").format(shown(keys[:1]))
            )
            self.send_button.setToolTip(self.tr("Send ({})").format(shown(keys)))
        else:
            self.editor.setPlaceholderText(self.tr("Write a reply…"))
            self.send_button.setToolTip(self.tr("Send"))

    # --- data from the window -----------------------------------------------------------

    def set_sms_codes(self, codes: list[models.SmsCode]) -> None:
        current = self.from_number.currentData()
        self.from_number.clear()
        for code in codes:
            label = f"{code.code} — {code.description}" if code.description else code.code
            self.from_number.addItem(label, code.code)
        index = self.from_number.findData(current)
        self.from_number.setCurrentIndex(max(0, index))
        self._text_changed()

    def set_templates(self, templates: list[models.Template]) -> None:
        self.template.clear()
        self.template.addItem(self.tr("No template"), None)
        for template in templates:
            label = template.description or template.message[:40]
            self.template.addItem(label, template)
            self.template.setItemData(
                self.template.count() - 1, template.message, Qt.ItemDataRole.ToolTipRole
            )

    def set_thread(self, thread: models.Thread | None, *, from_number: str | None = None) -> None:
        """Point the composer at another thread (its text is set by the draft owner)."""
        self._thread = thread
        self.setEnabled(thread is not None)
        if from_number:
            index = self.from_number.findData(from_number)
            if index >= 0:
                self.from_number.setCurrentIndex(index)

    def text(self) -> str:
        return self.editor.toPlainText()

    def set_text(self, text: str) -> None:
        self._template_id = None
        self.template.setCurrentIndex(0)
        self.editor.setPlainText(text)
        self.editor.moveCursor(self.editor.textCursor().MoveOperation.End)

    # --- behaviour ----------------------------------------------------------------------

    def _template_chosen(self, index: int) -> None:
        template: models.Template | None = self.template.itemData(index)
        if template is None:
            self._template_id = None
            return
        self.editor.setPlainText(tpl.render(template.message, self._thread, self.template_values))
        self._template_id = template.id
        if self.from_number.findData(template.sms_code) >= 0:
            self.from_number.setCurrentIndex(self.from_number.findData(template.sms_code))
        self.editor.setFocus()

    def _text_changed(self) -> None:
        text = self.text()
        count = count_segments(text)
        label = " · ".join(
            (
                self.tr("%n char(s)", "characters", count.units),
                self.tr("%n segment(s)", "", count.segments),
                count.encoding.value,
            )
        )
        if count.encoding is Encoding.UCS2:
            culprits = " ".join(count.forcing_ucs2[:6])
            label += " " + self.tr("(because of {})").format(culprits)
            self.counter.setToolTip(
                self.tr(
                    "These characters are not in the GSM alphabet, so the "
                    "message is sent as UCS-2 with 70 characters per segment."
                )
            )
        else:
            self.counter.setToolTip(
                self.tr("GSM-7: 160 characters in one segment, 153 per segment when split.")
            )
        offer = self._offers_notice(text)
        self.notice_button.setVisible(offer)
        if offer:
            self.notice_button.setText(self.tr("Add “{}”").format(self.notice))
            with_notice = count_segments(self._with_notice(text))
            label += " · " + self.tr("with the opt-out notice: {}").format(
                self.tr("%n segment(s)", "", with_notice.segments)
            )
        self.counter.setText(label)
        ready = bool(text.strip()) and self.from_number.count() > 0
        self.send_button.setEnabled(ready and self.locked is None)
        self.later_button.setEnabled(ready)
        self.sig_text_changed.emit(text)

    # --- compliance ---------------------------------------------------------------------

    @property
    def locked(self) -> Reason | None:
        """Why Send is locked now (the guard's reason), or None."""
        verdict = self._verdict
        return None if verdict is None or verdict.allowed else verdict.reason

    def set_verdict(self, verdict: Verdict | None, platform: str = "") -> None:
        """The guard's answer for this thread now: lock Send and say why; in quiet hours,
        offer to send when the customer's window opens. The text is never touched."""
        self._verdict = verdict
        locked = verdict is not None and not verdict.allowed
        self.lock_note.setVisible(locked)
        if verdict is not None and locked:
            self.lock_note.setText(lock_words(verdict, platform))
            self.lock_note.setAccessibleDescription(self.lock_note.text())
        later = (
            verdict is not None
            and verdict.reason is Reason.QUIET_HOURS
            and verdict.opens_at is not None
        )
        self.later_button.setVisible(later)
        if later:
            assert verdict is not None
            self.later_button.setText(send_later_words(verdict))
        self._text_changed()

    def _offers_notice(self, text: str) -> bool:
        """Offered while the message can still go (now, or when quiet hours end)."""
        if self.locked not in (None, Reason.QUIET_HOURS):
            return False
        return bool(self.notice and text.strip() and not has_notice(text))

    def _with_notice(self, text: str) -> str:
        return f"{text.rstrip()} {self.notice}"

    def add_notice(self) -> None:
        """Add the opt-out sentence to the end of the text (the meter counts it)."""
        text = self.text()
        if self._offers_notice(text):
            template_id = self._template_id
            self.editor.setPlainText(self._with_notice(text))
            self._template_id = template_id
            self.editor.moveCursor(self.editor.textCursor().MoveOperation.End)

    def submit_later(self) -> None:
        """Quiet hours: the outbox holds the message and sends it when the window opens."""
        if self.locked is Reason.QUIET_HOURS:
            self._submit()

    def submit(self) -> None:
        if self.locked is not None:
            return  # locked: the draft stays where it is
        self._submit()

    def _submit(self) -> None:
        text = self.text()
        if not text.strip() or not self.isEnabled():
            return
        missing = tpl.unfilled(text)
        if missing:
            self.counter.setText(self.tr("Fill in {} before sending").format(", ".join(missing)))
            return
        from_number = self.from_number.currentData()
        if not from_number:
            self.counter.setText(self.tr("Choose a number to send from"))
            return
        template_id = self._template_id
        self.set_text("")
        self.sig_send.emit(text, from_number, template_id)


_NOTICE_WORDS = (
    "stop to opt out",
    "stop to unsubscribe",
    "stop to end",
    "stop to cancel",
    "stop para",  # "Responda STOP para darse de baja"
    "alto para",
)


def has_notice(text: str) -> bool:
    """Whether a message already tells the customer how to opt out ("Reply STOP to opt out")."""
    folded = " ".join(text.casefold().replace(".", " ").split())
    return any(words in folded for words in _NOTICE_WORDS)

"""Pick the service to work in (LiveVox: sends go out from the service the agent joined)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QVBoxLayout, QWidget

from ...core.models import Service
from . import ok_cancel


class ServiceDialog(QDialog):
    def __init__(
        self,
        services: Sequence[Service],
        current: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Choose your service"))
        self.service = QComboBox(self)
        self.service.setAccessibleName(self.tr("Service"))
        for service in services:
            self.service.addItem(service.name, service.id)
        if current is not None and self.service.findData(current) >= 0:
            self.service.setCurrentIndex(self.service.findData(current))
        self.buttons = ok_cancel(self, self.tr("Work in this service"))
        form = QFormLayout()
        form.addRow(self.tr("Service"), self.service)
        layout = QVBoxLayout(self)
        text = self.tr(
            "You have several services. Your messages are sent from the one you work in; "
            "this profile remembers your choice."
        )
        note = QLabel(text, self)
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.service.setFocus()

    def chosen(self) -> str:
        return str(self.service.currentData())

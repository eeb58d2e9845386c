"""Guard against a PySide6 that corrupts the refcounts of None, True and False.

PySide6-Essentials 6.12.0 on Python 3.11 drops one reference to ``None`` on every call of
a void Qt method (``setText``, ``setEnabled`` ...) and one to ``True`` per keystroke in a
text edit wired like our composer. From Python 3.12 on those objects are immortal and
nothing shows; on 3.11 the app aborts with "none_dealloc" after a few thousand calls, i.e.
seconds of painting. pyproject pins PySide6 below 6.12; this test fails if a release with
the leak comes back.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QPushButton

from inbox_app.ui.composer import Composer

pytestmark = pytest.mark.skipif(
    sys.version_info >= (3, 12), reason="None, True and False are immortal from Python 3.12"
)

CALLS = 500


def _counts() -> tuple[int, int, int]:
    return sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)


def _drift(before: tuple[int, int, int]) -> list[int]:
    return [after - was for after, was in zip(_counts(), before, strict=True)]


def test_void_qt_calls_keep_refcounts(qapp) -> None:  # type: ignore[no-untyped-def]
    label, button = QLabel(), QPushButton()
    before = _counts()
    for i in range(CALLS):
        label.setText(str(i))
        button.setEnabled(i % 2 == 0)
    assert all(abs(d) < CALLS // 10 for d in _drift(before)), _drift(before)


def test_typing_in_the_composer_keeps_refcounts(qtbot) -> None:  # type: ignore[no-untyped-def]
    composer = Composer()
    qtbot.addWidget(composer)
    composer.show()
    before = _counts()
    QTest.keyClicks(composer.editor, "a" * CALLS)
    # Leaked references (positive drift) are harmless; dropped ones (negative) are fatal.
    assert all(d > -CALLS // 10 for d in _drift(before)), _drift(before)

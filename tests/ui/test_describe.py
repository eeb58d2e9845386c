"""Every reason and every action core can report has words, in English and in Spanish."""

from __future__ import annotations

from pathlib import Path

import pytest

from inbox_app.core.outcomes import Action, ActionFailed, PlatformError, Reason
from inbox_app.ui import i18n
from inbox_app.ui.describe import action_words, describe, reason_words


def words_of_everything() -> dict[object, str]:
    said: dict[object, str] = {r: reason_words(r, "Live Link 365") for r in Reason}
    said |= {a: action_words(a, "Ana") for a in Action}
    return said


def test_every_reason_and_action_is_worded_in_both_languages(qm_dir: Path) -> None:
    english = words_of_everything()
    i18n.install("es", qm_dir)
    try:
        spanish = words_of_everything()
    finally:
        i18n.install("en", qm_dir)
    for what, text in english.items():
        assert text.strip(), f"{what!r} has no English words"
        assert "{" not in text, f"{what!r} left a placeholder: {text}"
        assert spanish[what].strip() and spanish[what] != text, f"{what!r} is not in Spanish"
    # The platform and the other agent are named where the sentence needs them.
    assert "Live Link 365" in english[Reason.RATE_LIMITED]
    assert english[Action.TRANSFER].endswith("Ana")


@pytest.mark.parametrize("reason", list(Reason))
def test_a_failed_action_reads_as_one_sentence(reason: Reason) -> None:
    error = PlatformError(reason, platform="LiveVox", server_words="Invalid number")
    text = describe(ActionFailed(Action.SEND, error))
    assert text.startswith("Could not send the message: ")
    assert text.endswith("(LiveVox said: Invalid number.)")


def test_unknown_outcome_says_the_inbox_is_read_again() -> None:
    error = PlatformError(Reason.CONNECTION_LOST, platform="LiveVox", unknown_outcome=True)
    text = describe(ActionFailed(Action.RESOLVE, error))
    assert "refreshed to show what LiveVox did" in text


def test_retry_after_and_status_are_worded() -> None:
    limited = PlatformError(Reason.RATE_LIMITED, platform="LiveVox", retry_after=12)
    assert describe(limited) == "LiveVox is limiting requests; trying again in 12 s."
    odd = PlatformError(Reason.REFUSED, platform="LiveVox", status=418)
    assert describe(odd) == "LiveVox answered with HTTP status 418."
    # Core's own reasons need no platform: the workspace names it.
    assert describe(PlatformError(Reason.NOT_SIGNED_IN), "Live Link 365") == (
        "Not signed in to Live Link 365."
    )

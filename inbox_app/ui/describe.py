"""One clear sentence for any failure that reaches the UI, in the agent's language.

Core reports failures as types (:mod:`inbox_app.core.outcomes`): an action and a reason,
with parameters. Every one of them is worded here and nowhere else; a test fails when a
reason or an action has no wording, in English or in Spanish. The platform's own words come
after ours, as detail, as the platform wrote them.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication

from ..core.compliance import Verdict
from ..core.outcomes import Action, ActionFailed, PlatformError, Reason

log = logging.getLogger("inbox_app.ui")
translate = QCoreApplication.translate  # a name lupdate reads: translate("context", "text")

__all__ = [
    "action_words",
    "describe",
    "help_words",
    "lock_words",
    "opted_in_words",
    "opted_out_words",
    "quiet_hours_words",
    "reason_words",
    "send_later_words",
]


def reason_words(
    reason: Reason,
    platform: str,
    *,
    retry_after: float | None = None,
    status: int | None = None,
) -> str:
    """Why, as one sentence; ``platform`` is its name as the agent knows it ("LiveVox")."""
    if reason is Reason.RATE_LIMITED and retry_after is not None:
        return translate("describe", "{0} is limiting requests; trying again in {1} s.").format(
            platform, f"{retry_after:g}"
        )
    if reason is Reason.REFUSED and status is not None:
        return translate("describe", "{0} answered with HTTP status {1}.").format(platform, status)
    words = {
        Reason.REFUSED: translate("describe", "{} refused the request."),
        Reason.BAD_REQUEST: translate(
            "describe", "{} rejected the request as incomplete or contradictory."
        ),
        Reason.SESSION_EXPIRED: translate(
            "describe", "Your {} session has expired. Please sign in again."
        ),
        Reason.SIGN_IN_REFUSED: translate(
            "describe", "{} refused the sign-in: check the details you signed in with."
        ),
        Reason.PASSWORD_EXPIRED: translate(
            "describe", "Your {} password has expired: change it to sign in."
        ),
        Reason.FORBIDDEN: translate("describe", "Your {} role is not allowed to do this."),
        Reason.NOT_FOUND: translate("describe", "{} could not find what was asked for."),
        Reason.CONFLICT: translate(
            "describe", "{} refused: the conversation changed in the meantime."
        ),
        Reason.RATE_LIMITED: translate("describe", "{} is limiting requests right now."),
        Reason.SERVER_TROUBLE: translate(
            "describe", "The {} server had a problem. Please try again shortly."
        ),
        Reason.UNREADABLE_ANSWER: translate(
            "describe", "The {} server sent an answer this app does not understand."
        ),
        Reason.CONNECTION_LOST: translate(
            "describe", "The connection to the {} server broke off or timed out."
        ),
        Reason.CANNOT_CONNECT: translate(
            "describe", "Could not connect to the {} server. Check the address and the network."
        ),
        Reason.NOT_SIGNED_IN: translate("describe", "Not signed in to {}."),
        Reason.BAD_INPUT: translate(
            "describe", "The request was incomplete, so it was not sent to {}."
        ),
        Reason.AGENT_TOKEN_REFUSED: translate(
            "describe",
            "The relay refused the agent token: check it, or ask whoever runs the relay for a "
            "new one.",
        ),
        Reason.RELAY_UNREACHABLE: translate(
            "describe",
            "No relay answered at that address. Check the relay address and the network.",
        ),
        Reason.NO_PHONE_NUMBER: translate("describe", "This conversation has no phone number."),
        Reason.NO_THREAD_ID: translate(
            "describe", "The server did not give this conversation an id."
        ),
        Reason.MAY_HAVE_BEEN_SENT: translate(
            "describe",
            "It is not known whether this SMS was sent. Check before sending it again.",
        ),
        Reason.NOT_REPORTED_YET: translate(
            "describe", "{} has not reported on this message yet; checking again shortly."
        ),
        Reason.EMPTY_MESSAGE: translate("describe", "An empty message cannot be sent."),
        Reason.NOT_SUPPORTED: translate("describe", "{} cannot do this."),
        Reason.NO_AGENT_AVAILABLE: translate(
            "describe", "No agent is available to take conversations right now."
        ),
        Reason.OPTED_OUT: translate(
            "describe", "The customer opted out of text messages; nothing is sent to them."
        ),
        Reason.QUIET_HOURS: translate(
            "describe", "It is outside texting hours for this customer; the message is held."
        ),
        Reason.INVALID_NUMBER: translate(
            "describe", "This is not a valid phone number, so nothing is sent to it."
        ),
        Reason.UNKNOWN_TIME_ZONE: translate(
            "describe",
            "The customer's time zone cannot be told from the number, so the message is held.",
        ),
        Reason.NO_SERVICE: translate(
            "describe",
            "Sending is unavailable: you are not working in a {} service. Choose one in "
            "Account ▸ Choose service, or ask your supervisor for access to one.",
        ),
    }
    return words[reason].format(platform)


def action_words(action: Action, who: str = "") -> str:
    """What was being done, to follow "Could not …"."""
    words = {
        Action.MARK_READ: translate("describe", "mark the conversation read"),
        Action.MARK_UNREAD: translate("describe", "mark the conversation unread"),
        Action.TO_GROUP: translate("describe", "move the conversation to the group inbox"),
        Action.TAKE: translate("describe", "take the conversation"),
        Action.TRANSFER: translate("describe", "transfer the conversation to {}"),
        Action.RESOLVE: translate("describe", "resolve the conversation"),
        Action.SEND: translate("describe", "send the message"),
        Action.NEW_SMS: translate("describe", "send the new SMS"),
        Action.SIGN_IN: translate("describe", "sign in"),
    }
    return words[action].format(who)


def _problem(error: PlatformError, platform: str) -> str:
    name = error.platform or platform
    text = reason_words(error.reason, name, retry_after=error.retry_after, status=error.status)
    words = (error.server_words or "").strip().rstrip(".")
    if words and words not in text:
        text = translate("describe", "{0} ({1} said: {2}.)").format(text, name, words)
    return text


def describe(exc: BaseException, platform: str = "") -> str:
    """Our sentence first; the platform's own words, when it gave any, as detail after it.
    ``platform`` names the platform when the error itself does not (core's own reasons)."""
    if isinstance(exc, ActionFailed):
        name = exc.error.platform or platform
        text = translate("describe", "Could not {0}: {1}").format(
            action_words(exc.action, exc.who), _problem(exc.error, platform)
        )
        if exc.error.unknown_outcome:
            text = translate(
                "describe", "{0} The inbox will be refreshed to show what {1} did."
            ).format(text, name)
        return text
    if isinstance(exc, PlatformError):
        return _problem(exc, platform)
    log.error("unexpected error", exc_info=exc)
    return translate("describe", "Something went wrong ({}). The details are in the log.").format(
        type(exc).__name__
    )


# --- compliance: the guard's verdict in the agent's words --------------------------------------


def _clock(moment: datetime) -> str:
    return moment.strftime("%H:%M")


def _seen(moment: datetime) -> str:
    """When a customer's message came, on the agent's clock: "21:12, Dec 1"."""
    local = moment.astimezone()
    return f"{_clock(local)}, {local.strftime('%Y-%m-%d')}"


def quiet_hours_words(verdict: Verdict) -> str:
    """ "It is 21:40 for this customer (America/Chicago); texting opens at 08:00"."""
    times = sorted(verdict.customer_times, key=lambda t: t.time())
    if len(times) == 1:
        now = _clock(times[0])
        where = str(times[0].tzinfo)
    else:
        now = f"{_clock(times[0])}-{_clock(times[-1])}"
        where = translate("describe", "{} time zones").format(len(times))
    if verdict.opens_at is None:
        return translate(
            "describe",
            "It is {0} for this customer ({1}); no hour of the day is inside the texting "
            "window in all of them",
        ).format(now, where)
    opens = _clock(verdict.opens_at)
    if len(times) > 1:
        opens = f"{opens} ({verdict.opens_at.tzinfo})"
    return translate("describe", "It is {0} for this customer ({1}); texting opens at {2}").format(
        now, where, opens
    )


def send_later_words(verdict: Verdict) -> str:
    """The offer under a quiet-hours lock: "Send at 08:00 their time"."""
    assert verdict.opens_at is not None
    return translate("describe", "Send at {} their time").format(_clock(verdict.opens_at))


def opted_out_words(verdict: Verdict) -> str:
    return translate(
        "describe",
        "The customer opted out with “{0}” at {1}. Texting them is locked until they send START.",
    ).format(verdict.opted_out_text, _seen(verdict.opted_out_at or datetime.now(UTC)))


def opted_in_words(verdict: Verdict) -> str:
    return translate("describe", "The customer opted back in at {}.").format(
        _seen(verdict.opted_in_at or datetime.now(UTC))
    )


def help_words(verdict: Verdict) -> str:
    return translate(
        "describe",
        "The customer asked for help (“{0}”, {1}): say who you are and how to opt out.",
    ).format(verdict.help_text, _seen(verdict.help_at or datetime.now(UTC)))


def lock_words(verdict: Verdict, platform: str = "") -> str:
    """Why the composer is locked, as the composer shows it (an opt-out's words and time are
    on the thread's consent bar just above)."""
    if verdict.reason is Reason.QUIET_HOURS:
        return quiet_hours_words(verdict)
    return reason_words(verdict.reason or Reason.REFUSED, platform)

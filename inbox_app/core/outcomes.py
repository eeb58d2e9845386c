"""What went wrong, as types: an action and a reason, never an English sentence.

Every platform adapter turns its protocol's errors into a :class:`PlatformError` with a
:class:`Reason`; core adds the :class:`Action` it was doing (:class:`ActionFailed`). The UI
words both in one place (``ui/describe.py``), in the agent's language, and a test fails when
a reason or an action has no wording there — so rewording never silently breaks a language.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Action", "ActionFailed", "PlatformError", "Reason"]


class Reason(StrEnum):
    """Why something did not happen (or may not have)."""

    # The platform answered and refused.
    REFUSED = "refused"  # a refusal with no more specific meaning (an odd HTTP status)
    BAD_REQUEST = "bad-request"
    SESSION_EXPIRED = "session-expired"
    SIGN_IN_REFUSED = "sign-in-refused"
    PASSWORD_EXPIRED = "password-expired"  # a sign-in refused until the password is changed
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not-found"
    CONFLICT = "conflict"
    RATE_LIMITED = "rate-limited"
    # The platform failed, or its answer was lost: it may have acted.
    SERVER_TROUBLE = "server-trouble"
    UNREADABLE_ANSWER = "unreadable-answer"
    CONNECTION_LOST = "connection-lost"
    # Nothing reached the platform.
    CANNOT_CONNECT = "cannot-connect"
    NOT_SIGNED_IN = "not-signed-in"
    BAD_INPUT = "bad-input"  # refused before sending: an empty id or address
    # Signing in through the relay (IMIconnect, iLiveIt): which of the two servers failed.
    AGENT_TOKEN_REFUSED = "agent-token-refused"  # the relay does not know the agent token
    RELAY_UNREACHABLE = "relay-unreachable"  # no relay answers at that address
    # Core's own.
    NO_PHONE_NUMBER = "no-phone-number"
    NO_THREAD_ID = "no-thread-id"
    MAY_HAVE_BEEN_SENT = "may-have-been-sent"  # cannot be checked: the agent decides
    NOT_REPORTED_YET = "not-reported-yet"  # a lost send is not in the reports (yet)
    EMPTY_MESSAGE = "empty-message"
    NOT_SUPPORTED = "not-supported"  # the platform cannot do this at all
    NO_AGENT_AVAILABLE = "no-agent-available"  # nobody ready to spread conversations over
    # Compliance (core/compliance.py): held by the app, nothing reached the platform.
    OPTED_OUT = "opted-out"  # the customer revoked consent (STOP)
    QUIET_HOURS = "quiet-hours"  # outside the sending window in the customer's time zone
    INVALID_NUMBER = "invalid-number"  # not a valid phone number: no time zone, no send
    UNKNOWN_TIME_ZONE = "unknown-time-zone"  # a valid number whose time zone is not known
    NO_SERVICE = "no-service"  # not in a service (LiveVox): nothing can be sent

    @classmethod
    def parse(cls, value: str | None) -> Reason | None:
        """A reason kept on disk by this or an earlier version (unknown text: refused)."""
        if not value:
            return None
        try:
            return cls(value)
        except ValueError:
            return cls.REFUSED


class Action(StrEnum):
    """What the agent (or the app for them) was doing."""

    MARK_READ = "mark-read"
    MARK_UNREAD = "mark-unread"
    TO_GROUP = "to-group"
    TAKE = "take"
    TRANSFER = "transfer"
    RESOLVE = "resolve"
    SEND = "send"
    NEW_SMS = "new-sms"
    SIGN_IN = "sign-in"


class PlatformError(Exception):
    """A platform call that did not do what was asked.

    ``unknown_outcome``: the request may have been carried out although no good answer came
    back (a timeout, a 5xx, a garbled answer); whoever repeats it must check first.
    ``server_words`` are the platform's own words, shown as detail; ``retry_after`` is how
    long the platform asked us to wait.
    """

    def __init__(
        self,
        reason: Reason,
        *,
        platform: str = "",
        status: int | None = None,
        server_words: str | None = None,
        retry_after: float | None = None,
        unknown_outcome: bool = False,
    ) -> None:
        self.reason = reason
        self.platform = platform
        self.status = status
        self.server_words = server_words
        self.retry_after = retry_after
        self.unknown_outcome = unknown_outcome
        super().__init__(reason.value)

    def __repr__(self) -> str:
        return (
            f"PlatformError({self.reason.value}, platform={self.platform!r}, "
            f"status={self.status!r}, unknown_outcome={self.unknown_outcome})"
        )


class ActionFailed(Exception):
    """An action of the agent's did not happen; any optimistic change is rolled back.

    ``who`` names the other agent of a transfer. When ``error.unknown_outcome``, the inbox
    is read again from the platform at the next sync round."""

    def __init__(self, action: Action, error: PlatformError, *, who: str = "") -> None:
        self.action = action
        self.error = error
        self.who = who
        super().__init__(f"{action.value}: {error.reason.value}")

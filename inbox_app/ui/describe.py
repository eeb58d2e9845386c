"""One clear sentence for any failure that reaches the UI, in the agent's language.

The protocol and core layers are Qt-free and write their sentences in English. The ones they
are known to write (each error type's own sentence, the connection problems, the actions the
inbox names) are said here in the agent's language; anything else — a server's own words,
above all — is shown as it came. Without a QApplication or a translator, the English stays.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication

from ..core.inbox import ActionFailed, outcome_unknown
from ..livevox import errors

log = logging.getLogger("inbox_app.ui")
translate = QCoreApplication.translate  # a name lupdate reads: translate("context", "text")


def _known_sentences() -> dict[str, str]:
    """English sentence of the lower layers → the same in the agent's language."""
    return {
        # Each error type's own sentence (inbox_app.livevox.errors).
        errors.LiveVoxError.default_message: translate(
            "describe", "The LiveVox server reported an error."
        ),
        errors.BadRequest.default_message: translate(
            "describe", "LiveVox rejected the request as incomplete or contradictory."
        ),
        errors.SessionExpired.default_message: translate(
            "describe", "Your LiveVox session has expired. Please sign in again."
        ),
        errors.LoginFailed.default_message: translate(
            "describe",
            "Sign-in failed: check the client code, user name, password and access token.",
        ),
        errors.Forbidden.default_message: translate(
            "describe", "Your LiveVox role is not allowed to do this."
        ),
        errors.NotFound.default_message: translate(
            "describe", "LiveVox could not find what was asked for."
        ),
        errors.Conflict.default_message: translate(
            "describe", "LiveVox refused: the conversation changed in the meantime."
        ),
        errors.RateLimited.default_message: translate(
            "describe", "LiveVox is limiting requests right now."
        ),
        errors.ServerError.default_message: translate(
            "describe", "The LiveVox server had a problem. Please try again shortly."
        ),
        errors.ProtocolError.default_message: translate(
            "describe", "The LiveVox server sent an answer this app does not understand."
        ),
        errors.TransportError.default_message: translate(
            "describe", "Could not reach the LiveVox server. Check the network connection."
        ),
        errors.NotLoggedIn.default_message: translate("describe", "Not signed in to LiveVox."),
        # The connection problems the client names (inbox_app.livevox.client).
        "Could not connect to the LiveVox server. Check the address and the network.": translate(
            "describe",
            "Could not connect to the LiveVox server. Check the address and the network.",
        ),
        "Too many requests were waiting for a connection; please try again.": translate(
            "describe", "Too many requests were waiting for a connection; please try again."
        ),
        "The LiveVox server did not answer in time.": translate(
            "describe", "The LiveVox server did not answer in time."
        ),
        "The LiveVox server sent an undecodable body.": translate(
            "describe", "The LiveVox server sent an undecodable body."
        ),
        "The server address uses a protocol this app cannot speak.": translate(
            "describe", "The server address uses a protocol this app cannot speak."
        ),
        "The connection to the LiveVox server broke off.": translate(
            "describe", "The connection to the LiveVox server broke off."
        ),
        "The LiveVox server sent an answer this app does not understand (not JSON).": translate(
            "describe", "The LiveVox server sent an answer this app does not understand (not JSON)."
        ),
        # The inbox and the outbox (inbox_app.core).
        "This conversation has no phone number.": translate(
            "describe", "This conversation has no phone number."
        ),
        "The server did not give this conversation an id.": translate(
            "describe", "The server did not give this conversation an id."
        ),
        "It is not known whether this SMS was sent. Check before sending it again.": translate(
            "describe", "It is not known whether this SMS was sent. Check before sending it again."
        ),
        "An empty message cannot be sent.": translate(
            "describe", "An empty message cannot be sent."
        ),
        "The message must not be empty.": translate("describe", "The message must not be empty."),
    }


def _action(action: str) -> str:
    """What the inbox was doing (the ``action`` of :class:`ActionFailed`)."""
    known = {
        "mark the conversation read": translate("describe", "mark the conversation read"),
        "mark the conversation unread": translate("describe", "mark the conversation unread"),
        "move the conversation to the group inbox": translate(
            "describe", "move the conversation to the group inbox"
        ),
        "take the conversation": translate("describe", "take the conversation"),
        "resolve the conversation": translate("describe", "resolve the conversation"),
        "send the message": translate("describe", "send the message"),
        "send": translate("describe", "send"),
        "act on the conversation": translate("describe", "act on the conversation"),
    }
    if action in known:
        return known[action]
    transfer = "transfer the conversation to "
    if action.startswith(transfer):
        return translate("describe", "transfer the conversation to {}").format(
            action.removeprefix(transfer)
        )
    return action


def sentence(text: str) -> str:
    """A sentence of the lower layers in the agent's language when it is a known one. The
    server's words the outbox adds in brackets ("… (Invalid number.)") stay as they are."""
    known = _known_sentences()
    if text in known:
        return known[text]
    head, bracket, rest = text.partition(" (")
    if bracket and head in known:
        return f"{known[head]} ({rest}"
    return text


def _reason(cause: errors.LiveVoxError) -> str:
    if (
        isinstance(cause, errors.RateLimited)
        and cause.retry_after is not None
        and cause.message
        == f"LiveVox is limiting requests; trying again in {cause.retry_after:g} s."
    ):
        return translate("describe", "LiveVox is limiting requests; trying again in {} s.").format(
            f"{cause.retry_after:g}"
        )
    if cause.status is not None and cause.message == (
        f"LiveVox answered with HTTP status {cause.status}."
    ):
        return translate("describe", "LiveVox answered with HTTP status {}.").format(cause.status)
    return sentence(cause.message)


def describe(exc: BaseException) -> str:
    """Our sentence first; the server's own words, when it gave any, as detail after it."""
    cause = exc.cause if isinstance(exc, ActionFailed) else exc
    if isinstance(cause, errors.LiveVoxError):
        text = _reason(cause)
        if isinstance(exc, ActionFailed):
            text = translate("describe", "Could not {0}: {1}").format(_action(exc.action), text)
            if outcome_unknown(cause):
                text = translate(
                    "describe", "{} The inbox will be refreshed to show what LiveVox did."
                ).format(text)
        detail = cause.server_message
        if detail and detail.rstrip(".") not in text:
            text = translate("describe", "{0} (LiveVox said: {1}.)").format(
                text, detail.rstrip(".")
            )
        return text
    if isinstance(exc, ValueError):
        return sentence(str(exc))
    log.error("unexpected error", exc_info=exc)
    return translate("describe", "Something went wrong ({}). The details are in the log.").format(
        type(exc).__name__
    )

"""Turn iLiveIt's answers into models; anything off-shape becomes a ProtocolError.

Each parser takes the already-decoded JSON value of one endpoint's answer (the postback
parsers, :func:`~.models.parse_reply` and :func:`~.models.parse_status`, live in
:mod:`.models` and also take JSON text). They are plain functions so that the property test
can feed them arbitrary JSON and check that the only exception ever to escape is
:class:`~inbox_app.iliveit.errors.ProtocolError`.
"""

from __future__ import annotations

from typing import Any

from ..wire.model import first_problem, validated
from . import models
from .errors import ProtocolError
from .models import parse_reply, parse_status

__all__ = [
    "find",
    "parse_message_status",
    "parse_ping",
    "parse_reply",
    "parse_send_answer",
    "parse_status",
]


def find(data: dict[str, Any], *names: str) -> Any:
    """The first non-null value of one of ``names``, matching keys as iLiveIt's Go server
    does: case and underscores do not matter."""
    wanted = {models.fold(name) for name in names}
    for key, value in data.items():
        if isinstance(key, str) and models.fold(key) in wanted and value is not None:
            return value
    return None


def parse_ping(data: Any) -> None:
    """``GET /ping``: ``{"Body": "Pong!"}`` (plain ``Pong!`` is taken too); anything else
    is a ProtocolError, since a ping that answers something else is not iLiveIt's API."""
    body = find(data, "Body") if isinstance(data, dict) else data
    if isinstance(body, str) and body.strip().rstrip("!").strip().lower() == "pong":
        return
    raise ProtocolError('The server answered the ping, but not with iLiveIt\'s "Pong!".')


def parse_send_answer(data: Any) -> str:
    """``POST /message/send``: ``{"MessageID": "..."}`` → the id. A success answer without
    one is a ProtocolError with ``maybe_delivered``: the platform took the message."""
    message_id = find(data, "MessageID") if isinstance(data, dict) else None
    text = _id_text(message_id)
    if text:
        return text
    raise ProtocolError(
        "iLiveIt accepted the message but its answer has no message id: it may have been sent.",
        maybe_delivered=True,
    )


def _id_text(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    return str(models.as_text(value))


def parse_message_status(data: Any, message_id: str | None = None) -> models.MessageStatus:
    """``GET /message/{id}/status``: the status object. ``message_id`` (the id asked for)
    stands in when the answer does not repeat it; when it does, it must be the same."""
    if isinstance(data, dict) and message_id:
        given = find(data, "message_id", "MessageID")
        if given is None:
            data = {**data, "message_id": message_id}
        elif _id_text(given) != message_id:
            raise ProtocolError(
                f"iLiveIt answered the status of another message ({str(given)[:60]!r})."
            )

    def fail(exc: Exception | None) -> ProtocolError:
        return ProtocolError(f"iLiveIt sent a malformed message status{first_problem(exc)}.")

    return validated(models.MessageStatus, data, fail)

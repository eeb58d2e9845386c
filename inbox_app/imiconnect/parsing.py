"""Turn decoded IMIconnect answers into models or typed errors.

Each parser takes the already-decoded JSON value of one endpoint's answer; they are plain
functions so that the property test can feed them arbitrary JSON. What may come out:
:class:`~.errors.ProtocolError` for an answer of the wrong shape, and from
:func:`parse_send_answer` (and for request-level codes :func:`parse_status`) the
:class:`~.errors.Refused` family for a response code other than 1001. The webhook parsers
live in :mod:`.models` (``parse_dr``, ``parse_mo``).
"""

from __future__ import annotations

import logging
from typing import Any

from ..wire.model import first_problem, validated
from . import models
from .errors import QUEUED, ProtocolError, error_for_code, is_request_level
from .models import as_text, field_of, reported_fields

__all__ = ["parse_send_answer", "parse_status", "response_code"]

log = logging.getLogger("inbox_app.imiconnect")


def _malformed(what: str, detail: str = "") -> ProtocolError:
    return ProtocolError(f"The IMIconnect server sent a malformed {what}{detail}.")


def _entries(data: Any) -> list[Any] | None:
    """The ``response`` entries of an answer (a list, or one object), None when absent."""
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        return None
    entries = field_of(data, "response")
    if isinstance(entries, dict):
        return [entries]
    return entries if isinstance(entries, list) else None


def response_code(data: Any) -> tuple[str | None, str | None]:
    """(code, description) of an error answer's first ``response`` entry (or of a bare
    ``{code, description}``), tolerating anything: (None, None) when there is none."""
    entries = _entries(data) or ([data] if isinstance(data, dict) else [])
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        try:
            code = as_text(field_of(entry, "code"), "error answer", "code")
            description = as_text(field_of(entry, "description"), "error answer", "description")
        except ProtocolError:
            continue
        if code is not None:
            return code, description
    return None, None


def parse_send_answer(data: Any) -> list[models.Accepted]:
    """``POST /resources/v1/messaging``'s answer::

        {"response": [{"code": "1001", "description": "Queued",
                       "transid": "…", "correlationid": "…"}]}

    Returns the queued (1001) entries. A request-level code in any entry (7001, 7007, 7009)
    raises its error; so does the first entry's code when no entry is queued (IMIconnect
    answers HTTP 200 with such codes). In a partly queued answer the refused entries are
    logged and left out: they name no destination, so the DR or the status of each
    ``transid`` is what tells the rest. An answer without entries, or a queued entry without
    a ``transid``, is a :class:`~.errors.ProtocolError` (the message's fate is unknown).
    """
    what = "send answer"
    entries = _entries(data)
    if not entries:
        raise _malformed(what, " (no response entries)")
    coded: list[tuple[str, str | None, dict[str, Any]]] = []
    for entry in entries:
        if not isinstance(entry, dict):
            raise _malformed(what, " (an entry is not an object)")
        code = as_text(field_of(entry, "code"), what, "code")
        if code is None:
            raise _malformed(what, " (an entry has no code)")
        coded.append((code, as_text(field_of(entry, "description"), what, "description"), entry))
    for code, description, _ in coded:
        if is_request_level(code):
            raise error_for_code(code, description, status=200)
    queued = [(code, description, entry) for code, description, entry in coded if code == QUEUED]
    if not queued:
        code, description, _ = coded[0]
        raise error_for_code(code, description, status=200)
    if len(queued) < len(coded):
        refused = sorted({code for code, _, _ in coded if code != QUEUED})
        log.warning(
            "IMIconnect queued %d of %d entries; refused: %s",
            len(queued),
            len(coded),
            ", ".join(refused),
        )
    accepted = []
    for code, description, entry in queued:
        fields = {
            "transid": as_text(field_of(entry, "transid"), what, "transid"),
            "correlation_id": as_text(field_of(entry, "correlationid"), what, "correlationid"),
            "code": code,
            "description": description,
        }
        if fields["transid"] is None:
            raise _malformed(what, " (a queued entry has no transid)")
        accepted.append(
            validated(models.Accepted, fields, lambda e: _malformed(what, first_problem(e)))
        )
    return accepted


def parse_status(data: Any, transid: str) -> models.MessageStatus:
    """``GET /resources/v1/messaging/status/{transid}``'s answer, read leniently.

    Its shape is not published. Accepted: a DR-like ``{"deliveryInfoNotification":
    {"deliveryInfo": {...}, "transid": ...}}``, a bare ``{"deliveryInfo": {...}}``, a
    ``{"response": [{"code", "description", "transid", ...}]}`` (or a list of such entries),
    or a bare ``{"code", ...}``. When none of these is there (an empty body, another shape)
    the status is ``unknown`` with no code, for the ``transid`` asked about. A request-level
    code (7001 key refused, 7007 service inactive) raises its error; a field of the wrong
    type (a code that is a list) is a :class:`~.errors.ProtocolError`.
    """
    what = "status answer"
    info: dict[str, Any] | None = None
    outer: dict[str, Any] = {}
    if isinstance(data, dict):
        notification = field_of(data, "deliveryInfoNotification")
        if isinstance(notification, dict):
            outer = notification
            found = field_of(notification, "deliveryInfo")
            info = found if isinstance(found, dict) else {}
        elif isinstance(field_of(data, "deliveryInfo"), dict):
            info, outer = field_of(data, "deliveryInfo"), data
        elif field_of(data, "code") is not None:
            info = data
    if info is None:
        for entry in _entries(data) or ():
            if isinstance(entry, dict) and field_of(entry, "code", "deliveryInfo") is not None:
                nested = field_of(entry, "deliveryInfo")
                info, outer = (nested, entry) if isinstance(nested, dict) else (entry, {})
                break
    if info is None:
        log.info("IMIconnect's status answer had no status in a known shape: unknown")
        return models.MessageStatus(transid=transid)
    fields = reported_fields(info, outer, what)
    if is_request_level(fields["code"]):
        raise error_for_code(fields["code"], fields["description"], status=200)
    fields["transid"] = fields["transid"] or transid
    return validated(models.MessageStatus, fields, lambda e: _malformed(what, first_problem(e)))

"""Turn decoded Live Link JSON into models; anything off-shape becomes a ProtocolError.

Each parser takes the already-decoded JSON value of one endpoint's answer. They are plain
functions so that the property test can feed them arbitrary JSON and check that the only
exception ever to escape is :class:`~inbox_app.livelink.errors.ProtocolError`.

Pages are read entry by entry: an entry that is not an MO or an ACK (not an object, no
sender, no order id) is skipped and counted, so one bad entry cannot hide the other nine.
"""

from __future__ import annotations

import logging
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..wire.model import first_problem, validated
from . import models
from .errors import ProtocolError

__all__ = ["parse_mo_page", "parse_order_ids", "parse_status_page", "parse_token"]

log = logging.getLogger("inbox_app.livelink")

M = TypeVar("M", bound=BaseModel)

_PAGE_FIELDS = ("pageCount", "pageIndex", "page_count", "page_index", "clientId")


def _malformed(what: str, exc: Exception | None = None, **detail: Any) -> ProtocolError:
    sentence = f"The Live Link 365 server sent a malformed {what}{first_problem(exc)}."
    return ProtocolError(sentence, **detail)


def _validate(model: type[M], data: Any, what: str) -> M:
    return validated(model, data, lambda exc: _malformed(what, exc))


def _entries(data: dict[str, Any]) -> list[Any]:
    """The page's list: ``SAPNotification`` (the definition's ACKs), ``sapnotification``
    (its MOs, and the product page for both), or any other capitalisation."""
    for key, value in data.items():
        if isinstance(key, str) and key.lower() == "sapnotification" and value is not None:
            if isinstance(value, dict):
                return [value]
            if not isinstance(value, list):
                raise _malformed("page (the notification list is not a list)")
            return value
    return []


def _page(model: type[M], item: type[BaseModel], field: str, data: Any, what: str) -> M:
    if not isinstance(data, dict):
        raise _malformed(what)
    kept: list[BaseModel] = []
    skipped = 0
    for entry in _entries(data):
        try:
            kept.append(item.model_validate(entry))
        except (ValidationError, ValueError, TypeError) as exc:
            skipped += 1
            log.warning("skipped a malformed entry of a %s: %s", what, _malformed(what, exc))
    head = {key: data[key] for key in _PAGE_FIELDS if key in data}
    return _validate(model, {**head, field: tuple(kept), "skipped": skipped}, what)


def parse_token(data: Any) -> models.Token:
    """``POST /api/oauth/token``: ``{access_token, token_type, expires_in (ms), ...}``."""
    return _validate(models.Token, data, "token answer")


def parse_order_ids(data: Any) -> list[models.OrderIds]:
    """``POST /api/v2/sms``: ``{"livelinkOrderIds": [{destination, livelinkOrderId}]}``.

    An empty answer (201 "Created": accepted, not yet sent) has no order ids yet: ``[]``.
    An answer with an ``apiErrorCode`` and no order ids is not a success: ProtocolError,
    carrying the code and the server's words (the send's fate is then unknown).
    """
    if data is None:
        return []
    if not isinstance(data, dict):
        raise _malformed("send answer")
    entries = data.get("livelinkOrderIds")
    if not entries and data.get("apiErrorCode") is not None:
        user, debug = data.get("userMessage"), data.get("debugMessage")
        raise _malformed(
            "send answer (an error code and no order ids)",
            api_error_code=data["apiErrorCode"] if _scalar(data["apiErrorCode"]) else None,
            server_message=(user if isinstance(user, str) else None)
            or (debug if isinstance(debug, str) else None),
        )
    if entries is None:
        return []
    if isinstance(entries, dict):
        entries = [entries]
    if not isinstance(entries, list):
        raise _malformed("send answer (livelinkOrderIds is not a list)")
    return [_validate(models.OrderIds, entry, "send answer") for entry in entries]


def _scalar(value: Any) -> bool:
    return isinstance(value, int | str) and not isinstance(value, bool)


def parse_mo_page(data: Any) -> models.MoPage:
    """``GET /api/v2/sms/mo``: ``{pageCount, pageIndex, sapnotification: [MO, ...]}``."""
    return _page(models.MoPage, models.MoMessage, "messages", data, "MO page")


def parse_status_page(data: Any) -> models.StatusPage:
    """``GET /api/v2/sms/status``: ``{clientId, pageCount, pageIndex, SAPNotification}``."""
    return _page(models.StatusPage, models.StatusReport, "reports", data, "status page")

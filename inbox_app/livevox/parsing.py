"""Turn decoded LiveVox JSON into models; anything off-shape becomes a ProtocolError.

Each parser takes the already-decoded JSON value of one endpoint's response. They are plain
functions so the property test can feed them arbitrary JSON and check that the only
exception that ever escapes is :class:`~inbox_app.livevox.errors.ProtocolError`.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from ..wire.model import first_problem, validated
from . import models
from .errors import ProtocolError

__all__ = [
    "parse_channel_counts",
    "parse_channels",
    "parse_message_id",
    "parse_messages",
    "parse_service_access",
    "parse_session",
    "parse_sms_codes",
    "parse_templates",
    "parse_term_code_categories",
    "parse_term_code_page",
    "parse_threads",
    "parse_transaction_id",
    "parse_transfer_agents",
    "parse_transfer_id",
]

M = TypeVar("M", bound=BaseModel)

_ID = TypeAdapter(models.Id)


def _fail(what: str, exc: Exception | None = None) -> ProtocolError:
    return ProtocolError(f"The LiveVox server sent a malformed {what}{first_problem(exc)}.")


def _one(model: type[M], data: Any, what: str) -> M:
    return validated(model, data, lambda exc: _fail(what, exc))


def _many(model: type[M], data: Any, what: str) -> list[M]:
    if data is None:  # an empty inbox may come back as an empty body
        return []
    if not isinstance(data, list):
        raise _fail(what)
    return [_one(model, item, what) for item in data]


def _field(data: Any, names: tuple[str, ...], what: str) -> Any:
    if not isinstance(data, dict):
        raise _fail(what)
    for name in names:
        if name in data and data[name] is not None:
            return data[name]
    raise _fail(what)


def _id_field(data: Any, names: tuple[str, ...], what: str) -> str:
    value = _field(data, names, what)
    try:
        text = _ID.validate_python(value)
    except (ValidationError, ValueError, TypeError) as exc:
        raise _fail(what, exc) from exc
    if not text:
        raise _fail(what)
    return text


def parse_session(data: Any) -> models.Session:
    session = _one(models.Session, data, "login response")
    if not session.session_id:
        raise _fail("login response")
    return session


def parse_templates(data: Any) -> list[models.Template]:
    return _many(models.Template, _field(data, ("templates",), "template list"), "template")


def parse_sms_codes(data: Any) -> list[models.SmsCode]:
    return _many(models.SmsCode, _field(data, ("listSmsCodes",), "SMS code list"), "SMS code")


def parse_channel_counts(data: Any) -> models.ChannelCounts:
    return _one(models.ChannelCounts, data, "channel counts")


def parse_channels(data: Any) -> list[models.Channel]:
    return _many(models.Channel, data, "channel list")


def parse_threads(data: Any) -> list[models.Thread]:
    return _many(models.Thread, data, "thread list")


def parse_transfer_agents(data: Any) -> list[models.TransferAgent]:
    return _many(models.TransferAgent, data, "transfer agent list")


def parse_messages(data: Any) -> list[models.Message]:
    return _many(models.Message, data, "transaction history")


def parse_transaction_id(data: Any) -> str:
    """``POST /sms/`` answers ``{"transactionId": 51644325690}``."""
    return _id_field(data, ("transactionId",), "send response")


def parse_message_id(data: Any) -> str:
    """``POST /sms/agent/message/send`` answers ``{"id": "56284272387"}``."""
    return _id_field(data, ("id", "transactionId"), "send response")


def parse_transfer_id(data: Any) -> str:
    """Transfer answers ``{"id": ...}`` in the example, ``threadId`` in the table: take either."""
    return _id_field(data, ("id", "threadId"), "transfer response")


def parse_term_code_categories(data: Any) -> list[models.TermCodeCategory]:
    """Agent API: ``{"termCodeCategories": [{"name", "termCodes": [...]}]}``."""
    if isinstance(data, dict) and data.get("termCodeCategories") is None:
        return []  # a service without term codes may leave the list out
    categories = _field(data, ("termCodeCategories",), "term code list")
    return _many(models.TermCodeCategory, categories, "term code category")


def parse_term_code_page(data: Any) -> tuple[list[models.TermCode], str]:
    """Configuration API: ``{"termCode": [{"id", "name"}], "next": "<uri or empty>"}``.

    The page's own name for the list is not published beyond that example: ``termCodes``
    is taken too, and a page without a list is empty.
    """
    if data is None:
        return [], ""
    if not isinstance(data, dict):
        raise _fail("term code page")
    items = data.get("termCode")
    if items is None:
        items = data.get("termCodes")
    if isinstance(items, dict):
        items = [items]
    following = data.get("next")
    following = following.strip() if isinstance(following, str) else ""
    return _many(models.TermCode, items, "term code"), following


def parse_service_access(data: Any) -> models.ServiceAccess:
    """``{"homeAgent", "phoneNumber", "services": [{"serviceId", "serviceName"}], "sipId"}``."""
    return _one(models.ServiceAccess, data, "service access")

"""The base of the protocol packages' wire models, and the one way a parser validates.

Models are frozen, have snake_case names with the platform's camelCase names as aliases,
ignore unknown fields and take numbers where text is expected. :func:`validated` turns any
validation failure into the protocol's ``ProtocolError`` (through ``fail``), so that no
pydantic exception escapes a parser.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic.alias_generators import to_camel

__all__ = ["WireModel", "first_problem", "validated"]

M = TypeVar("M", bound=BaseModel)


class WireModel(BaseModel):
    model_config = ConfigDict(
        frozen=True,
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        extra="ignore",
        coerce_numbers_to_str=True,
        # Each model's validator is built when it is first used, not when the module loads:
        # start-up builds the few that signing in and the first inbox need (~60 ms less).
        defer_build=True,
    )


def first_problem(exc: Exception | None) -> str:
    """`` (where: what)`` for a pydantic ValidationError's first error, else ``""``."""
    if not isinstance(exc, ValidationError):
        return ""
    first = exc.errors(include_url=False, include_input=False)[0]
    where = ".".join(str(part) for part in first["loc"]) or "body"
    return f" ({where}: {first['msg']})"


def validated(model: type[M], data: Any, fail: Callable[[Exception | None], Exception]) -> M:
    """``model`` from a decoded JSON object; anything else raises ``fail(cause)``."""
    if not isinstance(data, dict):
        raise fail(None)
    try:
        return model.model_validate(data)
    except (ValidationError, ValueError, TypeError) as exc:
        raise fail(exc) from None

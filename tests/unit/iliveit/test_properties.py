"""Arbitrary JSON into every parser: the only exception that may come out is ProtocolError."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inbox_app.iliveit import errors, parsing

from . import seed_examples as seed

PARSERS: list[Callable[[Any], object]] = [
    getattr(parsing, name) for name in parsing.__all__ if name.startswith("parse_")
]

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=30)
    | st.sampled_from(
        ["1", "12", "Pong!", "", "2015-01-06T10:20:30Z", "0001-01-01T00:00:00Z", "delivery"]
    )
)
keys = st.sampled_from(
    sorted(
        {*seed.SEED_STATUS_RESPONSE, *seed.GO_STATUS_POSTBACK, *seed.GO_INCOMING_SMS}
        | {"Body", "MessageID", "Error", "MESSAGE_ID", "sourcemsisdn"}
    )
) | st.text(max_size=8)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=6),
    max_leaves=25,
)


def _mutations(example: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Near-misses of a real example: one field replaced by anything."""
    return st.tuples(st.sampled_from(sorted(example)), json_values).map(
        lambda kv: {**example, kv[0]: kv[1]}
    )


EXAMPLES = [
    seed.SEED_PING_RESPONSE,
    seed.SEED_SEND_RESPONSE,
    seed.SEED_STATUS_RESPONSE,
    seed.GO_INCOMING_SMS,
    seed.GO_STATUS_POSTBACK,
    seed.CSHARP_STATUS_ASSUMED,
]
anything = json_values | st.one_of(*(_mutations(example) for example in EXAMPLES))


@pytest.mark.parametrize("parser", PARSERS, ids=[p.__name__ for p in PARSERS])
@settings(max_examples=300, deadline=None)
@given(data=anything)
def test_parsers_raise_only_protocol_error(parser: Callable[[Any], object], data: Any) -> None:
    try:
        result = parser(data)
    except errors.ProtocolError:
        return
    for name in ("state", "stages", "dedup_key", "assumed_delivered", "updated_at"):
        getattr(result, name, None)  # the derived views never raise either
    if hasattr(result, "dedup_key"):
        hash(result.dedup_key)


@pytest.mark.parametrize("parser", [parsing.parse_reply, parsing.parse_status])
@settings(max_examples=200, deadline=None)
@given(data=anything | st.text(max_size=40) | st.binary(max_size=40))
def test_postback_parsers_take_text_and_bytes(parser: Callable[[Any], object], data: Any) -> None:
    if not isinstance(data, str | bytes):
        data = json.dumps(data)
    try:
        parser(data)
    except errors.ProtocolError:
        pass

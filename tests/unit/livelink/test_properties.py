"""Arbitrary JSON into every parser: the only exception that may come out is ProtocolError."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inbox_app.livelink import errors, parsing

from . import seed_examples as seed

PARSERS: list[Callable[[Any], object]] = [getattr(parsing, name) for name in parsing.__all__]

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=30)
    | st.sampled_from(
        ["2", "0", "tel:+1234567890", "2017-11-11 11:11:11.111", "2018-08-16T16:15:03.277Z", ""]
    )
)
keys = st.sampled_from(
    [
        "access_token",
        "expires_in",
        "refresh_token",
        "refresh_expires_in",
        "livelinkOrderIds",
        "livelinkOrderId",
        "destination",
        "apiErrorCode",
        "userMessage",
        "pageCount",
        "pageIndex",
        "sapnotification",
        "SAPNotification",
        "contentText",
        "contextText",
        "sender",
        "recipient",
        "parameters",
        "receivedTime",
        "timezone",
        "orderId",
        "status",
        "timestamp",
        "subject",
    ]
) | st.text(max_size=8)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=6),
    max_leaves=25,
)


def _mutations(example: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Near-misses of a real example: one field, or one field of its first entry, replaced."""
    top = st.tuples(st.sampled_from(sorted(example)), json_values).map(
        lambda kv: {**example, kv[0]: kv[1]}
    )
    lists = [key for key, value in example.items() if isinstance(value, list) and value]
    if not lists or not isinstance(example[lists[0]][0], dict):
        return top
    key, first = lists[0], example[lists[0]][0]
    inner = st.tuples(st.sampled_from(sorted(first)), json_values).map(
        lambda kv: {**example, key: [{**first, kv[0]: kv[1]}]}
    )
    return top | inner


EXAMPLES = [
    seed.SEED_SEND_RESPONSE,
    seed.SEED_MO_RESPONSE,
    seed.SEED_STATUS_RESPONSE,
    seed.SWAGGER_TOKEN,
    seed.SWAGGER_SEND_RESPONSE,
    seed.SWAGGER_ERROR,
    seed.SWAGGER_STATUS_RESPONSE,
    seed.SWAGGER_MO_PAGE,
]
anything = json_values | st.one_of(*(_mutations(example) for example in EXAMPLES))


@pytest.mark.parametrize("parser", PARSERS, ids=[p.__name__ for p in PARSERS])
@settings(max_examples=300, deadline=None)
@given(data=anything)
def test_parsers_raise_only_protocol_error(parser: Callable[[Any], object], data: Any) -> None:
    try:
        result = parser(data)
    except errors.ProtocolError as exc:
        assert exc.message.startswith("The Live Link 365 server sent")
    else:
        hash(getattr(result, "messages", ()))  # frozen pages: the parsed entries are hashable

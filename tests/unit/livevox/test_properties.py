"""Arbitrary JSON into every parser: the only exception that may come out is ProtocolError."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inbox_app.livevox import errors, parsing

from . import seed_examples as seed

PARSERS: list[Callable[[Any], object]] = [getattr(parsing, name) for name in parsing.__all__]

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=30)
    | st.sampled_from(["2", "1", "0", "1666263753000", "2022-10-20T11:02:33Z", "", "SMS"])
)
keys = st.sampled_from(
    [
        "id",
        "threadId",
        "message",
        "phone",
        "date",
        "direction",
        "channelId",
        "channel",
        "templates",
        "listSmsCodes",
        "sessionId",
        "transactionId",
        "contactInfo",
        "phoneDetails",
        "originalAccountNumber",
        "cc",
        "attachmentIds",
        "agentId",
        "loginId",
        "code",
        "smsCode",
    ]
) | st.text(max_size=8)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=6),
    max_leaves=25,
)


def _mutations(example: Any) -> st.SearchStrategy[Any]:
    """Near-misses of a real example: one field replaced by any JSON value."""
    if isinstance(example, dict) and example:
        return st.tuples(st.sampled_from(sorted(example)), json_values).map(
            lambda kv: {**example, kv[0]: kv[1]}
        )
    if isinstance(example, list) and example:
        return st.tuples(st.sampled_from(sorted(example[0])), json_values).map(
            lambda kv: [{**example[0], kv[0]: kv[1]}]
        )
    return json_values


EXAMPLES = [
    seed.TEMPLATES,
    seed.SEND_SMS,
    seed.SMS_CODES,
    seed.CHANNEL_COUNTS,
    seed.CHANNELS,
    seed.THREADS,
    seed.TRANSFER,
    seed.TRANSFER_AGENTS,
    seed.SEND_MESSAGE,
    seed.MESSAGES,
    seed.LOGIN,
]
anything = json_values | st.one_of(*(_mutations(example) for example in EXAMPLES))


@pytest.mark.parametrize("parser", PARSERS, ids=[p.__name__ for p in PARSERS])
@settings(max_examples=300, deadline=None)
@given(data=anything)
def test_parsers_raise_only_protocol_error(parser: Callable[[Any], object], data: Any) -> None:
    try:
        parser(data)
    except errors.ProtocolError as exc:
        assert exc.message.startswith("The LiveVox server sent")

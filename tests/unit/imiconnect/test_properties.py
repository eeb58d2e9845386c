"""Arbitrary JSON into every parser: the webhook parsers raise only ProtocolError; the answer
parsers only ProtocolError or (for a response code) the Refused family."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inbox_app.imiconnect import errors, models, parsing

from . import seed_examples as seed

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=30)
    | st.sampled_from(
        ["1001", "7001", "7500", "7208", "7299", "911111111111", "2016-07-20T17:13:17.908", ""]
    )
)
keys = st.sampled_from(
    [
        "response",
        "code",
        "description",
        "Description",
        "transid",
        "correlationid",
        "deliveryInfoNotification",
        "deliveryInfo",
        "deliveryStatus",
        "destination",
        "timeStamp",
        "callbackData",
        "userId",
        "channel",
        "da",
        "oa",
        "message",
        "tid",
        "datetime",
        "ts",
    ]
) | st.text(max_size=8)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=6),
    max_leaves=25,
)


def _mutations(example: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Near-misses of a real example: one field, at the top or one level down, replaced."""

    def replace(path: tuple[str, ...], value: Any) -> dict[str, Any]:
        body = json.loads(json.dumps(example))
        target = body
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        return body

    paths: list[tuple[str, ...]] = []
    for key, value in example.items():
        paths.append((key,))
        if isinstance(value, dict):
            paths += [(key, inner) for inner in value]
            paths += [
                (key, inner, deep)
                for inner, nested in value.items()
                if isinstance(nested, dict)
                for deep in nested
            ]
    return st.tuples(st.sampled_from(paths), json_values).map(lambda pv: replace(*pv))


EXAMPLES = [seed.SEED_DR, seed.SEED_MO, seed.SEED_SEND_RESPONSE]
anything = (
    json_values
    | st.one_of(*(_mutations(example) for example in EXAMPLES))
    | json_values.map(json.dumps)
    | st.binary(max_size=40)
    | st.text(max_size=40)
)

WEBHOOKS: list[Callable[[Any], object]] = [models.parse_dr, models.parse_mo]
ANSWERS: list[Callable[[Any], object]] = [
    parsing.parse_send_answer,
    lambda data: parsing.parse_status(data, "tid-1"),
    parsing.response_code,
]


@pytest.mark.parametrize("parser", WEBHOOKS, ids=[p.__name__ for p in WEBHOOKS])
@settings(max_examples=300, deadline=None)
@given(data=anything)
def test_webhook_parsers_raise_only_protocol_error(
    parser: Callable[[Any], object], data: Any
) -> None:
    try:
        result = parser(data)
    except errors.ProtocolError as exc:
        assert exc.message.startswith("The IMIconnect server sent a malformed")
    else:
        assert result.dedup_key  # type: ignore[attr-defined]
        hash(result)


@pytest.mark.parametrize("parser", ANSWERS, ids=["send", "status", "error-code"])
@settings(max_examples=300, deadline=None)
@given(data=anything)
def test_answer_parsers_raise_only_typed_errors(parser: Callable[[Any], object], data: Any) -> None:
    try:
        parser(data)
    except errors.ProtocolError as exc:
        assert exc.message.startswith("The IMIconnect server sent a malformed")
    except errors.Refused as exc:
        assert exc.code and exc.code != "1001"

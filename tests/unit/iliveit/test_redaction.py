"""The application token never reaches a log line."""

from __future__ import annotations

import logging

import httpx
import pytest
import respx

from inbox_app.iliveit import ILiveItClient, errors, redact
from inbox_app.livelink import redact as livelink_redact

from . import seed_examples as seed
from .conftest import BASE, TOKEN


async def test_a_whole_session_logs_no_token(
    router: respx.Router, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    router.get("/ping").respond(200, json=seed.SEED_PING_RESPONSE)
    router.get("/message/m-1/status").respond(401, json={"Error": f"bad token {TOKEN}"})
    router.post("/message/send").mock(
        side_effect=[
            httpx.Response(200, json={"MessageID": "m-1"}),
            httpx.ReadTimeout(f"slow, Authorization: Bearer {TOKEN}"),
        ]
    )
    async with ILiveItClient(
        BASE, TOKEN, transport=httpx.MockTransport(router.async_handler)
    ) as il:
        await il.ping()
        await il.send_sms("27821234567", "hi")
        with pytest.raises(errors.TransportError):
            await il.send_sms("27821234567", "hi")
        with pytest.raises(errors.AuthFailed) as caught:
            await il.message_status("m-1")
        log = logging.getLogger("inbox_app.iliveit")
        log.info("debugging %r %s %s", il, caught.value.server_message, {"token": TOKEN})
        log.warning("headers: {'Authorization': 'Bearer %s'}", TOKEN)
    # The capture must have seen the traffic, or the assertion below proves nothing.
    assert "/message/send" in caplog.text and "/ping" in caplog.text
    assert "27821234567" not in caplog.text  # numbers are masked where logged
    assert TOKEN not in caplog.text
    assert redact.MASK in caplog.text


@pytest.mark.parametrize(
    "line",
    [
        "Authorization: Bearer abcd-ef12-never-registered",
        "headers: {'authorization': 'Bearer abcd-ef12-never-registered'}",
        '{"token": "abcd-ef12-never-registered"}',
        '{"AccessToken":"abcd-ef12-never-registered"}',
    ],
)
def test_token_shaped_values_are_masked_even_unregistered(line: str) -> None:
    cleaned = redact.redact(line)
    assert "abcd-ef12-never-registered" not in cleaned
    assert redact.MASK in cleaned


def test_ordinary_lines_are_untouched() -> None:
    line = "GET /message/1-90aaf0b4/status -> 200 in 12 ms"
    assert redact.redact(line) == line


def test_one_registry_for_every_protocol() -> None:
    assert redact.redact is livelink_redact.redact
    assert "inbox_app.iliveit" in redact.PROTECTED_LOGGERS

"""The app key, the secret, the Basic header and the tokens never reach a log line."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import httpx
import pytest
import respx

from inbox_app.livelink import LiveLinkClient, errors, redact
from inbox_app.livevox import redact as livevox_redact

from .conftest import ACCESS, APP_KEY, BASE, BASIC, REFRESH, SECRET, Clock, token

START = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)


async def test_a_whole_session_logs_no_secret(
    router: respx.Router, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    clock = Clock()
    router.post("/api/oauth/token").mock(
        side_effect=[
            httpx.Response(200, json=token()),
            httpx.Response(200, json=token(access="acc-rotated-1", refresh="ref-rotated-1")),
        ]
    )
    router.get("/api/v2/sms/mo").mock(
        side_effect=[httpx.Response(401), httpx.Response(200, json={"pageCount": 0})]
    )
    router.post("/api/v2/sms").mock(side_effect=httpx.ReadTimeout(f"slow, {BASIC}"))
    async with LiveLinkClient(
        BASE, APP_KEY, SECRET, transport=httpx.MockTransport(router.async_handler), clock=clock
    ) as ll:
        await ll.poll_mo(START, START)
        with pytest.raises(errors.TransportError):
            await ll.send_sms(["+15550100123"], "x")
        logging.getLogger("inbox_app.livelink").info(
            "debugging %s %s %r", BASIC, ll.token, {"refresh_token": REFRESH}
        )
    # The capture must have seen the traffic, or the assertion below proves nothing.
    assert "/api/v2/sms/mo" in caplog.text and "/api/oauth/token" in caplog.text
    for secret in (APP_KEY, SECRET, BASIC.split()[1], ACCESS, REFRESH, "acc-rotated-1"):
        assert secret not in caplog.text
    assert redact.MASK in caplog.text


@pytest.mark.parametrize(
    "line",
    [
        "Authorization: Bearer abcd-ef12-never-registered",
        "headers: {'authorization': 'Basic abcd-ef12-never-registered'}",
        '{"access_token": "abcd-ef12-never-registered", "expires_in": 2700000}',
        '{"refresh_token":"abcd-ef12-never-registered"}',
        "grant_type=refresh_token&refresh_token=abcd-ef12-never-registered",
    ],
)
def test_secret_shaped_values_are_masked_even_unregistered(line: str) -> None:
    cleaned = redact.redact(line)
    assert "abcd-ef12-never-registered" not in cleaned
    assert redact.MASK in cleaned


def test_ordinary_lines_are_untouched() -> None:
    line = "GET /api/v2/sms/mo?startUTCTime=202405011000&pageIndex=2 -> 200 in 12 ms"
    assert redact.redact(line) == line
    assert "grant_type=client_credentials" in redact.redact("grant_type=client_credentials")


def test_one_registry_for_both_protocols() -> None:
    """A Live Link secret is masked on a LiveVox logger too, and the other way round."""
    assert redact.redact is livevox_redact.redact
    assert "inbox_app.livelink" in redact.PROTECTED_LOGGERS
    assert "inbox_app.livevox" in livevox_redact.PROTECTED_LOGGERS
    assert livevox_redact.redact("Authorization: Bearer zzz-unregistered") == (
        f"Authorization: Bearer {redact.MASK}"
    )

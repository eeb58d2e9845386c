"""Session ids, the access token and the password never reach a log line."""

from __future__ import annotations

import logging

import httpx
import pytest
import respx

from inbox_app.livevox import LiveVoxClient, errors, redact

from . import seed_examples as seed
from .conftest import BASE, PASSWORD, SESSION, TOKEN


async def test_a_whole_session_logs_no_secret(
    router: respx.Router, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    router.post("/session/login").respond(200, json=seed.LOGIN)
    router.get(f"/session/validate/{SESSION}").respond(200)
    router.get("/sms/codes").mock(
        side_effect=[httpx.Response(401), httpx.Response(200, json=seed.SMS_CODES)]
    )
    router.post("/sms/agent/message/send").mock(side_effect=httpx.ReadTimeout("slow"))
    router.delete(f"/session/logout/{SESSION}").respond(204)
    async with LiveVoxClient(
        BASE, TOKEN, transport=httpx.MockTransport(router.async_handler)
    ) as lv:
        await lv.login("DEMO", "agent1", PASSWORD)
        await lv.validate()
        await lv.list_sms_codes()
        with pytest.raises(errors.TransportError):
            await lv.send_message("1", "2", "x")
        await lv.logout()
    # The capture must have seen the traffic, or the assertion below proves nothing.
    assert "/session/validate/" in caplog.text and "/sms/codes" in caplog.text
    for secret in (SESSION, TOKEN, PASSWORD):
        assert secret not in caplog.text
    assert redact.MASK in caplog.text


def test_filter_masks_registered_secrets_in_arguments(caplog: pytest.LogCaptureFixture) -> None:
    redact.remember_secret("s3cr3t-value")
    logger = logging.getLogger("inbox_app.livevox")
    with caplog.at_level(logging.INFO, logger="inbox_app.livevox"):
        logger.info("token=%s and again %r", "s3cr3t-value", {"x": "s3cr3t-value"})
    assert "s3cr3t-value" not in caplog.text
    assert caplog.text.count(redact.MASK) == 2


@pytest.mark.parametrize(
    "line",
    [
        "GET https://api.livevox.com/session/validate/abcd-ef12-never-registered 200",
        "DELETE /session/v5.0/logout/abcd-ef12-never-registered",
        "headers: {'LV-Session': 'abcd-ef12-never-registered'}",
        "LV-Access: abcd-ef12-never-registered",
        '{"password": "abcd-ef12-never-registered", "user": "a"}',
        '{"sessionId": "abcd-ef12-never-registered"}',
    ],
)
def test_secret_shaped_values_are_masked_even_unregistered(line: str) -> None:
    cleaned = redact.redact(line)
    assert "abcd-ef12-never-registered" not in cleaned
    assert redact.MASK in cleaned


def test_ordinary_lines_are_untouched() -> None:
    line = "GET /sms/agent/thread/details?channelId=645836&pagination=2 -> 200 in 12 ms"
    assert redact.redact(line) == line


def test_tracebacks_are_redacted(caplog: pytest.LogCaptureFixture) -> None:
    redact.remember_secret("traceback-secret-42")
    logger = logging.getLogger("inbox_app.livevox")
    with caplog.at_level(logging.ERROR, logger="inbox_app.livevox"):
        try:
            raise RuntimeError("failed with traceback-secret-42")
        except RuntimeError:
            logger.exception("boom")
    assert "traceback-secret-42" not in caplog.text
    assert "RuntimeError" in caplog.text


def test_install_on_a_handler_redacts_foreign_loggers() -> None:
    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    handler = Keep()
    redact.install(handler)
    other = logging.getLogger("somewhere.else")
    other.addHandler(handler)
    other.propagate = False
    try:
        other.warning("LV-Session: %s", "zzzz-9999-unregistered")
    finally:
        other.removeHandler(handler)
        other.propagate = True
    assert records == [f"LV-Session: {redact.MASK}"]


def test_mask_phone() -> None:
    assert redact.mask_phone("14155550123") == "•••••••0123"
    assert redact.mask_phone("123") == "123"

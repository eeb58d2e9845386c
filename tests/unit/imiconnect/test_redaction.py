"""The service key never reaches a log line."""

from __future__ import annotations

import logging

import httpx
import pytest
import respx

from inbox_app.imiconnect import IMIconnectClient, errors, redact
from inbox_app.livelink import redact as livelink_redact

from .conftest import BASE, KEY, SEND, answer, queued


async def test_a_whole_session_logs_no_key(
    router: respx.Router, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    router.post(SEND).mock(
        side_effect=[
            httpx.Response(200, json=answer(queued())),
            httpx.ReadTimeout(f"slow, key: {KEY}"),
            httpx.Response(401, json=answer({"code": "7001", "description": f"bad key {KEY}"})),
        ]
    )
    router.get(url__regex="/status/").respond(200, json={"code": "7500"})
    async with IMIconnectClient(
        BASE, KEY, transport=httpx.MockTransport(router.async_handler)
    ) as imi:
        await imi.send_sms(["+15550100123"], "x", correlation_id="k1")
        await imi.message_status("tid-1")
        with pytest.raises(errors.TransportError):
            await imi.send_sms(["+15550100123"], "x")
        with pytest.raises(errors.AuthFailed) as caught:
            await imi.send_sms(["+15550100123"], "x")
        log = logging.getLogger("inbox_app.imiconnect")
        log.info("headers %r", dict(router.calls[0].request.headers))
        log.info("raw %s", router.calls[0].request.headers.raw)
        log.info("error %r / %s", caught.value, caught.value.server_message)
        log.warning("request", exc_info=RuntimeError(f"key: {KEY}"))
    # The capture must have seen the traffic, or the assertion below proves nothing.
    assert "/resources/v1/messaging" in caplog.text and "tid-1" in caplog.text
    assert KEY not in caplog.text
    for record in caplog.records:
        assert KEY not in record.getMessage() and KEY not in (record.exc_text or "")
    assert redact.MASK in caplog.text


@pytest.mark.parametrize(
    "line",
    [
        "headers: {'key': 'abcd-ef12-never-registered', 'accept': 'application/json'}",
        '{"key": "abcd-ef12-never-registered"}',
        "[(b'key', b'abcd-ef12-never-registered')]",
        "POST /resources/v1/messaging\nkey: abcd-ef12-never-registered\n",
        "Key:abcd-ef12-never-registered",
        '{"serviceKey": "abcd-ef12-never-registered"}',
    ],
)
def test_key_shaped_values_are_masked_even_unregistered(line: str) -> None:
    cleaned = redact.redact(line)
    assert "abcd-ef12-never-registered" not in cleaned
    assert redact.MASK in cleaned


@pytest.mark.parametrize(
    "line",
    [
        "POST /resources/v1/messaging -> 200 in 12 ms",
        "IMIconnect queued 1 message(s): f9793c83-f0b7-4200-99d9-20111c507baf",
        "the dedup key: (transid, code)",
        "outbox key in subject",
    ],
)
def test_ordinary_lines_are_untouched(line: str) -> None:
    assert redact.redact(line) == line


def test_one_registry_for_every_protocol() -> None:
    assert redact.redact is livelink_redact.redact
    assert "inbox_app.imiconnect" in redact.PROTECTED_LOGGERS

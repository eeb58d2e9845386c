"""Bodies as the platforms send them (IMIconnect's seed, iLiveIt's Go client structs)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx


def imi_mo(tid: str, text: str = "Hi", oa: str = "919812345678", da: str = "DEMOBK") -> dict:
    return {
        "userId": "cust-1",
        "channel": "SMS",
        "da": da,
        "oa": oa,
        "message": text,
        "tid": tid,
        "datetime": "2026-11-30 10:00:00",
        "ts": "1796032800000",
    }


def imi_dr(transid: str, code: str = "7500", destination: str = "919812345678") -> dict:
    return {
        "deliveryInfoNotification": {
            "deliveryInfo": {
                "deliveryChannel": "SMS",
                "Description": "Delivered",
                "destinationType": "msisdn",
                "timeStamp": "2026-11-30T10:00:01.908",
                "code": code,
                "deliveryStatus": "Delivered",
                "destination": destination,
            },
            "correlationid": "ours-1",
            "callbackData": "",
            "transid": transid,
        }
    }


def iliveit_reply(message_id: str, text: str = "Yes please") -> dict:
    return {
        "MessageId": message_id,
        "SourceMSISDN": "27821234567",
        "DestinationMSISDN": "27820000001",
        "Message": text,
        "ExtraDigits": "",
        "RetryCount": 0,
    }


def iliveit_status(message_id: str, stage: str = "delivery", status: int = 1) -> dict:
    return {
        "type": "sms",
        "message_id": message_id,
        "msisdn": "27821234567",
        "delivered_status": status,
        "delivered_timestamp": "2026-11-30T10:00:30Z",
        "postback_type": stage,
    }


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def events(http: httpx.Client, token: str, after: int = 0, wait: float = 0) -> dict[str, Any]:
    answer = http.get("/v1/events", params={"after": after, "wait": wait}, headers=bearer(token))
    assert answer.status_code == 200, answer.text
    return answer.json()


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Poll ``condition`` until true; fail after ``timeout`` (a limit, not a race)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.01)

"""The simulated iLiveIt application: its token, sent SMS with their stages, and customers'
replies, with status and reply postbacks to each message's own URLs.

The wire (seed 002, ``docs/platforms.md``, the public Go client): ``Authorization: Bearer``,
``GET /ping`` → ``{"Body": "Pong!"}``, ``POST /message/send`` with ``Action`` 2 (keys
matched regardless of case, as Go's ``encoding/json`` does: ``msisdn``/``MSISDN``) →
``{"MessageID"}``; ``GET /message/{id}/status`` the status object. Errors are
``{"Error": "..."}``. MMS (1) and email (3) answer 400 "not simulated". Postbacks: the
status object with ``postback_type`` to ``PostbackStatusUrl`` for each requested type
(default submit, sent, delivery); a reply ``{MessageId, SourceMSISDN, DestinationMSISDN,
Message, ExtraDigits, RetryCount}`` to ``PostbackReplyUrl``. A message without them uses
the relay's ``…/status`` and ``…/reply``.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from ..errors import ApiError
from ..hookworld import HookWorld

__all__ = ["DEMO_FAILING", "DEMO_NUMBER", "DEMO_TOKEN", "ILiveItWorld", "error_body"]

DEMO_TOKEN = "demo-app-token"
DEMO_NUMBER = "27600555000"  # the number replies come to (DestinationMSISDN)
DEMO_FAILING = {"27830000198", "27830000199"}
ZERO_TIME = "0001-01-01T00:00:00Z"  # Go's zero time: a stage not reached
STAGES = ("archive", "submit", "sent", "delivery")
DEFAULT_TYPES = ("submit", "sent", "delivery")
# (status field prefix, code, description) when a stage is reached.
_REACHED = {
    "archive": ("archive", 4, "Archived"),
    "submit": ("submit", 2, "Submitted"),
    "sent": ("sent", 1, "Sent to network"),
    "delivery": ("delivered", 1, "Delivered"),
}
_FAILED = ("delivered", 2, "Delivery failed")


def error_body(status: int, message: str) -> dict[str, object]:
    if status == 429:
        message = "Maximum messages per second exceeded"
    return {"Error": message}


def _fold(data: Mapping[str, Any]) -> dict[str, Any]:
    return {k.replace("_", "").lower(): v for k, v in data.items() if isinstance(k, str)}


def _stamp(seconds: float) -> str:
    import time

    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


class ILiveItWorld(HookWorld):
    platform = "iliveit"
    mo_kind = "reply"

    def __init__(self, *args: Any, token: str = DEMO_TOKEN, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.token = token
        self.failing = set(DEMO_FAILING)

    def authorize(self, header: str | None) -> None:
        scheme, _, token = (header or "").strip().partition(" ")
        if scheme.lower() != "bearer" or token.strip() != self.token:
            raise ApiError(401, "Authentication failure")

    def send(self, body: Any) -> dict[str, Any]:
        if not isinstance(body, dict):
            raise ApiError(400, "The body must be a NewMessage JSON object.")
        top = _fold(body)
        action = top.get("action")
        if action in (1, 3):
            raise ApiError(
                400, f"Action {action} ({'MMS' if action == 1 else 'email'}) is not simulated."
            )
        if action != 2:
            raise ApiError(400, "Action must be 2 (SubmitSMS).")
        data = top.get("data")
        if not isinstance(data, dict):
            raise ApiError(400, "Data (SubmitSMSMessageData) is required.")
        fields = _fold(data)
        numbers = fields.get("msisdn")
        numbers = [numbers] if isinstance(numbers, str) else numbers
        if not isinstance(numbers, list) or len(numbers) != 1 or not isinstance(numbers[0], str):
            raise ApiError(400, "A message must have one recipient set in MSISDN.")
        msisdn = numbers[0].strip().removeprefix("+")
        if not (msisdn.isascii() and msisdn.isdigit() and 6 <= len(msisdn) <= 15):
            raise ApiError(400, f"Invalid MSISDN {numbers[0][:40]!r}.")
        text = fields.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ApiError(400, "Data.text is required.")
        types_text = top.get("postbackstatustypes") or ",".join(DEFAULT_TYPES)
        types = [t.strip().lower() for t in str(types_text).split(",") if t.strip()]
        unknown = set(types) - {"build", *STAGES}
        if unknown:
            raise ApiError(400, f"Unknown PostBackStatusTypes {sorted(unknown)}.")
        urls = {}
        for name in ("postbackstatusurl", "postbackreplyurl"):
            value = top.get(name)
            if value is not None and (
                not isinstance(value, str) or not value.startswith(("http://", "https://"))
            ):
                raise ApiError(400, f"{name} must be an http(s) URL.")
            urls[name] = value or None
        now, cfg = self.clock(), self.config
        message_id = uuid.UUID(int=self.rng.getrandbits(128), version=4).hex
        mt = {
            "id": message_id,
            "msisdn": msisdn,
            "network": fields.get("network") or "*",
            "text": text,
            "extraDigits": str(fields.get("extradigits") or ""),
            "campaign": top.get("campaign"),
            "mvno": top.get("mvnoid"),
            "statusUrl": urls["postbackstatusurl"],
            "replyUrl": urls["postbackreplyurl"],
            "statusTypes": types,
            "createdAt": now,
            "at": {
                "archive": now,
                "submit": now + cfg.submit_delay,
                "sent": now + max(cfg.sent_delay, cfg.submit_delay),
                "delivery": now + max(cfg.delivery_delay, cfg.sent_delay, cfg.submit_delay),
            },
            "failing": msisdn in self.failing,
        }
        self._store_mt(message_id, mt)
        self._push_statuses(mt)
        self._maybe_answer(mt, mt["failing"])
        return {"MessageID": message_id}

    def status_object(
        self, mt: Mapping[str, Any], now: float, postback: str | None = None
    ) -> dict[str, Any]:
        """The seed's status object as of ``now``; a stage not reached has code 0 and Go's
        zero time."""
        network = mt["network"] if mt["network"] != "*" else "simulated"
        out: dict[str, Any] = {
            "type": "sms",
            "campaign": mt.get("campaign") or "",
            "message_id": mt["id"],
            "template": 0,
            "network": network,
            "msisdn": mt["msisdn"],
            "email": "",
            "mvno": mt.get("mvno") or 0,
            "date_received": _stamp(mt["createdAt"]),
            "build_status": 0,
            "build_status_description": "",
            "build_timestamp": ZERO_TIME,
        }
        for stage in STAGES:
            prefix, code, description = _REACHED[stage]
            if stage == "delivery" and mt["failing"]:
                prefix, code, description = _FAILED
            at = mt["at"][stage]
            reached = at <= now
            out[f"{prefix}_status"] = code if reached else 0
            out[f"{prefix}_status_description"] = description if reached else ""
            out[f"{prefix}_timestamp"] = _stamp(at) if reached else ZERO_TIME
        if postback is not None:
            out["postback_type"] = postback
        return out

    def _push_statuses(self, mt: Mapping[str, Any]) -> None:
        url = mt["statusUrl"] or self.hook_url("status")
        wanted = [s for s in STAGES if s in mt["statusTypes"]]
        times = [mt["at"][s] for s in wanted]
        if len(wanted) > 1 and self.rng.random() < self.pusher.config.reorder_rate:
            # All due when the last stage is reached, the last one first.
            last = max(times)
            times = [last + 0.001 * (len(times) - 1 - i) for i in range(len(times))]
        for stage, due in zip(wanted, times, strict=True):
            body = self.status_object(mt, mt["at"][stage], stage)
            self.pusher.push("status", url, body, at=due)

    def status(self, message_id: str) -> dict[str, Any]:
        mt = self.mt(message_id)
        if mt is None:
            raise ApiError(404, "Message not found")
        return self.status_object(mt, self.clock())

    # --- customers ----------------------------------------------------------------------------

    def answer(
        self, mt: Mapping[str, Any], text: str, *, at: float | None = None
    ) -> dict[str, Any]:
        """The customer answers ``mt``: a reply postback to its ``PostbackReplyUrl`` (or the
        relay's ``…/reply``), posted again with ``RetryCount`` up until answered 200."""
        if not isinstance(text, str) or not text or len(text) > 2000:
            raise ApiError(400, "text is required (at most 2000 characters).")
        body = {
            "MessageId": mt["id"],
            "SourceMSISDN": mt["msisdn"],
            "DestinationMSISDN": DEMO_NUMBER,
            "Message": text,
            "ExtraDigits": mt.get("extraDigits") or "",
            "RetryCount": 0,
        }
        self._store_mo(body)
        url = mt.get("replyUrl") or self.hook_url("reply")
        self.pusher.push("reply", url, body, at=at, retry_field="RetryCount")
        return body

    def inject_mo(
        self, customer: Any, text: Any, *, at: float | None = None, message_id: Any = None, **_: Any
    ) -> dict[str, Any]:
        """A customer's reply to ``message_id``, or to the last message sent to ``customer``
        (iLiveIt passes on replies only: a customer we never wrote to cannot write in)."""
        mt = None
        if message_id:
            mt = self.mt(str(message_id))
        elif customer:
            number = str(customer).strip().removeprefix("+")
            sent = [m for m in self.mts() if m["msisdn"] == number]
            mt = sent[-1] if sent else None
        if mt is None:
            raise ApiError(
                404, "No message to reply to: iLiveIt passes on replies to our messages only."
            )
        return self.answer(mt, text, at=at)

    def customers(self) -> list[str]:
        return sorted({m["msisdn"] for m in self.mts() if not m["failing"]})

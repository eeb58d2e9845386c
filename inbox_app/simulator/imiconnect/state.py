"""The simulated IMIconnect service: the service key, the active switch, sent messages with
their delivery reports, and customers' messages, all pushed as webhooks to the relay.

The wire (seed 004 and ``docs/platforms.md``): ``POST /resources/v1/messaging`` with the
``key`` header answers ``{"response": [{"code": "1001", "description": "Queued",
"transid", "correlationid"}]}``, one entry per destination; 7001 a wrong key (HTTP 401),
7007 the service inactive and 7009 more than 1,000 destinations (both in a 200 body:
*inferred*, the client reads either). A malformed request is a 400 whose code is the HTTP
status (IMIconnect publishes none for it). Delivery reports go to the message's
``notifyurl``, else to the relay's ``…/dr``: 7501 submitted, then 7500 delivered, or for
the demo's failing destinations a 72xx failure or 7208 expired.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from ..errors import ApiError
from ..hookworld import HookWorld, iso

__all__ = [
    "DEMO_CODES",
    "DEMO_FAILING",
    "DEMO_KEY",
    "IMIconnectError",
    "IMIconnectWorld",
    "demo_dataset",
]

DEMO_KEY = "demo-service-key"
DEMO_CODES = ("55123", "DEMOBK")  # our short code (MOs come to it) and a sender id
# (code, description, deliveryStatus) of the final report for destinations that never get it.
DEMO_FAILING = {
    "13125550198": ("7203", "Failed: absent subscriber", "Failed"),
    "13125550199": ("7208", "Expired", "Expired"),
}
MAX_DESTINATIONS = 1000
SUBMITTED = ("7501", "Submitted", "Submitted")
DELIVERED = ("7500", "Delivered", "Delivered")
QUEUED = ("1001", "Queued", "Queued")


class IMIconnectError(ApiError):
    """An answer in IMIconnect's shape: ``{"response": [{"code", "description"}]}``."""

    def __init__(self, status: int, message: str, code: str | None = None) -> None:
        super().__init__(status, message)
        self.code = code or str(status)

    def body(self) -> dict[str, object]:
        return error_body(self.status, self.message, self.code)


def error_body(status: int, message: str, code: str | None = None) -> dict[str, object]:
    return {"response": [{"code": code or str(status), "description": message}]}


def demo_dataset(seed: int = 0) -> dict[str, Any]:
    """Customers who wrote in over the last hours (pushed to the relay on the first start)."""
    import random

    from ..traffic import OPENERS

    rng = random.Random(seed)
    return {
        "mo": [
            {
                "customer": f"1312555{suffix:04d}",
                "text": rng.choice(OPENERS),
                "offsetSeconds": -rng.randrange(20, 480) * 60,
            }
            for suffix in sorted(rng.sample(range(100, 190), 6))
        ]
    }


def _digits(value: Any) -> str:
    text = str(value).strip().removeprefix("+") if isinstance(value, str | int) else ""
    if isinstance(value, bool) or not (text.isascii() and text.isdigit() and 7 <= len(text) <= 15):
        raise IMIconnectError(
            400, f"Invalid msisdn {str(value)[:40]!r}: country code and number, digits."
        )
    return text


class IMIconnectWorld(HookWorld):
    platform = "imiconnect"
    mo_kind = "mo"

    def __init__(self, *args: Any, service_key: str = DEMO_KEY, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.service_key = service_key
        self.service_active = True
        self.failing = dict(DEMO_FAILING)

    def _configure(self, changes: Mapping[str, Any]) -> None:
        if "serviceActive" in changes:
            if not isinstance(changes["serviceActive"], bool):
                raise ApiError(400, "serviceActive must be true or false.")
            self.service_active = changes["serviceActive"]

    def config_json(self) -> dict[str, Any]:
        return {**super().config_json(), "serviceActive": getattr(self, "service_active", True)}

    # --- the API ------------------------------------------------------------------------------

    def authorize(self, key: str | None) -> None:
        if (key or "").strip() != self.service_key:
            raise IMIconnectError(401, "Authentication failed", "7001")

    def send(self, key: str | None, body: Any) -> dict[str, Any]:
        self.authorize(key)
        requests = body if isinstance(body, list) else [body]
        if not requests or not all(isinstance(r, dict) for r in requests):
            raise IMIconnectError(400, "The body must be a message object or a list of them.")
        total = sum(
            len(d.get("msisdn") or [])
            if isinstance(d, dict) and isinstance(d.get("msisdn"), list)
            else 1
            for r in requests
            for d in (r.get("destination") if isinstance(r.get("destination"), list) else [])
        )
        if total > MAX_DESTINATIONS:
            return error_body(200, "Maximum number of destinations exceeded", "7009")
        if not self.service_active:
            return error_body(200, "Service is inactive", "7007")
        plans = [self._check(r) for r in requests]
        return {"response": [entry for plan in plans for entry in self._queue(plan)]}

    def _check(self, request: dict[str, Any]) -> dict[str, Any]:
        channels = request.get("channels")
        sms = channels.get("sms") if isinstance(channels, dict) else None
        if not isinstance(sms, dict):
            raise IMIconnectError(400, "channels.sms is required.")
        text = sms.get("text")
        template = (
            request.get("message", {}).get("template")
            if isinstance(request.get("message"), dict)
            else None
        )
        if not isinstance(text, str) or not text.strip():
            if template is None:
                raise IMIconnectError(400, "channels.sms.text is required.")
            text = f"[template {template}]"
        destinations = request.get("destination")
        if not isinstance(destinations, list) or not destinations:
            raise IMIconnectError(400, "destination must list at least one msisdn.")
        targets = []
        for destination in destinations:
            if not isinstance(destination, dict) or not isinstance(destination.get("msisdn"), list):
                raise IMIconnectError(400, "Each destination has an msisdn list.")
            for number in destination["msisdn"]:
                targets.append(
                    (
                        _digits(number),
                        destination.get("correlationid") or request.get("correlationid"),
                    )
                )
        correlation = [c for _, c in targets if c is not None]
        if any(not isinstance(c, str) or len(c.encode()) > 50 for c in correlation):
            raise IMIconnectError(400, "correlationid is text of at most 50 bytes.")
        notify = request.get("notifyurl") or None
        if notify is not None and (
            not isinstance(notify, str) or not notify.startswith(("http://", "https://"))
        ):
            raise IMIconnectError(400, "notifyurl must be an http(s) URL.")
        return {
            "text": text,
            "senderid": sms.get("senderid") or DEMO_CODES[0],
            "targets": targets,
            "notifyurl": notify,
            "callbackData": request.get("callbackData") or request.get("notifydata"),
        }

    def _queue(self, plan: dict[str, Any]) -> list[dict[str, Any]]:
        now, cfg = self.clock(), self.config
        entries = []
        for msisdn, correlation in plan["targets"]:
            transid = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
            final = self.failing.get(msisdn, DELIVERED)
            mt = {
                "id": transid,
                "transid": transid,
                "correlationid": correlation,
                "msisdn": msisdn,
                "senderid": plan["senderid"],
                "text": plan["text"],
                "notifyurl": plan["notifyurl"],
                "callbackData": plan["callbackData"],
                "createdAt": now,
                "submitAt": now + cfg.submit_delay,
                "finalAt": now + max(cfg.delivery_delay, cfg.submit_delay),
                "final": list(final),
                "failing": final is not DELIVERED,
            }
            self._store_mt(transid, mt)
            self._push_reports(mt)
            self._maybe_answer(mt, mt["failing"])
            entry = {"code": "1001", "description": "Queued", "transid": transid}
            entry["correlationid"] = correlation or ""
            entries.append(entry)
        return entries

    def _push_reports(self, mt: Mapping[str, Any]) -> None:
        url = mt["notifyurl"] or self.hook_url("dr")
        submit_at, final_at = mt["submitAt"], mt["finalAt"]
        if self.rng.random() < self.pusher.config.reorder_rate:
            submit_at = final_at + 0.001  # the final report overtakes the first
        self.pusher.push("dr", url, self.report(mt, SUBMITTED, mt["submitAt"]), at=submit_at)
        self.pusher.push("dr", url, self.report(mt, tuple(mt["final"]), mt["finalAt"]), at=final_at)

    @staticmethod
    def report(mt: Mapping[str, Any], state: tuple[str, str, str], at: float) -> dict[str, Any]:
        code, description, status = state
        notification: dict[str, Any] = {
            "deliveryInfo": {
                "deliveryChannel": "SMS",
                "Description": description,
                "destinationType": "msisdn",
                "timeStamp": iso(at),
                "code": code,
                "deliveryStatus": status,
                "destination": mt["msisdn"],
            },
            "transid": mt["transid"],
        }
        if mt.get("correlationid"):
            notification["correlationid"] = mt["correlationid"]
        if mt.get("callbackData"):
            notification["callbackData"] = mt["callbackData"]
        return {"deliveryInfoNotification": notification}

    def status(self, key: str | None, transid: str) -> dict[str, Any]:
        """The DR of where the message stands now (the status answer's shape is not
        published; this one is the DR's, which the client reads)."""
        self.authorize(key)
        mt = self.mt(transid)
        if mt is None:
            raise IMIconnectError(404, f"No message with transid {transid[:60]!r}.")
        now = self.clock()
        if now >= mt["finalAt"]:
            state, at = tuple(mt["final"]), mt["finalAt"]
        elif now >= mt["submitAt"]:
            state, at = SUBMITTED, mt["submitAt"]
        else:
            state, at = QUEUED, mt["createdAt"]
        return self.report(mt, state, at)  # type: ignore[arg-type]

    # --- customers ----------------------------------------------------------------------------

    def inject_mo(
        self, customer: Any, text: Any, *, at: float | None = None, our_code: Any = None, **_: Any
    ) -> dict[str, Any]:
        """A customer writes to our code: the MO webhook is queued for the relay's ``…/mo``."""
        if not isinstance(text, str) or len(text) > 2000:
            raise IMIconnectError(400, "text is required (at most 2000 characters).")
        oa = _digits(customer)
        da = str(our_code) if our_code else DEMO_CODES[0]
        when = self.clock() if at is None else at
        body = {
            "userId": oa,
            "channel": "SMS",
            "da": da,
            "oa": oa,
            "message": text,
            "tid": str(uuid.UUID(int=self.rng.getrandbits(128), version=4)),
            "datetime": iso(when).replace("T", " ")[:19],
            "ts": str(int(when * 1000)),
        }
        self._store_mo(body)
        self.pusher.push("mo", self.hook_url("mo"), body, at=max(when, self.clock()))
        return body

    def answer(
        self, mt: Mapping[str, Any], text: str, *, at: float | None = None
    ) -> dict[str, Any]:
        code = mt["senderid"] if str(mt["senderid"]).isdigit() else DEMO_CODES[0]
        return self.inject_mo(mt["msisdn"], text, at=at, our_code=code)

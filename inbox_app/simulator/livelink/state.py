"""The simulated SAP Live Link 365 account: app credentials, OAuth tokens, sent messages (MT)
with their ACKs, and customers' replies (MO), in one SQLite database.

Why this shape: Live Link keeps no threads or inboxes; it sends, acknowledges and hands on
replies, and both pulls (``/api/v2/sms/status``, ``/api/v2/sms/mo``) are minute windows over
what it stored in the last 72 hours. So the store is three tables (``mt`` one row per order
id, i.e. per destination and message part; ``acks``; ``mo``) and every query is a window.

Time: ``clock`` returns seconds since the epoch and can be replaced by a test. ACKs are due,
not scheduled: a send writes SENT at once and a due time for the final ACK; every read first
turns due MTs into DELIVERED (or ERROR for the failing destinations) stamped with the due
time, so a fake clock drives delivery without threads or sleeps.

Windows (``startUTCTime``/``endUTCTime``, ``yyyyMMddHHmm`` in UTC): the seed says "received
after start" and "before end"; we read that as the half-open minute window
``start <= time < end`` — adjacent windows neither overlap nor leave a gap. Tokens live in
memory, like LiveVox sessions: a restarted server forgets them and clients ask again.
"""

from __future__ import annotations

import re
import secrets
import sqlite3
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from ..errors import ApiError
from ..shared import SqliteStore

__all__ = [
    "ACK_STATUSES",
    "LiveLinkConfig",
    "LiveLinkError",
    "LiveLinkWorld",
    "parse_window_time",
    "sms_parts",
]

ORDER_ID_BASE = 1_702_926_297
RETENTION_MS = 72 * 3600 * 1000
ACK_STATUSES = ("SENT", "DELIVERED", "RECEIVED")
FAILED = "ERROR"  # not in the definition's enum; seen in production integrations
MAX_MESSAGE_CHARS = 4000
MAX_DESTINATIONS = 100
MAX_TEXT_CHARS = 2000  # MOs injected through the admin API

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS numbers (number TEXT PRIMARY KEY, label TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS mt (
    order_id TEXT PRIMARY KEY, request_id INTEGER NOT NULL, destination TEXT NOT NULL,
    phone TEXT NOT NULL, origin TEXT NOT NULL, message TEXT NOT NULL, subject TEXT,
    part INTEGER NOT NULL, parts INTEGER NOT NULL, encoding TEXT NOT NULL,
    ack_type TEXT NOT NULL, final_only INTEGER NOT NULL, created_ms INTEGER NOT NULL,
    due_ms INTEGER, final_status TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS mt_due ON mt (due_ms) WHERE due_ms IS NOT NULL;
CREATE INDEX IF NOT EXISTS mt_created ON mt (created_ms);
CREATE TABLE IF NOT EXISTS acks (
    id INTEGER PRIMARY KEY AUTOINCREMENT, order_id TEXT NOT NULL, status TEXT NOT NULL,
    ts_ms INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS acks_ts ON acks (ts_ms, id);
CREATE TABLE IF NOT EXISTS mo (
    id INTEGER PRIMARY KEY AUTOINCREMENT, sender TEXT NOT NULL, recipient TEXT NOT NULL,
    text TEXT NOT NULL, received_ms INTEGER NOT NULL, session_id TEXT);
CREATE INDEX IF NOT EXISTS mo_received ON mo (received_ms, id);
"""
_TABLES = ("numbers", "mt", "acks", "mo", "meta")

# GSM 03.38: the basic set (one septet) and the extension table (escape + one septet).
_GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXT = set("^{}\\[~]|€\f")
_VALIDITY = re.compile(r"^\s*\d{1,4}\s*[wdhmWDHM]\s*$")
_WINDOW = re.compile(r"^\d{12}$")


class LiveLinkError(ApiError):
    """An error in Live Link's body: ``apiErrorCode``, ``debugMessage``, ``userMessage``."""

    def __init__(self, status: int, message: str, code: int | None = None) -> None:
        super().__init__(status, message)
        self.code = code if code is not None else status

    def body(self) -> dict[str, object]:
        return error_body(self.status, self.message, self.code)


_REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def error_body(status: int, message: str, code: int | None = None) -> dict[str, object]:
    """The definition's ``LiveLinkResponse`` for an error."""
    return {
        "apiErrorCode": code if code is not None else status,
        "debugMessage": message,
        "userMessage": message,
        "httpStatusCode": f"{status} {_REASONS.get(status, 'Error')}".strip(),
    }


@dataclass
class LiveLinkConfig:
    """Knobs a trainer or a test changes at run time (``POST /_sim/config``)."""

    access_ttl_ms: int = 45 * 60 * 1000
    refresh_ttl_ms: int = 60 * 60 * 1000
    delivery_delay_seconds: float = 2.0
    page_size: int = 10

    def as_json(self) -> dict[str, Any]:
        return {
            "accessTokenTtlMs": self.access_ttl_ms,
            "refreshTokenTtlMs": self.refresh_ttl_ms,
            "deliveryDelaySeconds": self.delivery_delay_seconds,
            "pageSize": self.page_size,
        }


_CONFIG_KEYS = {
    "accessTokenTtlMs": "access_ttl_ms",
    "refreshTokenTtlMs": "refresh_ttl_ms",
    "deliveryDelaySeconds": "delivery_delay_seconds",
    "pageSize": "page_size",
}


@dataclass
class _Token:
    expires_ms: int
    client: str
    kind: str = "access"
    scope: str = "livelink:api livelink:pollData"
    extra: dict[str, Any] = field(default_factory=dict)


def sms_parts(text: str, encoding: str = "UTF8") -> tuple[int, str]:
    """``(parts, "GSM7" | "UCS2")`` like a handset: GSM-7 160/153 septets a part (extension
    characters take two), UCS-2 70/67 code units (characters beyond the BMP take two)."""
    gsm = encoding.upper() != "UCS2" and all(c in _GSM_BASIC or c in _GSM_EXT for c in text)
    if gsm:
        units, single, multi = sum(2 if c in _GSM_EXT else 1 for c in text), 160, 153
    else:
        units, single, multi = sum(2 if ord(c) > 0xFFFF else 1 for c in text), 70, 67
    parts = 1 if units <= single else -(-units // multi)
    return parts, "GSM7" if gsm else "UCS2"


def parse_window_time(value: Any, name: str) -> int:
    """``yyyyMMddHHmm`` (UTC) as epoch milliseconds; anything else is a 400."""
    text = str(value).strip() if value is not None else ""
    if not _WINDOW.match(text):
        raise LiveLinkError(400, f"{name} must be a UTC time as yyyyMMddHHmm, e.g. 201709011230.")
    try:
        moment = datetime.strptime(text, "%Y%m%d%H%M").replace(tzinfo=UTC)
    except ValueError:
        raise LiveLinkError(400, f"{name} {text!r} is not a valid date and time.") from None
    return int(moment.timestamp() * 1000)


def iso_ms(ms: int) -> str:
    """An ACK timestamp: ``2018-08-16T21:15:02.015Z``."""
    return datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def received_time(ms: int) -> str:
    """An MO's ``receivedTime`` as the definition prints it: ``2017-11-11 11:11:11.111``."""
    return datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]


def normalize_number(value: Any, what: str = "destination") -> str:
    """A phone number as ``+digits``; a short code stays digits; anything else is a 400."""
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise LiveLinkError(400, f"Each {what} must be a phone number string.", 1002)
    text = str(value).strip()
    if text.lower().startswith("tel:"):
        text = text[4:]
    digits = re.sub(r"[\s().-]", "", text)
    plus = digits.startswith("+")
    digits = digits.lstrip("+")
    if not digits.isdigit() or not 3 <= len(digits) <= 15 or not digits.isascii():
        raise LiveLinkError(400, f"{what} {str(value)[:40]!r} is not a valid phone number.", 1002)
    return "+" + digits if plus or len(digits) > 6 else digits


def _text(value: Any, name: str, *, limit: int, required: bool = False) -> str | None:
    if value is None:
        if required:
            raise LiveLinkError(400, f"'{name}' is required.", 1001)
        return None
    if not isinstance(value, str):
        raise LiveLinkError(400, f"'{name}' must be a string.", 1001)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise LiveLinkError(400, f"'{name}' contains invalid Unicode.", 1001) from None
    if "\x00" in value:
        raise LiveLinkError(400, f"'{name}' must not contain NUL characters.", 1001)
    if len(value) > limit:
        raise LiveLinkError(400, f"'{name}' is longer than {limit} characters.", 1001)
    return value


_BOOLEANS = (
    "ackCountryCode",
    "ackDeliveredTime",
    "ackFinalOnly",
    "ackFinalStatus",
    "ackInternalStatus",
    "ackMTReceivedTime",
    "ackOperatorId",
    "ackTimeInGMT",
    "ackTpoa",
    "acknowledgement",
)
_ENUMS = {
    "ackType": ("NONE", "ORDER", "MESSAGE"),
    "contentTextEncoding": ("UTF8", "UCS2"),
    "messageClass": ("0", "1", "2", "3"),
    "mobileNotification": ("YES", "NO"),
}
_STRINGS = ("callback", "pId", "sessionId", "subject", "origin", "validityPeriod")
_INTEGERS = {"clientId": 2**31, "operatorId": 2**31, "randomId": 2**63}


def check_send_body(body: Any) -> dict[str, Any]:
    """A ``SmsRequestV2`` checked against the definition; unknown fields are ignored."""
    if not isinstance(body, dict):
        raise LiveLinkError(400, "The request body must be a JSON object (SmsRequestV2).", 1001)
    out: dict[str, Any] = {}
    destination = body.get("destination")
    if isinstance(destination, str | int) and not isinstance(destination, bool):
        destination = [destination]  # the seed: "a single string can be sent"
    if not isinstance(destination, list) or not destination:
        raise LiveLinkError(400, "'destination' must be a non-empty array of numbers.", 1002)
    if len(destination) > MAX_DESTINATIONS:
        raise LiveLinkError(
            400, f"At most {MAX_DESTINATIONS} destinations can be sent to at once.", 1002
        )
    out["destination"] = [(str(d).strip(), normalize_number(d)) for d in destination]
    out["message"] = _text(body.get("message"), "message", limit=MAX_MESSAGE_CHARS, required=True)
    if not out["message"]:
        raise LiveLinkError(400, "'message' must not be empty.", 1004)
    for name in _BOOLEANS:
        if body.get(name) is not None and not isinstance(body[name], bool):
            raise LiveLinkError(400, f"'{name}' must be true or false.", 1001)
    for name, allowed in _ENUMS.items():
        value = body.get(name)
        if value is not None and value not in allowed:
            raise LiveLinkError(400, f"'{name}' must be one of {', '.join(allowed)}.", 1001)
    for name in _STRINGS:
        out[name] = _text(body.get(name), name, limit=2000)
    for name, bound in _INTEGERS.items():
        value = body.get(name)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or not -bound <= value < bound
        ):
            raise LiveLinkError(400, f"'{name}' must be a whole number.", 1001)
    if out["validityPeriod"] is not None and not _VALIDITY.match(out["validityPeriod"]):
        raise LiveLinkError(
            400, "'validityPeriod' must be a number and w, d, h or m, e.g. 1w or 30m.", 1001
        )
    out["ackType"] = body.get("ackType") or "ORDER"
    out["encoding"] = body.get("contentTextEncoding") or "UTF8"
    out["ackFinalOnly"] = bool(body.get("ackFinalOnly"))
    return out


class LiveLinkWorld(SqliteStore):
    """Everything one simulated Live Link 365 account knows, behind one lock."""

    def __init__(
        self,
        db_path: str = ":memory:",
        *,
        config: LiveLinkConfig | None = None,
        clock: Callable[[], float] = time.time,
        app_key: str = "demo-key",
        secret: str = "demo-secret",
        client_id: str = "12345",
        failing: tuple[str, ...] = (),
    ) -> None:
        super().__init__(db_path, _SCHEMA, clock)
        self.config = config or LiveLinkConfig()
        self.app_key = app_key
        self.secret = secret
        self.client_id = client_id
        self.failing = set(failing)
        self._tokens: dict[str, _Token] = {}
        # Tokens handed out since the start, by grant type: how often a client renewed.
        self.grants: dict[str, int] = {"client_credentials": 0, "refresh_token": 0}
        self._dataset: Mapping[str, Any] | None = None

    # --- dataset --------------------------------------------------------------------------

    def load(self, dataset: Mapping[str, Any], *, keep_existing: bool = False) -> None:
        """Fill an empty store from ``dataset`` (see :mod:`.dataset`); with
        ``keep_existing`` a store that already holds a world is left as it is."""
        self._dataset = dataset
        self.failing = {normalize_number(n) for n in dataset.get("failing", ())}
        with self._tx() as db:
            if keep_existing and db.execute("SELECT 1 FROM numbers LIMIT 1").fetchone():
                return
            for table in _TABLES:
                db.execute(f"DELETE FROM {table}")
            for number in dataset.get("numbers", ()):
                db.execute(
                    "INSERT INTO numbers (number, label) VALUES (?, ?)",
                    (normalize_number(number["number"], "number"), number.get("label", "")),
                )
            now = self.now_ms()
            for mo in dataset.get("mo", ()):
                self._add_mo(db, mo["sender"], mo["recipient"], mo["text"], now + mo["offsetMs"])
            for mt in dataset.get("mt", ()):
                self._send(db, check_send_body(mt["request"]), now + mt["offsetMs"])

    def reset(self) -> None:
        """Back to the dataset (tokens are dropped too)."""
        with self._lock:
            self._tokens.clear()
            if self._dataset is not None:
                self.load(self._dataset)

    def numbers(self) -> list[str]:
        with self._lock:
            return [r["number"] for r in self._db.execute("SELECT number FROM numbers")]

    # --- OAuth ----------------------------------------------------------------------------

    def grant(self, grant_type: str | None, basic: tuple[str, str] | None, refresh: str | None):
        """``POST /api/oauth/token``: client credentials (Basic) or a refresh token."""
        now = self.now_ms()
        with self._lock:
            self._purge_tokens(now)
            if basic is not None and basic != (self.app_key, self.secret):
                raise LiveLinkError(401, "Bad credentials: unknown app key or wrong secret.", 401)
            if grant_type == "client_credentials":
                if basic is None:
                    raise LiveLinkError(
                        401, "HTTP Basic authentication with the app key and secret is required."
                    )
            elif grant_type == "refresh_token":
                if not refresh:
                    raise LiveLinkError(400, "grant_type=refresh_token needs refresh_token.")
                token = self._tokens.get(refresh)
                if token is None or token.kind != "refresh" or token.expires_ms <= now:
                    raise LiveLinkError(401, "The refresh token is invalid or has expired.", 401)
                del self._tokens[refresh]  # a refresh token is good for one refresh
            elif not grant_type:
                raise LiveLinkError(400, "grant_type is required (client_credentials).")
            else:
                raise LiveLinkError(
                    400, "grant_type must be client_credentials or refresh_token.", 400
                )
            self.grants[grant_type] += 1
            access, refresh_token = secrets.token_hex(16), secrets.token_hex(16)
            self._tokens[access] = _Token(now + self.config.access_ttl_ms, self.app_key)
            self._tokens[refresh_token] = _Token(
                now + self.config.refresh_ttl_ms, self.app_key, "refresh"
            )
        return {
            "access_token": access,
            "token_type": "bearer",
            "expires_in": self.config.access_ttl_ms,
            "refresh_token": refresh_token,
            "refresh_expires_in": self.config.refresh_ttl_ms,
            "scope": "livelink:api livelink:pollData",
        }

    def _purge_tokens(self, now: int) -> None:
        for key in [k for k, t in self._tokens.items() if t.expires_ms <= now]:
            del self._tokens[key]

    def token_valid(self, access_token: str | None) -> bool:
        with self._lock:
            token = self._tokens.get(access_token or "")
            return token is not None and token.kind == "access" and token.expires_ms > self.now_ms()

    def authorize(self, header: str | None) -> None:
        """``Authorization: Bearer <access_token>`` or a 401."""
        scheme, _, value = (header or "").strip().partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise LiveLinkError(401, "Missing bearer token: get one from POST /api/oauth/token.")
        if not self.token_valid(value.strip()):
            raise LiveLinkError(401, "The access token is invalid or has expired.", 401)

    def expire_token(self, header: str | None) -> bool:
        """Forget the token in an ``Authorization`` header (a simulated 401 fault)."""
        value = (header or "").strip().partition(" ")[2].strip()
        with self._lock:
            return self._tokens.pop(value, None) is not None

    def expire_all_tokens(self) -> int:
        with self._lock:
            count = sum(1 for t in self._tokens.values() if t.kind == "access")
            self._tokens.clear()
            return count

    # --- sending --------------------------------------------------------------------------

    def send(self, body: Any) -> dict[str, Any]:
        """``POST /api/v2/sms``: one order id per destination and message part."""
        request = check_send_body(body)
        with self._tx() as db:
            return self._send(db, request, self.now_ms())

    def _send(self, db: sqlite3.Connection, request: Mapping[str, Any], now: int) -> dict[str, Any]:
        numbers = [r["number"] for r in db.execute("SELECT number FROM numbers ORDER BY rowid")]
        origin = request.get("origin")
        if origin is None:
            origin = numbers[0] if numbers else "LiveLink"
        else:
            key = normalize_number(origin, "origin") if _looks_numeric(origin) else origin.strip()
            if key not in numbers:
                raise LiveLinkError(
                    400, f"origin {origin[:40]!r} is not one of this account's numbers.", 1003
                )
            origin = key
        message = request["message"]
        parts, _ = sms_parts(message, request["encoding"])
        row = db.execute("SELECT COALESCE(MAX(request_id), 0) + 1 AS n FROM mt").fetchone()
        request_id = row["n"]
        due = now + int(self.config.delivery_delay_seconds * 1000)
        answer = []
        for destination, phone in request["destination"]:
            ids = []
            for part in range(1, parts + 1):
                order_id = self._next_order_id(db)
                final = FAILED if phone in self.failing else "DELIVERED"
                acked = request["ackType"] != "NONE"
                db.execute(
                    "INSERT INTO mt (order_id, request_id, destination, phone, origin, message,"
                    " subject, part, parts, encoding, ack_type, final_only, created_ms, due_ms,"
                    " final_status) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        order_id,
                        request_id,
                        destination,
                        phone,
                        origin,
                        message,
                        request.get("subject"),
                        part,
                        parts,
                        request["encoding"],
                        request["ackType"],
                        int(request["ackFinalOnly"]),
                        now,
                        due if acked else None,
                        final,
                    ),
                )
                if acked and not request["ackFinalOnly"]:
                    db.execute(
                        "INSERT INTO acks (order_id, status, ts_ms) VALUES (?, 'SENT', ?)",
                        (order_id, now),
                    )
                ids.append(order_id)
            answer.append({"destination": [destination], "livelinkOrderId": ids})
        return {"livelinkOrderIds": answer}

    def _next_order_id(self, db: sqlite3.Connection) -> str:
        row = db.execute("SELECT value FROM meta WHERE key='next_order'").fetchone()
        value = int(row["value"]) if row else ORDER_ID_BASE
        db.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('next_order', ?)", (str(value + 1),)
        )
        return str(value)

    def housekeeping(self) -> None:
        """Final ACKs that are due, stamped with their due time; forget what is over 72 h."""
        now = self.now_ms()
        with self._tx() as db:
            due = db.execute(
                "SELECT order_id, due_ms, final_status FROM mt WHERE due_ms IS NOT NULL"
                " AND due_ms <= ? ORDER BY due_ms, order_id",
                (now,),
            ).fetchall()
            for row in due:
                db.execute(
                    "INSERT INTO acks (order_id, status, ts_ms) VALUES (?, ?, ?)",
                    (row["order_id"], row["final_status"], row["due_ms"]),
                )
                db.execute("UPDATE mt SET due_ms = NULL WHERE order_id = ?", (row["order_id"],))
            cutoff = now - RETENTION_MS
            db.execute("DELETE FROM mo WHERE received_ms < ?", (cutoff,))
            db.execute("DELETE FROM acks WHERE ts_ms < ?", (cutoff,))
            db.execute("DELETE FROM mt WHERE created_ms < ? AND due_ms IS NULL", (cutoff,))

    # --- polling --------------------------------------------------------------------------

    def _window(self, start: Any, end: Any, page: Any) -> tuple[int, int, int]:
        start_ms = parse_window_time(start, "startUTCTime")
        end_ms = parse_window_time(end, "endUTCTime")
        if start_ms > end_ms:
            raise LiveLinkError(400, "startUTCTime must not be after endUTCTime.")
        text = str(page).strip() if page is not None else "1"
        if not text.isdigit() or not 1 <= int(text) <= 1_000_000:
            raise LiveLinkError(400, "pageIndex must be a whole number from 1.")
        return start_ms, end_ms, int(text)

    def _page(self, total: int, page: int) -> tuple[int, int]:
        size = self.config.page_size
        return -(-total // size), (page - 1) * size

    def poll_mo(
        self, start: Any, end: Any, page: Any = 1, keyword: str | None = None
    ) -> dict[str, Any]:
        """``GET /api/v2/sms/mo``: MOs received in ``[start, end)``, oldest first."""
        start_ms, end_ms, index = self._window(start, end, page)
        keyword = _text(keyword, "keyword", limit=160)
        self.housekeeping()
        where = "received_ms >= ? AND received_ms < ? AND received_ms >= ?"
        args: list[Any] = [start_ms, end_ms, self.now_ms() - RETENTION_MS]
        if keyword:
            where += " AND instr(lower(text), lower(?)) > 0"
            args.append(keyword)
        with self._lock:
            total = self._db.execute(f"SELECT COUNT(*) FROM mo WHERE {where}", args).fetchone()[0]
            count, offset = self._page(total, index)
            rows = self._db.execute(
                f"SELECT * FROM mo WHERE {where} ORDER BY received_ms, id LIMIT ? OFFSET ?",
                (*args, self.config.page_size, offset),
            ).fetchall()
        items = []
        for r in rows:
            parameters: dict[str, Any] = {
                "receivedTime": received_time(r["received_ms"]),
                "timezone": "GMT",
                "countryCode": "US",
                "operatorNetwork": "GSM",
                "messageClass": "1",
            }
            if keyword:
                parameters["keyword"] = keyword
            if r["session_id"]:
                parameters["sessionId"] = r["session_id"]
            items.append(
                {
                    "contentText": r["text"],
                    "sender": r["sender"],
                    "recipient": r["recipient"],
                    "parameters": parameters,
                }
            )
        return {"pageCount": count, "pageIndex": index, "sapnotification": items}

    def poll_status(
        self,
        start: Any,
        end: Any,
        page: Any = 1,
        status: str | None = None,
        order_id: str | None = None,
    ) -> dict[str, Any]:
        """``GET /api/v2/sms/status``: ACKs stamped in ``[start, end)``, oldest first."""
        start_ms, end_ms, index = self._window(start, end, page)
        wanted = (status or "all").strip()
        where = "a.ts_ms >= ? AND a.ts_ms < ? AND a.ts_ms >= ?"
        self.housekeeping()
        args: list[Any] = [start_ms, end_ms, self.now_ms() - RETENTION_MS]
        if wanted.lower() == "nok":
            where += " AND a.status = ?"
            args.append(FAILED)
        elif wanted.upper() in ACK_STATUSES:
            where += " AND a.status = ?"
            args.append(wanted.upper())
        elif wanted.lower() != "all":
            raise LiveLinkError(400, "status must be all, nok, SENT, DELIVERED or RECEIVED.")
        if order_id is not None and order_id != "":
            where += " AND a.order_id = ?"
            args.append(_text(order_id, "orderId", limit=40))
        query = f"FROM acks a JOIN mt m ON m.order_id = a.order_id WHERE {where}"
        with self._lock:
            total = self._db.execute(f"SELECT COUNT(*) {query}", args).fetchone()[0]
            count, offset = self._page(total, index)
            rows = self._db.execute(
                f"SELECT a.status, a.ts_ms, m.* {query} ORDER BY a.ts_ms, a.id LIMIT ? OFFSET ?",
                (*args, self.config.page_size, offset),
            ).fetchall()
        items = []
        for r in rows:
            item: dict[str, Any] = {
                "orderId": r["order_id"],
                "recipient": r["destination"],
                "status": r["status"],
                "timestamp": iso_ms(r["ts_ms"]),
                "messageBody": r["message"],
                "operatorId": 61,
                "internalStatusId": r["status"],
                "finalStatusIndicator": "OK" if r["status"] != FAILED else "NOK",
            }
            if r["subject"] is not None:
                item["subject"] = r["subject"]
            item["origin"] = r["origin"]
            items.append(item)
        return {
            "clientId": self.client_id,
            "pageCount": count,
            "pageIndex": index,
            "SAPNotification": items,
        }

    # --- customers ------------------------------------------------------------------------

    def _add_mo(
        self,
        db: sqlite3.Connection,
        sender: Any,
        recipient: Any,
        text: Any,
        received_ms: int,
        session_id: str | None = None,
    ) -> dict[str, Any]:
        phone = normalize_number(sender, "sender")
        if not phone.startswith("+"):
            raise LiveLinkError(400, "sender must be a phone number in international format.")
        ours = normalize_number(recipient, "recipient")
        body = _text(text, "text", limit=MAX_TEXT_CHARS, required=True)
        cur = db.execute(
            "INSERT INTO mo (sender, recipient, text, received_ms, session_id)"
            " VALUES (?, ?, ?, ?, ?)",
            (f"tel:{phone}", ours, body, received_ms, session_id),
        )
        return {
            "id": cur.lastrowid,
            "sender": f"tel:{phone}",
            "recipient": ours,
            "receivedTime": received_time(received_ms),
        }

    def inject_mo(
        self,
        sender: Any,
        text: Any,
        recipient: Any = None,
        received_at: Any = None,
    ) -> dict[str, Any]:
        """A customer writes in (``POST /_sim/mo``). ``recipient`` defaults to our first
        number; ``received_at`` is epoch ms, an ISO 8601 time, or now."""
        when = self.now_ms() if received_at is None else _moment_ms(received_at)
        with self._tx() as db:
            if recipient is None:
                row = db.execute("SELECT number FROM numbers ORDER BY rowid LIMIT 1").fetchone()
                recipient = row["number"] if row else "12345"
            return self._add_mo(db, sender, recipient, text, when)

    def mts(self, after_request: int = 0) -> list[dict[str, Any]]:
        """Every stored MT part (``GET /_sim/mt``), oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM mt WHERE request_id > ? ORDER BY request_id, order_id",
                (after_request,),
            ).fetchall()
        return [
            {
                "orderId": r["order_id"],
                "requestId": r["request_id"],
                "destination": r["destination"],
                "phone": r["phone"],
                "origin": r["origin"],
                "message": r["message"],
                "subject": r["subject"],
                "part": r["part"],
                "parts": r["parts"],
                "encoding": r["encoding"],
                "ackType": r["ack_type"],
                "createdTime": iso_ms(r["created_ms"]),
                "finalStatus": r["final_status"],
            }
            for r in rows
        ]

    def last_request_id(self) -> int:
        with self._lock:
            return int(
                self._db.execute("SELECT COALESCE(MAX(request_id), 0) FROM mt").fetchone()[0]
            )

    def customer_phones(self) -> list[tuple[str, str]]:
        """``(customer, our number)`` of everyone who wrote in and is still stored."""
        with self._lock:
            rows = self._db.execute("SELECT DISTINCT sender, recipient FROM mo").fetchall()
        return [(r["sender"].removeprefix("tel:"), r["recipient"]) for r in rows]

    def summary(self) -> dict[str, Any]:
        with self._lock:
            counts = {
                t: self._db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("mo", "mt", "acks")
            }
            requests = self._db.execute("SELECT COUNT(DISTINCT request_id) FROM mt").fetchone()[0]
            tokens = sum(1 for t in self._tokens.values() if t.kind == "access")
            grants = dict(self.grants)
        return {
            "numbers": self.numbers(),
            "mo": counts["mo"],
            "mtRequests": requests,
            "mtParts": counts["mt"],
            "acks": counts["acks"],
            "accessTokens": tokens,
            "tokenGrants": grants,
            "config": self.config.as_json(),
        }

    def configure(self, changes: Mapping[str, Any]) -> dict[str, Any]:
        """``POST /_sim/config``; unknown keys and bad values are 400s."""
        unknown = sorted(set(changes) - set(_CONFIG_KEYS))
        if unknown:
            raise LiveLinkError(
                400, f"Unknown config keys {unknown}; known: {sorted(_CONFIG_KEYS)}."
            )
        new = LiveLinkConfig(**asdict(self.config))
        for key, value in changes.items():
            attr = _CONFIG_KEYS[key]
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise LiveLinkError(400, f"{key} must be a non-negative number.")
            if attr != "delivery_delay_seconds":
                if int(value) != value or (attr == "page_size" and value < 1):
                    raise LiveLinkError(400, f"{key} must be a whole number (page size >= 1).")
                value = int(value)
            setattr(new, attr, value)
        self.config = new
        return new.as_json()


def _looks_numeric(value: str) -> bool:
    return bool(re.fullmatch(r"\s*(tel:)?\+?[\d\s().-]+", value))


def _moment_ms(value: Any) -> int:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            pass
        else:
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            return int(moment.timestamp() * 1000)
    raise LiveLinkError(400, "received_at must be epoch milliseconds or an ISO 8601 time.")

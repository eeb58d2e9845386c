"""The simulated LiveVox tenant: agents, inboxes, threads and messages in one SQLite database.

Why SQLite: the state must survive a restart when the trainer passes ``--db`` and must stay
consistent under many concurrent agents. One connection (``check_same_thread=False``) behind
one ``threading.Lock`` makes every public method atomic, so the HTTP handlers (event-loop
thread) and tests (main thread) can share a :class:`World` safely.

Counts are never stored: every counter (inbox unread/total, the agent counts endpoint) is a
query over ``threads``/``messages``, so they cannot drift from what the thread lists return.
A thread's "last message" summary (direction, text, id) is denormalised onto the thread row
when a message is added, which keeps a thread page one indexed query.

Sessions are held in memory (not in the database): a restarted server forgets them, like a
LiveVox node that lost its session cache; clients simply log in again.
"""

from __future__ import annotations

import re
import secrets
import sqlite3
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from .dataset import CHANNEL_TYPES, ID_BASE, apply_dataset
from .errors import AUTHORIZATION_ERROR, NOT_IN_A_SERVICE, PASSWORD_EXPIRED, ApiError
from .shared import SqliteStore
from .tenant import TenantMixin

__all__ = [
    "CHANNEL_TYPES",
    "ID_BASE",
    "Session",
    "World",
    "WorldConfig",
    "normalize_id",
    "normalize_phone",
]

STATUS_INBOUND = "Operator Transfer"
STATUS_QUEUED = "SMS MT Queued"
STATUS_DELIVERED = "SMS MT Delivered"
MAX_MESSAGE_CHARS = 1600  # a 10-part concatenated SMS
_MAX_ID_CHARS = 40

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS services (id TEXT PRIMARY KEY, name TEXT NOT NULL, team TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS channels (
    service_id TEXT NOT NULL, channel TEXT NOT NULL, PRIMARY KEY (service_id, channel));
CREATE TABLE IF NOT EXISTS agents (
    id TEXT PRIMARY KEY, login TEXT NOT NULL UNIQUE COLLATE NOCASE, name TEXT NOT NULL,
    password TEXT NOT NULL, status TEXT NOT NULL, team TEXT NOT NULL, is_agent INTEGER NOT NULL,
    service_id TEXT, max_unresolved INTEGER, phone TEXT,
    password_days INTEGER NOT NULL DEFAULT 30);
CREATE TABLE IF NOT EXISTS sms_codes (
    code TEXT PRIMARY KEY, description TEXT NOT NULL, service_id TEXT);
CREATE TABLE IF NOT EXISTS templates (
    id INTEGER PRIMARY KEY, description TEXT, message TEXT NOT NULL, sms_code TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS term_codes (
    id INTEGER PRIMARY KEY, description TEXT NOT NULL, category TEXT NOT NULL DEFAULT '',
    lv_result_id TEXT, lv_result TEXT, display_order INTEGER,
    action_type TEXT NOT NULL DEFAULT 'OTHER', payment_required INTEGER NOT NULL DEFAULT 0,
    service_id TEXT);
CREATE TABLE IF NOT EXISTS agent_services (
    agent_id TEXT NOT NULL, service_id TEXT NOT NULL, PRIMARY KEY (agent_id, service_id));
CREATE TABLE IF NOT EXISTS customers (
    account TEXT PRIMARY KEY, original_account TEXT NOT NULL, first_name TEXT, last_name TEXT,
    phone TEXT NOT NULL, email TEXT, address1 TEXT, city TEXT, state TEXT, zip TEXT,
    balance REAL, due_date TEXT, opt_in INTEGER NOT NULL DEFAULT 1);
CREATE INDEX IF NOT EXISTS customers_phone ON customers (phone);
CREATE TABLE IF NOT EXISTS threads (
    id TEXT PRIMARY KEY, channel TEXT NOT NULL, service_id TEXT NOT NULL, owner TEXT,
    account TEXT NOT NULL DEFAULT '', phone TEXT NOT NULL, sms_code TEXT NOT NULL,
    read INTEGER NOT NULL DEFAULT 0, replied INTEGER NOT NULL DEFAULT 0,
    resolved INTEGER NOT NULL DEFAULT 0, term_code INTEGER, resolved_at INTEGER,
    payment_amt REAL,
    last_activity INTEGER NOT NULL, assigned_at INTEGER NOT NULL,
    last_direction INTEGER NOT NULL DEFAULT 1, last_text TEXT NOT NULL DEFAULT '',
    last_msg_id TEXT);
CREATE INDEX IF NOT EXISTS threads_personal ON threads (owner, channel, resolved, last_activity);
CREATE INDEX IF NOT EXISTS threads_group
    ON threads (service_id, channel, owner, resolved, last_activity);
CREATE INDEX IF NOT EXISTS threads_phone ON threads (phone, channel, sms_code, resolved);
CREATE TABLE IF NOT EXISTS messages (
    id TEXT PRIMARY KEY, thread_id TEXT NOT NULL, channel TEXT NOT NULL, account TEXT NOT NULL,
    direction INTEGER NOT NULL, text TEXT NOT NULL, status TEXT NOT NULL, date INTEGER NOT NULL,
    phone TEXT NOT NULL, sms_code TEXT NOT NULL, agent_id TEXT, via TEXT, deliver_at INTEGER);
CREATE INDEX IF NOT EXISTS messages_thread ON messages (thread_id, date);
CREATE INDEX IF NOT EXISTS messages_account ON messages (account, date);
CREATE INDEX IF NOT EXISTS messages_agent ON messages (agent_id, channel, direction);
CREATE INDEX IF NOT EXISTS messages_pending ON messages (deliver_at) WHERE deliver_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS messages_via ON messages (via) WHERE via IS NOT NULL;
"""

_TABLES = (
    "services",
    "channels",
    "agents",
    "sms_codes",
    "templates",
    "term_codes",
    "agent_services",
    "customers",
    "threads",
    "messages",
    "meta",
)

# The counts endpoint's names per channel type; LiveVox spells them irregularly on purpose.
_COUNT_NAMES = {
    "Email": (
        "countOfUnreadEmailThreadsInPersonalInbox",
        "countOfReadEmailThreadsInPersonalInbox",
        "countOfActiveEmailThreadsInPersonalInbox",
    ),
    "SMS": (
        "countOfUnreadSMSThreadsInPersonalInbox",
        "countOfReadSMSThreadsInPersonalInbox",
        "countOfActiveSMSThreadsInPersonalInbox",
    ),
    "Messaging": (
        "countOfUnreadMessageInteractionsinPersonalInbox",
        "countOfReadMessageInteractionsinPersonalInbox",
        "countOfActiveMessageThreadsinPersonalInbox",
    ),
}
_SENT_NAMES = {
    "Email": "countOfEmailInteractionsSent",
    "SMS": "countOfSMSInteractionsSent",
    "Messaging": "countOfMessageInteractionsSent",
    "Chat": "countOfOBWebChatInteractionsSent",
}


@dataclass
class WorldConfig:
    """Knobs a trainer or a test changes at run time (``POST /_sim/config``)."""

    session_ttl_seconds: float = 7200.0
    page_size: int = 10
    max_unresolved_per_agent: int | None = None
    idle_return_seconds: float | None = None
    delivery_delay_seconds: float = 1.0

    def as_json(self) -> dict[str, Any]:
        return {
            "sessionTtlSeconds": self.session_ttl_seconds,
            "pageSize": self.page_size,
            "maxUnresolvedPerAgent": self.max_unresolved_per_agent,
            "idleReturnSeconds": self.idle_return_seconds,
            "deliveryDelaySeconds": self.delivery_delay_seconds,
        }


@dataclass
class Session:
    """A logged-in agent or user. ``expires_at`` slides forward on every valid request."""

    session_id: str
    user_id: str
    is_agent: bool
    access_token: str
    expires_at: float
    login: str = field(default="")
    service_id: str | None = None  # the service joined: an agent's sends go out from it
    phone: str | None = None


def normalize_id(value: Any, what: str) -> str:
    """Ids arrive as numbers or strings (seed quirk); we always hold a stripped string."""
    if isinstance(value, bool) or value is None:
        raise ApiError(400, f"{what} is required and must be a string or a number.")
    if isinstance(value, float):
        if not value.is_integer():
            raise ApiError(400, f"{what} must be a whole number, not {value!r}.")
        value = int(value)
    text = str(value).strip()
    if not text:
        raise ApiError(400, f"{what} must not be empty.")
    if len(text) > _MAX_ID_CHARS:
        raise ApiError(400, f"{what} is too long to be a LiveVox id.")
    if not text.isprintable() or not _encodable(text):
        raise ApiError(400, f"{what} contains characters that cannot be part of an id.")
    return text


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def clean_text(
    value: Any, what: str, *, required: bool = True, max_chars: int = MAX_MESSAGE_CHARS
) -> str:
    """Text that SQLite and JSON can hold (no lone surrogates), within a sane length."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ApiError(400, f"{what} must not be empty.")
        return ""
    if not isinstance(value, str):
        if isinstance(value, bool):
            raise ApiError(400, f"{what} must be text.")
        value = str(value)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ApiError(400, f"{what} contains characters that are not valid Unicode.") from None
    if "\x00" in value:
        raise ApiError(400, f"{what} must not contain NUL characters.")
    if len(value) > max_chars:
        raise ApiError(400, f"{what} is longer than {max_chars} characters.")
    return value


_NON_DIGITS = re.compile(r"\D")
_PHONE_CHARS = re.compile(r"\+?[\d\s().-]+")


def normalize_phone(value: Any, what: str = "The phone number") -> str:
    """Digits only, with the North American ``1`` prefix added to 10-digit numbers."""
    text = normalize_id(value, what)
    if _PHONE_CHARS.fullmatch(text) is None:
        raise ApiError(400, f"{what} {text[:20]!r} is not a phone number.")
    digits = _NON_DIGITS.sub("", text)
    if len(digits) == 10:
        digits = "1" + digits
    if not 5 <= len(digits) <= 15:
        raise ApiError(400, f"{what} {text[:20]!r} must have between 5 and 15 digits.")
    return digits


def _bool(value: Any) -> bool:
    return bool(value)


class World(TenantMixin, SqliteStore):
    """Everything one simulated LiveVox tenant knows, behind one lock.

    ``clock`` returns seconds since the epoch; tests may pass a fake one.
    """

    def __init__(
        self,
        db_path: str = ":memory:",
        *,
        config: WorldConfig | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(db_path, _SCHEMA, clock)
        self.config = config or WorldConfig()
        self._sessions: dict[str, Session] = {}
        self._session_by_user: dict[tuple[str, str], str] = {}
        self._dataset: Mapping[str, Any] | None = None
        self._last_housekeeping = 0.0

    # --- plumbing -------------------------------------------------------------------------

    def _next_id(self, db: sqlite3.Connection) -> str:
        row = db.execute("SELECT value FROM meta WHERE key='next_id'").fetchone()
        value = int(row["value"]) if row else ID_BASE
        db.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('next_id', ?)", (str(value + 1),)
        )
        return str(value)

    def meta(self, key: str, default: str = "") -> str:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row["value"] if row else default

    # --- dataset --------------------------------------------------------------------------

    def is_loaded(self) -> bool:
        return self.meta("loaded") == "1"

    def load(self, dataset: Mapping[str, Any], *, keep_existing: bool = False) -> None:
        """Replace the world with ``dataset`` (see :mod:`.dataset` for the format).

        With ``keep_existing`` a database that already holds a world is left alone, which is
        how ``--db`` keeps state across restarts.
        """
        self._dataset = dataset
        if keep_existing and self.is_loaded():
            return
        with self._tx() as db:
            for table in _TABLES:
                db.execute(f"DELETE FROM {table}")
            apply_dataset(db, dataset, now_ms=self.now_ms())
            top = db.execute(
                "SELECT max(CAST(id AS INTEGER)) AS m FROM "
                "(SELECT id FROM threads UNION ALL SELECT id FROM messages)"
            ).fetchone()
            next_id = max(ID_BASE, (top["m"] or 0) + 1)
            db.execute("INSERT OR REPLACE INTO meta VALUES ('next_id', ?)", (str(next_id),))
            db.execute("INSERT OR REPLACE INTO meta VALUES ('loaded', '1')")
        with self._lock:
            self._sessions.clear()
            self._session_by_user.clear()

    def reset(self) -> None:
        """Back to the dataset the world was loaded from (``POST /_sim/reset``)."""
        if self._dataset is None:
            raise ApiError(409, "No dataset was loaded, so there is nothing to reset to.")
        self.load(self._dataset)

    @property
    def client_code(self) -> str:
        return self.meta("client_code", "DEMO")

    @property
    def access_token(self) -> str:
        return self.meta("access_token", "demo-token")

    # --- sessions -------------------------------------------------------------------------

    def _check_access(self, access_token: str | None) -> str:
        if not access_token or not secrets.compare_digest(
            access_token.encode("utf-8", "replace"), self.access_token.encode()
        ):
            raise ApiError(
                401,
                "Missing or invalid LV-Access token: this application is not "
                "authorised for this LiveVox client.",
            )
        return access_token

    def _account(self, client_name: Any, user_name: Any, password: Any, agent: bool) -> sqlite3.Row:
        """The user these credentials name (call with the lock held).

        A client code this server does not know is what a sign-in on the wrong environment
        (NA3 vs NA4 …) looks like: LiveVox answers "authorization error". Agents' user
        names are case-insensitive, other users' are not.
        """
        client = clean_text(client_name, "clientName", max_chars=100)
        user = clean_text(user_name, "userName", max_chars=100).strip()
        pw = clean_text(password, "password", max_chars=200)
        if client.strip().upper() != self.client_code.upper():
            raise ApiError(401, "authorization error", AUTHORIZATION_ERROR)
        row = self._db.execute("SELECT * FROM agents WHERE login=?", (user,)).fetchone()
        if row is not None and not row["is_agent"] and row["login"] != user:
            row = None
        if row is None or not secrets.compare_digest(pw.encode(), row["password"].encode()):
            raise ApiError(401, "Invalid client code, user name or password.")
        if agent and not row["is_agent"]:
            raise ApiError(401, f"{row['login']} is not an agent: log in with agent=false.")
        if not agent and row["is_agent"]:
            raise ApiError(401, f"{row['login']} is an agent: log in with agent=true.")
        return row  # type: ignore[no-any-return]

    def login(
        self, access_token: str | None, client_name: Any, user_name: Any, password: Any, agent: bool
    ) -> dict[str, Any]:
        """``POST /session/login``: the same session id while a valid one exists."""
        access_token = self._check_access(access_token)
        with self._lock:
            row = self._account(client_name, user_name, password, agent)
            if row["password_days"] <= 0:
                raise ApiError(
                    401,
                    "Your password has expired: change it before signing in.",
                    PASSWORD_EXPIRED,
                )
            now = self.clock()
            key = (row["id"], access_token)
            existing = self._sessions.get(self._session_by_user.get(key, ""))
            if existing is not None and existing.expires_at > now:
                existing.expires_at = now + self.config.session_ttl_seconds
                session = existing
            else:
                session = Session(
                    session_id=str(uuid.uuid4()),
                    user_id=row["id"],
                    is_agent=bool(row["is_agent"]),
                    access_token=access_token,
                    expires_at=now + self.config.session_ttl_seconds,
                    login=row["login"],
                )
                self._sessions[session.session_id] = session
                self._session_by_user[key] = session.session_id
            self._purge_sessions(now)
        return {
            "sessionId": session.session_id,
            "clientId": int(self.meta("client_id", "1001")),
            "userId": int(row["id"]) if row["id"].isdigit() else row["id"],
            "daysUntilPasswordExpires": row["password_days"],
        }

    def password(
        self,
        access_token: str | None,
        client_name: Any,
        user_name: Any,
        password: Any,
        new_password: Any,
        agent: bool,
    ) -> None:
        """``POST /session/password``: works for an expired password too."""
        self._check_access(access_token)
        new = clean_text(new_password, "newPassword", max_chars=200)
        with self._lock:
            row = self._account(client_name, user_name, password, agent)
        self.change_password(row, str(password), new)

    def set_password_days(self, login: str, days: int) -> None:
        """How many days the user's password has left (0 or less: expired)."""
        with self._tx() as db:
            db.execute("UPDATE agents SET password_days=? WHERE login=?", (days, login))

    def _purge_sessions(self, now: float) -> None:
        if len(self._sessions) < 1000:
            return
        for sid in [s for s, v in self._sessions.items() if v.expires_at <= now]:
            self._drop_session(sid)

    def _drop_session(self, session_id: str) -> bool:
        session = self._sessions.pop(session_id, None)
        if session is None:
            return False
        self._session_by_user.pop((session.user_id, session.access_token), None)
        return True

    def session(self, session_id: str | None, *, slide: bool = True) -> Session | None:
        """The live session for an ``LV-Session`` header, sliding its expiry; None if invalid."""
        if not session_id:
            return None
        with self._lock:
            session = self._sessions.get(session_id)
            if session is None:
                return None
            now = self.clock()
            if session.expires_at <= now:
                self._drop_session(session_id)
                return None
            if slide:
                session.expires_at = now + self.config.session_ttl_seconds
            return session

    def logout(self, session_id: str) -> bool:
        with self._lock:
            return self._drop_session(session_id)

    def expire_session(self, session_id: str | None) -> bool:
        """Used by the 401 fault: the caller's session really is gone afterwards."""
        with self._lock:
            return self._drop_session(session_id or "")

    def expire_all_sessions(self) -> int:
        with self._lock:
            count = len(self._sessions)
            self._sessions.clear()
            self._session_by_user.clear()
            return count

    def session_count(self) -> int:
        with self._lock:
            return len(self._sessions)

    # --- lookups --------------------------------------------------------------------------

    def _agent(self, db: sqlite3.Connection, agent_id: str) -> sqlite3.Row:
        row = db.execute("SELECT * FROM agents WHERE id=?", (agent_id,)).fetchone()
        if row is None:
            raise ApiError(404, f"Agent {agent_id} does not exist.")
        return row

    def _thread(self, db: sqlite3.Connection, thread_id: Any) -> sqlite3.Row:
        tid = normalize_id(thread_id, "threadId")
        row = db.execute("SELECT * FROM threads WHERE id=?", (tid,)).fetchone()
        if row is None:
            raise ApiError(404, f"Thread {tid} does not exist.")
        return row

    def _check_capacity(self, db: sqlite3.Connection, agent: sqlite3.Row) -> None:
        limit = agent["max_unresolved"]
        if limit is None:
            limit = self.config.max_unresolved_per_agent
        if limit is None:
            return
        held = db.execute(
            "SELECT count(*) FROM threads WHERE owner=? AND resolved=0", (agent["id"],)
        ).fetchone()[0]
        if held >= limit:
            raise ApiError(
                409,
                f"Agent {agent['login']} already holds {held} unresolved "
                f"threads (the maximum is {limit}).",
            )

    def agent_info(self, agent_id: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM agents WHERE id=?", (agent_id,)).fetchone()
        return dict(row) if row else None

    def agent_by_login(self, login: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM agents WHERE login=?", (login,)).fetchone()
        return dict(row) if row else None

    # --- housekeeping (idle return, delivery) ----------------------------------------------

    def housekeeping(self, *, force: bool = False) -> None:
        """Cheap periodic work, run lazily by requests: idle personal threads go back to the
        group inbox when the idle timer is on, and queued sends become delivered."""
        now = self.clock()
        if not force and now - self._last_housekeeping < 0.25:
            return
        self._last_housekeeping = now
        now_ms = int(now * 1000)
        with self._tx() as db:
            db.execute(
                "UPDATE messages SET status=CASE WHEN status=? THEN ? ELSE 'Delivered' END,"
                " deliver_at=NULL WHERE deliver_at IS NOT NULL AND deliver_at<=?",
                (STATUS_QUEUED, STATUS_DELIVERED, now_ms),
            )
            idle = self.config.idle_return_seconds
            if idle is not None and idle > 0:
                cutoff = now_ms - int(idle * 1000)
                db.execute(
                    "UPDATE threads SET owner=NULL, assigned_at=? WHERE owner IS NOT NULL"
                    " AND resolved=0 AND max(assigned_at, last_activity) < ?",
                    (now_ms, cutoff),
                )

    # --- SMS API (agents and users) ---------------------------------------------------------

    def templates(self) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute("SELECT * FROM templates ORDER BY id").fetchall()
        out = []
        for row in rows:
            item: dict[str, Any] = {
                "id": row["id"],
                "message": row["message"],
                "smsCode": row["sms_code"],
                "optInFlag": False,
            }
            if row["description"]:
                item["description"] = row["description"]
            out.append(item)
        return out

    def sms_codes(self, session: Session) -> list[dict[str, str]]:
        """The codes of the service the agent joined (none before joining); all for a user."""
        with self._lock:
            if session.is_agent and session.service_id is None:
                rows = []
            elif session.is_agent:
                rows = self._db.execute(
                    "SELECT * FROM sms_codes WHERE service_id=? OR service_id IS NULL "
                    "ORDER BY code",
                    (session.service_id,),
                ).fetchall()
            else:
                rows = self._db.execute("SELECT * FROM sms_codes ORDER BY code").fetchall()
        return [{"code": r["code"], "description": r["description"]} for r in rows]

    def send_sms(self, session: Session, body: Mapping[str, Any]) -> dict[str, int]:
        """``POST /sms/``: a transactional send by an agent or a user."""
        from_code = normalize_id(body.get("from"), "from")
        to = normalize_phone(body.get("to"), "to")
        content = body.get("body")
        if not isinstance(content, Mapping):
            raise ApiError(400, "body must be an object with either message or templateId.")
        has_message = content.get("message") not in (None, "")
        has_template = content.get("templateId") not in (None, "")
        if has_message == has_template:
            raise ApiError(
                400, "body needs exactly one of message and templateId (not both, not neither)."
            )
        service_raw = body.get("serviceId")
        if session.is_agent and service_raw not in (None, ""):
            raise ApiError(
                400,
                "Agents may not pass serviceId: an agent sends from the service "
                "they are logged into.",
            )
        if not session.is_agent and service_raw in (None, ""):
            raise ApiError(400, "serviceId is required when a user (non-agent) sends an SMS.")
        account = clean_text(body.get("account"), "account", required=False, max_chars=64).strip()
        now = self.now_ms()
        with self._tx() as db:
            if session.is_agent:
                agent = self._agent(db, session.user_id)
                if session.service_id is None:
                    raise ApiError(
                        400,
                        f"{agent['login']} has not joined a service: an agent sends from the "
                        "service they are logged into (POST /callControl/agent/service/join).",
                        NOT_IN_A_SERVICE,
                    )
                service_id = session.service_id
                owner: str | None = agent["id"]
            else:
                service_id = normalize_id(service_raw, "serviceId")
                if (
                    db.execute("SELECT 1 FROM services WHERE id=?", (service_id,)).fetchone()
                    is None
                ):
                    raise ApiError(404, f"Service {service_id} does not exist.")
                owner = None
            self._check_code(db, from_code, "from")
            if has_message:
                text = clean_text(content.get("message"), "body.message")
            else:
                template_id = normalize_id(content.get("templateId"), "body.templateId")
                tpl = (
                    db.execute("SELECT * FROM templates WHERE id=?", (int(template_id),)).fetchone()
                    if template_id.isdigit() and len(template_id) < 18
                    else None
                )
                if tpl is None:
                    raise ApiError(404, f"Template {template_id} does not exist.")
                text = self._fill_template(db, tpl["message"], account, to)
            thread = self._find_or_create_thread(
                db, "SMS", to, from_code, service_id, owner, account, now
            )
            msg_id = self._add_message(
                db, thread, 2, text, now, agent_id=session.user_id, via="POST /sms/"
            )
        return {"transactionId": int(msg_id)}

    def _check_code(self, db: sqlite3.Connection, code: str, what: str) -> None:
        if db.execute("SELECT 1 FROM sms_codes WHERE code=?", (code,)).fetchone() is None:
            raise ApiError(
                400,
                f"{what} {code[:20]!r} is not one of this client's SMS codes (see GET /sms/codes).",
            )

    def _fill_template(self, db: sqlite3.Connection, text: str, account: str, phone: str) -> str:
        customer = None
        if account:
            customer = db.execute("SELECT * FROM customers WHERE account=?", (account,)).fetchone()
        if customer is None:
            customer = db.execute("SELECT * FROM customers WHERE phone=?", (phone,)).fetchone()
        values = {
            "firstName": "",
            "lastName": "",
            "account": account,
            "balance": "",
            "dueDate": "",
            "agentName": "",
            "company": self.meta("company", "Acme Services"),
        }
        if customer is not None:
            values.update(
                firstName=customer["first_name"] or "",
                lastName=customer["last_name"] or "",
                account=customer["account"],
                balance=f"${customer['balance']:,.2f}" if customer["balance"] is not None else "",
                dueDate=customer["due_date"] or "",
            )
        return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), m.group(0))), text)

    def _find_or_create_thread(
        self,
        db: sqlite3.Connection,
        channel: str,
        phone: str,
        sms_code: str,
        service_id: str,
        owner: str | None,
        account: str,
        now: int,
    ) -> sqlite3.Row:
        row = db.execute(
            "SELECT * FROM threads WHERE phone=? AND channel=? AND sms_code=? AND "
            "resolved=0 ORDER BY last_activity DESC LIMIT 1",
            (phone, channel, sms_code),
        ).fetchone()
        if row is not None:
            return row
        if not account:
            customer = db.execute(
                "SELECT account FROM customers WHERE phone=?", (phone,)
            ).fetchone()
            account = customer["account"] if customer else ""
        tid = self._next_id(db)
        db.execute(
            "INSERT INTO threads (id, channel, service_id, owner, account, phone, sms_code,"
            " read, replied, last_activity, assigned_at) VALUES (?,?,?,?,?,?,?,1,0,?,?)",
            (tid, channel, service_id, owner, account, phone, sms_code, now, now),
        )
        return db.execute("SELECT * FROM threads WHERE id=?", (tid,)).fetchone()

    def _add_message(
        self,
        db: sqlite3.Connection,
        thread: sqlite3.Row,
        direction: int,
        text: str,
        date: int,
        *,
        agent_id: str | None = None,
        via: str | None = None,
        status: str | None = None,
    ) -> str:
        """Append a message and refresh the thread's last-message summary and flags."""
        msg_id = self._next_id(db)
        deliver_at = None
        if status is None:
            if direction == 1:
                status = STATUS_INBOUND
            elif thread["channel"] == "SMS":
                status = STATUS_QUEUED
                deliver_at = date + int(self.config.delivery_delay_seconds * 1000)
            else:
                status = "Queued"
                deliver_at = date + int(self.config.delivery_delay_seconds * 1000)
        db.execute(
            "INSERT INTO messages (id, thread_id, channel, account, direction, text, status,"
            " date, phone, sms_code, agent_id, via, deliver_at) VALUES"
            " (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                msg_id,
                thread["id"],
                thread["channel"],
                thread["account"],
                direction,
                text,
                status,
                date,
                thread["phone"],
                thread["sms_code"],
                agent_id,
                via,
                deliver_at,
            ),
        )
        if direction == 1:
            db.execute(
                "UPDATE threads SET read=0, replied=0, last_direction=1, last_text=?,"
                " last_msg_id=?, last_activity=max(last_activity, ?) WHERE id=?",
                (text, msg_id, date, thread["id"]),
            )
            if text.strip().upper() in ("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"):
                db.execute("UPDATE customers SET opt_in=0 WHERE phone=?", (thread["phone"],))
        else:
            db.execute(
                "UPDATE threads SET read=1, replied=1, last_direction=2, last_text=?,"
                " last_msg_id=?, last_activity=max(last_activity, ?) WHERE id=?",
                (text, msg_id, date, thread["id"]),
            )
        return msg_id

    # --- agent: inboxes -------------------------------------------------------------------

    def _agent_channels(
        self, db: sqlite3.Connection, agent: sqlite3.Row
    ) -> tuple[list[sqlite3.Row], list[str]]:
        services = db.execute(
            "SELECT * FROM services WHERE team=? ORDER BY id", (agent["team"],)
        ).fetchall()
        kinds = {
            r["channel"]
            for r in db.execute(
                "SELECT DISTINCT c.channel FROM channels c JOIN services s ON s.id=c.service_id "
                "WHERE s.team=?",
                (agent["team"],),
            )
        }
        return services, [k for k in CHANNEL_TYPES if k in kinds]

    def counts(self, session: Session, agent_id: str) -> dict[str, int]:
        """``/sms/agent/interaction/counts/{agentId}``, derived from the thread rows.

        Read/unread count unresolved threads in the agent's personal inbox per channel type;
        "active" (undocumented by LiveVox) is our reading: personal threads awaiting the
        agent's reply (last message from the customer). "Sent" counts the agent's outbound
        messages; abandoned chats are always 0 (the simulator has no live chat).
        """
        self.housekeeping()
        with self._lock:
            self._agent(self._db, agent_id)
            out = {
                "countOfEmailInteractionsSent": 0,
                "countOfSMSInteractionsSent": 0,
                "countOfMessageInteractionsSent": 0,
                "countOfUnreadEmailThreadsInPersonalInbox": 0,
                "countOfReadEmailThreadsInPersonalInbox": 0,
                "countOfUnreadSMSThreadsInPersonalInbox": 0,
                "countOfUnreadMessageInteractionsinPersonalInbox": 0,
                "countOfReadSMSThreadsInPersonalInbox": 0,
                "countOfReadMessageInteractionsinPersonalInbox": 0,
                "countOfChatInteractionsAbandoned": 0,
                "countOfOBWebChatInteractionsSent": 0,
                "countOfIBWebChatInteractionReceived": 0,
                "countOfActiveEmailThreadsInPersonalInbox": 0,
                "countOfActiveSMSThreadsInPersonalInbox": 0,
                "countOfActiveMessageThreadsinPersonalInbox": 0,
                "countOfActiveWebChatThreadsInPersonalInbox": 0,
            }
            for row in self._db.execute(
                "SELECT channel, read, replied, count(*) AS n FROM threads WHERE owner=? AND "
                "resolved=0 GROUP BY channel, read, replied",
                (agent_id,),
            ):
                names = _COUNT_NAMES.get(row["channel"])
                if names is not None:
                    out[names[1 if row["read"] else 0]] += row["n"]
                    if not row["replied"]:
                        out[names[2]] += row["n"]
                elif row["channel"] == "Chat" and not row["replied"]:
                    out["countOfActiveWebChatThreadsInPersonalInbox"] += row["n"]
            for row in self._db.execute(
                "SELECT channel, count(*) AS n FROM messages WHERE agent_id=? AND direction=2 "
                "GROUP BY channel",
                (agent_id,),
            ):
                name = _SENT_NAMES.get(row["channel"])
                if name:
                    out[name] += row["n"]
            out["countOfIBWebChatInteractionReceived"] = self._db.execute(
                "SELECT count(*) FROM messages m JOIN threads t ON t.id=m.thread_id WHERE "
                "t.owner=? AND t.channel='Chat' AND m.direction=1",
                (agent_id,),
            ).fetchone()[0]
        return out

    def channels(self, session: Session) -> list[dict[str, Any]]:
        """``/sms/agent/channel``: one personal inbox per channel type, then the group inboxes."""
        self.housekeeping()
        with self._lock:
            agent = self._agent(self._db, session.user_id)
            services, kinds = self._agent_channels(self._db, agent)
            personal = {
                (r["channel"]): (r["total"], r["unread"])
                for r in self._db.execute(
                    "SELECT channel, count(*) AS total, sum(read=0) AS unread FROM threads "
                    "WHERE owner=? AND resolved=0 GROUP BY channel",
                    (agent["id"],),
                )
            }
            group = {
                (r["service_id"], r["channel"]): (r["total"], r["unread"])
                for r in self._db.execute(
                    "SELECT t.service_id, t.channel, count(*) AS total, sum(t.read=0) AS unread "
                    "FROM threads t JOIN services s ON s.id=t.service_id WHERE s.team=? AND "
                    "t.owner IS NULL AND t.resolved=0 GROUP BY t.service_id, t.channel",
                    (agent["team"],),
                )
            }
            service_kinds = {
                (r["service_id"], r["channel"])
                for r in self._db.execute("SELECT service_id, channel FROM channels")
            }
        out: list[dict[str, Any]] = []
        for kind in kinds:
            total, unread = personal.get(kind, (0, 0))
            out.append(
                {
                    "channel": kind,
                    "channelId": agent["id"],
                    "channelName": f"Personal {kind}",
                    "unreadCount": unread or 0,
                    "totalCount": total or 0,
                    "personal": True,
                }
            )
        for kind in kinds:
            for service in services:
                if (service["id"], kind) not in service_kinds:
                    continue
                total, unread = group.get((service["id"], kind), (0, 0))
                out.append(
                    {
                        "channel": kind,
                        "channelId": service["id"],
                        "channelName": _group_name(kind, service),
                        "unreadCount": unread or 0,
                        "totalCount": total or 0,
                        "personal": False,
                    }
                )
        return out

    def thread_page(
        self, session: Session, channel_id: str, channel: str, personal: bool | None, page: int
    ) -> list[dict[str, Any]]:
        """``/sms/agent/thread/details``: newest activity first, fixed page size."""
        self.housekeeping()
        channel = _channel_type(channel)
        channel_id = normalize_id(channel_id, "channelId")
        size = max(1, int(self.config.page_size))
        with self._lock:
            caller = self._agent(self._db, session.user_id)
            is_agent = self._db.execute(
                "SELECT team FROM agents WHERE id=? AND is_agent=1", (channel_id,)
            ).fetchone()
            service = self._db.execute(
                "SELECT * FROM services WHERE id=?", (channel_id,)
            ).fetchone()
            if personal is None:
                personal = is_agent is not None and service is None
            if personal:
                if is_agent is None:
                    raise ApiError(
                        404,
                        f"There is no personal inbox {channel_id}: with personal="
                        "true the channelId must be an agent id.",
                    )
                if channel_id != caller["id"]:
                    raise ApiError(403, "Agents can only list their own personal inbox.")
                where, args = "t.owner=? AND t.channel=?", [channel_id, channel]
            else:
                if service is None:
                    raise ApiError(
                        404,
                        f"There is no group inbox {channel_id}: with personal="
                        "false the channelId must be a service id.",
                    )
                if service["team"] != caller["team"]:
                    raise ApiError(403, f"Service {channel_id} is not one of your team's inboxes.")
                where, args = (
                    "t.service_id=? AND t.channel=? AND t.owner IS NULL",
                    [channel_id, channel],
                )
            rows = self._db.execute(
                "SELECT t.*, c.original_account, c.first_name, c.last_name, c.email, c.address1, "
                "c.city, c.state, c.zip, c.balance, c.due_date, c.opt_in, c.phone AS c_phone, "
                "s.name AS service_name, a.name AS owner_name "
                f"FROM threads t LEFT JOIN customers c ON c.account=t.account AND t.account != '' "
                "JOIN services s ON s.id=t.service_id LEFT JOIN agents a ON a.id=t.owner "
                f"WHERE {where} AND t.resolved=0 ORDER BY t.last_activity DESC, t.id DESC "
                "LIMIT ? OFFSET ?",
                [*args, size, (page - 1) * size],
            ).fetchall()
        return [_thread_json(r) for r in rows]

    def switch_public(self, session: Session, thread_id: Any) -> None:
        """Personal inbox → group inbox."""
        with self._tx() as db:
            thread = self._thread(db, thread_id)
            if thread["resolved"]:
                raise ApiError(409, f"Thread {thread['id']} is resolved.")
            if thread["owner"] is None:
                raise ApiError(409, f"Thread {thread['id']} is already in the group inbox.")
            if thread["owner"] != session.user_id:
                raise ApiError(403, f"Thread {thread['id']} is in another agent's personal inbox.")
            db.execute(
                "UPDATE threads SET owner=NULL, assigned_at=? WHERE id=?",
                (self.now_ms(), thread["id"]),
            )

    def switch_private(self, session: Session, thread_id: Any, agent_id: Any) -> None:
        """Group inbox → the given agent's personal inbox."""
        target_id = normalize_id(agent_id, "channelId")
        with self._tx() as db:
            thread = self._thread(db, thread_id)
            target = self._agent(db, target_id)
            if not target["is_agent"]:
                raise ApiError(400, f"{target['login']} is not an agent.")
            caller = self._agent(db, session.user_id)
            if target["team"] != caller["team"]:
                raise ApiError(409, f"Agent {target['login']} is not on your team.")
            if thread["resolved"]:
                raise ApiError(409, f"Thread {thread['id']} is resolved.")
            if thread["owner"] is not None:
                raise ApiError(
                    409,
                    f"Thread {thread['id']} is not in the group inbox: it is "
                    "already in a personal inbox.",
                )
            self._check_capacity(db, target)
            db.execute(
                "UPDATE threads SET owner=?, assigned_at=? WHERE id=?",
                (target["id"], self.now_ms(), thread["id"]),
            )

    def transfer(
        self, session: Session, thread_id: Any, kind: Any, agent_id: Any
    ) -> dict[str, str]:
        """Move a thread to another agent's personal inbox (same team only)."""
        target_id = normalize_id(agent_id, "agentId")
        kind_text = normalize_id(kind, "type")
        with self._tx() as db:
            thread = self._thread(db, thread_id)
            target = self._agent(db, target_id)
            if not target["is_agent"]:
                raise ApiError(400, f"{target['login']} is not an agent and cannot take a thread.")
            caller = self._agent(db, session.user_id)
            if target["team"] != caller["team"]:
                raise ApiError(
                    409,
                    f"Agent {target['login']} is not on your team; threads can "
                    "only be transferred within a team.",
                )
            if kind_text.lower() != thread["channel"].lower():
                raise ApiError(
                    400,
                    f"type {kind_text[:20]!r} does not match thread "
                    f"{thread['id']}, which is a {thread['channel']} thread.",
                )
            if thread["resolved"]:
                raise ApiError(409, f"Thread {thread['id']} is resolved and cannot be transferred.")
            if thread["owner"] == target["id"]:
                raise ApiError(
                    409, f"Thread {thread['id']} is already in {target['login']}'s personal inbox."
                )
            self._check_capacity(db, target)
            db.execute(
                "UPDATE threads SET owner=?, read=0, assigned_at=? WHERE id=?",
                (target["id"], self.now_ms(), thread["id"]),
            )
        return {"id": thread["id"]}

    def transfer_agents(self, session: Session, thread_id: Any) -> list[dict[str, Any]]:
        with self._lock:
            self._thread(self._db, thread_id)
            caller = self._agent(self._db, session.user_id)
            rows = self._db.execute(
                "SELECT * FROM agents WHERE team=? AND is_agent=1 AND id!=? ORDER BY login",
                (caller["team"], caller["id"]),
            ).fetchall()
        return [
            {
                "agentId": int(r["id"]) if r["id"].isdigit() else r["id"],
                "loginId": r["login"],
                "name": r["name"],
                "status": r["status"],
            }
            for r in rows
        ]

    def resolve(self, session: Session, body: Mapping[str, Any]) -> None:
        thread_id = normalize_id(body.get("threadId"), "threadId")
        clean_text(body.get("account"), "account", max_chars=64)
        clean_text(body.get("agentEnteredAccount"), "agentEnteredAccount", max_chars=64)
        term = body.get("termCodeId")
        amount = _amount(body.get("paymentAmt"))
        with self._tx() as db:
            thread = self._thread(db, thread_id)
            term_id: int | None = None
            if term not in (None, ""):
                text = normalize_id(term, "termCodeId")
                row = self.term_code(db, text)
                if row is None:
                    raise ApiError(400, f"termCodeId {text!r} is not a known term code.")
                if row["payment_required"] and amount is None:
                    raise ApiError(
                        400, f"Term code {row['description']!r} needs the payment amount."
                    )
                term_id = row["id"]
            if thread["resolved"]:
                raise ApiError(409, f"Thread {thread['id']} is already resolved.")
            db.execute(
                "UPDATE threads SET resolved=1, term_code=?, resolved_at=?, payment_amt=?"
                " WHERE id=?",
                (term_id, self.now_ms(), amount, thread["id"]),
            )

    # --- agent: messages ------------------------------------------------------------------

    def send_message(self, session: Session, body: Mapping[str, Any]) -> dict[str, str]:
        """``/sms/agent/message/send``: append an outbound message (Queued, then Delivered)."""
        from_number = normalize_id(body.get("fromNumber"), "fromNumber")
        to_raw = normalize_id(body.get("toNumber"), "toNumber")
        text = clean_text(body.get("message"), "message")
        account = clean_text(body.get("account"), "account", required=False, max_chars=64).strip()
        for key in ("templateId", "ticketId", "crmAccountId"):
            if body.get(key) not in (None, ""):
                normalize_id(body.get(key), key)
        thread_raw = body.get("threadId")
        now = self.now_ms()
        with self._tx() as db:
            agent = self._agent(db, session.user_id)
            if thread_raw not in (None, ""):
                thread = self._thread(db, thread_raw)
                if thread["resolved"]:
                    raise ApiError(
                        409,
                        f"Thread {thread['id']} is resolved; send without "
                        "threadId to start a new conversation.",
                    )
                # Non-SMS threads (Email, Chat...) address the customer as they wrote in.
                if to_raw != thread["phone"] and (
                    normalize_phone(to_raw, "toNumber") != thread["phone"]
                ):
                    raise ApiError(
                        400, f"toNumber does not match the customer of thread {thread['id']}."
                    )
            else:
                to_number = normalize_phone(to_raw, "toNumber")
                self._check_code(db, from_number, "fromNumber")
                thread = self._find_or_create_thread(
                    db,
                    "SMS",
                    to_number,
                    from_number,
                    agent["service_id"],
                    agent["id"],
                    account,
                    now,
                )
            msg_id = self._add_message(
                db, thread, 2, text, now, agent_id=agent["id"], via="POST /sms/agent/message/send"
            )
        return {"id": msg_id}

    def mark(self, session: Session, thread_id: Any, channel_id: Any, read: bool) -> None:
        cid = normalize_id(channel_id, "channelId")
        with self._tx() as db:
            thread = self._thread(db, thread_id)
            if cid not in (thread["service_id"], thread["owner"], session.user_id):
                raise ApiError(404, f"Thread {thread['id']} is not in channel {cid}.")
            db.execute("UPDATE threads SET read=? WHERE id=?", (1 if read else 0, thread["id"]))

    def messages_page(
        self, session: Session, account: str | None, thread_id: str | None, page: int
    ) -> list[dict[str, Any]]:
        """Transaction history, newest first; ``direction`` is a string like the seed's."""
        self.housekeeping(force=True)
        size = max(1, int(self.config.page_size))
        account = (account or "").strip() or None
        thread_id = (thread_id or "").strip() or None
        if account is None and thread_id is None:
            raise ApiError(400, "Transaction history needs account or threadId (or both).")
        with self._lock:
            if thread_id is not None:
                self._thread(self._db, thread_id)
                where, args = "thread_id=?", [thread_id]
                if account is not None:
                    where += " AND account=?"
                    args.append(account)
            else:
                where, args = "account=?", [account]
            rows = self._db.execute(
                f"SELECT * FROM messages WHERE {where} ORDER BY date DESC, id DESC "
                "LIMIT ? OFFSET ?",
                [*args, size, (page - 1) * size],
            ).fetchall()
        return [
            {
                "id": r["id"],
                "message": r["text"],
                "smsCode": r["sms_code"],
                "phone": r["phone"],
                "date": r["date"],
                "status": r["status"],
                "direction": str(r["direction"]),
                "threadId": r["thread_id"],
            }
            for r in rows
        ]

    # --- admin / simulation ---------------------------------------------------------------

    def inject_inbound(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """A customer writes in: to an existing thread, or a new one in a group inbox."""
        text = clean_text(body.get("message"), "message")
        now = self.now_ms()
        with self._tx() as db:
            if body.get("threadId") not in (None, ""):
                thread = self._thread(db, body.get("threadId"))
                if thread["resolved"]:
                    # A reply to a resolved conversation opens it again in the group inbox.
                    db.execute(
                        "UPDATE threads SET resolved=0, term_code=NULL, owner=NULL, "
                        "assigned_at=? WHERE id=?",
                        (now, thread["id"]),
                    )
                    thread = self._thread(db, thread["id"])
            else:
                phone = normalize_phone(body.get("phone"), "phone")
                channel = _channel_type(body.get("channel") or "SMS")
                service_id = body.get("serviceId")
                if service_id in (None, ""):
                    first = db.execute(
                        "SELECT c.service_id FROM channels c WHERE c.channel=? "
                        "ORDER BY c.service_id LIMIT 1",
                        (channel,),
                    ).fetchone()
                    if first is None:
                        raise ApiError(409, f"No service has a {channel} inbox.")
                    service_id = first["service_id"]
                service_id = normalize_id(service_id, "serviceId")
                if (
                    db.execute("SELECT 1 FROM services WHERE id=?", (service_id,)).fetchone()
                    is None
                ):
                    raise ApiError(404, f"Service {service_id} does not exist.")
                code = body.get("smsCode")
                if code in (None, ""):
                    row = db.execute(
                        "SELECT code FROM sms_codes WHERE service_id=? OR service_id "
                        "IS NULL ORDER BY code LIMIT 1",
                        (service_id,),
                    ).fetchone()
                    code = row["code"] if row else "00000"
                owner = body.get("agentId")
                owner = normalize_id(owner, "agentId") if owner not in (None, "") else None
                if owner is not None:
                    self._agent(db, owner)
                account = clean_text(body.get("account"), "account", required=False, max_chars=64)
                thread = self._find_or_create_thread(
                    db,
                    channel,
                    phone,
                    normalize_id(code, "smsCode"),
                    service_id,
                    owner,
                    account.strip(),
                    now,
                )
            msg_id = self._add_message(db, thread, 1, text, now)
        return {"threadId": thread["id"], "messageId": msg_id}

    def outbound_since(self, after_id: str | None) -> list[dict[str, Any]]:
        """Messages sent through the API after ``after_id`` (the traffic simulator replies)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, thread_id, text, phone FROM messages WHERE via IS NOT NULL AND "
                "direction=2 AND CAST(id AS INTEGER) > ? ORDER BY CAST(id AS INTEGER)",
                (int(after_id or 0),),
            ).fetchall()
        return [dict(r) for r in rows]

    def last_message_id(self) -> str:
        with self._lock:
            row = self._db.execute("SELECT max(CAST(id AS INTEGER)) FROM messages").fetchone()
        return str(row[0] or 0)

    def random_customer_phones(self) -> list[tuple[str, str]]:
        with self._lock:
            rows = self._db.execute(
                "SELECT account, phone FROM customers ORDER BY account"
            ).fetchall()
        return [(r["account"], r["phone"]) for r in rows]

    def thread_row(self, thread_id: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute("SELECT * FROM threads WHERE id=?", (thread_id,)).fetchone()
        return dict(row) if row else None

    def summary(self) -> dict[str, Any]:
        """``GET /_sim/state``: enough for a test to prove nothing was lost or stored twice."""
        self.housekeeping(force=True)
        with self._lock:
            db = self._db
            inboxes = [
                {
                    "channel": r["channel"],
                    "channelId": r["owner"] or r["service_id"],
                    "personal": r["owner"] is not None,
                    "total": r["total"],
                    "unread": r["unread"],
                }
                for r in db.execute(
                    "SELECT channel, owner, CASE WHEN owner IS NULL THEN service_id END AS "
                    "service_id, count(*) AS total, sum(read=0) AS unread FROM threads WHERE "
                    "resolved=0 GROUP BY channel, owner, 3 ORDER BY channel, owner, 3"
                )
            ]
            per_thread = {
                r["thread_id"]: r["n"]
                for r in db.execute(
                    "SELECT thread_id, count(*) AS n FROM messages GROUP BY thread_id"
                )
            }
            sent = [
                {
                    "id": r["id"],
                    "threadId": r["thread_id"],
                    "message": r["text"],
                    "agentId": r["agent_id"],
                    "via": r["via"],
                    "status": r["status"],
                    "date": r["date"],
                }
                for r in db.execute(
                    "SELECT * FROM messages WHERE via IS NOT NULL ORDER BY CAST(id AS INTEGER)"
                )
            ]
            totals = db.execute(
                "SELECT (SELECT count(*) FROM threads) AS threads, (SELECT count(*) FROM threads "
                "WHERE resolved=1) AS resolved, (SELECT count(*) FROM messages) AS messages, "
                "(SELECT count(*) FROM agents) AS agents, (SELECT count(*) FROM customers) AS "
                "customers"
            ).fetchone()
        sent_per_thread: dict[str, int] = {}
        for item in sent:
            sent_per_thread[item["threadId"]] = sent_per_thread.get(item["threadId"], 0) + 1
        return {
            "threads": totals["threads"],
            "resolvedThreads": totals["resolved"],
            "messages": totals["messages"],
            "agents": totals["agents"],
            "customers": totals["customers"],
            "sessions": self.session_count(),
            "inboxes": inboxes,
            "messagesPerThread": per_thread,
            "sent": sent,
            "sentPerThread": sent_per_thread,
            "config": self.config.as_json(),
        }

    def configure(self, changes: Mapping[str, Any]) -> dict[str, Any]:
        """``POST /_sim/config``; unknown keys and bad values are 400s."""
        names = {
            "sessionTtlSeconds": "session_ttl_seconds",
            "pageSize": "page_size",
            "maxUnresolvedPerAgent": "max_unresolved_per_agent",
            "idleReturnSeconds": "idle_return_seconds",
            "deliveryDelaySeconds": "delivery_delay_seconds",
        }
        unknown = sorted(set(changes) - set(names))
        if unknown:
            raise ApiError(400, f"Unknown config keys {unknown}; known: {sorted(names)}.")
        new = WorldConfig(**asdict(self.config))
        for key, value in changes.items():
            attr = names[key]
            nullable = attr in ("max_unresolved_per_agent", "idle_return_seconds")
            if value is None and nullable:
                setattr(new, attr, None)
                continue
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ApiError(
                    400, f"{key} must be a non-negative number{' or null' if nullable else ''}."
                )
            if attr in ("page_size", "max_unresolved_per_agent"):
                if int(value) != value or (attr == "page_size" and value < 1):
                    raise ApiError(
                        400,
                        f"{key} must be a whole number"
                        f"{' of at least 1' if attr == 'page_size' else ''}.",
                    )
                value = int(value)
            setattr(new, attr, value)
        self.config = new
        return new.as_json()


def _amount(value: Any) -> float | None:
    """``paymentAmt`` of a resolve: a positive amount (number or numeric text), or none."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        amount = float(str(value).strip())
    except ValueError:
        raise ApiError(400, f"paymentAmt {str(value)[:20]!r} is not an amount.") from None
    if not (0 < amount < 1e9):
        raise ApiError(400, "paymentAmt must be a positive amount.")
    return round(amount, 2)


def _channel_type(value: Any) -> str:
    text = str(value or "").strip()
    for kind in CHANNEL_TYPES:
        if kind.lower() == text.lower():
            return kind
    raise ApiError(
        400, f"channel {text[:20]!r} is not a channel type; use one of {', '.join(CHANNEL_TYPES)}."
    )


def _group_name(kind: str, service: sqlite3.Row) -> str:
    if kind == "Voicemail":
        return f"Service {service['id']} VM"
    if kind == "SMS":
        return f"Group - {service['name']}"
    return f"Group {kind} - {service['name']}"


def _thread_json(r: sqlite3.Row) -> dict[str, Any]:
    """One thread entry, shaped like the seed's example plus the documented table fields."""
    inbound = r["last_direction"] == 1
    personal = r["owner"] is not None
    contact: dict[str, Any] = {
        "account": r["account"],
        "originalAccountNumber": r["original_account"] or r["account"],
        "phoneDetails": {
            "number": r["phone"],
            "wireless": True,
            "dnc": not _bool(r["opt_in"]) if r["opt_in"] is not None else False,
            "position": 1,
        },
    }
    if r["first_name"] is not None:
        contact.update(
            {
                "firstName": r["first_name"],
                "lastName": r["last_name"],
                "emailAddress": r["email"],
                "address1": r["address1"],
                "city": r["city"],
                "state": r["state"],
                "zipCode": r["zip"],
                "country": "USA",
                "paymentBalance": r["balance"],
                "accountDueDate": r["due_date"],
                "isActive": True,
                "smsOptInStatus": _bool(r["opt_in"]),
                "doNotDial": False,
                "doNotDialDaily": False,
            }
        )
    return {
        "threadId": r["id"],
        "read": _bool(r["read"]),
        "replied": _bool(r["replied"]),
        "fileSize": 0,
        "channel": r["channel"],
        "channelType": r["channel"],
        "channelId": r["owner"] if personal else r["service_id"],
        "channelName": f"Personal {r['channel']}" if personal else f"Group - {r['service_name']}",
        "details": r["last_text"],
        "from": r["phone"] if inbound else r["sms_code"],
        "to": r["sms_code"] if inbound else r["phone"],
        "account": r["account"],
        "direction": r["last_direction"],
        "date": r["last_activity"],
        "interactionTimestamp": r["last_activity"],
        "status": "READ" if r["read"] else "UNREAD",
        "serviceId": int(r["service_id"]) if r["service_id"].isdigit() else r["service_id"],
        "txnId": r["last_msg_id"],
        "smsInbound": inbound,
        "contactInfo": contact,
    }

"""What a real LiveVox tenant does beyond the SMS document: the agent's services (access,
join, leave), term codes (Agent API by category, Configuration API paged) and password
changes. A mixin of :class:`~.state.World`, kept apart so the SMS world stays readable.

Sessions hold the joined service: an agent who has not joined one sees no SMS codes and
may not send ``POST /sms/`` (LiveVox: "the SMS is sent from the service they are logged
into"). Term codes may belong to one service or to all (``service_id`` NULL).
"""

from __future__ import annotations

import secrets
import sqlite3
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any, Protocol

from .errors import AUTHORIZATION_ERROR, ApiError

__all__ = ["TenantMixin"]

MIN_PASSWORD_CHARS = 8
NEW_PASSWORD_DAYS = 90
MAX_TERM_CODE_PAGE = 1000


class Session(Protocol):
    """What of a session (``state.Session``) the tenant's methods use."""

    user_id: str
    login: str
    service_id: str | None
    phone: str | None


def _number(value: str) -> int | str:
    """Ids go out as numbers where LiveVox's examples show numbers."""
    return int(value) if value.isdigit() and len(value) < 18 else value


class TenantMixin:
    """Services, term codes and passwords of one simulated tenant (see the module doc)."""

    # Provided by World / SqliteStore.
    _lock: threading.RLock
    _db: sqlite3.Connection
    _sessions: dict[str, Session]
    _tx: Callable[[], AbstractContextManager[sqlite3.Connection]]
    _drop_session: Callable[[str], bool]
    meta: Callable[[str, str], str]

    # --- the agent's services --------------------------------------------------------------

    def _access(self, db: sqlite3.Connection, agent_id: str) -> list[sqlite3.Row]:
        return db.execute(
            "SELECT s.id, s.name FROM agent_services a JOIN services s ON s.id = a.service_id"
            " WHERE a.agent_id = ? ORDER BY s.name",
            (agent_id,),
        ).fetchall()

    def service_access(self, session: Session) -> dict[str, Any]:
        """``GET /callControl/agent/service/access``."""
        with self._lock:
            agent = self._db.execute(
                "SELECT * FROM agents WHERE id=?", (session.user_id,)
            ).fetchone()
            rows = self._access(self._db, session.user_id)
        return {
            "homeAgent": False,
            "phoneNumber": agent["phone"] if agent else "",
            "services": [{"serviceId": _number(r["id"]), "serviceName": r["name"]} for r in rows],
            "sipId": f"sip:{session.login.lower()}@sim.invalid",
        }

    def join_service(self, session: Session, service_id: str, phone: str | None) -> None:
        """``POST /callControl/agent/service/join``: sends go out from this service."""
        with self._lock:
            self._check_service(self._db, session, service_id)
            session.service_id = service_id
            session.phone = phone or None

    def leave_service(self, session: Session) -> None:
        with self._lock:
            session.service_id = None
            session.phone = None

    def _check_service(self, db: sqlite3.Connection, session: Session, service_id: str) -> None:
        if db.execute("SELECT 1 FROM services WHERE id=?", (service_id,)).fetchone() is None:
            raise ApiError(404, f"Service {service_id} does not exist.")
        if service_id not in {r["id"] for r in self._access(db, session.user_id)}:
            raise ApiError(403, f"You have no access to service {service_id}.")

    def grant_service(self, agent_login: str, service_id: str) -> None:
        """Give an agent access to one more service (trainers and tests)."""
        with self._tx() as db:
            agent = db.execute("SELECT id FROM agents WHERE login=?", (agent_login,)).fetchone()
            if agent is None:
                raise ApiError(404, f"Agent {agent_login} does not exist.")
            db.execute(
                "INSERT OR IGNORE INTO agent_services VALUES (?,?)", (agent["id"], service_id)
            )

    # --- term codes -------------------------------------------------------------------------

    def _term_rows(self, db: sqlite3.Connection, service_id: str | None) -> list[sqlite3.Row]:
        if service_id is None:
            return db.execute("SELECT * FROM term_codes ORDER BY id").fetchall()
        return db.execute(
            "SELECT * FROM term_codes WHERE service_id IS NULL OR service_id=? ORDER BY id",
            (service_id,),
        ).fetchall()

    def term_names(self) -> dict[int, str]:
        """Every term code's name by id (a trainer's debrief names what was chosen)."""
        with self._lock:
            return {int(r["id"]): str(r["description"]) for r in self._term_rows(self._db, None)}

    def term_code_categories(self, session: Session, service_id: str) -> dict[str, Any]:
        """``GET /callControl/agent/termCode?serviceId=``: by category, in the order the
        database holds them (id), not by ``reportDisplayOrder``: ordering is the client's."""
        with self._lock:
            self._check_service(self._db, session, service_id)
            rows = self._term_rows(self._db, service_id)
        categories: dict[str, list[dict[str, Any]]] = {}
        for r in rows:
            categories.setdefault(r["category"] or "Other", []).append(
                {
                    "id": str(r["id"]),
                    "name": r["description"],
                    "lvResultId": r["lv_result_id"] or str(r["id"]),
                    "lvResult": r["lv_result"] or r["description"],
                    "reportDisplayOrder": r["display_order"]
                    if r["display_order"] is not None
                    else r["id"],
                    "previewDialEnabled": False,
                    "actionType": r["action_type"],
                    "paymentAmtRequired": bool(r["payment_required"]),
                }
            )
        return {
            "termCodeCategories": [
                {"name": name, "termCodes": codes} for name, codes in sorted(categories.items())
            ]
        }

    def term_code_page(
        self, client: str | None, service_id: str | None, offset: int, count: int
    ) -> dict[str, Any]:
        """``GET /configuration/termCodes``: ``{"termCode": [{"id", "name"}], "next"}``."""
        if client and client != self.meta("client_id", "1001"):
            raise ApiError(403, "authorization error", AUTHORIZATION_ERROR)
        count = max(1, min(count, MAX_TERM_CODE_PAGE))
        with self._lock:
            if service_id is not None and (
                self._db.execute("SELECT 1 FROM services WHERE id=?", (service_id,)).fetchone()
                is None
            ):
                raise ApiError(404, f"Service {service_id} does not exist.")
            rows = self._term_rows(self._db, service_id)
        page = rows[offset : offset + count]
        following = ""
        if offset + count < len(rows):
            query = f"count={count}&offset={offset + count}"
            if client:
                query += f"&client={client}"
            if service_id:
                query += f"&service={service_id}"
            following = f"/configuration/termCodes?{query}"
        return {
            "termCode": [{"id": r["id"], "name": r["description"]} for r in page],
            "next": following,
        }

    def term_code(self, db: sqlite3.Connection, term: str) -> sqlite3.Row | None:
        if not (term.isdigit() and len(term) < 18):
            return None
        row: sqlite3.Row | None = db.execute(
            "SELECT * FROM term_codes WHERE id=?", (int(term),)
        ).fetchone()
        return row

    # --- passwords --------------------------------------------------------------------------

    def change_password(self, agent_row: sqlite3.Row, password: str, new_password: str) -> None:
        """``POST /session/password`` after the caller checked the current password: every
        session of that user ends (LiveVox: a session ends when the password changes)."""
        if len(new_password) < MIN_PASSWORD_CHARS or secrets.compare_digest(
            new_password.encode(), password.encode()
        ):
            raise ApiError(
                400,
                f"The new password must have at least {MIN_PASSWORD_CHARS} characters and "
                "differ from the current one.",
            )
        with self._tx() as db:
            db.execute(
                "UPDATE agents SET password=?, password_days=? WHERE id=?",
                (new_password, NEW_PASSWORD_DAYS, agent_row["id"]),
            )
        with self._lock:
            for sid in [s for s, v in self._sessions.items() if v.user_id == agent_row["id"]]:
                self._drop_session(sid)

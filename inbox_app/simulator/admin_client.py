"""The trainer's tools talk to a running class through its ``/_sim/class`` admin API.

Why the standard library's urllib: the console and the report are small, synchronous
command-line tools, and httpx is kept to the protocol packages (an import-linter contract);
the simulator implements the wire, it does not use the app's clients.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import quote

__all__ = ["AdminError", "ClassAdmin"]


class AdminError(RuntimeError):
    """The class could not be reached, or refused; the message says which and why."""


class ClassAdmin:
    def __init__(self, base_url: str, *, timeout: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def view(self) -> dict[str, Any]:
        return self._call("GET", "/_sim/class")

    def events(self) -> dict[str, Any]:
        return self._call("GET", "/_sim/class/events")

    def say(self, run: str, message: str) -> dict[str, Any]:
        return self._call("POST", f"/_sim/class/customers/{quote(run)}/say", {"message": message})

    def opt_out(self, run: str) -> dict[str, Any]:
        return self._call("POST", f"/_sim/class/customers/{quote(run)}/opt-out")

    def quiet(self, run: str) -> dict[str, Any]:
        return self._call("POST", f"/_sim/class/customers/{quote(run)}/quiet")

    def restart(self) -> dict[str, Any]:
        return self._call("POST", "/_sim/class/restart")

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.base_url + path,
            data=data,
            method=method,
            headers={"Content-Type": "application/json"} if data else {},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            try:
                message = json.loads(exc.read()).get("message") or exc.reason
            except ValueError:
                message = exc.reason
            if exc.code == 404 and path in ("/_sim/class", "/_sim/class/events"):
                message = "this simulator is not running a scenario (start it with --scenario)"
            raise AdminError(f"{message}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise AdminError(f"cannot reach {self.base_url}: {reason}") from None

"""The demo's servers (the platform's simulator, and for IMIconnect and iLiveIt the relay it
pushes to) and what a desktop needs to sign in to them: :class:`DemoFacts`.

They run in one of two places. Tests start them in their own process
(:func:`start_servers`) and reach into the worlds. ``inbox-app --demo`` starts them in a
process of their own (:class:`DemoProcess`) before it imports Qt: the servers' imports
(FastAPI, uvicorn, the simulator, about 0.3 s) and their worlds are built on another core
while the window paints and the app's own modules load, and none of it counts in the app's
memory. Either way the desktop gets the same facts and signs in over loopback HTTP.

Only the light part of the standard library is imported at the top: the launcher imports
this module first, on the way to the kept first screen.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, NamedTuple, Protocol

# Platforms whose webhooks reach the desktop through the relay (their demo has one too).
RELAYED = ("imiconnect", "iliveit")
READY = "inbox-demo: ready "  # the child's one line on stdout, then the facts as JSON
START_TIMEOUT_S = 60.0


class DemoFacts(NamedTuple):
    """Where the demo's servers listen and who signs in; secrets are the demo's own.
    (A NamedTuple: a frozen dataclass costs ~3 ms to define, on the kept screen's path.)"""

    platform: str
    server: str  # the simulator's base URL
    user: str  # the agent login (LiveVox, relayed) or the app key (Live Link)
    password: str = ""  # LiveVox agent's password
    client_code: str = ""  # LiveVox
    access_token: str = ""  # LiveVox
    secret: str = ""  # Live Link's app secret, IMIconnect's service key, iLiveIt's token
    numbers: tuple[str, ...] = ()  # the numbers (or IMIconnect codes) we send from
    relay: str = ""  # the relay's base URL (IMIconnect, iLiveIt)
    agent_tokens: tuple[tuple[str, str], ...] = ()  # (relay agent, their token)
    company: str = ""

    def token_of(self, agent: str) -> str:
        """The relay token of ``agent`` (KeyError: no such agent in this demo)."""
        return dict(self.agent_tokens)[agent]

    def to_json(self) -> str:
        import json

        return json.dumps(self._asdict())

    @classmethod
    def from_json(cls, text: str) -> DemoFacts:
        import json

        data = json.loads(text)
        data["numbers"] = tuple(data.get("numbers", ()))
        data["agent_tokens"] = tuple(tuple(pair) for pair in data.get("agent_tokens", ()))
        return cls(**data)


class DemoServers(Protocol):
    def stop(self) -> None: ...


# --- the servers, in this process -------------------------------------------------------------


class RelayedServers:
    """A webhook-only platform's simulator and the relay it pushes to, the relay's database
    in a temporary folder: a fresh world each start, never the agent's work. Stopped
    together, the simulator first (no webhook left in flight)."""

    def __init__(self, platform: str) -> None:
        import tempfile

        from .relay import EmbeddedRelay

        self.platform = platform
        self.folder = tempfile.TemporaryDirectory(prefix=f"inbox-demo-{platform}-")
        self.relay = EmbeddedRelay(Path(self.folder.name) / "relay.sqlite3")
        self.simulator: Any = None
        self.agent = "agent1"  # the one the demo signs in; the others take transfers
        self.agents = ("agent1", "agent2", "agent3")
        self.tokens: dict[str, str] = {}

    @property
    def token(self) -> str:
        return self.tokens[self.agent]

    def start(self) -> None:
        try:
            self.relay.start()
            self.tokens = {name: self.relay.add_agent(name) for name in self.agents}
            prefix = self.relay.hook_prefix(self.platform)
            if self.platform == "imiconnect":
                from .simulator.imiconnect import IMIconnectSimulator

                self.simulator = IMIconnectSimulator(relay=prefix, dataset="demo")
                self.simulator.start()
            else:
                from .simulator.iliveit import ILiveItSimulator

                self.simulator = ILiveItSimulator(relay=prefix)
                self.simulator.start()
                self._iliveit_customers_answer()
            self._agent_took_some()
        except BaseException:
            self.stop()
            raise

    def _iliveit_customers_answer(self) -> None:
        """iLiveIt passes on replies to our messages only: the demo's customers answer a
        reminder sent before the start (their answers reach the relay as postbacks)."""
        from .simulator.traffic import OPENERS

        for n, text in enumerate(OPENERS[:5]):
            sent = self.simulator.world.send(
                {
                    "Action": 2,
                    "Data": {
                        "MSISDN": [f"2783000{142 + 7 * n:04d}"],
                        "Text": "Reminder: your account review is due this week.",
                    },
                    "PostbackReplyUrl": self.relay.webhook_urls["iliveit/reply"],
                    "PostbackStatusUrl": self.relay.webhook_urls["iliveit/status"],
                }
            )
            self.simulator.inject_reply(sent["MessageID"], text)

    def _agent_took_some(self) -> None:
        """Once the customers' first messages reached the relay, the demo agent has taken
        half of the conversations (their personal inbox); the rest wait in the group inbox."""
        from .relay.conversations import ConversationKey

        self.simulator.wait_webhooks(10.0, due_only=True)
        assert self.relay.store is not None
        mos = self.simulator.world.mos()
        pairs = [
            (m["oa"], m["da"]) if "oa" in m else (m["SourceMSISDN"], m["DestinationMSISDN"])
            for m in mos
        ]
        pairs = list(dict.fromkeys(pairs))  # (customer, our number), first come first
        for customer, ours in pairs[: len(pairs) // 2]:
            key = ConversationKey.of(self.platform, str(ours), str(customer))
            self.relay.store.act(key, "claim", self.agent)

    @property
    def facts(self) -> DemoFacts:
        creds = self.simulator.credentials
        if self.platform == "imiconnect":
            secret, numbers = creds.service_key, tuple(creds.codes)
        else:
            secret, numbers = creds.token, (creds.number,)
        return DemoFacts(
            self.platform,
            self.simulator.base_url,
            self.agent,
            secret=secret,
            numbers=numbers,
            relay=self.relay.base_url,
            agent_tokens=tuple(self.tokens.items()),
        )

    @property
    def running(self) -> bool:
        return self.simulator is not None and bool(self.simulator.running)

    def stop(self) -> None:
        """Both servers and the folder. Safe to call twice."""
        if self.simulator is not None:
            self.simulator.stop()
        self.relay.stop()
        self.folder.cleanup()


def start_servers(
    platform: str, relayed_kind: type[RelayedServers] = RelayedServers
) -> tuple[Any, DemoFacts]:
    """The platform's demo servers started here (blocking, a fraction of a second), and the
    facts to sign in with."""
    if platform in RELAYED:
        relayed = relayed_kind(platform)
        relayed.start()
        return relayed, relayed.facts
    if platform == "livelink":
        from .simulator.livelink import LiveLinkSimulator

        live_link = LiveLinkSimulator(dataset="demo").start()
        link = live_link.credentials
        facts = DemoFacts(
            platform, live_link.base_url, link.app_key, secret=link.secret, numbers=link.numbers
        )
        return live_link, facts
    if platform != "livevox":
        raise ValueError(f"no demo for {platform!r}")
    from .simulator.embedded import EmbeddedSimulator

    simulator = EmbeddedSimulator(dataset="demo").start()
    creds = simulator.credentials
    world = simulator.world
    facts = DemoFacts(
        platform,
        simulator.base_url,
        creds.agent_login,
        password=creds.password,
        client_code=creds.client_code,
        access_token=creds.access_token,
        company=world.meta("company", "") if world else "",
    )
    return simulator, facts


# --- the servers, in a process of their own ---------------------------------------------------


class DemoFailed(RuntimeError):
    """The demo's servers did not start; the message says what they printed."""


class DemoProcess:
    """The demo's servers in a child process: started with :meth:`spawn` (it returns at
    once), ready when :meth:`facts` returns. The child stops when its standard input closes,
    so it ends with the app however the app ends, even killed."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self._process = process
        self._facts: DemoFacts | None = None
        self._lock = threading.Lock()

    @classmethod
    def spawn(cls, platform: str, faults: str | None = None) -> DemoProcess:
        """``faults``: the simulator's fault spec (``latency=100``: a server 100 ms away)."""
        frozen = getattr(sys, "frozen", False)  # the bundled app is its own interpreter
        argv = [sys.executable] if frozen else [sys.executable, "-m", "inbox_app"]
        argv += ["--demo-servers", platform]
        if faults:
            argv += ["--demo-faults", faults]
        process = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            start_new_session=True,  # Ctrl+C in a terminal is the app's to handle, not ours
        )
        return cls(process)

    def facts(self, timeout: float = START_TIMEOUT_S) -> DemoFacts:
        """Blocks until the servers listen (call it from a worker thread)."""
        with self._lock:
            if self._facts is None:
                self._facts = self._read_facts(timeout)
            return self._facts

    def _read_facts(self, timeout: float) -> DemoFacts:
        assert self._process.stdout is not None
        timer = threading.Timer(timeout, self._process.kill)
        timer.start()
        try:
            for line in self._process.stdout:
                if line.startswith(READY):
                    return DemoFacts.from_json(line[len(READY) :])
        finally:
            timer.cancel()
        code = self._process.wait()
        raise DemoFailed(f"the demo's servers stopped before they were ready (exit status {code})")

    @property
    def running(self) -> bool:
        return self._process.poll() is None

    def stop(self, timeout: float = 5.0) -> None:
        """Close its input (it stops its servers and exits); kill it if it does not. Safe
        to call twice."""
        if self._process.stdin is not None and not self._process.stdin.closed:
            try:
                self._process.stdin.close()
            except OSError:
                pass
        try:
            self._process.wait(timeout)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        if self._process.stdout is not None:
            self._process.stdout.close()


def warm_up(base_url: str) -> None:
    """A server's first requests cost ~40 ms more than the next ones (the framework's first
    routing, dependencies, JSON): paid here, before the app asks, by two that change nothing
    (the admin state, and a path that does not exist)."""
    from http.client import HTTPConnection
    from urllib.parse import urlsplit

    parts = urlsplit(base_url)
    connection = HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=5)
    try:
        for path in ("/_sim/state", "/_sim/no-such-thing"):
            connection.request("GET", path)
            connection.getresponse().read()
    except OSError:
        pass  # a slow first answer is all it costs
    finally:
        connection.close()


def serve(platform: str, faults: str | None = None) -> int:
    """The child's life: start the servers, say where they are, serve until the app closes
    our standard input (or dies), stop them. ``faults`` apply to the simulator (not the
    relay), from the first request the app makes."""
    try:
        servers, facts = start_servers(platform)
    except Exception as exc:  # the app reports it: its window says the demo did not start
        print(f"inbox-demo: the demo's servers did not start: {exc}", file=sys.stderr)
        return 1
    try:
        for url in {facts.server, facts.relay} - {""}:
            warm_up(url)
        if faults:
            simulator = getattr(servers, "simulator", servers)
            try:
                simulator.set_faults(faults)
            except ValueError as exc:  # FaultSpecError: the spec quoted, what was wrong
                print(f"inbox-demo: --demo-faults: {exc}", file=sys.stderr)
                return 2
        print(READY + facts.to_json(), flush=True)
        sys.stdin.read()  # until EOF: the app closed it, or is gone
    finally:
        servers.stop()
    return 0

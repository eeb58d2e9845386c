"""The start-up wiring, in named pieces: where to sign in, the demo server, the agent's
session (store, outbox, drafts, workspace, sync), and what connects the window to them.

This module and :mod:`inbox_app.app` are the only ones that know every layer: they pick the
platform, build its adapter, start the embedded simulator for ``--demo``, and hand core to
the UI. Each piece is small and is what the tests start the app with.
"""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from .core import screen_cache
from .core.compliance import Guard
from .core.credentials import CredentialStore
from .core.drafts import Drafts
from .core.outbox import Outbox
from .core.platform import Platform
from .core.platforms import livevox as livevox_platform
from .core.signout import sign_out_and_clear
from .core.store import LocalStore
from .core.sync import SyncEngine
from .core.tasks import TaskRunner
from .core.workspace import Workspace
from .demo import RELAYED, DemoFacts, DemoProcess, RelayedServers, start_servers

translate = QCoreApplication.translate  # a name lupdate reads: translate("context", "text")

# Signs in; given the profile's data folder (platforms without threads keep theirs there).
Connect = Callable[[Path], Awaitable[Platform]]
# RELAYED: platforms whose webhooks reach the desktop through the relay (an agent token
# signs in); one list with the demo's servers.
PLATFORMS = ("livevox", "livelink", *RELAYED)  # what --platform accepts (the dialog knows each)
# What --demo accepts: IMIconnect and iLiveIt with the embedded relay beside their simulator.
DEMO_PLATFORMS = PLATFORMS


@dataclass(frozen=True, slots=True)
class Target:
    """Where to sign in, and how (when it is known without asking: the demo)."""

    base_url: str
    platform: str = "livevox"
    label: str = ""
    company: str = ""
    # Who signed in, for the keyring entry that "sign out and clear" removes.
    client_code: str = ""
    user_name: str = ""
    # The agent chose "remember me" (or it is the demo): the first screen may be kept.
    remembered: bool = False
    connect: Connect | None = field(default=None, compare=False)


# --- signing in -------------------------------------------------------------------------------


async def start_demo(
    platform: str = "livevox", process: DemoProcess | None = None
) -> tuple[Any, Target]:
    """The platform's demo servers, and how to sign in to them: ``process``'s (started by the
    launcher before Qt, :mod:`inbox_app.demo`), else started here on free loopback ports."""
    if process is None:
        servers, facts = await asyncio.to_thread(start_servers, platform, RelayedDemo)
        threads = Path(servers.folder.name) if platform in RELAYED else None
    else:
        facts = await asyncio.to_thread(process.facts)
        servers = ChildDemo(process, platform in RELAYED)
        threads = servers.threads
    return servers, demo_target(facts, threads)


def demo_target(facts: DemoFacts, threads: Path | None = None) -> Target:
    """How to sign in to the demo ``facts`` describe; a relayed platform's threads go in
    ``threads`` (not the profile's: they follow this demo relay's cursor)."""
    label = translate("app", "Demo server {0} · {1}").format(facts.server, facts.user)
    if facts.platform in RELAYED:
        assert threads is not None

        def connect_relayed(_: Path) -> Awaitable[Platform]:
            return sign_in_relayed_demo(facts, facts.user, threads)

        return Target(
            facts.relay,
            platform=facts.platform,
            label=label,
            user_name=facts.user,
            remembered=True,
            connect=connect_relayed,
        )
    if facts.platform == "livelink":

        async def connect_live_link(folder: Path) -> Platform:
            return await _sign_in_livelink(
                facts.server, facts.user, facts.secret, facts.numbers, folder
            )

        return Target(
            facts.server,
            platform="livelink",
            label=label,
            user_name=facts.user,
            remembered=True,
            connect=connect_live_link,
        )

    def connect(_: Path) -> Awaitable[Platform]:
        return livevox_platform.sign_in(
            facts.server, facts.client_code, facts.user, facts.password, facts.access_token
        )

    return Target(
        facts.server,
        label=label,
        company=facts.company,
        client_code=facts.client_code,
        user_name=facts.user,
        remembered=True,  # fictional customers: the next start may show them at once
        connect=connect,
    )


def sign_in_relayed_demo(facts: DemoFacts, agent: str, folder: Path) -> Awaitable[Platform]:
    """``agent`` signed in on a relayed demo, their threads in ``folder``."""
    token = facts.token_of(agent)
    if facts.platform == "imiconnect":
        return sign_in_imiconnect(
            facts.relay, token, facts.server, facts.secret, facts.numbers, folder
        )
    return sign_in_iliveit(facts.relay, token, facts.server, facts.secret, facts.numbers, folder)


class RelayedDemo(RelayedServers):
    """The relayed demo started in this process; a test or a classroom opens a second
    desktop on it with :meth:`sign_in`."""

    async def sign_in(self, agent: str, folder: Path) -> Platform:
        return await sign_in_relayed_demo(self.facts, agent, folder)


class ChildDemo:
    """The demo's servers in their process, and (relayed platforms) a scratch folder for
    this desktop's threads; :func:`shut_down` stops both."""

    def __init__(self, process: DemoProcess, relayed: bool) -> None:
        self.process = process
        self._scratch = tempfile.TemporaryDirectory(prefix="inbox-demo-") if relayed else None
        self.threads = Path(self._scratch.name) if self._scratch else None

    @property
    def running(self) -> bool:
        return self.process.running

    def stop(self) -> None:
        self.process.stop()
        if self._scratch is not None:
            self._scratch.cleanup()


async def _sign_in_livelink(
    server: str, app_key: str, secret: str, numbers: Sequence[str], folder: Path
) -> Platform:
    """Live Link with the profile's local threads (its own file: they are its only copy)."""
    from .core.local_threads import LocalThreads
    from .core.platforms import livelink as livelink_platform

    threads = await LocalThreads.open(folder / "threads.sqlite3")
    try:
        return await livelink_platform.sign_in(
            server, app_key, secret, numbers=numbers, threads=threads
        )
    except BaseException:
        await threads.close()
        raise


async def sign_in_imiconnect(
    relay_url: str,
    agent_token: str,
    server: str,
    service_key: str,
    numbers: Sequence[str],
    folder: Path,
) -> Platform:
    """IMIconnect, its webhooks read from the relay (``relay_url``, the agent's token), with
    the profile's local threads (their own file: they are the desktop's only copy)."""
    from .core.local_threads import LocalThreads
    from .core.platforms import imiconnect as imiconnect_platform

    threads = await LocalThreads.open(folder / "threads.sqlite3")
    try:
        return await imiconnect_platform.sign_in(
            relay_url, agent_token, server, service_key, numbers=numbers, threads=threads
        )
    except BaseException:
        await threads.close()
        raise


async def sign_in_iliveit(
    relay_url: str,
    agent_token: str,
    server: str,
    token: str,
    numbers: Sequence[str],
    folder: Path,
) -> Platform:
    """iLiveIt, its postbacks read from the relay; every send asks iLiveIt to post replies
    and status to the relay's iLiveIt webhooks (the relay names them at sign-in)."""
    from .core.local_threads import LocalThreads
    from .core.platforms import iliveit as iliveit_platform

    threads = await LocalThreads.open(folder / "threads.sqlite3")
    try:
        return await iliveit_platform.sign_in(
            relay_url,
            agent_token,
            server,
            token,
            numbers=numbers,
            threads=threads,
        )
    except BaseException:
        await threads.close()
        raise


def _numbers(text: str) -> list[str]:
    """Sender numbers as the agent typed them: separated by commas, semicolons or spaces."""
    return [n for n in text.replace(";", ",").replace(" ", ",").split(",") if n.strip()]


async def ask_to_sign_in(
    target: Target, *, profile: str, folder: Path
) -> tuple[Platform | None, Target]:
    """The sign-in dialog for a real account on ``target.platform``."""
    from .ui.login import ask_for_login

    if target.platform in RELAYED:
        return await _ask_to_sign_in_relayed(target, profile=profile, folder=folder)
    if target.platform == "livelink":
        from .livelink import BASE_URL

        def connect_livelink(
            server: str, numbers: str, app_key: str, secret: str, _token: str
        ) -> Awaitable[Platform]:
            return _sign_in_livelink(server, app_key, secret, _numbers(numbers), folder)

        platform, signed_in = await ask_for_login(
            target.base_url,
            profile=profile,
            connect=connect_livelink,
            environments={"live": BASE_URL},
            kind="livelink",
        )
    else:
        from .livevox.env import ENVIRONMENTS

        platform, signed_in = await ask_for_login(
            target.base_url,
            profile=profile,
            connect=livevox_platform.sign_in,
            environments=ENVIRONMENTS,
            change_password=livevox_platform.change_password,
        )
    if platform is None or signed_in is None:
        return None, target
    return platform, replace(
        target,
        base_url=signed_in.server,
        client_code=signed_in.client_code,
        user_name=signed_in.user_name,
        label=f"{signed_in.server} · {signed_in.user_name}",
        remembered=signed_in.remembered,
    )


async def _ask_to_sign_in_relayed(
    target: Target, *, profile: str, folder: Path
) -> tuple[Platform | None, Target]:
    """IMIconnect or iLiveIt: the relay's address and the agent's token, the platform's
    server and secret, our numbers. The dialog's fields map onto the keyring's and the
    settings' (server, client code, user): the platform's server, the sender numbers, the
    relay's address; its secrets are the platform's (password) and the agent token (token)."""
    from .ui.login import ask_for_login

    sign_in = sign_in_imiconnect if target.platform == "imiconnect" else sign_in_iliveit

    def connect(
        server: str, numbers: str, relay_url: str, secret: str, agent_token: str
    ) -> Awaitable[Platform]:
        return sign_in(relay_url, agent_token, server, secret, _numbers(numbers), folder)

    platform, signed_in = await ask_for_login(
        target.base_url,
        profile=profile,
        connect=connect,
        environments=_environments(target.platform),
        kind=target.platform,
    )
    if platform is None or signed_in is None:
        return None, target
    return platform, replace(
        target,
        base_url=signed_in.server,
        client_code=signed_in.client_code,
        user_name=signed_in.user_name,  # the relay's address (the keyring's key part)
        label=f"{signed_in.server} · {platform.agent_id}",
        remembered=signed_in.remembered,
    )


def _environments(platform: str) -> dict[str, str]:
    """The platform's public API hosts, for the dialog's list. iLiveIt publishes none: each
    environment's endpoint comes from its developer portal."""
    if platform == "imiconnect":
        from .imiconnect import BASE_URLS

        return {url.rsplit(".", 1)[-1]: url for url in BASE_URLS}  # com, io, in
    return {}


def default_server(platform: str, environment: str | None) -> str:
    """The platform's public address (LiveVox: the environment's, NA4 when none is named;
    iLiveIt: none, the agent types their environment's endpoint)."""
    if platform == "livelink":
        from .livelink import BASE_URL

        return BASE_URL
    if platform == "imiconnect":
        from .imiconnect import BASE_URL as IMICONNECT

        return IMICONNECT
    if platform == "iliveit":
        return ""
    from .livevox.env import base_url_for

    return base_url_for(environment or "na4")


# --- the agent's session ----------------------------------------------------------------------


@dataclass(eq=False)
class Session:
    """What a signed-in agent works with: the platform and everything core keeps for it."""

    platform: Platform
    store: LocalStore
    drafts: Drafts
    workspace: Workspace
    sync: SyncEngine

    @classmethod
    async def open(cls, platform: Platform, folder: Path, *, guard: Guard | None = None) -> Session:
        """Drafts and the outbox from the profile's folder (what an earlier run left).
        ``guard``: the compliance rules every send is checked against (the app gives one)."""
        store = await LocalStore.open(folder / "local.sqlite3")
        outbox = Outbox(platform, store)
        await outbox.load()
        drafts = Drafts(store)
        await drafts.load()
        workspace = Workspace(platform, outbox, guard=guard)
        await workspace.consent.load()
        return cls(platform, store, drafts, workspace, SyncEngine(workspace))


async def _wait(awaitable: Awaitable[Any], seconds: float) -> None:
    with contextlib.suppress(Exception):
        await asyncio.wait_for(awaitable, seconds)


async def shut_down(
    *,
    runner: TaskRunner,
    workspace: Workspace | None = None,
    platform: Platform | None = None,
    drafts: Drafts | None,
    store: LocalStore | None,
    logout: bool,
    simulator: Any = None,
) -> None:
    """The one shutdown order: no task left running, drafts written, store closed, session
    ended (if asked), HTTP pool closed, embedded server stopped — all before the loop ends."""
    await runner.shutdown()
    if workspace is not None:
        await workspace.settle()
    if drafts is not None:
        await drafts.flush()
    if store is not None:
        await store.close()
    if platform is not None:
        if logout:
            await _wait(platform.sign_out(), 2.0)
        await platform.close()
    if simulator is not None:
        await asyncio.to_thread(simulator.stop)


# --- the window and the session ---------------------------------------------------------------


def prompt_when_session_lost(window: Any, runner: TaskRunner, target: Target) -> None:
    """When signing in again is refused (a changed password), ask for the password over the
    intact window; drafts, outbox and selection stay as they are."""
    from .ui.login import sign_in_again

    async def prompt() -> None:
        if await sign_in_again(
            window,
            window.workspace.sign_in_again,
            server=target.base_url,
            client_code=target.client_code,
            user_name=target.user_name,
        ):
            if window.sync is not None:
                window.sync.poke()

    window.sig_session_lost.connect(
        lambda: runner.latest("sign in again", prompt(), name="sign in again")
    )


def sign_out_on_request(
    window: Any,
    runner: TaskRunner,
    session: Session,
    target: Target,
    *,
    credentials: CredentialStore | None,
    kept_screen: Path,
    done: Callable[[], None],
) -> None:
    """ "Sign out and clear local data": end the session, forget everything, then ``done``."""

    async def forget_secrets() -> None:
        assert credentials is not None
        await credentials.forget(target.base_url, target.client_code, target.user_name)

    window.sig_sign_out.connect(
        lambda: runner.start(
            sign_out_and_clear(
                workspace=session.workspace,
                drafts=session.drafts,
                forget_secrets=forget_secrets if credentials is not None else None,
                kept_screen=kept_screen,
            ),
            name="sign out",
            on_result=lambda _: done(),
        )
    )


@dataclass(eq=False)
class KeptScreen:
    """The first screen kept for the next start (see :mod:`inbox_app.core.screen_cache`):
    only for the demo and an agent who chose "remember me", never after signing out."""

    path: Path
    place: str
    language: str
    allowed: bool
    frozen: bool = False  # keeps and removes nothing more (signed out; a screenshot run)

    def keep(self, window: Any) -> None:
        if self.frozen or not window.loaded:
            return  # (never loaded: the agent quit early; the last good one stays)
        if self.allowed:
            from .ui.kept_screen import kept_screen

            screen_cache.save(self.path, kept_screen(window, self.place, self.language))
        else:
            screen_cache.forget(self.path)

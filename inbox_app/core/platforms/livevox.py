"""LiveVox through the platform interface: it has everything natively (threads, inboxes,
read state, transfer, resolve), so the adapter only renames calls and turns LiveVox's typed
errors into reasons."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

from ...livevox import LiveVoxClient, errors
from ..inbox import InboxRef
from ..models import (
    Channel,
    ChannelCounts,
    ChannelKind,
    Direction,
    Message,
    SmsCode,
    Template,
    TermCode,
    Thread,
    TransferAgent,
)
from ..outcomes import PlatformError, Reason
from ..platform import Capability
from ..store import OutboxItem
from . import errors as translate

__all__ = ["LiveVoxPlatform", "problem"]

NAME = "LiveVox"
CLOCK_SKEW_S = 600.0  # server and desktop clocks may disagree by minutes
RECONCILE_PAGES = 5

_REASONS: tuple[tuple[type[errors.LiveVoxError], Reason], ...] = (
    (errors.LoginFailed, Reason.SIGN_IN_REFUSED),  # before SessionExpired: it is one
    (errors.SessionExpired, Reason.SESSION_EXPIRED),
    (errors.BadRequest, Reason.BAD_REQUEST),
    (errors.Forbidden, Reason.FORBIDDEN),
    (errors.NotFound, Reason.NOT_FOUND),
    (errors.Conflict, Reason.CONFLICT),
    (errors.RateLimited, Reason.RATE_LIMITED),
    (errors.ServerError, Reason.SERVER_TROUBLE),
    (errors.ProtocolError, Reason.UNREADABLE_ANSWER),
    (errors.NotLoggedIn, Reason.NOT_SIGNED_IN),
)


_UNKNOWN = (errors.ServerError, errors.ProtocolError)  # the platform may have acted


def problem(exc: errors.LiveVoxError) -> PlatformError:
    """LiveVox's typed error as a reason (its own words kept as detail)."""
    return translate.problem(
        exc, platform=NAME, reasons=_REASONS, transport=errors.TransportError, unknown=_UNKNOWN
    )


def _translated() -> contextlib.AbstractContextManager[None]:
    return translate.translated(
        errors.LiveVoxError,
        platform=NAME,
        reasons=_REASONS,
        transport=errors.TransportError,
        unknown=_UNKNOWN,
    )


class LiveVoxPlatform:
    """A signed-in LiveVox agent. ``term_codes``: LiveVox's SMS API has no way to list them,
    so the start-up wiring passes the tenant's (the demo's come from its server)."""

    name = NAME
    capabilities = frozenset(
        {
            Capability.SERVER_THREADS,
            Capability.GROUP_INBOX,
            Capability.TRANSFER,
            Capability.RESOLVE,
            Capability.TERM_CODES,
            Capability.SERVER_READ_STATE,
            Capability.TEMPLATES,
            Capability.AGENT_COUNTS,
            Capability.INBOUND_PULL,
            Capability.DELIVERY_STATUS,
            Capability.CHECK_BEFORE_RESEND,
        }
    )

    def __init__(
        self,
        client: LiveVoxClient,
        *,
        client_code: str = "",
        user_name: str = "",
        term_codes: Sequence[TermCode] = (),
    ) -> None:
        self.client = client
        self.client_code = client_code
        self.user_name = user_name
        self._term_codes = tuple(term_codes)
        self._agent_id: str | None = client.agent_id

    @property
    def base_url(self) -> str:
        return self.client.base_url

    @property
    def agent_id(self) -> str | None:
        """The signed-in agent; remembered, because it outlives any one session."""
        if self.client.agent_id is not None:
            self._agent_id = self.client.agent_id
        return self._agent_id

    def _agent(self) -> str:
        agent = self.agent_id
        if agent is None:
            raise PlatformError(Reason.NOT_SIGNED_IN, platform=NAME)
        return agent

    async def sign_in(self, password: str) -> None:
        with _translated():
            await self.client.login(self.client_code, self.user_name, password, agent=True)

    sign_in_again = sign_in

    async def sign_out(self) -> None:
        with _translated():
            await self.client.logout()

    async def close(self) -> None:
        await self.client.aclose()

    # --- reading ----------------------------------------------------------------------------

    backlog = False

    async def pull(self) -> bool:
        return False  # the threads are LiveVox's: read directly

    async def inboxes(self) -> list[Channel]:
        with _translated():
            return await self.client.list_channels()

    async def counts(self) -> ChannelCounts | None:
        agent = self._agent()
        with _translated():
            return await self.client.channel_counts(agent)

    async def threads(self, ref: InboxRef, page: int) -> list[Thread]:
        with _translated():
            return await self.client.list_threads(
                ref.channel_id, ref.channel, personal=ref.personal, page=page
            )

    async def history(self, thread_id: str, page: int) -> list[Message]:
        with _translated():
            return await self.client.list_messages(thread_id=thread_id, page=page)

    async def agents(self, thread: Thread) -> list[TransferAgent]:
        with _translated():
            return await self.client.list_transfer_agents(_thread_id(thread))

    async def templates(self) -> list[Template]:
        with _translated():
            return await self.client.list_templates()

    async def sender_numbers(self) -> list[SmsCode]:
        with _translated():
            return await self.client.list_sms_codes()

    async def term_codes(self) -> Sequence[TermCode]:
        return self._term_codes

    # --- thread actions ---------------------------------------------------------------------

    async def set_read(self, ref: InboxRef, thread: Thread, read: bool) -> None:
        thread_id = _thread_id(thread)
        channel_id = ref.channel_id if ref.personal else (thread.service_id or ref.channel_id)
        with _translated():
            if read:
                await self.client.mark_read(thread_id, channel_id)
            else:
                await self.client.mark_unread(thread_id, channel_id)

    async def to_group(self, thread: Thread) -> None:
        with _translated():
            await self.client.move_to_group(_thread_id(thread))

    async def take(self, thread: Thread) -> None:
        agent = self._agent()
        with _translated():
            await self.client.move_to_personal(_thread_id(thread), agent)

    async def transfer(self, ref: InboxRef, thread: Thread, agent: TransferAgent) -> None:
        kind = thread.kind if thread.kind is not ChannelKind.OTHER else ref.channel
        with _translated():
            await self.client.transfer_thread(_thread_id(thread), kind, agent.agent_id)

    async def resolve(self, thread: Thread, account: str, term_code_id: str | None) -> None:
        with _translated():
            await self.client.resolve_thread(
                _thread_id(thread),
                thread.account or account,
                agent_entered_account=account,
                term_code_id=term_code_id,
            )

    # --- sending ----------------------------------------------------------------------------

    async def send(self, item: OutboxItem) -> str:
        with _translated():
            if item.thread_id is not None:
                return await self.client.send_message(
                    item.from_number,
                    item.to_number,
                    item.text,
                    template_id=item.template_id,
                    account=item.account,
                    thread_id=item.thread_id,
                )
            if item.template_id is not None:
                return await self.client.send_sms(
                    item.from_number,
                    item.to_number,
                    template_id=item.template_id,
                    account=item.account,
                )
            return await self.client.send_sms(
                item.from_number, item.to_number, message=item.text, account=item.account
            )

    async def find_sent(self, item: OutboxItem, claimed: set[str]) -> str | None:
        """Search the thread's history (or the account's, for a new SMS): outbound, same
        text, dated no earlier than the item's creation minus a clock-skew margin, and not
        already claimed by another item."""
        earliest = item.created_at - CLOCK_SKEW_S
        if item.thread_id is not None:
            pages = self.client.iter_messages(thread_id=item.thread_id, max_pages=RECONCILE_PAGES)
        elif item.account:
            pages = self.client.iter_messages(account=item.account, max_pages=RECONCILE_PAGES)
        else:
            # A new SMS with no thread and no account cannot be looked up: never guess.
            raise PlatformError(Reason.MAY_HAVE_BEEN_SENT, platform=NAME)
        with _translated():
            async for page in pages:
                for message in page:
                    if _matches(message, item, claimed, earliest):
                        return message.id
                oldest = min((m.date.timestamp() for m in page if m.date), default=None)
                if oldest is not None and oldest < earliest:
                    break
        return None


def _matches(message: Message, item: OutboxItem, claimed: set[str], earliest: float) -> bool:
    if message.direction is Direction.INBOUND or message.id in claimed:
        return False
    if _last10(message.phone) != _last10(item.to_number):
        return False
    if message.date is not None and message.date.timestamp() < earliest:
        return False
    if item.template_id is not None and item.thread_id is None:
        return True  # a template send's text is the server's rendering: the date decides
    return message.message.strip() == item.text.strip()


def _last10(number: str) -> str:
    """Compare numbers by their last ten digits: ``+1 555…`` and ``555…`` are one customer."""
    return "".join(ch for ch in number if ch.isdigit())[-10:]


def _thread_id(thread: Thread) -> str:
    if not thread.thread_id:
        raise PlatformError(Reason.NO_THREAD_ID, platform=NAME)
    return thread.thread_id


async def sign_in(
    server: str,
    client_code: str,
    user_name: str,
    password: str,
    access_token: str,
    *,
    term_codes: Sequence[TermCode] = (),
) -> LiveVoxPlatform:
    """A LiveVox agent signed in (the sign-in dialog and the demo both come this way)."""
    try:
        client = LiveVoxClient(server, access_token)
    except ValueError as exc:  # not a server address, or no access token
        raise PlatformError(Reason.BAD_INPUT, platform=NAME, server_words=str(exc)) from None
    platform = LiveVoxPlatform(
        client, client_code=client_code, user_name=user_name, term_codes=term_codes
    )
    try:
        await platform.sign_in(password)
    except PlatformError:
        await client.aclose()
        raise
    return platform

"""LiveVox through the platform interface: it has everything natively (threads, inboxes,
read state, transfer, resolve), so the adapter only renames calls and turns LiveVox's typed
errors into reasons."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator, Sequence

from ...livevox import LiveVoxClient, errors, models
from ..inbox import InboxRef
from ..models import (
    Channel,
    ChannelCounts,
    ChannelKind,
    Direction,
    Message,
    Service,
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

__all__ = ["LiveVoxPlatform", "change_password", "problem"]

log = logging.getLogger("inbox_app.core.livevox")

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
    """A signed-in LiveVox agent, inside one of their services.

    After sign-in the agent's services are asked for (``service_access``): with one it is
    joined; with several, ``preferred_service`` (the agent's earlier choice) when it is one
    of them, otherwise the agent picks (:meth:`join_service`). Term codes are the joined
    service's, kept per service.
    """

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
            Capability.SERVICES,
            Capability.PASSWORDS,
        }
    )

    def __init__(
        self,
        client: LiveVoxClient,
        *,
        client_code: str = "",
        user_name: str = "",
        preferred_service: str | None = None,
    ) -> None:
        self.client = client
        self.client_code = client_code
        self.user_name = user_name
        self.preferred_service = preferred_service
        self.services: tuple[Service, ...] | None = None
        self.service_id: str | None = None
        self._phone: str | None = None
        self._term_codes: dict[str, tuple[TermCode, ...]] = {}
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
        with _translated(), _expired_password():
            await self.client.login(self.client_code, self.user_name, password, agent=True)
        await self.enter_service()

    sign_in_again = sign_in

    async def sign_out(self) -> None:
        """Leave the service, then end the session (leaving may fail: signing out may not)."""
        if self.service_id is not None:
            self.service_id = None
            try:
                await self.client.leave_service()
            except errors.LiveVoxError as exc:
                log.info("leaving the service failed: %s", type(exc).__name__)
        with _translated():
            await self.client.logout()

    # --- the agent's service ----------------------------------------------------------------

    async def enter_service(self) -> None:
        """Learn the agent's services and join one when the choice is clear. A tenant that
        refuses the question leaves ``services`` unknown (None): sends are tried as before."""
        try:
            access = await self.client.service_access()
        except (errors.Forbidden, errors.NotFound, errors.BadRequest) as exc:
            log.info("service access refused (%s): services unknown", exc.status)
            self.services = None
            return
        except errors.LiveVoxError as exc:
            raise problem(exc) from None
        self.services = tuple(
            Service(s.service_id, s.service_name or s.service_id) for s in access.services
        )
        self._phone = access.phone_number
        ids = [s.id for s in self.services]
        wanted = self.service_id or self.preferred_service
        if wanted in ids:
            await self.join_service(str(wanted))
        elif len(ids) == 1:
            await self.join_service(ids[0])

    async def join_service(self, service_id: str) -> None:
        with _translated():
            await self.client.join_service(service_id, self._phone)
        self.service_id = service_id

    # --- the password -----------------------------------------------------------------------

    @property
    def days_until_password_expires(self) -> int | None:
        session = self.client.session
        return session.days_until_password_expires if session else None

    async def change_password(self, password: str, new_password: str) -> None:
        client_code, user_name = self.client.signed_in_as or (self.client_code, self.user_name)
        with _translated():
            await self.client.change_password(
                client_code, user_name, password, new_password, agent=True
            )

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
        """The joined service's term codes, asked for once per service."""
        service = self.service_id
        if service is None:
            return ()
        if service not in self._term_codes:
            with _translated():
                categories = await self.client.list_term_codes(service)
            self._term_codes[service] = _term_codes(categories)
        return self._term_codes[service]

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

    async def resolve(
        self,
        thread: Thread,
        account: str,
        term_code_id: str | None,
        payment_amount: str | None = None,
    ) -> None:
        with _translated():
            await self.client.resolve_thread(
                _thread_id(thread),
                thread.account or account,
                agent_entered_account=account,
                term_code_id=term_code_id,
                payment_amount=payment_amount,
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


def _term_codes(categories: Sequence[models.TermCodeCategory]) -> tuple[TermCode, ...]:
    """Flattened, categories in the order of their first code, codes by display order."""
    codes = [
        TermCode(
            code.term_code_id,
            code.name,
            category=category.name,
            order=code.report_display_order,
            payment_required=code.payment_amt_required,
        )
        for category in categories
        for code in category.term_codes
    ]

    def order(code: TermCode) -> tuple[int, int]:
        return (code.order is None, code.order or 0)

    first: dict[str, tuple[int, int]] = {}
    for code in sorted(codes, key=order):
        first.setdefault(code.category, order(code))
    return tuple(sorted(codes, key=lambda c: (first[c.category], c.category, order(c))))


@contextlib.contextmanager
def _expired_password() -> Iterator[None]:
    """A sign-in refused because the password expired is its own reason: the agent can
    change it there and then."""
    try:
        yield
    except errors.LoginFailed as exc:
        if not exc.password_expired:
            raise
        raise PlatformError(
            Reason.PASSWORD_EXPIRED,
            platform=NAME,
            status=exc.status,
            server_words=exc.server_message,
        ) from None


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
    preferred_service: str | None = None,
) -> LiveVoxPlatform:
    """A LiveVox agent signed in and in a service when the choice is clear (the sign-in
    dialog and the demo both come this way)."""
    try:
        client = LiveVoxClient(server, access_token)
    except ValueError as exc:  # not a server address, or no access token
        raise PlatformError(Reason.BAD_INPUT, platform=NAME, server_words=str(exc)) from None
    platform = LiveVoxPlatform(
        client, client_code=client_code, user_name=user_name, preferred_service=preferred_service
    )
    try:
        await platform.sign_in(password)
    except PlatformError:
        await client.aclose()
        raise
    return platform


async def change_password(
    server: str,
    client_code: str,
    user_name: str,
    password: str,
    new_password: str,
    access_token: str,
) -> None:
    """Change an agent's password without a session (the sign-in found it expired)."""
    try:
        client = LiveVoxClient(server, access_token)
    except ValueError as exc:
        raise PlatformError(Reason.BAD_INPUT, platform=NAME, server_words=str(exc)) from None
    try:
        with _translated():
            await client.change_password(client_code, user_name, password, new_password)
    finally:
        await client.aclose()

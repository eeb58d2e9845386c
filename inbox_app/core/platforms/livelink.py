"""SAP Live Link 365 through the platform interface.

Live Link sends messages, reports delivery and passes on customers' replies; it has no
threads, inboxes or read state. So the threads are core's (:class:`~..local_threads.
LocalThreads`), built from what we send and what :meth:`LiveLinkPlatform.pull` fetches:
customers' replies (MOs) and delivery reports, each by overlapping minute windows that
resume after a restart from the window kept on disk. MOs have no id: they are de-duplicated
on (sender, recipient, received time, text), so overlap never shows one twice.

Never twice: the outbox key goes in ``subject``, which comes back in the delivery reports.
A send whose answer was lost is looked up there (subject, else recipient and text) before
anything is sent again; when the platform has not reported it after a while, it "may have
been sent" and the agent decides.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

from ...livelink import LiveLinkClient, errors
from ...livelink import models as wire
from ..inbox import InboxRef
from ..local_threads import Inbound, LocalThreads
from ..models import (
    Channel,
    ChannelCounts,
    DeliveryState,
    Message,
    SmsCode,
    Template,
    TermCode,
    Thread,
    TransferAgent,
)
from ..numbers import address, e164, label
from ..outcomes import PlatformError, Reason
from ..platform import Capability
from ..store import OutboxItem
from . import errors as translate

__all__ = ["LiveLinkPlatform", "problem", "sign_in"]

log = logging.getLogger("inbox_app.core.platforms.livelink")

NAME = "Live Link 365"
KEPT = timedelta(hours=72)  # how long the platform keeps MOs and reports
OVERLAP = timedelta(minutes=2)  # the next window starts this far back: late arrivals
CLOCK_SKEW = timedelta(minutes=10)
REPORT_WAIT_S = 120.0  # a lost send not in the reports after this long: the agent decides
# Pages of each kind per pull (10 items a page): a backlog of thousands (the first sign-in,
# a long weekend) is worked off over quick rounds while the inbox is already on screen.
PAGES_PER_PULL = 30
PAGE_SIZE = 50

_REASONS: tuple[tuple[type[errors.LiveLinkError], Reason], ...] = (
    (errors.AuthFailed, Reason.SIGN_IN_REFUSED),  # before Unauthorized: it is one
    (errors.Unauthorized, Reason.SESSION_EXPIRED),
    (errors.BadRequest, Reason.BAD_REQUEST),
    (errors.Forbidden, Reason.FORBIDDEN),
    (errors.NotFound, Reason.NOT_FOUND),
    (errors.RateLimited, Reason.RATE_LIMITED),
    (errors.ServerError, Reason.SERVER_TROUBLE),
    (errors.ProtocolError, Reason.UNREADABLE_ANSWER),
)

_DELIVERY = {
    wire.DeliveryState.SENT: DeliveryState.SENT,
    wire.DeliveryState.DELIVERED: DeliveryState.DELIVERED,
    wire.DeliveryState.FAILED: DeliveryState.FAILED,
    wire.DeliveryState.UNKNOWN: DeliveryState.UNKNOWN,
}


_UNKNOWN = (errors.ServerError, errors.ProtocolError)  # the platform may have acted


def problem(exc: errors.LiveLinkError) -> PlatformError:
    """Live Link's typed error as a reason (its own words kept as detail)."""
    return translate.problem(
        exc, platform=NAME, reasons=_REASONS, transport=errors.TransportError, unknown=_UNKNOWN
    )


def _translated() -> contextlib.AbstractContextManager[None]:
    return translate.translated(
        errors.LiveLinkError,
        platform=NAME,
        reasons=_REASONS,
        transport=errors.TransportError,
        unknown=_UNKNOWN,
    )


def _not_here() -> PlatformError:
    return PlatformError(Reason.NOT_SUPPORTED, platform=NAME)


class LiveLinkPlatform:
    """An app key signed in to Live Link 365, sending from ``numbers`` (our numbers: Live
    Link has no way to list them), with its threads kept in ``threads`` (``self.local``)."""

    name = NAME
    capabilities = frozenset(
        {Capability.INBOUND_PULL, Capability.DELIVERY_STATUS, Capability.CHECK_BEFORE_RESEND}
    )

    def __init__(
        self,
        client: LiveLinkClient,
        threads: LocalThreads,
        *,
        numbers: Sequence[str],
        app_key: str = "",
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.client = client
        self.local = threads
        self.numbers = tuple(dict.fromkeys(address(n) or n for n in numbers if n.strip()))
        self.app_key = app_key
        self._clock = clock
        self.pulls = 0  # rounds that fetched replies and reports (traffic checks)
        self.backlog = False  # the last pull stopped before the end of its window

    def _now(self) -> datetime:
        return datetime.fromtimestamp(self._clock(), UTC)

    @property
    def agent_id(self) -> str | None:
        return self.app_key or None

    async def sign_in_again(self, password: str) -> None:
        raise _not_here()  # the key and secret are the client's: a new one means a new client

    async def sign_out(self) -> None:
        """Nothing to end on the platform: tokens simply expire."""

    async def close(self) -> None:
        await self.client.aclose()
        await self.local.close()

    # --- what the platform keeps nowhere: pulled into the local threads ----------------------

    async def pull(self) -> bool:
        """Customers' replies and delivery reports since the last pull; True when anything
        changed. Each kind resumes from the window kept on disk (72 h back the first time)."""
        self.pulls += 1
        now = self._now()
        with _translated():
            replies, more_replies = await self._pull_replies(now)
            reports, more_reports = await self._pull_reports(now)
        self.backlog = more_replies or more_reports
        return replies + reports > 0

    async def _window(self, cursor: str, now: datetime) -> datetime:
        kept = await self.local.cursor(cursor)
        start = now - KEPT
        if kept:
            with contextlib.suppress(ValueError):
                start = max(start, datetime.fromisoformat(kept) - OVERLAP)
        return start

    async def _pull_replies(self, now: datetime) -> tuple[int, bool]:
        """New replies recorded, and whether the window has more (see PAGES_PER_PULL)."""
        start, fresh, reached = await self._window("livelink-mo", now), 0, None
        pages = 0
        async for page in self.client.iter_mo(start, now):
            batch = [self._inbound(mo, now) for mo in page.messages]
            fresh += len(await self.local.record_inbound_many(batch))
            reached = max((i.at for i in batch), default=reached)
            pages += 1
            if pages >= PAGES_PER_PULL and _moved_on(start, reached):
                await self.local.set_cursor("livelink-mo", reached.isoformat())  # type: ignore[union-attr]
                return fresh, True
        await self.local.set_cursor("livelink-mo", now.isoformat())
        return fresh, False

    def _inbound(self, mo: wire.MoMessage, now: datetime) -> Inbound:
        ours = mo.recipient or (self.numbers[0] if self.numbers else "")
        key = "mo:" + "\x1f".join(mo.dedup_key)
        return Inbound(ours, mo.sender, mo.text, mo.received_at or now, key)

    async def _pull_reports(self, now: datetime) -> tuple[int, bool]:
        """Delivery reports applied, and whether the window has more."""
        start, changed, reached = await self._window("livelink-status", now), 0, None
        pages = 0
        async for page in self.client.iter_status(start, now):
            for report in page.reports:
                at = report.timestamp or now
                reached = at if reached is None else max(reached, at)
                if await self.local.set_delivery(report.order_id, _DELIVERY[report.state], at):
                    changed += 1
            pages += 1
            if pages >= PAGES_PER_PULL and _moved_on(start, reached):
                await self.local.set_cursor("livelink-status", reached.isoformat())  # type: ignore[union-attr]
                return changed, True
        await self.local.set_cursor("livelink-status", now.isoformat())
        return changed, False

    # --- reading ----------------------------------------------------------------------------

    async def inboxes(self) -> list[Channel]:
        for number in self.numbers:
            await self.local.add_inbox(number)
        return await self.local.inboxes()

    async def counts(self) -> ChannelCounts | None:
        return None

    async def threads(self, ref: InboxRef, page: int) -> list[Thread]:
        return await self.local.threads(ref.channel_id, page, PAGE_SIZE)

    async def history(self, thread_id: str, page: int) -> list[Message]:
        return await self.local.history(thread_id, page, PAGE_SIZE)

    async def agents(self, thread: Thread) -> list[TransferAgent]:
        raise _not_here()

    async def templates(self) -> list[Template]:
        return []

    async def sender_numbers(self) -> list[SmsCode]:
        return [SmsCode(code=n, description=label(n)) for n in self.numbers]

    async def term_codes(self) -> Sequence[TermCode]:
        return ()

    # --- thread actions: read state is ours; the rest Live Link has no notion of -------------

    async def set_read(self, ref: InboxRef, thread: Thread, read: bool) -> None:
        if not thread.thread_id:
            raise PlatformError(Reason.NO_THREAD_ID, platform=NAME)
        await self.local.set_read(thread.thread_id, read)

    async def to_group(self, thread: Thread) -> None:
        raise _not_here()

    async def take(self, thread: Thread) -> None:
        raise _not_here()

    async def transfer(self, ref: InboxRef, thread: Thread, agent: TransferAgent) -> None:
        raise _not_here()

    async def resolve(
        self,
        thread: Thread,
        account: str,
        term_code_id: str | None,
        payment_amount: str | None = None,
    ) -> None:
        raise _not_here()

    # --- sending ----------------------------------------------------------------------------

    async def send(self, item: OutboxItem) -> str:
        customer = e164(item.to_number) or item.to_number
        with _translated():
            orders = await self.client.send_sms(
                [customer], item.text, origin=item.from_number, subject=item.id
            )
        ids = [order_id for order in orders for order_id in order.order_ids]
        recorded = await self.local.record_outbound(
            item.from_number,
            customer,
            item.text,
            datetime.fromtimestamp(item.created_at, UTC),
            outbox_id=item.id,
            platform_ids=ids,
            delivery=DeliveryState.SENT if ids else DeliveryState.QUEUED,
        )
        return recorded.message_id

    async def find_sent(self, item: OutboxItem, claimed: set[str]) -> str | None:
        """The send in the delivery reports (by our key in ``subject``, else by recipient and
        text); not there yet: check again later; still not there after a while: the platform
        cannot tell, and the agent decides."""
        known = await self.local.find_outbound(outbox_id=item.id)
        if known is not None and known not in claimed:
            return known
        created = datetime.fromtimestamp(item.created_at, UTC)
        customer = e164(item.to_number) or item.to_number
        ids: list[str] = []
        state = DeliveryState.SENT
        with _translated():
            async for page in self.client.iter_status(created - CLOCK_SKEW, self._now()):
                for report in page.reports:
                    if _is_ours(report, item, customer):
                        ids.append(report.order_id)
                        state = _DELIVERY[report.state]
        ids = [i for i in dict.fromkeys(ids) if i not in claimed]
        if ids:
            recorded = await self.local.record_outbound(
                item.from_number,
                customer,
                item.text,
                created,
                outbox_id=item.id,
                platform_ids=ids,
                delivery=state,
            )
            return recorded.message_id
        if self._clock() - item.created_at < REPORT_WAIT_S:
            raise PlatformError(Reason.NOT_REPORTED_YET, platform=NAME)
        raise PlatformError(Reason.MAY_HAVE_BEEN_SENT, platform=NAME)


def _moved_on(start: datetime, reached: datetime | None) -> bool:
    """Stopping here makes progress: the next window (which starts OVERLAP before where this
    one got to) starts later than this one did. Otherwise a minute with more than a pull's
    pages would be read again and again, so the pull goes on."""
    return reached is not None and reached - OVERLAP > start


def _is_ours(report: wire.StatusReport, item: OutboxItem, customer: str) -> bool:
    if report.subject:
        return report.subject == item.id
    same_text = (report.message_body or "").strip() == item.text.strip()
    return same_text and (e164(report.recipient) or report.recipient) == customer


async def sign_in(
    server: str,
    app_key: str,
    secret: str,
    *,
    numbers: Sequence[str],
    threads: LocalThreads,
) -> LiveLinkPlatform:
    """A Live Link app key signed in (a token fetched: a wrong key or secret says so now,
    not at the first send). ``threads`` is the profile's local thread store."""
    try:
        client = LiveLinkClient(server, app_key, secret)
    except ValueError as exc:
        raise PlatformError(Reason.BAD_INPUT, platform=NAME, server_words=str(exc)) from None
    platform = LiveLinkPlatform(client, threads, numbers=numbers, app_key=app_key)
    try:
        with _translated():
            await client.authenticate()
    except PlatformError:
        await client.aclose()
        raise
    return platform

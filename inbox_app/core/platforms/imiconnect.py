"""IMIconnect (Webex Connect) through the platform interface, its webhooks through the relay.

Customers' messages (MO webhooks) and delivery reports (DR webhooks) reach the relay, which
hands them to every desktop as events; the threads, inboxes and shared state are those of
:mod:`.relayed`. A customer's message is keyed by IMIconnect's ``tid``, so a webhook posted
twice (or an event read twice) is one message.

Never twice: each send carries the outbox item's id as its ``correlationid`` (32 bytes, of
the 50 allowed), and IMIconnect echoes it in the delivery report. A send whose answer was
lost is looked up before anything is sent again: in the delivery reports read so far (and
one more pull), by that correlation id; by ``message_status`` when its ``transid`` is known.
Not reported after a while: it "may have been sent", and the agent decides.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager

from ...imiconnect import IMIconnectClient, errors
from ...imiconnect import models as wire
from ...relayapi import RelayClient
from ...relayapi import models as relay
from ..local_threads import Inbound, LocalThreads
from ..models import DeliveryState
from ..numbers import e164
from ..outcomes import PlatformError, Reason
from ..platform import Capability
from ..store import OutboxItem
from .relayed import CAPABILITIES, RelayedPlatform, Report, open_clients, translated

__all__ = ["IMIconnectPlatform", "sign_in"]

log = logging.getLogger("inbox_app.core.platforms.imiconnect")

NAME = "IMIconnect"
KEY = "imiconnect"

_REASONS: tuple[tuple[type[Exception], Reason], ...] = (
    (errors.AuthFailed, Reason.SIGN_IN_REFUSED),  # before Refused: it is one
    (errors.Refused, Reason.REFUSED),
    (errors.BadRequest, Reason.BAD_REQUEST),
    (errors.Forbidden, Reason.FORBIDDEN),
    (errors.NotFound, Reason.NOT_FOUND),
    (errors.RateLimited, Reason.RATE_LIMITED),
    (errors.ServerError, Reason.SERVER_TROUBLE),
    (errors.ProtocolError, Reason.UNREADABLE_ANSWER),
)

_DELIVERY = {
    wire.DeliveryState.SUBMITTED: DeliveryState.SENT,
    wire.DeliveryState.DELIVERED: DeliveryState.DELIVERED,
    wire.DeliveryState.FAILED: DeliveryState.FAILED,
    wire.DeliveryState.EXPIRED: DeliveryState.FAILED,
    wire.DeliveryState.UNKNOWN: DeliveryState.UNKNOWN,
}


def _translated() -> AbstractContextManager[None]:
    return translated(
        errors.IMIconnectError,
        platform=NAME,
        reasons=_REASONS,
        transport=errors.TransportError,
        unknown=(errors.ServerError, errors.ProtocolError),
    )


def _sender(number: str) -> str:
    """Our number as IMIconnect's ``senderid``: digits without ``+``; a sender id as is."""
    return number.removeprefix("+") if number.removeprefix("+").isdigit() else number


class IMIconnectPlatform(RelayedPlatform):
    """A service key on IMIconnect, its webhooks read from the relay as agent ``agent``."""

    name = NAME
    key = KEY
    capabilities = CAPABILITIES | {Capability.CHECK_BEFORE_RESEND}
    inbound_kinds = frozenset({"mo"})
    report_kinds = frozenset({"dr"})
    unreadable = (errors.ProtocolError,)

    def __init__(
        self,
        client: IMIconnectClient,
        relay_client: RelayClient,
        threads: LocalThreads,
        *,
        agent: str,
        numbers: Sequence[str],
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(relay_client, threads, agent=agent, numbers=numbers, clock=clock)
        self.client = client

    async def _close_platform(self) -> None:
        await self.client.aclose()

    # --- events -----------------------------------------------------------------------------

    async def _inbound(self, event: relay.Event) -> Inbound | None:
        mo = wire.parse_mo(event.body)
        at = mo.received_at or event.at
        return Inbound(mo.our_code, mo.customer, mo.text, at, f"{KEY}:mo:{mo.dedup_key}")

    async def _reports(self, event: relay.Event) -> list[Report]:
        dr = wire.parse_dr(event.body)
        at = dr.timestamp or event.at
        return [Report(dr.transid, _DELIVERY[dr.state], at, dr.correlation_id)]

    # --- sending ----------------------------------------------------------------------------

    async def send(self, item: OutboxItem) -> str:
        customer = e164(item.to_number) or item.to_number
        with _translated():
            accepted = await self.client.send_sms(
                [customer], item.text, sender_id=_sender(item.from_number), correlation_id=item.id
            )
        return await self._record_sent(item, customer, [a.transid for a in accepted])

    async def _look_up(self, item: OutboxItem, claimed: set[str]) -> str | None:
        """A lost send known by its transid (an answer that came but was not recorded) is
        answered for by ``message_status``; a 404 says IMIconnect has no such message."""
        transid = item.transaction_id
        if not transid or transid in claimed:
            return None
        try:
            with _translated():
                status = await self.client.message_status(transid)
        except PlatformError as exc:
            if exc.reason is not Reason.NOT_FOUND:
                raise
            return None
        customer = e164(item.to_number) or item.to_number
        return await self._record_sent(item, customer, [transid], _DELIVERY[status.state])


# A transid no message has: asking for its status sends nothing (see _check_key).
KEY_CHECK_TRANSID = "inbox-app-key-check"


async def _check_key(client: IMIconnectClient) -> None:
    """IMIconnect has no call for checking a service key, and sending is not a check. Asking
    for the status of a message that does not exist sends nothing, and a wrong key is
    refused there (401 / 7001: ``SIGN_IN_REFUSED``) as is a server that does not answer
    (``CANNOT_CONNECT``). Any other answer passes (the unknown message's 404, an odd
    status): the status answer is not published, so that is as far as a check can go — an
    address that answers 404 to everything is said at the first send."""
    try:
        with _translated():
            await client.message_status(KEY_CHECK_TRANSID)
    except PlatformError as exc:
        if exc.reason in (Reason.SIGN_IN_REFUSED, Reason.CANNOT_CONNECT, Reason.CONNECTION_LOST):
            raise


async def sign_in(
    relay_url: str,
    agent_token: str,
    server: str,
    service_key: str,
    *,
    numbers: Sequence[str],
    threads: LocalThreads,
) -> IMIconnectPlatform:
    """An agent's relay token and the tenant's IMIconnect service key, both checked now: the
    relay names its agent (:func:`.relayed.whoami`), and the key is checked as far as
    IMIconnect allows without sending (:func:`_check_key`)."""
    relay_client, client, me = await open_clients(
        relay_url,
        agent_token,
        NAME,
        lambda: IMIconnectClient(server, service_key),
        lambda client, _: _check_key(client),
    )
    return IMIconnectPlatform(client, relay_client, threads, agent=me.name, numbers=numbers)

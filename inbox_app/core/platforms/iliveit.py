"""iLiveIt through the platform interface, its postbacks through the relay.

Every send names the relay's two postback addresses for this platform (replies and status,
given at sign-in): iLiveIt posts there, the relay hands them to every desktop as events,
and the threads, inboxes and shared state are those of :mod:`.relayed`. A reply names our
message it answers (``MessageId``) and the customer; it is keyed by all that identifies it
(iLiveIt posts a reply again, with ``RetryCount`` up, until answered). A status postback is
about one of our messages by its ``MessageID``.

iLiveIt takes no key of ours in a send's body and offers no search, but it posts status to
whatever address a send names: each send names the relay's status address with our outbox
key as ``?ref=``, and the relay keeps it with the postback. A send whose answer was lost is
found by the first status postback carrying its key; without one after REPORT_WAIT_S it
"may have been sent" and the agent decides (nothing is ever sent again blind), until such a
postback settles it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ...iliveit import ILiveItClient, errors
from ...iliveit import models as wire
from ...relayapi import RelayClient
from ...relayapi import models as relay
from ..local_threads import Inbound, LocalThreads, dedup_key
from ..models import DeliveryState
from ..numbers import e164
from ..outcomes import PlatformError, Reason
from ..store import OutboxItem
from .relayed import RelayedPlatform, Report, open_clients, translated

__all__ = ["ILiveItPlatform", "sign_in"]

NAME = "iLiveIt"
KEY = "iliveit"

_REASONS: tuple[tuple[type[Exception], Reason], ...] = (
    (errors.AuthFailed, Reason.SIGN_IN_REFUSED),
    (errors.BadRequest, Reason.BAD_REQUEST),
    (errors.Forbidden, Reason.FORBIDDEN),
    (errors.NotFound, Reason.NOT_FOUND),
    (errors.RateLimited, Reason.RATE_LIMITED),
    (errors.ServerError, Reason.SERVER_TROUBLE),
    (errors.ProtocolError, Reason.UNREADABLE_ANSWER),
)

_DELIVERY = {
    wire.DeliveryState.QUEUED: DeliveryState.QUEUED,
    wire.DeliveryState.SUBMITTED: DeliveryState.SENT,
    wire.DeliveryState.SENT: DeliveryState.SENT,
    wire.DeliveryState.DELIVERED: DeliveryState.DELIVERED,
    wire.DeliveryState.FAILED: DeliveryState.FAILED,
    wire.DeliveryState.UNKNOWN: DeliveryState.UNKNOWN,
}


def _translated() -> AbstractContextManager[None]:
    # A 5xx to a send may come after iLiveIt took it; a ProtocolError says by its
    # ``maybe_delivered`` (True: taken, but no id in the answer).
    return translated(
        errors.ILiveItError,
        platform=NAME,
        reasons=_REASONS,
        transport=errors.TransportError,
        unknown=(errors.ServerError, errors.ProtocolError),
    )


class ILiveItPlatform(RelayedPlatform):
    """An application token on iLiveIt, its postbacks read from the relay as agent ``agent``;
    sends ask for postbacks at ``reply_url`` and ``status_url`` (the relay's)."""

    name = NAME
    key = KEY
    inbound_kinds = frozenset({"reply"})
    report_kinds = frozenset({"status"})
    unreadable = (errors.ProtocolError,)

    def __init__(
        self,
        client: ILiveItClient,
        relay_client: RelayClient,
        threads: LocalThreads,
        *,
        agent: str,
        numbers: Sequence[str],
        reply_url: str,
        status_url: str,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(relay_client, threads, agent=agent, numbers=numbers, clock=clock)
        self.client = client
        self.reply_url = reply_url
        self.status_url = status_url

    async def _close_platform(self) -> None:
        await self.client.aclose()

    # --- events -----------------------------------------------------------------------------

    async def _inbound(self, event: relay.Event) -> Inbound | None:
        reply = wire.parse_reply(event.body)
        ours = reply.destination
        if not ours:  # the reply names only our message: its thread says which number
            sent = await self.local.numbers_of_sent(reply.message_id)
            ours = sent[0] if sent else (self.numbers[0] if self.numbers else "")
        key = f"{KEY}:reply:" + dedup_key(*reply.dedup_key)
        return Inbound(ours, reply.source, reply.text, event.at, key)

    async def _reports(self, event: relay.Event) -> list[Report]:
        status = wire.parse_status(event.body)
        at = status.updated_at or event.at
        return [Report(status.message_id, _DELIVERY[status.state], at, event.ref)]

    # --- sending ----------------------------------------------------------------------------

    async def send(self, item: OutboxItem) -> str:
        customer = e164(item.to_number) or item.to_number
        with _translated():
            message_id = await self.client.send_sms(
                customer,
                item.text,
                reply_url=self.reply_url,
                status_url=with_ref(self.status_url, item.id),
            )
        return await self._record_sent(item, customer, [message_id])


def with_ref(url: str, ref: str) -> str:
    """The relay's status address for one send: ``?ref=`` carries our outbox key, which
    iLiveIt posts back unchanged with every status (the only thing of ours it returns)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "ref"]
    return urlunsplit(parts._replace(query=urlencode([*query, ("ref", ref)])))


async def _check_token(client: ILiveItClient, me: relay.Me) -> None:
    """The relay names its iLiveIt webhooks (every send gives them as postback addresses),
    and iLiveIt answers a ping with this token."""
    if me.webhook(KEY, "reply") is None or me.webhook(KEY, "status") is None:
        # an inbox-relay from before /v1/me named them
        raise PlatformError(
            Reason.RELAY_UNREACHABLE,
            platform=NAME,
            server_words="it names no iLiveIt webhooks; update inbox-relay",
        )
    with _translated():
        await client.ping()


async def sign_in(
    relay_url: str,
    agent_token: str,
    server: str,
    token: str,
    *,
    numbers: Sequence[str],
    threads: LocalThreads,
) -> ILiveItPlatform:
    """An agent's relay token and the application's iLiveIt token, both checked now (the
    relay names its agent, iLiveIt answers a ping). The relay also names its public reply
    and status webhooks, which every send gives iLiveIt as its postback addresses."""
    relay_client, client, me = await open_clients(
        relay_url, agent_token, NAME, lambda: ILiveItClient(server, token), _check_token
    )
    reply_url, status_url = me.webhook(KEY, "reply"), me.webhook(KEY, "status")
    assert reply_url is not None and status_url is not None  # _check_token saw them
    return ILiveItPlatform(
        client,
        relay_client,
        threads,
        agent=me.name,
        numbers=numbers,
        reply_url=reply_url,
        status_url=status_url,
    )

"""Answers of the relay into models; anything else is a :class:`~.errors.ProtocolError`."""

from __future__ import annotations

from typing import Any

from ..wire.model import first_problem, validated
from . import models
from .errors import ProtocolError

__all__ = ["parse_action", "parse_agents", "parse_events", "parse_me", "parse_sent", "parse_state"]


def _fail(what: str) -> Any:
    return lambda exc: ProtocolError(
        f"The relay sent {what} this app does not understand{first_problem(exc)}."
    )


def parse_events(data: Any) -> models.EventPage:
    return validated(models.EventPage, data, _fail("events"))


def parse_agents(data: Any) -> list[models.Agent]:
    if not isinstance(data, dict) or not isinstance(data.get("agents"), list):
        raise _fail("a list of agents")(None)
    return [validated(models.Agent, item, _fail("an agent")) for item in data["agents"]]


def parse_state(data: Any) -> models.ConversationState:
    return validated(models.ConversationState, data, _fail("a conversation"))


def parse_action(data: Any) -> models.ActionResult:
    return validated(models.ActionResult, data, _fail("an action's result"))


def parse_sent(data: Any) -> models.Event:
    event = data.get("event") if isinstance(data, dict) else None
    return validated(models.Event, event, _fail("the sent message's event"))


def parse_me(data: Any) -> models.Me:
    name = data.get("name") if isinstance(data, dict) else None
    if not isinstance(name, str) or not name.strip():
        raise _fail("its agent's name")(None)
    return validated(models.Me, data, _fail("its agent and webhooks"))

"""Scenario scripts: scripted customers a trainer writes in TOML (read with ``tomllib``).

The minimal shape (issue 17) stays valid; everything else is optional::

    [scenario]                         # optional
    title = "Payment arrangement"
    language = "en"                    # en | es: the customers' opt-out word and keywords
    reply_after_s = 3                  # default delay of a reply

    [[term_code]]                      # optional: term codes of the scenario's own
    id = 201
    description = "Acuerdo de pago"

    [[customer]]
    name = "Dana Fox"
    number = "+13125550101"
    account = "A-1001"                 # optional
    balance = 240.0                    # optional, shown as the contact's balance
    opens = "Hi, I got a letter about my account"
    expect_term = "Payment arranged"   # optional: term code (description or id) expected
    expect_transfer = false            # optional: the trainer expects a hand-off
    quiet_after = 3                    # optional: goes silent after this many replies
    inbox = "personal"                 # optional: "group" = one shared copy in the group inbox
    [customer.escalation]              # optional: follow-ups while the agent keeps them waiting
    after_s = 60
    say = ["Hello?", "Is anyone there? I want a supervisor."]
    [[customer.reply]]
    when = "payment|pay"               # regex, case-insensitive, searched in the agent's text
    say = "Can I pay $50 a month?"
    after_s = 2
    once = true                        # optional: fires at most once
    then = "opt_out"                   # optional: "opt_out" (texts STOP) or "quiet" afterwards
    [[customer.reply]]
    when = "*"                         # anything no other rule matched
    say = "ok"

Why frozen dataclasses and one validating loader: a trainer's typo should stop the class
before it starts, naming the file, the customer and the field, not surface as a silent
customer in the middle of a lesson.
"""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "FALLBACK",
    "Customer",
    "Escalation",
    "Reply",
    "Scenario",
    "ScenarioError",
    "TermCode",
    "load_scenario",
    "parse_scenario",
    "resolve_scenario_path",
    "shipped_scenarios",
]

FALLBACK = "*"
DEFAULT_REPLY_AFTER_S = 3.0
THEN = ("opt_out", "quiet")
LANGUAGES = {"en": "STOP", "es": "ALTO"}  # the word a scripted customer opts out with

_SCENARIO_KEYS = {"title", "language", "reply_after_s", "description"}
_CUSTOMER_KEYS = {
    "name",
    "number",
    "account",
    "balance",
    "opens",
    "expect_term",
    "expect_transfer",
    "quiet_after",
    "inbox",
    "escalation",
    "reply",
}
_REPLY_KEYS = {"when", "say", "after_s", "once", "then"}
_ESCALATION_KEYS = {"after_s", "say"}
_TERM_KEYS = {"id", "description"}
_DIGITS = re.compile(r"\D")
_PHONE = re.compile(r"\+?[\d\s().-]+")


class ScenarioError(ValueError):
    """A scenario the simulator cannot play; the message names file, customer and field."""


@dataclass(frozen=True, slots=True)
class Reply:
    when: str  # a regex, or FALLBACK
    say: str
    after_s: float
    once: bool = False
    then: str | None = None  # "opt_out" | "quiet"

    @property
    def is_fallback(self) -> bool:
        return self.when == FALLBACK

    def matches(self, text: str) -> bool:
        return self.is_fallback or re.search(self.when, text, re.IGNORECASE) is not None


@dataclass(frozen=True, slots=True)
class Escalation:
    after_s: float
    say: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TermCode:
    id: int
    description: str


@dataclass(frozen=True, slots=True)
class Customer:
    name: str
    number: str  # digits only, North American numbers with their leading 1
    account: str
    opens: str
    replies: tuple[Reply, ...] = ()
    balance: float | None = None
    expect_term: str | None = None  # as written; resolved against the world's term codes
    expect_transfer: bool = False
    quiet_after: int | None = None
    inbox: str = "personal"
    escalation: Escalation | None = None

    def answer(self, text: str, used: set[int]) -> tuple[int, Reply] | None:
        """The rule that answers the agent's ``text`` (first match in file order; the
        fallback only when nothing else matched); rules in ``used`` that fire once are out."""
        live = [(i, r) for i, r in enumerate(self.replies) if not (r.once and i in used)]
        for i, rule in live:
            if not rule.is_fallback and rule.matches(text):
                return i, rule
        for i, rule in live:
            if rule.is_fallback:
                return i, rule
        return None


@dataclass(frozen=True, slots=True)
class Scenario:
    source: str
    customers: tuple[Customer, ...]
    title: str = ""
    language: str = "en"
    description: str = ""
    term_codes: tuple[TermCode, ...] = field(default=())

    @property
    def opt_out_word(self) -> str:
        return LANGUAGES.get(self.language, "STOP")


def resolve_scenario_path(name: str) -> Path:
    """A file path, or the name of a shipped scenario (``payment-arrangement``,
    ``es/hardship``) under ``resources/scenarios``."""
    path = Path(name)
    if path.is_file():
        return path
    for folder in _shipped_folders():
        for candidate in (folder / name, folder / f"{name}.toml"):
            if candidate.is_file():
                return candidate
    raise ScenarioError(f"{name}: no such scenario file (nor a shipped scenario of that name)")


def shipped_scenarios() -> list[Path]:
    """The scenarios that ship with the app, English first, then Spanish."""
    for folder in _shipped_folders():
        if folder.is_dir():
            return sorted(folder.rglob("*.toml"), key=lambda p: (len(p.parts), str(p)))
    return []


def _shipped_folders() -> list[Path]:
    frozen = getattr(sys, "_MEIPASS", None)  # a PyInstaller bundle keeps resources/ there
    folders = [Path(frozen) / "resources" / "scenarios"] if frozen else []
    folders.append(Path(__file__).resolve().parents[2] / "resources" / "scenarios")
    return folders


def load_scenario(path: str | Path) -> Scenario:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot read the file: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ScenarioError(f"{path}: the file is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{path}: not valid TOML: {exc}") from None
    return parse_scenario(data, source=str(path))


def parse_scenario(data: dict[str, Any], *, source: str = "scenario") -> Scenario:
    _unknown(data, {"scenario", "customer", "term_code"}, source)
    head = data.get("scenario", {})
    if not isinstance(head, dict):
        raise ScenarioError(f"{source}: [scenario] must be a table")
    where = f"{source}: [scenario]"
    _unknown(head, _SCENARIO_KEYS, where)
    language = _text(head, "language", where, required=False) or "en"
    if language not in LANGUAGES:
        raise ScenarioError(f"{where}: 'language' must be one of {', '.join(LANGUAGES)}")
    default_after = _seconds(head, "reply_after_s", where, DEFAULT_REPLY_AFTER_S)
    terms = _term_codes(data.get("term_code", []), source)
    raw = data.get("customer")
    if not isinstance(raw, list) or not raw:
        raise ScenarioError(f"{source}: needs at least one [[customer]]")
    customers = []
    numbers: dict[str, str] = {}
    for i, item in enumerate(raw, 1):
        customer = _customer(item, f"{source}: customer {i}", default_after)
        if customer.number in numbers:
            raise ScenarioError(
                f"{source}: customer {i} ({customer.name}): 'number' is also "
                f"{numbers[customer.number]}'s; each customer needs a number of their own"
            )
        numbers[customer.number] = customer.name
        customers.append(customer)
    return Scenario(
        source=source,
        customers=tuple(customers),
        title=_text(head, "title", where, required=False) or Path(source).stem,
        language=language,
        description=_text(head, "description", where, required=False) or "",
        term_codes=terms,
    )


def _customer(item: Any, where: str, default_after: float) -> Customer:
    if not isinstance(item, dict):
        raise ScenarioError(f"{where}: must be a table ([[customer]])")
    name = _text(item, "name", where)
    where = f"{where} ({name})"
    _unknown(item, _CUSTOMER_KEYS, where)
    number = _number(item, where)
    replies = item.get("reply", [])
    if not isinstance(replies, list):
        raise ScenarioError(f"{where}: 'reply' must be a list of [[customer.reply]] tables")
    rules = tuple(_reply(r, f"{where}: reply {j}", default_after) for j, r in enumerate(replies, 1))
    inbox = _text(item, "inbox", where, required=False) or "personal"
    if inbox not in ("personal", "group"):
        raise ScenarioError(f'{where}: \'inbox\' must be "personal" or "group"')
    quiet_after = item.get("quiet_after")
    if quiet_after is not None and (
        isinstance(quiet_after, bool) or not isinstance(quiet_after, int) or quiet_after < 0
    ):
        raise ScenarioError(f"{where}: 'quiet_after' must be a whole number of replies (0 or more)")
    balance = item.get("balance")
    if balance is not None and (isinstance(balance, bool) or not isinstance(balance, int | float)):
        raise ScenarioError(f"{where}: 'balance' must be a number")
    expect_term = item.get("expect_term")
    if expect_term is not None:
        if isinstance(expect_term, bool) or not isinstance(expect_term, str | int):
            raise ScenarioError(f"{where}: 'expect_term' must be a term code's description or id")
        expect_term = str(expect_term).strip()
    expect_transfer = item.get("expect_transfer", False)
    if not isinstance(expect_transfer, bool):
        raise ScenarioError(f"{where}: 'expect_transfer' must be true or false")
    return Customer(
        name=name,
        number=number,
        account=_text(item, "account", where, required=False)
        or f"SC-{number[-4:]}",  # a readable default
        opens=_text(item, "opens", where),
        replies=rules,
        balance=float(balance) if balance is not None else None,
        expect_term=expect_term or None,
        expect_transfer=expect_transfer,
        quiet_after=quiet_after,
        inbox=inbox,
        escalation=_escalation(item.get("escalation"), f"{where}: [customer.escalation]"),
    )


def _reply(item: Any, where: str, default_after: float) -> Reply:
    if not isinstance(item, dict):
        raise ScenarioError(f"{where}: must be a table ([[customer.reply]])")
    _unknown(item, _REPLY_KEYS, where)
    when = _text(item, "when", where)
    if when != FALLBACK:
        try:
            re.compile(when, re.IGNORECASE)
        except re.error as exc:
            raise ScenarioError(
                f"{where}: 'when' is not a valid regular expression ({exc}); "
                'use "*" for "anything else"'
            ) from None
    then = item.get("then")
    if then is not None and then not in THEN:
        raise ScenarioError(f"{where}: 'then' must be one of {', '.join(THEN)}")
    once = item.get("once", False)
    if not isinstance(once, bool):
        raise ScenarioError(f"{where}: 'once' must be true or false")
    return Reply(
        when=when,
        say=_text(item, "say", where),
        after_s=_seconds(item, "after_s", where, default_after),
        once=once,
        then=then,
    )


def _escalation(item: Any, where: str) -> Escalation | None:
    if item is None:
        return None
    if not isinstance(item, dict):
        raise ScenarioError(f"{where}: must be a table")
    _unknown(item, _ESCALATION_KEYS, where)
    if "after_s" not in item:
        raise ScenarioError(f"{where}: 'after_s' is required (seconds left waiting)")
    after = _seconds(item, "after_s", where, 0.0)
    if after <= 0:
        raise ScenarioError(f"{where}: 'after_s' must be more than 0")
    say = item.get("say")
    lines = [say] if isinstance(say, str) else say
    if (
        not isinstance(lines, list)
        or not lines
        or not all(isinstance(s, str) and s.strip() for s in lines)
    ):
        raise ScenarioError(f"{where}: 'say' must be a text or a list of texts")
    return Escalation(after_s=after, say=tuple(lines))


def _term_codes(raw: Any, source: str) -> tuple[TermCode, ...]:
    if not isinstance(raw, list):
        raise ScenarioError(f"{source}: 'term_code' must be a list of [[term_code]] tables")
    out = []
    for i, item in enumerate(raw, 1):
        where = f"{source}: term_code {i}"
        if not isinstance(item, dict):
            raise ScenarioError(f"{where}: must be a table")
        _unknown(item, _TERM_KEYS, where)
        code = item.get("id")
        if isinstance(code, bool) or not isinstance(code, int) or code <= 0:
            raise ScenarioError(f"{where}: 'id' must be a positive whole number")
        out.append(TermCode(code, _text(item, "description", where)))
    return tuple(out)


def _unknown(item: dict[str, Any], known: set[str], where: str) -> None:
    extra = sorted(set(item) - known)
    if extra:
        raise ScenarioError(
            f"{where}: unknown field {', '.join(repr(k) for k in extra)}; "
            f"known: {', '.join(sorted(known))}"
        )


def _text(item: dict[str, Any], key: str, where: str, *, required: bool = True) -> str | None:
    value = item.get(key)
    if value is None:
        if required:
            raise ScenarioError(f"{where}: '{key}' is required")
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise ScenarioError(f"{where}: '{key}' must be a non-empty text")
    if len(value) > 1600:
        raise ScenarioError(f"{where}: '{key}' is longer than 1600 characters")
    return value.strip() if key != "say" and key != "opens" else value


def _seconds(item: dict[str, Any], key: str, where: str, default: float) -> float:
    value = item.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ScenarioError(f"{where}: '{key}' must be a number of seconds (0 or more)")
    return float(value)


def _number(item: dict[str, Any], where: str) -> str:
    value = item.get("number")
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or _PHONE.fullmatch(value.strip()) is None:
        raise ScenarioError(f"{where}: 'number' must be a phone number, e.g. \"+13125550101\"")
    digits = _DIGITS.sub("", value)
    if len(digits) == 10:
        digits = "1" + digits
    if not 5 <= len(digits) <= 15:
        raise ScenarioError(f"{where}: 'number' must have between 5 and 15 digits")
    return digits

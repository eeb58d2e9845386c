"""Who plays which scripted customer: the world a scenario starts from, and its roster.

Two shapes:

* ``--scenario FILE`` alone: the chosen dataset (the demo by default) plus the scenario's
  customers, who write in to the first SMS group inbox;
* ``--classroom N --scenario FILE``: a fresh tenant of its own, trainees ``trainee1`` …
  ``traineeN`` (password ``demo``, client code ``DEMO``) on one service whose group inbox they
  share, and for each trainee a copy of every customer, in that trainee's personal inbox.

Why each copy has its own number and account: the world keys open threads by the customer's
number, records an opt-out per number and lists history per account, so copies sharing them
would merge their conversations and leak one trainee's STOP into everyone's inbox. Trainee
k's copy keeps the scenario's number with ``(k-1) * 10000`` added (the last four digits, which
trainees read, stay the same) and the account ``<account>-T<k>``.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from .dataset import empty_dataset
from .scenario import Customer, Scenario, ScenarioError

__all__ = [
    "CLASS_CODE",
    "CLASS_SERVICE",
    "Run",
    "classroom_dataset",
    "scenario_dataset",
    "trainee_login",
]

CLASS_SERVICE = "80001"
CLASS_CODE = "18005550100"
TRAINEE_ID_BASE = 810000
NUMBER_STRIDE = 10_000
MAX_TRAINEES = 99


@dataclass(frozen=True, slots=True)
class Run:
    """One scripted customer as one trainee (or the whole room) meets them."""

    id: str  # "trainee3.2": customer 2 of trainee3; "group.1" in the shared group inbox
    customer: Customer
    number: str
    account: str
    trainee: str | None  # login; None for a customer in the group inbox
    trainee_id: str | None
    service_id: str
    sms_code: str
    expect_term_id: int | None


def trainee_login(k: int) -> str:
    return f"trainee{k}"


def classroom_dataset(scenario: Scenario, trainees: int) -> tuple[dict[str, Any], list[Run]]:
    """The classroom's tenant and its roster (openers are sent when the class starts)."""
    if not 1 <= trainees <= MAX_TRAINEES:
        raise ScenarioError(f"--classroom takes 1 to {MAX_TRAINEES} trainees, not {trainees}")
    data = empty_dataset()
    data["company"] = "Acme Training"
    data["services"] = [
        {"id": CLASS_SERVICE, "name": "Classroom", "team": "Classroom", "channels": ["SMS"]}
    ]
    data["smsCodes"] = [
        {"code": CLASS_CODE, "description": "Classroom long code", "serviceId": CLASS_SERVICE}
    ]
    data["templates"] = [dict(t, smsCode=CLASS_CODE) for t in data["templates"]]
    data["agents"] = [
        {
            "id": str(TRAINEE_ID_BASE + k),
            "login": trainee_login(k),
            "name": f"Trainee {k}",
            "password": "demo",
            "status": "READY",
            "team": "Classroom",
            "isAgent": True,
            "serviceId": CLASS_SERVICE,
            "maxUnresolved": None,
        }
        for k in range(1, trainees + 1)
    ]
    data["agents"].append(
        {
            "id": str(TRAINEE_ID_BASE + 900),
            "login": "trainer",
            "name": "Trainer",
            "password": "demo",
            "status": "READY",
            "team": "Classroom",
            "isAgent": False,
            "serviceId": None,
        }
    )
    terms = _term_codes(data, scenario)
    runs: list[Run] = []
    seen: dict[str, str] = {}
    for i, customer in enumerate(scenario.customers, 1):
        copies = [None] if customer.inbox == "group" else range(1, trainees + 1)
        for k in copies:
            number = customer.number
            account = customer.account
            if k is not None:
                number = str(int(number) + (k - 1) * NUMBER_STRIDE)
                account = f"{account}-T{k}"
            if number in seen:
                raise ScenarioError(
                    f"{scenario.source}: customer {i} ({customer.name}): trainee {k}'s copy "
                    f"would share a number with {seen[number]}; give the scenario's customers "
                    "numbers that differ in their last four digits"
                )
            seen[number] = customer.name
            login = trainee_login(k) if k is not None else None
            runs.append(
                Run(
                    id=f"{login or 'group'}.{i}",
                    customer=customer,
                    number=number,
                    account=account,
                    trainee=login,
                    trainee_id=str(TRAINEE_ID_BASE + k) if k is not None else None,
                    service_id=CLASS_SERVICE,
                    sms_code=CLASS_CODE,
                    expect_term_id=_expected_term(scenario, i, customer, terms),
                )
            )
    data["customers"] = [_customer_record(run) for run in runs]
    data["threads"] = []
    return data, runs


def scenario_dataset(data: dict[str, Any], scenario: Scenario) -> tuple[dict[str, Any], list[Run]]:
    """``data`` (e.g. the demo) plus the scenario's customers, who write to the first SMS
    group inbox; a number the dataset already has is refused (their threads would merge)."""
    data = copy.deepcopy(data)
    terms = _term_codes(data, scenario)
    service = next(
        (s for s in data["services"] if "SMS" in s.get("channels", ["SMS"])),
        None,
    )
    if service is None:
        raise ScenarioError(f"{scenario.source}: the dataset has no SMS group inbox")
    service_id = str(service["id"])
    code = next(
        (str(c["code"]) for c in data.get("smsCodes", []) if str(c.get("serviceId")) == service_id),
        None,
    )
    if code is None:
        raise ScenarioError(f"{scenario.source}: the dataset has no SMS code for {service_id}")
    taken = {str(c.get("phone")) for c in data.get("customers", [])}
    taken |= {str(t.get("phone")) for t in data.get("threads", [])}
    runs = []
    for i, customer in enumerate(scenario.customers, 1):
        if customer.number in taken:
            raise ScenarioError(
                f"{scenario.source}: customer {i} ({customer.name}): 'number' is already a "
                "customer of the dataset; pick another"
            )
        runs.append(
            Run(
                id=f"group.{i}",
                customer=customer,
                number=customer.number,
                account=customer.account,
                trainee=None,
                trainee_id=None,
                service_id=service_id,
                sms_code=code,
                expect_term_id=_expected_term(scenario, i, customer, terms),
            )
        )
    accounts = {str(c.get("account")) for c in data.get("customers", [])}
    data.setdefault("customers", []).extend(
        _customer_record(run) for run in runs if run.account not in accounts
    )
    return data, runs


def _term_codes(data: dict[str, Any], scenario: Scenario) -> dict[int, str]:
    """The dataset's term codes with the scenario's own added (theirs win on the same id, in
    a "Training" category after the dataset's); returns id -> name."""
    records = {int(t["id"]): dict(t) for t in data.get("termCodes", [])}
    last = max((int(t.get("reportDisplayOrder") or 0) for t in records.values()), default=0)
    for n, code in enumerate(scenario.term_codes, 1):
        records[code.id] = {
            "id": code.id,
            "name": code.description,
            "category": "Training",
            "reportDisplayOrder": last + 10 * n,
            "actionType": "OTHER",
            "paymentAmtRequired": False,
        }
    data["termCodes"] = [records[i] for i in sorted(records)]
    return {i: str(t.get("name") or t.get("description") or "") for i, t in records.items()}


def _expected_term(
    scenario: Scenario, i: int, customer: Customer, terms: dict[int, str]
) -> int | None:
    wanted = customer.expect_term
    if wanted is None:
        return None
    if wanted.isdigit() and int(wanted) in terms:
        return int(wanted)
    for code, description in terms.items():
        if description.casefold() == wanted.casefold():
            return code
    raise ScenarioError(
        f"{scenario.source}: customer {i} ({customer.name}): 'expect_term' {wanted!r} is not a "
        f"term code; known: {', '.join(terms.values())} (or add a [[term_code]])"
    )


def _customer_record(run: Run) -> dict[str, Any]:
    first, _, last = run.customer.name.partition(" ")
    return {
        "account": run.account,
        "originalAccountNumber": run.customer.account,
        "firstName": first,
        "lastName": last or None,
        "phone": run.number,
        "balance": run.customer.balance,
        "optIn": True,
    }

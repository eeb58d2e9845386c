# ruff: noqa: E501 - the scripted conversations read better as one line per message
"""Datasets the simulator starts from: ``demo``, ``empty``, or a JSON file in the same format.

Why one format for all three: the demo is *generated* as the same plain dict a trainer can
write by hand (or export with ``inbox-sim --export-dataset demo.json`` and edit), so there is
exactly one loader, :func:`apply_dataset`, and one set of rules.

Dataset format (JSON object; ids may be strings or numbers, they are stored as strings)::

    {
      "clientCode": "DEMO", "clientId": 1001, "accessToken": "demo-token",
      "company": "Acme Services",
      "services":  [{"id": "94881", "name": "Customer Care", "team": "North",
                     "channels": ["SMS", "Email", "Chat", "Voicemail", "Messaging"]}],
      "smsCodes":  [{"code": "18005550142", "description": "Care long code", "serviceId": "94881"}],
      "agents":    [{"id": "645836", "login": "agent1", "name": "Jordan Avery",
                     "password": "demo", "status": "READY", "team": "North",
                     "isAgent": true, "serviceId": "94881", "maxUnresolved": null,
                     "services": ["94881"],      # may join (default: [serviceId])
                     "phone": "4155550136", "passwordDays": 30}],  # <= 0: expired
      "templates": [{"id": 75870, "description": "Payment reminder",
                     "message": "Hi {firstName}, ...", "smsCode": "53063"}],
      "termCodes": [{"id": 101, "name": "Payment arranged", "category": "Payment",
                     "reportDisplayOrder": 10, "actionType": "RPC_WITH_PAYMENT",
                     "paymentAmtRequired": true, "serviceId": null}],  # null: every service
      "customers": [{"account": "4100123", "originalAccountNumber": "ORIG-80123",
                     "firstName": "Ana", "lastName": "Silva", "phone": "12025550123",
                     "email": "ana.silva@example.com", "address1": "12 Maple St",
                     "city": "Springfield", "state": "IL", "zipCode": "62701",
                     "balance": 120.5, "dueDate": "2024-05-01", "optIn": true}],
      "threads":   [{"id": "56100000001", "channel": "SMS", "serviceId": "94881",
                     "owner": "645836",            # agent id, or null for the group inbox
                     "account": "4100123", "phone": "12025550123", "smsCode": "18005550142",
                     "read": false,                # default: read iff the last message is outbound
                     "resolved": false, "termCodeId": null,
                     "messages": [{"id": "56100000002", "direction": 1, "text": "Hi",
                                   "date": 1700000000000,      # epoch ms, or:
                                   "minutesAgo": 90,           # relative to load time
                                   "status": "Operator Transfer", "agentId": null}]}]
    }

Thread and message ids may be omitted; they are then numbered after the largest given id.
Template variables: ``{firstName} {lastName} {account} {balance} {dueDate} {company}``.

The demo is deterministic for a given ``seed`` and ``now_ms``: the server passes the current
time so the data looks like "this morning", tests pass a fixed time.
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

__all__ = [
    "CHANNEL_TYPES",
    "DEFAULT_SEED",
    "ID_BASE",
    "DatasetError",
    "apply_dataset",
    "demo_dataset",
    "empty_dataset",
    "resolve_dataset",
]

# The channel types a LiveVox thread can have, and the first thread / message id. Defined here,
# where a world's data is read and stored; the world (state.py) loads datasets, so it imports
# them from here and never the other way round (no import cycle).
CHANNEL_TYPES = ("SMS", "Email", "Chat", "Voicemail", "Messaging")
ID_BASE = 56_100_000_000
DEFAULT_SEED = 20240601
MINUTE_MS = 60_000
HOUR_MS = 60 * MINUTE_MS
DAY_MS = 24 * HOUR_MS


class DatasetError(ValueError):
    """A dataset name or file the simulator cannot use; the message says what to fix."""


# --- the fixed cast -------------------------------------------------------------------------

_SERVICES = [
    {
        "id": "94881",
        "name": "Customer Care",
        "team": "North",
        "channels": ["SMS", "Email", "Chat", "Voicemail", "Messaging"],
    },
    {"id": "94874", "name": "Collections", "team": "North", "channels": ["SMS", "Voicemail"]},
    {"id": "94887", "name": "Scheduling", "team": "North", "channels": ["SMS"]},
    {"id": "95012", "name": "Retention South", "team": "South", "channels": ["SMS"]},
]
_SMS_CODES = [
    {"code": "18005550142", "description": "Customer Care long code", "serviceId": "94881"},
    {"code": "53063", "description": "Collections short code", "serviceId": "94874"},
    {"code": "18005550177", "description": "Scheduling long code", "serviceId": "94887"},
    {"code": "18005550199", "description": "Retention long code", "serviceId": "95012"},
]
_AGENTS = [
    ("645836", "agent1", "Jordan Avery", "READY", "94881"),
    ("645835", "agent2", "Priya Natarajan", "READY", "94874"),
    ("795963", "agent3", "Marcus Bell", "NOTREADY", "94874"),
    ("689581", "agent4", "Elena Petrova", "BREAK", "94874"),
    ("689579", "agent5", "Sam O'Connell", "READY", "94881"),
    ("700101", "agent6", "Lucia Ortega", "INCALL", "94881"),
    ("700102", "agent7", "Dev Kapoor", "NOTREADY", "94887"),
    ("700103", "agent8", "Hannah Kim", "WRAPUP", "94887"),
]
_TEMPLATES = [
    {
        "id": 75870,
        "description": "Payment reminder",
        "message": "Hi {firstName}, this is {company}. A payment of {balance} on account {account} "
        "is due {dueDate}. Reply PAY to get a secure link or call us at 800-555-0142.",
        "smsCode": "53063",
    },
    {
        "id": 75871,
        "description": "Appointment confirmation",
        "message": "Hi {firstName}, your appointment with {company} is confirmed. Reply C to "
        "confirm or R to reschedule.",
        "smsCode": "18005550177",
    },
    {
        "id": 75872,
        "description": "Delivery update",
        "message": "Hi {firstName}, your order is out for delivery today between 1pm and 5pm. "
        "Reply HELP for options.",
        "smsCode": "18005550142",
    },
    {
        "id": 75873,
        "description": "Payment received",
        "message": "Thank you {firstName}! We received your payment. Your new balance is {balance}.",
        "smsCode": "53063",
    },
    {
        "id": 75874,
        "description": "Call-back offer",
        "message": "Hi {firstName}, we tried to reach you about account {account}. Reply with a good "
        "time to call, or text your question here.",
        "smsCode": "18005550142",
    },
    {
        "id": 75875,
        "description": "Opt-in request",
        "message": "{company}: reply YES to receive account text messages. Msg&data rates may apply. "
        "Reply STOP to opt out.",
        "smsCode": "18005550142",
    },
]
# (id, name, category, reportDisplayOrder, actionType, paymentAmtRequired)
_TERM_CODES = [
    (101, "Payment arranged", "Payment", 60, "RPC_WITH_PAYMENT", True),
    (102, "Resolved - info given", "Contact", 10, "RPC_WITHOUT_PAYMENT", False),
    (103, "Wrong number", "No contact", 70, "WPC", False),
    (104, "Do not contact", "No contact", 80, "OTHER", False),
    (105, "Appointment booked", "Contact", 20, "RPC_WITHOUT_PAYMENT", False),
    (106, "Callback requested", "Contact", 30, "RPC_WITHOUT_PAYMENT", False),
    (107, "Escalated to supervisor", "Contact", 40, "RPC_WITHOUT_PAYMENT", False),
    (108, "Dispute opened", "Contact", 50, "RPC_WITHOUT_PAYMENT", False),
]
_FIRST = [
    "Ana",
    "Ben",
    "Carla",
    "Diego",
    "Erin",
    "Farah",
    "Gabe",
    "Hana",
    "Ivan",
    "Jade",
    "Kofi",
    "Lena",
    "Mateo",
    "Nora",
    "Omar",
    "Paula",
    "Quinn",
    "Rosa",
    "Sanjay",
    "Tess",
    "Umar",
    "Vera",
    "Wes",
    "Ximena",
    "Yusuf",
    "Zoe",
    "Aaron",
    "Bianca",
    "Caleb",
    "Dana",
    "Eli",
    "Fiona",
]
_LAST = [
    "Silva",
    "Novak",
    "Okafor",
    "Reyes",
    "Larsen",
    "Haddad",
    "Moreau",
    "Tanaka",
    "Brooks",
    "Kowalski",
    "Mensah",
    "Fischer",
    "Duarte",
    "Lindqvist",
    "Aziz",
    "Romano",
    "Quigley",
    "Costa",
    "Iyer",
    "Walsh",
    "Nguyen",
    "Becker",
    "Ortiz",
    "Sato",
    "Hughes",
    "Pereira",
]
_PLACES = [
    ("Springfield", "IL", "627"),
    ("Riverton", "WY", "825"),
    ("Fairview", "TX", "750"),
    ("Greenville", "SC", "296"),
    ("Madison", "WI", "537"),
    ("Franklin", "TN", "370"),
    ("Clinton", "IA", "527"),
    ("Salem", "OR", "973"),
]
_STREETS = ["Maple St", "Oak Ave", "Cedar Ln", "Elm St", "Birch Rd", "Willow Way", "Pine Ct"]
_AREA_CODES = ["202", "312", "415", "512", "617", "702", "808", "919"]

# Scripted conversations: (direction, text); 1 = customer, 2 = agent.
_SCRIPTS: dict[str, list[tuple[int, str]]] = {
    "payment": [
        (1, "Hi, I got a text saying my payment is overdue?"),
        (
            2,
            "Hi {first}, this is {agent} from {company}. Thanks for reaching out. I can help with that.",
        ),
        (2, "Your account ending {acct4} shows a balance of {balance}, due on {date}."),
        (1, "I get paid Friday. Can I pay half now and half next week?"),
        (2, "Absolutely. I can set up {half} today and {half} on {date}. Does that work?"),
        (1, "Yes that works"),
        (
            2,
            "Done! You'll get a confirmation text for each payment. Anything else I can help with?",
        ),
        (1, "No that's all, thank you"),
        (2, "You're welcome, {first}. Have a great day!"),
    ],
    "payment_link": [
        (1, "PAY"),
        (2, "Hi {first}, here is your secure payment link: https://pay.example.com/{acct4}"),
        (1, "The link says expired"),
        (2, "Sorry about that! I've sent a fresh link, it's valid for 24 hours."),
        (1, "Ok it worked. Paid {balance}"),
        (2, "Thank you {first}, we received it. Your balance is now $0.00."),
        (1, "👍"),
    ],
    "appointment": [
        (1, "I need to move my appointment on {date}"),
        (2, "Hi {first}, {agent} here. Sure, what day works better for you?"),
        (1, "Anything Thursday afternoon?"),
        (2, "I have 2:30 PM or 4:00 PM on Thursday."),
        (1, "4 please"),
        (2, "You're booked for Thursday at 4:00 PM. Reply C to confirm."),
        (1, "C"),
        (2, "Confirmed. See you Thursday!"),
    ],
    "delivery": [
        (1, "Where is my order? Tracking hasn't updated in 3 days"),
        (2, "Hi {first}, I'm sorry for the wait. Let me check order {order} for you."),
        (2, "The carrier shows it at the local depot. It should arrive tomorrow by 8 PM."),
        (1, "Can they leave it with my neighbor at {street}?"),
        (2, "I've added a delivery note for the driver."),
        (1, "Great thanks"),
        (1, "Actually it just arrived!"),
        (2, "Wonderful! Enjoy, and thanks for your patience."),
    ],
    "billing": [
        (1, "Why was I charged twice this month??"),
        (2, "Hi {first}, I'm sorry about the confusion. Let me look at your statement."),
        (
            2,
            "I see a pending authorization and the final charge of {half}. The pending one will drop off in 3-5 business days.",
        ),
        (1, "So I'm not paying double?"),
        (2, "Correct, you are only charged once."),
        (1, "Ok. Can you send me the statement by email?"),
        (2, "Sent to the email on file. Anything else?"),
        (1, "no thanks"),
    ],
    "stop": [
        (
            2,
            "Hi {first}, this is {company} about your account ending {acct4}. Please call us at 800-555-0142.",
        ),
        (1, "STOP"),
        (
            2,
            "You have been unsubscribed and will receive no more messages. Reply START to resubscribe.",
        ),
    ],
    "wrong_number": [
        (1, "Who is this? I don't have an account with you"),
        (
            2,
            "Hi, this is {company}. We may have the wrong number, sorry! Is this the account holder?",
        ),
        (1, "No, wrong number"),
        (2, "Thanks for letting us know. We've removed this number from the account."),
    ],
    "address": [
        (1, "Hi I moved, how do I update my address?"),
        (2, "Hi {first}, I can do that here. What's the new address?"),
        (1, "{street}, {city} {state}"),
        (2, "Updated! Can you confirm your date of birth for security?"),
        (1, "Sure, it's on file, March 3rd"),
        (2, "Thank you, verified. You're all set."),
    ],
    "hardship": [
        (1, "I lost my job last month and can't pay the full amount right now"),
        (
            2,
            "I'm really sorry to hear that, {first}. We have a hardship plan that can lower your monthly payment.",
        ),
        (1, "What would it be?"),
        (2, "We could do {small} per month for 6 months with no late fees."),
        (1, "Let me think about it and talk to my wife"),
        (2, "Of course. Text back here any time and we'll set it up."),
        (1, "Ok we'll do the plan"),
        (2, "Great, it's set up. First payment of {small} is on {date}."),
    ],
    "balance": [
        (1, "What's my balance?"),
        (2, "Hi {first}! Your current balance is {balance}, due {date}."),
        (1, "thanks"),
    ],
    "dispute": [
        (1, "I don't recognize the {half} charge on my account"),
        (2, "Hi {first}, thanks for flagging it. Can you tell me the date of the charge?"),
        (1, "It was on the 12th"),
        (2, "I've opened a dispute for that charge. You'll hear back within 10 business days."),
        (1, "Will I be charged late fees meanwhile?"),
        (2, "No, the disputed amount is on hold until it's resolved."),
    ],
    "reschedule_tech": [
        (
            2,
            "Hi {first}, your technician visit is tomorrow between 8 AM and 12 PM. Reply C to confirm or R to reschedule.",
        ),
        (1, "R"),
        (2, "No problem. Would Monday morning or Tuesday afternoon work better?"),
        (1, "tuesday"),
        (2, "Booked for Tuesday 1-5 PM. The technician will text 30 minutes before arriving."),
    ],
    "new_inquiry": [
        (1, "Hi, do you offer autopay?"),
        (1, "Also is there a discount for paperless billing?"),
    ],
    "callback": [
        (1, "Can someone call me back after 5pm?"),
        (2, "Hi {first}, sure. I've scheduled a call for today after 5 PM at this number."),
        (1, "Perfect"),
    ],
}
_OPENERS = [
    "Hi, I have a question about my bill",
    "Is your office open today?",
    "I got a missed call from this number",
    "Can I change my payment date?",
    "Hello? I need help with my account",
    "My payment didn't go through",
    "Can you send me a payoff amount?",
    "Is it possible to get a receipt for last month",
    "What time do you close today?",
    "I want to cancel my appointment",
    "Hi it's {first}, I sent a check yesterday",
    "Do you take Venmo?",
]
_OTHER_CHANNEL_TEXT = {
    "Email": [
        (
            1,
            "Subject: Statement question\n\nHello, I attached my statement. Line 4 looks wrong. Regards, {first}",
        ),
        (2, "Hello {first}, thanks for your email. I've reviewed line 4 and issued a correction."),
        (1, "Thank you for the quick fix!"),
    ],
    "Chat": [
        (1, "hi is anyone there"),
        (2, "Hi {first}! {agent} here, how can I help?"),
        (1, "how do I reset my portal password"),
    ],
    "Messaging": [
        (1, "Hola, can I get help in Spanish?"),
        (2, "¡Claro que sí, {first}! ¿En qué le puedo ayudar?"),
        (1, "Quiero saber mi saldo"),
    ],
    "Voicemail": [
        (1, "Voicemail (0:42): Hi, this is {first}, please call me back about my account. Thanks.")
    ],
}


def _cast(data: dict[str, Any]) -> None:
    """The fixed part shared by ``demo`` and ``empty``: tenant, services, people, codes."""
    data.update(
        {
            "format": "inbox-sim-dataset/1",
            "clientCode": "DEMO",
            "clientId": 1001,
            "accessToken": "demo-token",
            "company": "Acme Services",
            "services": [dict(s) for s in _SERVICES],
            "smsCodes": [dict(c) for c in _SMS_CODES],
            "templates": [dict(t) for t in _TEMPLATES],
            "termCodes": [
                {
                    "id": i,
                    "name": name,
                    "category": category,
                    "lvResultId": str(600 + i),
                    "lvResult": name,
                    "reportDisplayOrder": order,
                    "actionType": action,
                    "paymentAmtRequired": payment,
                }
                for i, name, category, order, action, payment in _TERM_CODES
            ],
        }
    )
    agents = [
        {
            "id": aid,
            "login": login,
            "name": name,
            "password": "demo",
            "status": status,
            "team": "North",
            "isAgent": True,
            "serviceId": service,
            "maxUnresolved": None,
        }
        for aid, login, name, status, service in _AGENTS
    ]
    agents.append(
        {
            "id": "712001",
            "login": "south1",
            "name": "Rafael Moreno",
            "password": "demo",
            "status": "READY",
            "team": "South",
            "isAgent": True,
            "serviceId": "95012",
            "maxUnresolved": None,
        }
    )
    agents.append(
        {
            "id": "900001",
            "login": "supervisor",
            "name": "Morgan Blake",
            "password": "demo",
            "status": "READY",
            "team": "North",
            "isAgent": False,
            "serviceId": None,
            "maxUnresolved": None,
        }
    )
    data["agents"] = agents


def empty_dataset() -> dict[str, Any]:
    """Agents, credentials, services, codes and templates; no customers, threads or messages."""
    data: dict[str, Any] = {}
    _cast(data)
    data.update(customers=[], threads=[])
    return data


def demo_dataset(seed: int = DEFAULT_SEED, now_ms: int | None = None) -> dict[str, Any]:
    """A contact centre's morning: ~64 customers, ~300 threads, a few thousand messages."""
    if now_ms is None:
        now_ms = int(datetime.now(UTC).timestamp() * 1000)
    rng = random.Random(seed)
    data = empty_dataset()
    customers = _customers(rng, now_ms)
    data["customers"] = customers
    gen = _Generator(rng, now_ms, customers)
    gen.build()
    data["threads"] = gen.threads
    return data


def _customers(rng: random.Random, now_ms: int) -> list[dict[str, Any]]:
    out = []
    phones: set[str] = set()
    names: set[tuple[str, str]] = set()
    today = datetime.fromtimestamp(now_ms / 1000, tz=UTC).date()
    while len(out) < 64:
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        if (first, last) in names:
            continue
        phone = f"1{rng.choice(_AREA_CODES)}55501{rng.randrange(100):02d}"
        if phone in phones:
            continue
        names.add((first, last))
        phones.add(phone)
        city, state, zip3 = rng.choice(_PLACES)
        account = str(4100000 + len(out) * 37 + rng.randrange(30))
        out.append(
            {
                "account": account,
                "originalAccountNumber": f"ORIG-{rng.randrange(10000, 99999)}",
                "firstName": first,
                "lastName": last,
                "phone": phone,
                "email": f"{first.lower()}.{last.lower()}@example.com",
                "address1": f"{rng.randrange(10, 999)} {rng.choice(_STREETS)}",
                "city": city,
                "state": state,
                "zipCode": f"{zip3}{rng.randrange(10, 99)}",
                "balance": round(rng.uniform(40, 2600), 2),
                "dueDate": (today + timedelta(days=rng.randrange(-10, 30))).isoformat(),
                "optIn": True,
            }
        )
    return out


class _Generator:
    """Builds threads with scripted, time-stamped conversations (deterministic given rng)."""

    def __init__(self, rng: random.Random, now_ms: int, customers: list[dict[str, Any]]) -> None:
        self.rng = rng
        self.now = now_ms
        self.customers = customers
        self.unknown = [
            f"1{rng.choice(_AREA_CODES)}55501{n:02d}" for n in rng.sample(range(100), 12)
        ]
        self.unknown = [p for p in self.unknown if p not in {c["phone"] for c in customers}]
        self.threads: list[dict[str, Any]] = []
        self.next_id = ID_BASE
        self.agent_names = {aid: name.split()[0] for aid, _, name, _, _ in _AGENTS}
        self.by_service: dict[str, list[str]] = {}
        for aid, _, _, _, service in _AGENTS:
            self.by_service.setdefault(service, []).append(aid)

    def _id(self) -> str:
        self.next_id += self.rng.randrange(1, 40)
        return str(self.next_id)

    def build(self) -> None:
        code_of = {c["serviceId"]: c["code"] for c in _SMS_CODES}
        plan = [  # (service, owner or None, count) for unresolved SMS threads
            ("94881", "645836", 20),
            ("94881", None, 26),
            ("94881", "689579", 8),
            ("94881", "700101", 8),
            ("94874", None, 34),
            ("94874", "645835", 9),
            ("94874", "795963", 9),
            ("94874", "689581", 8),
            ("94887", None, 18),
            ("94887", "700102", 8),
            ("94887", "700103", 8),
            ("95012", None, 8),
        ]
        pools: dict[str, list[tuple[str, dict[str, Any] | None]]] = {}
        for service, owner, count in plan:
            pool = pools.get(service)
            if pool is None:
                pool = [(c["phone"], c) for c in self.customers] + [(p, None) for p in self.unknown]
                self.rng.shuffle(pool)
                pools[service] = pool
            for _ in range(count):
                phone, customer = pool.pop()
                self._thread(
                    "SMS", service, owner, code_of[service], phone, customer, resolved=False
                )
        # Resolved history: any agent, any customer, one to three weeks back.
        for _ in range(150):
            service = self.rng.choice(["94881", "94874", "94887"])
            owner = self.rng.choice(self.by_service[service])
            customer = self.rng.choice(self.customers)
            self._thread(
                "SMS", service, owner, code_of[service], customer["phone"], customer, resolved=True
            )
        # A few other channel types, in agent1's personal and the group inboxes.
        extra = [
            ("Email", "645836", 3),
            ("Chat", "645836", 2),
            ("Messaging", "645836", 3),
            ("Voicemail", "645836", 2),
            ("Email", None, 4),
            ("Chat", None, 2),
            ("Messaging", None, 3),
            ("Voicemail", None, 2),
        ]
        for kind, owner, count in extra:
            for customer in self.rng.sample(self.customers, count):
                address = customer["email"] if kind == "Email" else customer["phone"]
                code = "care@acme-demo.example" if kind == "Email" else "18005550142"
                self._thread(kind, "94881", owner, code, address, customer, resolved=False)
        for customer in self.rng.sample(self.customers, 3):
            self._thread(
                "Voicemail", "94874", None, "53063", customer["phone"], customer, resolved=False
            )
        self.threads.sort(key=lambda t: int(t["id"]))

    def _script(
        self, kind: str, owner: str | None, resolved: bool, customer: dict[str, Any] | None
    ) -> tuple[list[tuple[int, str]], str | None]:
        """Pick the lines of a conversation and, for resolved ones, the term code."""
        rng = self.rng
        if kind != "SMS":
            lines = _OTHER_CHANNEL_TEXT[kind]
            return (lines if owner else lines[:1]), None
        if customer is None:
            return rng.choice(
                [_SCRIPTS["wrong_number"][: rng.randrange(1, 5)], [(1, rng.choice(_OPENERS))]]
            ), (103 if resolved else None)
        name = rng.choices(list(_SCRIPTS), weights=[5, 3, 4, 3, 3, 1, 1, 2, 2, 3, 2, 2, 2, 2])[0]
        lines = _SCRIPTS[name]
        term = {
            "payment": 101,
            "payment_link": 101,
            "appointment": 105,
            "delivery": 102,
            "billing": 102,
            "stop": 104,
            "wrong_number": 103,
            "address": 102,
            "hardship": 101,
            "balance": 102,
            "dispute": 108,
            "reschedule_tech": 105,
            "new_inquiry": 102,
            "callback": 106,
        }[name]
        if resolved:
            if rng.random() < 0.75:  # earlier exchanges with the same customer
                lines = [*_SCRIPTS[rng.choice(list(_SCRIPTS))], *lines]
            if rng.random() < 0.3:
                lines = [*_SCRIPTS[rng.choice(list(_SCRIPTS))], *lines]
            return lines, term
        if owner is None:
            # Group inbox: mostly brand-new inbound conversations, some returned to the queue.
            if rng.random() < 0.7:
                openers = [(1, rng.choice(_OPENERS))]
                if rng.random() < 0.35:
                    openers.append((1, rng.choice(_OPENERS)))
                return openers, None
            cut = rng.randrange(2, len(lines) + 1)
            return lines[:cut], None
        cut = rng.randrange(1, len(lines) + 1)
        if rng.random() < 0.6:
            earlier = _SCRIPTS[rng.choice(list(_SCRIPTS))]
            lines = [*earlier, *lines]
            cut += len(earlier)
        return lines[:cut], None

    def _thread(
        self,
        kind: str,
        service: str,
        owner: str | None,
        code: str,
        phone: str,
        customer: dict[str, Any] | None,
        *,
        resolved: bool,
    ) -> None:
        rng = self.rng
        lines, term = self._script(kind, owner, resolved, customer)
        # When the conversation's last message happened.
        if resolved:
            end = self.now - rng.randrange(DAY_MS, 21 * DAY_MS)
        elif rng.random() < 0.6:
            end = self.now - rng.randrange(2 * MINUTE_MS, 14 * HOUR_MS)  # overnight / this morning
        else:
            end = self.now - rng.randrange(14 * HOUR_MS, 4 * DAY_MS)
        gaps = [rng.randrange(20_000, 45 * MINUTE_MS) for _ in lines]
        if len(gaps) > 4 and rng.random() < 0.3:
            gaps[len(gaps) // 2] += rng.randrange(HOUR_MS, 2 * DAY_MS)  # picked up next day
        dates = []
        t = end
        for gap in reversed(gaps):
            dates.append(t)
            t -= gap
        dates.reverse()
        sender = owner or rng.choice(self.by_service.get(service, ["645836"]))
        values = self._values(customer, sender)
        messages = []
        for (direction, text), date in zip(lines, dates, strict=True):
            messages.append(
                {
                    "id": self._id(),
                    "direction": direction,
                    "text": text.format(**values),
                    "date": date,
                    "agentId": sender if direction == 2 else None,
                }
            )
        thread_id = self._id()
        last_inbound = messages[-1]["direction"] == 1
        read = (
            True
            if resolved or not last_inbound
            else rng.random() < (0.25 if owner is None else 0.4)
        )
        self.threads.append(
            {
                "id": thread_id,
                "channel": kind,
                "serviceId": service,
                "owner": owner,
                "account": customer["account"] if customer else "",
                "phone": phone,
                "smsCode": code,
                "read": read,
                "resolved": resolved,
                "termCodeId": term,
                "messages": messages,
            }
        )

    def _values(self, customer: dict[str, Any] | None, sender: str) -> dict[str, str]:
        rng = self.rng
        balance = customer["balance"] if customer else rng.uniform(50, 900)
        due = datetime.fromtimestamp((self.now + rng.randrange(1, 20) * DAY_MS) / 1000, tz=UTC)
        return {
            "first": customer["firstName"] if customer else "there",
            "agent": self.agent_names.get(sender, "Jordan"),
            "company": "Acme Services",
            "balance": f"${balance:,.2f}",
            "half": f"${balance / 2:,.2f}",
            "small": f"${max(25.0, balance / 6):,.2f}",
            "acct4": (customer["account"] if customer else "0000")[-4:],
            "date": f"{due:%B} {due.day}",
            "order": f"#{rng.randrange(100000, 999999)}",
            "street": customer["address1"] if customer else "12 Maple St",
            "city": customer["city"] if customer else "Springfield",
            "state": customer["state"] if customer else "IL",
        }


# --- loading --------------------------------------------------------------------------------


def resolve_dataset(
    name: str, *, seed: int = DEFAULT_SEED, now_ms: int | None = None
) -> dict[str, Any]:
    """``demo``, ``empty`` or the path of a JSON dataset file."""
    if name == "demo":
        return demo_dataset(seed, now_ms)
    if name == "empty":
        return empty_dataset()
    path = Path(name)
    if not path.is_file():
        raise DatasetError(
            f"Dataset {name!r} is neither 'demo', 'empty' nor an existing JSON file."
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise DatasetError(f"Cannot read dataset file {name}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise DatasetError(f"Dataset file {name} is not valid JSON: {exc}") from None
    validate_dataset(data, source=name)
    return data


def _s(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def validate_dataset(data: Any, *, source: str = "dataset") -> None:
    """Catch the mistakes a hand-written file makes, with the path to the bad entry."""
    if not isinstance(data, dict):
        raise DatasetError(f"{source}: the top level must be a JSON object.")
    for key in ("services", "agents"):
        if not isinstance(data.get(key), list) or not data[key]:
            raise DatasetError(f"{source}: '{key}' must be a non-empty list.")
    for key in ("smsCodes", "templates", "termCodes", "customers", "threads"):
        if not isinstance(data.get(key, []), list):
            raise DatasetError(f"{source}: '{key}' must be a list.")
    services = set()
    for i, s in enumerate(data["services"]):
        if not isinstance(s, dict) or not _s(s.get("id")) or not _s(s.get("name")):
            raise DatasetError(f"{source}: services[{i}] needs 'id' and 'name'.")
        for kind in s.get("channels", ["SMS"]):
            if kind not in CHANNEL_TYPES:
                raise DatasetError(
                    f"{source}: services[{i}].channels has {kind!r}; "
                    f"use {', '.join(CHANNEL_TYPES)}."
                )
        services.add(_s(s["id"]))
    agents = set()
    for i, a in enumerate(data["agents"]):
        if not isinstance(a, dict) or not all(_s(a.get(k)) for k in ("id", "login", "password")):
            raise DatasetError(f"{source}: agents[{i}] needs 'id', 'login' and 'password'.")
        agents.add(_s(a["id"]))
    for i, t in enumerate(data.get("threads", [])):
        where = f"{source}: threads[{i}]"
        if not isinstance(t, dict):
            raise DatasetError(f"{where} must be an object.")
        if _s(t.get("serviceId")) not in services:
            raise DatasetError(f"{where}.serviceId {t.get('serviceId')!r} is not a service.")
        if t.get("owner") not in (None, "") and _s(t["owner"]) not in agents:
            raise DatasetError(f"{where}.owner {t.get('owner')!r} is not an agent.")
        if t.get("channel", "SMS") not in CHANNEL_TYPES:
            raise DatasetError(f"{where}.channel must be one of {', '.join(CHANNEL_TYPES)}.")
        if not _s(t.get("phone")):
            raise DatasetError(f"{where} needs 'phone'.")
        msgs = t.get("messages", [])
        if not isinstance(msgs, list) or not msgs:
            raise DatasetError(f"{where}.messages must be a non-empty list.")
        for j, m in enumerate(msgs):
            if (
                not isinstance(m, dict)
                or m.get("direction") not in (1, 2, "1", "2")
                or not isinstance(m.get("text"), str)
            ):
                raise DatasetError(f"{where}.messages[{j}] needs 'direction' (1 or 2) and 'text'.")
            if "date" not in m and "minutesAgo" not in m:
                raise DatasetError(
                    f"{where}.messages[{j}] needs 'date' (epoch ms) or 'minutesAgo'."
                )


def apply_dataset(db: sqlite3.Connection, data: Mapping[str, Any], *, now_ms: int) -> None:
    """Insert a dataset into empty tables (inside the caller's transaction)."""
    validate_dataset(data)
    meta = {
        "client_code": _s(data.get("clientCode") or "DEMO"),
        "client_id": str(int(data.get("clientId") or 1001)),
        "access_token": _s(data.get("accessToken") or "demo-token"),
        "company": _s(data.get("company") or "Acme Services"),
    }
    db.executemany("INSERT INTO meta VALUES (?, ?)", list(meta.items()))
    for s in data["services"]:
        db.execute(
            "INSERT INTO services VALUES (?,?,?)",
            (_s(s["id"]), s["name"], _s(s.get("team") or "North")),
        )
        for kind in s.get("channels", ["SMS"]):
            db.execute("INSERT INTO channels VALUES (?,?)", (_s(s["id"]), kind))
    for c in data.get("smsCodes", []):
        db.execute(
            "INSERT INTO sms_codes VALUES (?,?,?)",
            (_s(c["code"]), c.get("description") or "", _s(c.get("serviceId")) or None),
        )
    for a in data["agents"]:
        home = _s(a.get("serviceId")) or None
        for service in a.get("services") or ([home] if home else []):
            db.execute(
                "INSERT OR IGNORE INTO agent_services VALUES (?,?)", (_s(a["id"]), _s(service))
            )
        db.execute(
            "INSERT INTO agents VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                _s(a["id"]),
                _s(a["login"]),
                a.get("name") or a["login"],
                str(a["password"]),
                a.get("status") or "READY",
                _s(a.get("team") or "North"),
                1 if a.get("isAgent", True) else 0,
                _s(a.get("serviceId")) or None,
                a.get("maxUnresolved"),
                _s(a.get("phone")) or f"41555501{_s(a['id'])[-2:]}",
                int(a.get("passwordDays", 30)),
            ),
        )
    for t in data.get("templates", []):
        db.execute(
            "INSERT INTO templates VALUES (?,?,?,?)",
            (int(t["id"]), t.get("description"), t["message"], _s(t["smsCode"])),
        )
    for tc in data.get("termCodes", []):
        order = tc.get("reportDisplayOrder")
        db.execute(
            "INSERT INTO term_codes VALUES (?,?,?,?,?,?,?,?,?)",
            (
                int(tc["id"]),
                tc.get("name") or tc["description"],
                tc.get("category") or "",
                _s(tc.get("lvResultId")) or None,
                tc.get("lvResult"),
                int(order) if order is not None else None,
                _s(tc.get("actionType")) or "OTHER",
                1 if tc.get("paymentAmtRequired") else 0,
                _s(tc.get("serviceId")) or None,
            ),
        )
    for c in data.get("customers", []):
        db.execute(
            "INSERT INTO customers VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                _s(c["account"]),
                _s(c.get("originalAccountNumber") or c["account"]),
                c.get("firstName"),
                c.get("lastName"),
                _s(c["phone"]),
                c.get("email"),
                c.get("address1"),
                c.get("city"),
                c.get("state"),
                _s(c.get("zipCode")) or None,
                c.get("balance"),
                c.get("dueDate"),
                0 if c.get("optIn") is False else 1,
            ),
        )
    given = [
        int(_s(x["id"]))
        for t in data.get("threads", [])
        for x in [t, *t.get("messages", [])]
        if _s(x.get("id")).isdigit()
    ]
    counter = [max([ID_BASE, *given]) + 1]

    def fresh() -> str:
        counter[0] += 1
        return str(counter[0] - 1)

    for t in data.get("threads", []):
        tid = _s(t.get("id")) or fresh()
        channel = t.get("channel", "SMS")
        msgs = sorted(
            (
                {
                    **m,
                    "_date": int(m["date"])
                    if "date" in m
                    else now_ms - int(m["minutesAgo"] * MINUTE_MS),
                }
                for m in t["messages"]
            ),
            key=lambda m: m["_date"],
        )
        last = msgs[-1]
        last_dir = int(last["direction"])
        read = t.get("read")
        read = last_dir == 2 if read is None else bool(read)
        account = _s(t.get("account"))
        owner = _s(t.get("owner")) or None
        code = _s(t.get("smsCode"))
        ids = [(_s(m.get("id")) or fresh()) for m in msgs]
        db.execute(
            "INSERT INTO threads (id, channel, service_id, owner, account, phone, sms_code, read,"
            " replied, resolved, term_code, resolved_at, last_activity, assigned_at,"
            " last_direction, last_text, last_msg_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                tid,
                channel,
                _s(t["serviceId"]),
                owner,
                account,
                _s(t["phone"]),
                code,
                int(read),
                int(last_dir == 2),
                int(bool(t.get("resolved"))),
                int(_s(t.get("termCodeId"))) if _s(t.get("termCodeId")).isdigit() else None,
                last["_date"] if t.get("resolved") else None,
                last["_date"],
                last["_date"],
                last_dir,
                last["text"],
                ids[-1],
            ),
        )
        rows = []
        for m, mid in zip(msgs, ids, strict=True):
            direction = int(m["direction"])
            status = m.get("status") or (
                "Operator Transfer"
                if direction == 1
                else "SMS MT Delivered"
                if channel == "SMS"
                else "Delivered"
            )
            rows.append(
                (
                    mid,
                    tid,
                    channel,
                    account,
                    direction,
                    m["text"],
                    status,
                    m["_date"],
                    _s(t["phone"]),
                    code,
                    _s(m.get("agentId")) or None,
                    None,
                    None,
                )
            )
        db.executemany("INSERT INTO messages VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        if any(m["text"].strip().upper() == "STOP" and int(m["direction"]) == 1 for m in msgs):
            db.execute("UPDATE customers SET opt_in=0 WHERE phone=?", (_s(t["phone"]),))

"""The scripted customers at play: openers at the start, replies after their delay, follow-ups
when kept waiting, silence and opt-outs; and the journal of what everyone did.

Why the world's clock for every delay: a test passes a fake clock to the World and moves it on
to make a reply due, so no test races a real timer; in class the clock is real time. The
ticking task only looks at that clock (four times a second), it never sleeps out a delay.

Agents' actions come in from :mod:`.trainer_api`'s middleware, which sees every successful
send, transfer, resolve, take and to-group with who did it; the player answers sends and
writes all of it to the journal (``events``), which the console and the debrief read.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import logging
from dataclasses import dataclass, field
from typing import Any

from .classroom import Run
from .errors import ApiError
from .scenario import Scenario
from .slips import RULES, ComplianceRules
from .state import World

__all__ = ["Event", "ScenarioPlayer"]

log = logging.getLogger("inbox_app.simulator.player")

Event = dict[str, Any]


@dataclass
class _Customer:
    """What one scripted customer has done so far."""

    run: Run
    thread_id: str | None = None
    used: set[int] = field(default_factory=set)
    replies: int = 0
    escalations: int = 0
    opted_out_at: int | None = None
    quiet: bool = False
    resolved: bool = False
    last_customer_at: int | None = None
    last_agent_at: int | None = None
    first_response_at: int | None = None
    owner: str | None = None  # login of the agent holding the thread, None = group inbox

    @property
    def waiting_since(self) -> int | None:
        """When the customer's unanswered message came in, if it is unanswered (an opted-out
        customer waits for nothing: an answer would be a compliance slip)."""
        if self.resolved or self.opted_out_at is not None or self.last_customer_at is None:
            return None
        if self.last_agent_at is not None and self.last_agent_at >= self.last_customer_at:
            return None
        return self.last_customer_at


@dataclass(order=True)
class _Due:
    at: int
    seq: int
    run_id: str = field(compare=False)
    text: str = field(compare=False)
    why: str = field(compare=False)
    then: str | None = field(compare=False, default=None)


class ScenarioPlayer:
    """Plays ``runs`` of ``scenario`` against ``world``; ``start`` inside the server's loop."""

    def __init__(
        self,
        world: World,
        scenario: Scenario,
        runs: list[Run],
        *,
        tick: float = 0.25,
        rules: ComplianceRules = RULES,
        trainees: int = 0,
    ) -> None:
        self.world = world
        self.scenario = scenario
        self.runs = runs
        self.tick = tick
        self.rules = rules
        self.trainees = trainees
        self.events: list[Event] = []
        self._customers: dict[str, _Customer] = {}
        self._by_number: dict[str, _Customer] = {}
        self._by_thread: dict[str, _Customer] = {}
        self._due: list[_Due] = []
        self._seq = 0
        self._task: asyncio.Task[None] | None = None
        self.stepped_at = 0  # the clock when the player last looked (tests wait on it)

    # --- life cycle ---------------------------------------------------------------------------

    def begin(self) -> None:
        """Every customer sends their opener (into their trainee's personal inbox)."""
        self.events.clear()
        self._due.clear()
        self._customers = {r.id: _Customer(r, owner=r.trainee) for r in self.runs}
        self._by_number = {c.run.number: c for c in self._customers.values()}
        self._by_thread = {}
        self._record("class_started", None, trainees=self.trainees, scenario=self.scenario.title)
        for customer in self._customers.values():
            run = customer.run
            body: dict[str, Any] = {
                "phone": run.number,
                "message": run.customer.opens,
                "serviceId": run.service_id,
                "smsCode": run.sms_code,
                "account": run.account,
            }
            if run.trainee_id is not None:
                body["agentId"] = run.trainee_id
            made = self.world.inject_inbound(body)
            self._track(customer, made["threadId"])
            customer.last_customer_at = self.world.now_ms()
            self._record("opened", customer, text=run.customer.opens)

    def start(self) -> asyncio.Task[None]:
        self.begin()
        self._task = asyncio.get_running_loop().create_task(self._run(), name="sim-scenario")
        return self._task

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def restart(self) -> None:
        """The class from the top: the world back to its dataset, every opener again."""
        self.world.reset()
        self.begin()

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.tick)
            try:
                self.step()
            except ApiError as exc:  # the world is shutting down, or was reset under us
                log.debug("scenario step skipped: %s", exc.message)
            except Exception:  # a bug must not stop the class: say so and keep playing
                log.exception("scenario step failed")

    # --- the clock moves ----------------------------------------------------------------------

    def step(self) -> None:
        """Say what is due now: replies whose delay is over, follow-ups of the kept waiting."""
        first = next(iter(self._customers.values()), None)
        if first is not None and first.thread_id and self.world.thread_row(first.thread_id) is None:
            log.info("the world was reset: the scenario starts again")
            self.begin()
            return
        now = self.world.now_ms()
        while self._due and self._due[0].at <= now:
            due = heapq.heappop(self._due)
            customer = self._customers.get(due.run_id)
            if customer is None or customer.resolved or self._silent(customer):
                continue
            self._say(customer, due.text, due.why)
            customer.replies += 1
            if due.then == "opt_out":
                self._opt_out(customer, said=True)
            elif due.then == "quiet" or (
                customer.run.customer.quiet_after is not None
                and customer.replies >= customer.run.customer.quiet_after
            ):
                self._go_quiet(customer)
        for customer in self._customers.values():
            self._escalate(customer, now)
        self.stepped_at = now

    def _escalate(self, customer: _Customer, now: int) -> None:
        plan = customer.run.customer.escalation
        since = customer.waiting_since
        if plan is None or since is None or self._silent(customer):
            return
        if customer.escalations >= len(plan.say) or any(
            d.run_id == customer.run.id for d in self._due
        ):
            return
        if now - since >= plan.after_s * 1000:
            text = plan.say[customer.escalations]
            customer.escalations += 1
            self._say(customer, text, "escalation")

    # --- what agents do (from the middleware) -------------------------------------------------

    def agent_sent(self, agent: str, thread_id: str | None, number: str, text: str) -> None:
        customer = self._by_thread.get(thread_id or "") or self._by_number.get(number)
        if customer is None:
            return  # not one of the scenario's customers
        if thread_id:
            self._track(customer, thread_id)
        now = self.world.now_ms()
        customer.last_agent_at = now
        customer.resolved = False
        if customer.first_response_at is None:
            customer.first_response_at = now
        self._record("sent", customer, agent=agent, text=text)
        limit = customer.run.customer.quiet_after
        if self._silent(customer) or (limit is not None and customer.replies >= limit):
            return
        answer = customer.run.customer.answer(text, customer.used)
        if answer is None:
            return
        index, rule = answer
        customer.used.add(index)
        self._seq += 1
        heapq.heappush(
            self._due,
            _Due(
                now + int(rule.after_s * 1000),
                self._seq,
                customer.run.id,
                rule.say,
                "fallback" if rule.is_fallback else "reply",
                rule.then,
            ),
        )

    def agent_acted(self, kind: str, agent: str, thread_id: str, **detail: Any) -> None:
        """A transfer, resolve, take or to-group on a scenario customer's thread."""
        customer = self._by_thread.get(thread_id)
        if customer is None:
            row = self.world.thread_row(thread_id)
            customer = self._by_number.get(row["phone"]) if row else None
            if customer is None:
                return
            self._track(customer, thread_id)
        if kind == "resolve":
            customer.resolved = True
            self._due = [d for d in self._due if d.run_id != customer.run.id]
            heapq.heapify(self._due)
        elif kind in ("transfer", "take"):
            customer.owner = detail.get("to")
        elif kind == "to_group":
            customer.owner = None
        self._record(kind, customer, agent=agent, **detail)

    # --- what the trainer does ----------------------------------------------------------------

    def trainer_say(self, run_id: str, text: str) -> Event:
        customer = self._customer(run_id)
        if customer.opted_out_at is not None:
            raise ApiError(409, f"{run_id} has opted out and texts no more.")
        customer.quiet = False
        return self._say(customer, text, "trainer")

    def trainer_opt_out(self, run_id: str) -> Event:
        customer = self._customer(run_id)
        if customer.opted_out_at is not None:
            raise ApiError(409, f"{run_id} has already opted out.")
        return self._opt_out(customer, said=False)

    def trainer_quiet(self, run_id: str) -> Event:
        customer = self._customer(run_id)
        if customer.quiet:
            raise ApiError(409, f"{run_id} is already quiet.")
        return self._go_quiet(customer)

    def _customer(self, run_id: str) -> _Customer:
        customer = self._customers.get(run_id)
        if customer is None:
            raise ApiError(404, f"No scripted customer {run_id!r}; see GET /_sim/class.")
        return customer

    # --- the customer speaks ------------------------------------------------------------------

    def _say(self, customer: _Customer, text: str, why: str) -> Event:
        body: dict[str, Any] = {"message": text}
        if customer.thread_id is not None and self.world.thread_row(customer.thread_id):
            body["threadId"] = customer.thread_id
        else:
            run = customer.run
            body.update(
                phone=run.number,
                serviceId=run.service_id,
                smsCode=run.sms_code,
                account=run.account,
            )
        made = self.world.inject_inbound(body)
        self._track(customer, made["threadId"])
        customer.last_customer_at = self.world.now_ms()
        if customer.resolved:  # writing to a resolved thread opens it in the group inbox
            row = self.world.thread_row(made["threadId"])
            owner = self.world.agent_info(row["owner"]) if row and row["owner"] else None
            customer.owner = owner["login"] if owner else None
        customer.resolved = False
        if self.rules.is_opt_out(text):
            customer.opted_out_at = customer.last_customer_at
        return self._record("said", customer, text=text, why=why)

    def _opt_out(self, customer: _Customer, *, said: bool) -> Event:
        if not said:
            self._say(customer, self.scenario.opt_out_word, "trainer")
        customer.opted_out_at = customer.opted_out_at or self.world.now_ms()
        self._drop_due(customer)
        return self._record("opted_out", customer)

    def _go_quiet(self, customer: _Customer) -> Event:
        customer.quiet = True
        self._drop_due(customer)
        return self._record("quiet", customer)

    def _drop_due(self, customer: _Customer) -> None:
        self._due = [d for d in self._due if d.run_id != customer.run.id]
        heapq.heapify(self._due)

    @staticmethod
    def _silent(customer: _Customer) -> bool:
        return customer.quiet or customer.opted_out_at is not None

    def _track(self, customer: _Customer, thread_id: str) -> None:
        if customer.thread_id != thread_id:
            customer.thread_id = thread_id
            self._by_thread[thread_id] = customer

    def _record(self, kind: str, customer: _Customer | None, **detail: Any) -> Event:
        event: Event = {"at": self.world.now_ms(), "kind": kind}
        if customer is not None:
            event.update(
                run=customer.run.id,
                trainee=customer.run.trainee,
                threadId=customer.thread_id,
            )
        event.update(detail)
        self.events.append(event)
        return event

    # --- what the console and the debrief read ------------------------------------------------

    def view(self) -> dict[str, Any]:
        now = self.world.now_ms()
        pending: dict[str, list[dict[str, Any]]] = {}
        for due in sorted(self._due):
            pending.setdefault(due.run_id, []).append({"at": due.at, "text": due.text})
        customers = []
        for customer in self._customers.values():
            run = customer.run
            since = customer.waiting_since
            customers.append(
                {
                    "run": run.id,
                    "trainee": run.trainee,
                    "name": run.customer.name,
                    "number": run.number,
                    "account": run.account,
                    "threadId": customer.thread_id,
                    "owner": customer.owner,
                    "state": self._state(customer),
                    "waitingSince": since,
                    "waitingS": round((now - since) / 1000, 1) if since is not None else None,
                    "replies": customer.replies,
                    "firstResponseAt": customer.first_response_at,
                    "optedOutAt": customer.opted_out_at,
                    "pending": pending.get(run.id, []),
                }
            )
        return {
            "now": now,
            "steppedAt": self.stepped_at,
            "scenario": self.expectations(),
            "trainees": sorted(
                {c.run.trainee for c in self._customers.values() if c.run.trainee},
                key=lambda login: int(login.removeprefix("trainee") or 0),
            ),
            "customers": customers,
        }

    def expectations(self) -> dict[str, Any]:
        """What the scenario expects of each customer (the debrief compares against it)."""
        terms = self.world.term_names()
        return {
            "title": self.scenario.title,
            "language": self.scenario.language,
            "source": self.scenario.source,
            "termCodes": terms,
            "runs": {
                run.id: {
                    "name": run.customer.name,
                    "trainee": run.trainee,
                    "number": run.number,
                    "expectTerm": run.expect_term_id,
                    "expectTransfer": run.customer.expect_transfer,
                }
                for run in self.runs
            },
        }

    @staticmethod
    def _state(customer: _Customer) -> str:
        if customer.opted_out_at is not None:
            return "opted_out"
        if customer.resolved:
            return "resolved"
        if customer.quiet:
            return "quiet"
        return "waiting" if customer.waiting_since is not None else "answered"

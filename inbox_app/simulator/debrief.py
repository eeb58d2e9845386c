"""``inbox-sim report URL --out debrief.html``: what each trainee did, from the class journal.

Per trainee: first-response time per customer, messages and SMS segments sent, transfers and
resolves with the term code against the one the scenario expects, and compliance slips (a
text after the customer opted out, a text at night in the customer's time zone; see
:mod:`.slips`). As a page a trainer can project (large type, inline SVG charts, no script,
nothing fetched) and as CSV, one row per trainee and customer.

Why from the journal only (``GET /_sim/class/events``): every figure is a function of those
events, so the debrief of a class is reproducible and a test checks the figures against the
events it caused. Messages, segments, transfers, resolves and slips count for the trainee who
did them; first response is per customer, for the trainee whose customer it is (or, in the
group inbox, whoever answered).
"""

from __future__ import annotations

import csv
import html
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .slips import RULES, ComplianceRules

__all__ = [
    "CustomerFigures",
    "Debrief",
    "Slip",
    "TraineeFigures",
    "build_debrief",
    "segments",
    "write_csv",
    "write_html",
]

# GSM 03.38: the basic set costs one septet, the extension table two; anything else is UCS-2.
# (The same rule as inbox_app/core/sms.py, which the simulator may not import.)
_GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENDED = frozenset("^{}\\[~]|€\f")


def segments(text: str) -> int:
    """How many SMS segments ``text`` costs (160/153 GSM-7 septets, 70/67 UCS-2 units)."""
    if all(c in _GSM_BASIC or c in _GSM_EXTENDED for c in text):
        units = sum(2 if c in _GSM_EXTENDED else 1 for c in text)
        single, multi = 160, 153
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, multi = 70, 67
    if units == 0:
        return 0
    return 1 if units <= single else -(-units // multi)


@dataclass(frozen=True, slots=True)
class Slip:
    trainee: str
    run: str
    customer: str
    at: int
    kind: str  # "after opt-out" | "at night"
    text: str


@dataclass
class CustomerFigures:
    run: str
    customer: str
    trainee: str | None
    opened_at: int | None = None
    first_response_s: float | None = None
    responder: str | None = None
    messages: int = 0
    segments: int = 0
    transfers: list[str] = field(default_factory=list)  # "trainee1 → trainee2", "→ group"
    resolved_term: int | None = None
    resolved_by: str | None = None
    expected_term: int | None = None
    expect_transfer: bool = False
    opted_out_at: int | None = None
    slips: list[Slip] = field(default_factory=list)

    @property
    def resolved(self) -> bool:
        return self.resolved_by is not None

    @property
    def term_verdict(self) -> str:
        """right | wrong | missing (resolved without a code) | open | n/a (none expected)"""
        if not self.resolved:
            return "open"
        if self.expected_term is None:
            return "n/a"
        if self.resolved_term is None:
            return "missing"
        return "right" if self.resolved_term == self.expected_term else "wrong"

    @property
    def transferred(self) -> bool:
        return bool(self.transfers)


@dataclass
class TraineeFigures:
    login: str
    customers: list[CustomerFigures] = field(default_factory=list)
    messages: int = 0
    segments: int = 0
    transfers: int = 0
    resolves: int = 0
    right_terms: int = 0
    wrong_terms: int = 0
    slips: list[Slip] = field(default_factory=list)

    @property
    def median_first_response_s(self) -> float | None:
        times = [c.first_response_s for c in self.customers if c.first_response_s is not None]
        return statistics.median(times) if times else None

    @property
    def unanswered(self) -> int:
        return sum(1 for c in self.customers if c.first_response_s is None)


@dataclass
class Debrief:
    title: str
    language: str
    source: str
    term_codes: dict[int, str]
    generated_at: int
    started_at: int | None
    trainees: list[TraineeFigures]
    customers: list[CustomerFigures]
    unanswered_group: list[CustomerFigures] = field(default_factory=list)

    def term_name(self, code: int | None) -> str:
        if code is None:
            return "—"
        return f"{code} {self.term_codes.get(code, '?')}"


def build_debrief(payload: dict[str, Any], rules: ComplianceRules = RULES) -> Debrief:
    """The figures of ``GET /_sim/class/events``."""
    scenario = payload["scenario"]
    runs: dict[str, dict[str, Any]] = scenario["runs"]
    terms = {int(k): str(v) for k, v in scenario.get("termCodes", {}).items()}
    customers = {
        run_id: CustomerFigures(
            run=run_id,
            customer=info["name"],
            trainee=info["trainee"],
            expected_term=info.get("expectTerm"),
            expect_transfer=bool(info.get("expectTransfer")),
        )
        for run_id, info in runs.items()
    }
    trainees: dict[str, TraineeFigures] = {}

    def trainee(login: str) -> TraineeFigures:
        return trainees.setdefault(login, TraineeFigures(login))

    for info in runs.values():
        if info["trainee"]:
            trainee(info["trainee"])
    started_at = None
    for event in sorted(payload["events"], key=lambda e: e["at"]):
        kind = event["kind"]
        if kind == "class_started":
            started_at = event["at"]
            continue
        c = customers.get(event.get("run", ""))
        if c is None:
            continue
        agent = event.get("agent")
        if kind == "opened":
            c.opened_at = event["at"]
        elif kind == "opted_out":
            c.opted_out_at = c.opted_out_at or event["at"]
        elif kind == "said" and rules.is_opt_out(event.get("text", "")):
            c.opted_out_at = c.opted_out_at or event["at"]
        elif kind == "said" and rules.is_opt_in(event.get("text", "")):
            c.opted_out_at = None  # START: texting them is allowed again
        elif kind == "sent" and agent:
            cost = segments(event.get("text", ""))
            c.messages += 1
            c.segments += cost
            t = trainee(agent)
            t.messages += 1
            t.segments += cost
            if c.first_response_s is None and c.opened_at is not None:
                c.first_response_s = (event["at"] - c.opened_at) / 1000
                c.responder = agent
            number = runs[c.run]["number"]
            if c.opted_out_at is not None and event["at"] > c.opted_out_at:
                _slip(c, t, event, "after opt-out")
            if rules.is_night(number, event["at"]):
                _slip(c, t, event, "at night")
        elif kind in ("transfer", "to_group") and agent:
            c.transfers.append(f"{agent} → {event.get('to') or 'group'}")
            trainee(agent).transfers += 1
        elif kind == "resolve" and agent:
            c.resolved_term = event.get("termCode")
            c.resolved_by = agent
            t = trainee(agent)
            t.resolves += 1
            if c.term_verdict == "right":
                t.right_terms += 1
            elif c.term_verdict in ("wrong", "missing"):
                t.wrong_terms += 1
        elif kind == "said" and c.resolved:
            c.resolved_by = None  # the customer wrote again: the thread is open once more
    unanswered = []
    for c in customers.values():
        owner = c.trainee or c.responder
        if owner:
            trainee(owner).customers.append(c)
        else:
            unanswered.append(c)  # a group-inbox customer nobody answered
    ordered = sorted(trainees.values(), key=lambda t: _trainee_order(t.login))
    return Debrief(
        title=scenario.get("title", ""),
        language=scenario.get("language", "en"),
        source=scenario.get("source", ""),
        term_codes=terms,
        generated_at=int(payload.get("now") or 0),
        started_at=started_at,
        trainees=ordered,
        customers=list(customers.values()),
        unanswered_group=unanswered,
    )


def _slip(c: CustomerFigures, t: TraineeFigures, event: dict[str, Any], kind: str) -> None:
    slip = Slip(t.login, c.run, c.customer, event["at"], kind, event.get("text", ""))
    c.slips.append(slip)
    t.slips.append(slip)


def _trainee_order(login: str) -> tuple[int, str]:
    digits = login.removeprefix("trainee")
    return (int(digits), "") if digits.isdigit() else (10_000, login)


# --- CSV --------------------------------------------------------------------------------------

CSV_FIELDS = [
    "trainee",
    "customer_run",
    "customer",
    "first_response_s",
    "first_responder",
    "messages",
    "segments",
    "transfers",
    "resolved_by",
    "term_code",
    "expected_term_code",
    "term_verdict",
    "expect_transfer",
    "transferred",
    "slips_after_opt_out",
    "slips_at_night",
]


def write_csv(debrief: Debrief, path: str | Path) -> None:
    """One row per trainee and customer (a group-inbox customer under whoever answered)."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=CSV_FIELDS)
        writer.writeheader()
        rows = [(t.login, c) for t in debrief.trainees for c in t.customers]
        rows += [("", c) for c in debrief.unanswered_group]
        for login, c in rows:
            writer.writerow(
                {
                    "trainee": login,
                    "customer_run": c.run,
                    "customer": c.customer,
                    "first_response_s": ""
                    if c.first_response_s is None
                    else f"{c.first_response_s:g}",
                    "first_responder": c.responder or "",
                    "messages": c.messages,
                    "segments": c.segments,
                    "transfers": "; ".join(c.transfers),
                    "resolved_by": c.resolved_by or "",
                    "term_code": "" if c.resolved_term is None else c.resolved_term,
                    "expected_term_code": "" if c.expected_term is None else c.expected_term,
                    "term_verdict": c.term_verdict,
                    "expect_transfer": str(c.expect_transfer).lower(),
                    "transferred": str(c.transferred).lower(),
                    "slips_after_opt_out": sum(1 for s in c.slips if s.kind != "at night"),
                    "slips_at_night": sum(1 for s in c.slips if s.kind == "at night"),
                }
            )


# --- the page ---------------------------------------------------------------------------------

_CSS = """
body { font: 20px/1.45 system-ui, sans-serif; margin: 2rem 3rem; color: #1d1d1f; }
h1 { font-size: 2.2rem; margin: 0 0 .2rem; } h2 { font-size: 1.6rem; margin-top: 2.4rem; }
.meta { color: #555; } .cards { display: flex; gap: 1rem; flex-wrap: wrap; margin: 1.2rem 0; }
.card { border: 2px solid #d0d4dc; border-radius: 10px; padding: .6rem 1.2rem; min-width: 9rem; }
.card b { display: block; font-size: 2rem; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1.4rem; }
th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #ddd; }
th { background: #f1f3f7; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
.right { color: #17733a; font-weight: 600; } .wrong, .missing { color: #b3261e; font-weight: 600; }
.slip { color: #b3261e; } .charts { display: grid; grid-template-columns: 1fr 1fr; gap: 1.5rem; }
svg text { font: 16px system-ui, sans-serif; fill: #1d1d1f; }
.note { color: #555; font-size: .85em; }
"""
_BLUE, _TEAL, _RED, _GREEN = "#2f5fb3", "#1b8a8a", "#b3261e", "#17733a"


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _when(ms: int | None) -> str:
    if not ms:
        return "—"
    return datetime.fromtimestamp(ms / 1000, tz=UTC).strftime("%Y-%m-%d %H:%M UTC")


def _seconds(value: float | None) -> str:
    if value is None:
        return "—"
    whole = round(value)
    return f"{whole // 60}:{whole % 60:02d}"


def bar_chart(
    title: str,
    labels: list[str],
    series: list[tuple[str, str, list[float]]],
    fmt: Callable[[float], str] = lambda v: f"{v:g}",
) -> str:
    """Horizontal bars, one group per label, one bar per series (name, colour, values)."""
    bar, gap, left, width = 22, 14, 150, 640
    rows = len(labels)
    height = 48 + rows * (len(series) * bar + gap) + 30
    top = max([v for _, _, values in series for v in values] + [1])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{_e(title)}">',
        f'<text x="0" y="22" style="font-weight:600">{_e(title)}</text>',
    ]
    y = 40
    for i, label in enumerate(labels):
        parts.append(
            f'<text x="{left - 10}" y="{y + bar * len(series) / 2 + 6}" '
            f'text-anchor="end">{_e(label)}</text>'
        )
        for _name, colour, values in series:
            value = values[i]
            length = (width - left - 90) * value / top
            parts.append(
                f'<rect x="{left}" y="{y}" width="{length:.1f}" height="{bar - 4}" '
                f'fill="{colour}"/>'
                f'<text x="{left + length + 6:.1f}" y="{y + bar - 8}">{_e(fmt(value))}</text>'
            )
            y += bar
        y += gap
    x = left
    for name, colour, _ in series:
        if len(series) > 1:
            parts.append(
                f'<rect x="{x}" y="{y + 4}" width="14" height="14" fill="{colour}"/>'
                f'<text x="{x + 20}" y="{y + 17}">{_e(name)}</text>'
            )
            x += 30 + 10 * len(name)
    parts.append("</svg>")
    return "".join(parts)


# The page's words, in the scenario's language (the simulator has no Qt translations; the
# CSV keeps English column names for spreadsheets and scripts).
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "debrief": "Debrief",
        "meta": "Class started {start}; report {now}; scenario {source}",
        "trainees": "trainees",
        "customers": "customers",
        "median": "median first response",
        "resolved": "resolved",
        "right_code": "right term code",
        "slips": "compliance slips",
        "of": "{a} of {b}",
        "chart_first": "Median first response (m:ss)",
        "first": "first response",
        "chart_sent": "Messages and segments sent",
        "messages": "messages",
        "segments": "segments",
        "chart_terms": "Resolves: term code right / wrong",
        "right": "right",
        "wrong_or_missing": "wrong or missing",
        "chart_slips": "Compliance slips",
        "summary": "{messages} messages ({segments} segments), {transfers} transfers, "
        "{resolves} resolves ({right} with the expected term code), "
        "<span class='{cls}'>{slips} compliance slips</span>; median first response {median}.",
        "h_customer": "Customer",
        "h_first": "First response",
        "h_messages": "Messages",
        "h_segments": "Segments",
        "h_transfers": "Transfers",
        "h_resolved": "Resolved with",
        "h_expected": "Expected",
        "h_slip": "Slip",
        "h_when": "When",
        "h_text": "Text",
        "open": "open",
        "hand_off": "(hand-off expected)",
        "v_right": "right",
        "v_wrong": "wrong",
        "v_missing": "missing",
        "v_open": "open",
        "v_n/a": "n/a",
        "after opt-out": "after opt-out",
        "at night": "at night",
        "nobody": "Nobody answered (group inbox)",
        "note": "Compliance slips: a text after the customer opted out (STOP, ALTO and the other "
        "opt-out keywords), or sent between 21:00 and 08:00 in the customer's time zone. "
        "These are the simulator's own small rules; they will follow the app's shared "
        "compliance rule table once it can be used outside the app's core.",
    },
    "es": {
        "debrief": "Informe",
        "meta": "Clase iniciada {start}; informe {now}; escenario {source}",
        "trainees": "alumnos",
        "customers": "clientes",
        "median": "primera respuesta (mediana)",
        "resolved": "resueltos",
        "right_code": "código de cierre correcto",
        "slips": "faltas de cumplimiento",
        "of": "{a} de {b}",
        "chart_first": "Primera respuesta, mediana (m:ss)",
        "first": "primera respuesta",
        "chart_sent": "Mensajes y segmentos enviados",
        "messages": "mensajes",
        "segments": "segmentos",
        "chart_terms": "Cierres: código correcto / incorrecto",
        "right": "correcto",
        "wrong_or_missing": "incorrecto o sin código",
        "chart_slips": "Faltas de cumplimiento",
        "summary": "{messages} mensajes ({segments} segmentos), {transfers} transferencias, "
        "{resolves} cierres ({right} con el código esperado), "
        "<span class='{cls}'>{slips} faltas de cumplimiento</span>; primera respuesta "
        "(mediana) {median}.",
        "h_customer": "Cliente",
        "h_first": "Primera respuesta",
        "h_messages": "Mensajes",
        "h_segments": "Segmentos",
        "h_transfers": "Transferencias",
        "h_resolved": "Cerrado con",
        "h_expected": "Esperado",
        "h_slip": "Falta",
        "h_when": "Cuándo",
        "h_text": "Texto",
        "open": "abierto",
        "hand_off": "(se esperaba pasarlo)",
        "v_right": "correcto",
        "v_wrong": "incorrecto",
        "v_missing": "sin código",
        "v_open": "abierto",
        "v_n/a": "—",
        "after opt-out": "tras la baja",
        "at night": "de noche",
        "nobody": "Nadie respondió (bandeja de grupo)",
        "note": "Faltas de cumplimiento: un mensaje después de que el cliente se diera de baja "
        "(STOP, ALTO y las demás palabras de baja), o enviado entre las 21:00 y las 08:00 en la "
        "zona horaria del cliente. Son reglas propias y pequeñas del simulador; seguirán la "
        "tabla de reglas de cumplimiento compartida de la aplicación en cuanto pueda usarse "
        "fuera del núcleo de la aplicación.",
    },
}


def render_html(debrief: Debrief) -> str:
    w = WORDS.get(debrief.language, WORDS["en"])
    trainees = debrief.trainees
    labels = [t.login for t in trainees]
    customers = debrief.customers
    slips = [s for t in trainees for s in t.slips]
    answered = [c.first_response_s for c in customers if c.first_response_s is not None]
    resolved = [c for c in customers if c.resolved]
    right = sum(1 for c in resolved if c.term_verdict == "right")
    cards = [
        (w["trainees"], len(trainees)),
        (w["customers"], len(customers)),
        (w["median"], _seconds(statistics.median(answered)) if answered else "—"),
        (w["resolved"], w["of"].format(a=len(resolved), b=len(customers))),
        (w["right_code"], w["of"].format(a=right, b=len(resolved))),
        (w["slips"], len(slips)),
    ]
    meta = w["meta"].format(
        start=_when(debrief.started_at), now=_when(debrief.generated_at), source=debrief.source
    )
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{_e(debrief.language)}"><head><meta charset="utf-8">',
        f"<title>{_e(w['debrief'])}: {_e(debrief.title)}</title><style>{_CSS}</style></head>",
        f"<body><h1>{_e(w['debrief'])}: {_e(debrief.title)}</h1>",
        f'<p class="meta">{_e(meta)}</p>',
        '<div class="cards">',
        *(f'<div class="card"><b>{_e(v)}</b>{_e(k)}</div>' for k, v in cards),
        "</div>",
        '<div class="charts">',
        bar_chart(
            w["chart_first"],
            labels,
            [(w["first"], _BLUE, [t.median_first_response_s or 0.0 for t in trainees])],
            _seconds,
        ),
        bar_chart(
            w["chart_sent"],
            labels,
            [
                (w["messages"], _BLUE, [float(t.messages) for t in trainees]),
                (w["segments"], _TEAL, [float(t.segments) for t in trainees]),
            ],
        ),
        bar_chart(
            w["chart_terms"],
            labels,
            [
                (w["right"], _GREEN, [float(t.right_terms) for t in trainees]),
                (w["wrong_or_missing"], _RED, [float(t.wrong_terms) for t in trainees]),
            ],
        ),
        bar_chart(
            w["chart_slips"], labels, [(w["slips"], _RED, [float(len(t.slips)) for t in trainees])]
        ),
        "</div>",
    ]
    head = "".join(
        f"<th>{_e(w[k])}</th>"
        for k in (
            "h_customer",
            "h_first",
            "h_messages",
            "h_segments",
            "h_transfers",
            "h_resolved",
            "h_expected",
        )
    )
    for t in trainees:
        summary = w["summary"].format(
            messages=t.messages,
            segments=t.segments,
            transfers=t.transfers,
            resolves=t.resolves,
            right=t.right_terms,
            cls="slip" if t.slips else "",
            slips=len(t.slips),
            median=_seconds(t.median_first_response_s),
        )
        out += [
            f'<h2 id="{_e(t.login)}">{_e(t.login)}</h2>',
            f"<p>{summary}</p>",
            f"<table><tr>{head}<th></th></tr>",
        ]
        for c in t.customers:
            transfer = _e("; ".join(c.transfers) or "—")
            if c.expect_transfer and not c.transferred:
                transfer += f' <span class="wrong">{_e(w["hand_off"])}</span>'
            got = debrief.term_name(c.resolved_term) if c.resolved else w["open"]
            out.append(
                f"<tr><td>{_e(c.customer)} <small>{_e(c.run)}</small></td>"
                f'<td class="n">{_seconds(c.first_response_s)}</td>'
                f'<td class="n">{c.messages}</td><td class="n">{c.segments}</td>'
                f"<td>{transfer}</td><td>{_e(got)}</td>"
                f"<td>{_e(debrief.term_name(c.expected_term))}</td>"
                f'<td class="{_e(c.term_verdict)}">{_e(w["v_" + c.term_verdict])}</td></tr>'
            )
        out.append("</table>")
        if t.slips:
            out.append(
                "<table><tr>"
                + "".join(f"<th>{_e(w[k])}</th>" for k in ("h_slip", "h_customer", "h_when"))
                + f"<th>{_e(w['h_text'])}</th></tr>"
            )
            out += [
                f'<tr class="slip"><td>{_e(w[s.kind])}</td><td>{_e(s.customer)}</td>'
                f"<td>{_e(_when(s.at))}</td><td>{_e(s.text)}</td></tr>"
                for s in t.slips
            ]
            out.append("</table>")
    if debrief.unanswered_group:
        out.append(f"<h2>{_e(w['nobody'])}</h2><ul>")
        out += [
            f"<li>{_e(c.customer)} <small>{_e(c.run)}</small></li>"
            for c in debrief.unanswered_group
        ]
        out.append("</ul>")
    out += [f'<p class="note">{_e(w["note"])}</p>', "</body></html>"]
    return "\n".join(out)


def write_html(debrief: Debrief, path: str | Path) -> None:
    Path(path).write_text(render_html(debrief), encoding="utf-8")

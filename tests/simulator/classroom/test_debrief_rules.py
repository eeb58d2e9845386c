"""The debrief's rules on a hand-written journal: hand-offs expected and made, a resolve
without a term code, a group-inbox customer under whoever answered, a customer writing again
after a resolve, and the night rule in the customer's own time zone."""

from __future__ import annotations

import html
from pathlib import Path

from inbox_app.simulator.debrief import build_debrief, render_html, write_csv
from inbox_app.simulator.slips import RULES

T0 = 1_764_601_200_000  # 2026-12-01 15:00 UTC


def _journal(events: list[dict]) -> dict:
    return {
        "now": T0 + 3_600_000,
        "events": [{"kind": "class_started", "at": T0}, *events],
        "scenario": {
            "title": "Angry",
            "language": "en",
            "source": "angry.toml",
            "termCodes": {"107": "Escalated to supervisor"},
            "runs": {
                "trainee1.1": {"name": "Frank", "trainee": "trainee1", "number": "12135550141"}
                | {"expectTerm": 107, "expectTransfer": True},
                "trainee2.1": {"name": "Frank", "trainee": "trainee2", "number": "12135560141"}
                | {"expectTerm": 107, "expectTransfer": True},
                "group.2": {"name": "Gus", "trainee": None, "number": "12135550142"}
                | {"expectTerm": None, "expectTransfer": False},
            },
        },
    }


def _e(at_s: float, kind: str, run: str, **extra: object) -> dict:
    return {"at": T0 + int(at_s * 1000), "kind": kind, "run": run} | extra


def test_hand_offs_missing_codes_group_customers_and_reopened_threads() -> None:
    debrief = build_debrief(
        _journal(
            [
                _e(0, "opened", "trainee1.1"),
                _e(0, "opened", "trainee2.1"),
                _e(0, "opened", "group.2"),
                _e(20, "sent", "trainee1.1", agent="trainee1", text="A supervisor will call"),
                _e(25, "to_group", "trainee1.1", agent="trainee1"),
                _e(40, "sent", "trainee2.1", agent="trainee2", text="Sorry"),
                _e(50, "resolve", "trainee2.1", agent="trainee2", termCode=None),
                _e(90, "sent", "group.2", agent="trainee2", text="Hi Gus"),
                _e(95, "resolve", "group.2", agent="trainee2", termCode=107),
                _e(99, "said", "group.2", text="One more thing"),
            ]
        )
    )
    one, two = debrief.trainees
    (frank1,) = one.customers
    assert (frank1.transferred, frank1.transfers) == (True, ["trainee1 → group"])
    assert frank1.term_verdict == "open" and one.transfers == 1
    frank2, gus = two.customers
    assert (frank2.term_verdict, frank2.transferred) == ("missing", False)
    assert two.wrong_terms == 1 and two.right_terms == 0  # none expected for Gus
    assert (gus.run, gus.responder, gus.first_response_s) == ("group.2", "trainee2", 90.0)
    assert gus.term_verdict == "open"  # Gus wrote again after the resolve
    assert two.resolves == 2 and two.median_first_response_s == 65.0
    page = render_html(debrief)
    assert "(hand-off expected)" in page  # trainee2 never handed Frank on
    assert page.count("(hand-off expected)") == 1


def test_night_is_the_customers_night() -> None:
    # 03:30 UTC is 21:30 in Chicago (night) but 19:30 in Los Angeles (day).
    at = 1_764_646_200_000
    assert RULES.is_night("13125550101", at)
    assert not RULES.is_night("12135550141", at)
    # A toll-free number spans every zone: night somewhere means night.
    assert RULES.is_night("18005550100", 1_764_601_200_000)
    # Opt-outs by the app's own rule table: a clear request counts, a near miss does not.
    assert RULES.is_opt_out(" stop ") and RULES.is_opt_out("Alto.")
    assert RULES.is_opt_out("please stop texting") and RULES.is_opt_in("START")
    assert not RULES.is_opt_out("stop by the office tomorrow")


def test_a_text_after_stop_is_a_slip_and_after_start_it_is_not() -> None:
    day = 3 * 3600  # 18:00 UTC: 10:00 in Los Angeles, Frank's zone
    debrief = build_debrief(
        _journal(
            [
                _e(day, "opened", "trainee1.1"),
                _e(day + 10, "said", "trainee1.1", text="please stop texting me"),
                _e(day + 20, "sent", "trainee1.1", agent="trainee1", text="Sorry to hear"),
                _e(day + 30, "said", "trainee1.1", text="START"),
                _e(day + 40, "sent", "trainee1.1", agent="trainee1", text="Welcome back"),
            ]
        )
    )
    (one, _two) = debrief.trainees
    assert [(s.kind, s.text) for s in one.slips] == [("after opt-out", "Sorry to hear")]


def test_a_group_customer_nobody_answered_is_listed(tmp_path: Path) -> None:

    debrief = build_debrief(_journal([_e(0, "opened", "group.2")]))
    assert [c.run for c in debrief.unanswered_group] == ["group.2"]
    assert "Nobody answered (group inbox)" in render_html(debrief)
    write_csv(debrief, tmp_path / "d.csv")
    rows = (tmp_path / "d.csv").read_text(encoding="utf-8").splitlines()
    assert rows[-1].startswith(",group.2,Gus,,,0,0,")


def test_the_page_speaks_the_scenarios_language() -> None:
    from inbox_app.simulator.debrief import WORDS

    assert WORDS["es"].keys() == WORDS["en"].keys()
    journal = _journal(
        [
            _e(0, "opened", "trainee2.1"),
            _e(30, "opted_out", "trainee2.1"),
            _e(40, "sent", "trainee2.1", agent="trainee2", text="Hola"),
            _e(50, "resolve", "trainee2.1", agent="trainee2", termCode=107),
        ]
    )
    journal["scenario"]["language"] = "es"
    page = html.unescape(render_html(build_debrief(journal)))
    assert '<html lang="es">' in page and "<h1>Informe: Angry</h1>" in page
    assert "1 mensajes (1 segmentos), 0 transferencias, 1 cierres (1 con el código esperado)" in (
        page
    )
    assert "tras la baja" in page and "(se esperaba pasarlo)" in page
    assert "Debrief" not in page and "compliance" not in page

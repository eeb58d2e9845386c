"""Scenario files: the issue's minimal shape, the optional behaviour, the shipped scenarios,
and errors that name the file, the customer and the field."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from inbox_app.simulator.class_server import prepare
from inbox_app.simulator.dataset import demo_dataset
from inbox_app.simulator.scenario import (
    ScenarioError,
    load_scenario,
    parse_scenario,
    resolve_scenario_path,
    shipped_scenarios,
)

from .helpers import MINIMAL

ROOT = Path(__file__).resolve().parents[3]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "class.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_minimal_shape_of_the_issue(tmp_path: Path) -> None:
    scenario = load_scenario(_write(tmp_path, MINIMAL))
    (dana,) = scenario.customers
    assert (dana.name, dana.number, dana.account) == ("Dana Fox", "13125550101", "A-1001")
    assert dana.opens == "Hi, I got a letter about my account"
    pay, anything = dana.replies
    assert (pay.when, pay.say, pay.after_s) == ("payment|pay", "Can I pay $50 a month?", 2.0)
    assert anything.is_fallback and anything.after_s == 3.0  # the default delay
    assert dana.answer("Let's talk about a PAYMENT", set()) == (0, pay)
    assert dana.answer("hello", set()) == (1, anything)


def test_rules_in_file_order_fallback_last_and_once(tmp_path: Path) -> None:
    scenario = parse_scenario(
        {
            "customer": [
                {
                    "name": "A B",
                    "number": "3125550199",
                    "opens": "hi",
                    "reply": [
                        {"when": "*", "say": "fallback"},
                        {"when": "price", "say": "first", "once": True},
                        {"when": "price|cost", "say": "second"},
                    ],
                }
            ]
        }
    )
    (c,) = scenario.customers
    assert c.number == "13125550199"
    assert c.answer("the price?", set())[1].say == "first"
    assert c.answer("the price?", {1})[1].say == "second"  # the once-rule has fired
    assert c.answer("weather", {1})[1].say == "fallback"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ('opens = "x"', r"class\.toml: customer 1 \(Dana Fox\): 'opens' is required"),
        ('when = "payment|pay"', r"customer 1 \(Dana Fox\): reply 1: 'when' is not a valid"),
        ("after_s = 2", r"customer 1 \(Dana Fox\): reply 1: 'after_s' must be a number"),
        ('number = "+13125550101"', r"customer 1 \(Dana Fox\): 'number' must be a phone"),
        ('account = "A-1001"', r"customer 1 \(Dana Fox\): unknown field 'acount'"),
    ],
)
def test_errors_name_file_customer_and_field(tmp_path: Path, change: str, message: str) -> None:
    broken = {
        'opens = "x"': ("opens = ", "# opens = "),
        'when = "payment|pay"': ('when = "payment|pay"', 'when = "payment|(pay"'),
        "after_s = 2": ("after_s = 2", "after_s = -2"),
        'number = "+13125550101"': ('number = "+13125550101"', 'number = "call me"'),
        'account = "A-1001"': ('account = "A-1001"', 'acount = "A-1001"'),
    }[change]
    text = MINIMAL.replace(*broken, 1)
    with pytest.raises(ScenarioError, match=message):
        load_scenario(_write(tmp_path, text))


def test_other_errors(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match=r"not valid TOML"):
        load_scenario(_write(tmp_path, "[[customer]\n"))
    with pytest.raises(ScenarioError, match=r"needs at least one \[\[customer\]\]"):
        load_scenario(_write(tmp_path, '[scenario]\ntitle = "x"\n'))
    twice = MINIMAL + MINIMAL.replace("Dana Fox", "Dan Fox")
    with pytest.raises(ScenarioError, match=r"customer 2 \(Dan Fox\): 'number' is also Dana Fox's"):
        load_scenario(_write(tmp_path, twice))
    wrong_term = MINIMAL.replace('account = "A-1001"', 'account = "A-1001"\nexpect_term = "Nope"')
    with pytest.raises(ScenarioError, match=r"customer 1 \(Dana Fox\): 'expect_term' 'Nope'"):
        prepare(load_scenario(_write(tmp_path, wrong_term)), 2, None)
    with pytest.raises(ScenarioError, match="no such scenario"):
        resolve_scenario_path("no-such-lesson")


def test_shipped_scenarios_cover_the_lessons_in_english_and_spanish() -> None:
    names = {str(p.relative_to(ROOT / "resources" / "scenarios")) for p in shipped_scenarios()}
    lessons = {"payment-arrangement", "hardship", "wrong-number", "opt-out", "angry-supervisor"}
    assert names == {f"{lesson}.toml" for lesson in lessons} | {
        f"es/{lesson}.toml" for lesson in lessons
    }
    for path in shipped_scenarios():
        scenario = load_scenario(path)
        assert scenario.language == ("es" if path.parent.name == "es" else "en")
        # Every one plays in a classroom of 30 and beside the demo's customers ...
        _, _, runs = prepare(scenario, 30, None)
        assert all(r.expect_term_id is not None for r in runs), path
        prepare(scenario, 0, demo_dataset())
        # ... and has a fallback for whatever the trainee writes, unless it opts out at once.
        for c in scenario.customers:
            assert any(r.is_fallback for r in c.replies), (path, c.name)
    assert resolve_scenario_path("es/hardship") == ROOT / "resources/scenarios/es/hardship.toml"


def test_the_bundle_ships_the_scenarios() -> None:
    spec = (ROOT / "packaging" / "inbox_app.spec").read_text(encoding="utf-8")
    assert re.search(r'"resources" / "scenarios"\), "resources/scenarios"', spec)


def test_cli_refuses_a_broken_scenario_with_its_reason(tmp_path: Path) -> None:
    path = _write(tmp_path, MINIMAL.replace("after_s = 2", 'after_s = "soon"'))
    proc = subprocess.run(
        [sys.executable, "-m", "inbox_app.simulator", "--scenario", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "class.toml: customer 1 (Dana Fox): reply 1: 'after_s' must be a number" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        (["--classroom", "2"], "--classroom needs --scenario FILE"),
        (["--scenario", "opt-out", "--db", "x.sqlite"], "--db cannot keep a scenario's state"),
        (["--scenario", "opt-out", "--traffic", "2"], "--traffic would talk over the scenario"),
        (["--scenario", "opt-out", "--classroom", "100"], "--classroom takes 1 to 99 trainees"),
    ],
)
def test_cli_refuses_combinations_it_cannot_play(
    tmp_path: Path, extra: list[str], reason: str
) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "inbox_app.simulator", "--port", "0", *extra],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert proc.returncode == 2 and reason in proc.stderr, proc.stderr
    assert not (tmp_path / "x.sqlite").exists()

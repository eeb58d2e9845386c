"""What customers' texts say about consent, in English and Spanish: one table, every row a
case. Opt-outs must be caught; near misses ("stop by the office") must not lock anyone out."""

from __future__ import annotations

import pytest

from inbox_app.consent import RULES, Intent, classify, fold

OUT, IN, HELP, NONE = Intent.OPT_OUT, Intent.OPT_IN, Intent.HELP, Intent.NONE

CASES: list[tuple[str, Intent]] = [
    # Carrier keywords, alone, in any case, with punctuation or a polite word.
    ("STOP", OUT),
    ("stop", OUT),
    ("Stop.", OUT),
    ("  STOP  ", OUT),
    ("STOP!!!", OUT),
    ("STOPALL", OUT),
    ("stop all", OUT),
    ("UNSUBSCRIBE", OUT),
    ("Cancel", OUT),
    ("END", OUT),
    ("QUIT", OUT),
    ("Revoke", OUT),
    ("OPT OUT", OUT),
    ("opt-out", OUT),
    ("OptOut", OUT),
    ("Stop please", OUT),
    ("please STOP", OUT),
    ("STOP thank you", OUT),
    # Spanish keywords.
    ("ALTO", OUT),
    ("¡Alto!", OUT),
    ("PARAR", OUT),
    ("Baja", OUT),
    ("CANCELAR", OUT),
    ("baja por favor", OUT),
    # Clear requests, English.
    ("please stop texting me", OUT),
    ("Stop texting me!!", OUT),
    ("stop sending me messages", OUT),
    ("Don't text me anymore", OUT),
    ("don\u2019t text me again", OUT),
    ("Do not contact me", OUT),
    ("No more texts please", OUT),
    ("Remove me from your list", OUT),
    ("take my number off your list", OUT),
    ("I revoke my consent to be contacted", OUT),
    ("I want to opt out", OUT),
    ("Please unsubscribe me", OUT),
    ("This is John, stop messaging me", OUT),
    ("cease contacting me", OUT),
    # Clear requests, Spanish (accents or not).
    ("no me envíen más mensajes", OUT),
    ("No me envien mas mensajes", OUT),
    ("no me manden mensajes", OUT),
    ("No me escriban", OUT),
    ("dejen de escribirme", OUT),
    ("Dejen de enviarme mensajes por favor", OUT),
    ("ya no me escriban", OUT),
    ("no quiero recibir más mensajes", OUT),
    ("Quiero darme de baja", OUT),
    ("eliminenme de su lista", OUT),
    # Opt-in.
    ("START", IN),
    ("Unstop", IN),
    ("YES", IN),
    ("yes please", IN),
    ("Sí", IN),
    # Help.
    ("HELP", HELP),
    ("help?", HELP),
    ("INFO", HELP),
    ("Ayuda", HELP),
    # Near misses: ordinary conversation that merely contains a keyword.
    ("stop by the office tomorrow", NONE),
    ("Can I stop by the branch at 3?", NONE),
    ("I can't stop laughing", NONE),
    ("can you stop the payment?", NONE),
    ("I want to stop autopay", NONE),
    ("Can I cancel my appointment?", NONE),
    ("I want to cancel my payment", NONE),
    ("end of the month works", NONE),
    ("When does my plan end?", NONE),
    ("stop sending the bill to my old address", NONE),
    ("I don't want to text, can you call?", NONE),
    ("no more questions, thanks!", NONE),
    ("remove me from the autopay", NONE),
    ("el precio es muy alto", NONE),
    ("quiero cancelar la cita", NONE),
    ("para mañana está bien", NONE),
    ("no me envíen la factura por correo", NONE),
    ("dejen de enviarme la factura en papel", NONE),
    ("dejen de cobrarme dos veces", NONE),
    ("no quiero pagar más de 50", NONE),
    ("start my payment plan next week", NONE),
    ("yes but I can't pay today", NONE),
    ("can you help me with my bill?", NONE),
    ("I need info about my account", NONE),
    ("ayuda con mi pago", NONE),
    ("", NONE),
    ("👍", NONE),
    ("Ok thanks", NONE),
]


def test_the_table_is_large_and_covers_every_intent() -> None:
    assert len(CASES) >= 60
    assert {intent for _, intent in CASES} == set(Intent)
    assert len({text for text, _ in CASES}) == len(CASES), "a case is listed twice"


@pytest.mark.parametrize(("text", "intent"), CASES, ids=[repr(t) for t, _ in CASES])
def test_a_customer_text_is_read_as(text: str, intent: Intent) -> None:
    assert classify(text) is intent


@pytest.mark.parametrize("rule", RULES, ids=[f"{r.intent}-{i}" for i, r in enumerate(RULES)])
def test_each_rule_matches_its_examples_and_none_of_its_near_misses(rule) -> None:  # type: ignore[no-untyped-def]
    assert rule.examples, "a rule without examples cannot be trusted"
    for text in rule.examples:
        assert classify(text) is rule.intent, text
    for text in rule.near_misses:
        assert classify(text) is not rule.intent, text


def test_folding_removes_case_accents_and_punctuation() -> None:
    assert fold("  ¡NO me ENVÍEN más!  ") == "no me envien mas"
    assert fold("Don\u2019t") == "don t"


def test_the_quick_look_agrees_with_the_full_rules() -> None:
    """classify() answers most texts without folding them; it must answer as the rules do."""
    from inbox_app import consent

    texts = [t for rule in consent.RULES for t in (*rule.examples, *rule.near_misses)]
    texts += ["stop_now", "STOP!!!", "(stop)", "stop2", "nonstop", "Stopping by", "alto.", "yes!"]
    texts += ["ok thanks", "I'll pay Friday", "unsubscribe-me", "help_me", "¿ayuda?", "Sí"]
    for text in texts:
        assert consent.classify(text) is consent._classify(text), text

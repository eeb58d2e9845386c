"""What a customer's message says about consent: opt-out, opt-in, a call for help, or nothing.

A wrong guess is worse than none: "stop by the office tomorrow" locking the composer would
teach agents to distrust the lock. So a message is an opt-out only when it is a keyword on its
own (carriers' STOP words, with at most a polite word around it) or a clear request aimed at
the texts themselves ("please stop texting me", "no me envíen más mensajes"). Every rule
carries the examples it must match and the near misses it must not; the tests run them all.
Text is folded first (case, accents, punctuation), so "¡ALTO!" and "alto" are one word.

Plain Python beside the layers: the desktop's guard (``core.compliance``) and the training
simulator's debrief (``simulator.slips``) judge with this one table.
"""

from __future__ import annotations

import re
import string
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

__all__ = ["RULES", "Intent", "Rule", "classify", "classify_many", "fold"]


class Intent(StrEnum):
    OPT_OUT = "opt-out"
    OPT_IN = "opt-in"
    HELP = "help"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Rule:
    """One way of saying it: a pattern over the folded text, with proof both ways."""

    intent: Intent
    pattern: str  # matched with re.fullmatch against fold(text)
    needs: frozenset[str]  # the pattern cannot match without one of these words (speed)
    examples: tuple[str, ...]
    near_misses: tuple[str, ...] = ()


# Words that may stand next to a keyword without changing what it means ("STOP please").
_POLITE = r"(?:please|pls|plz|now|thanks|thank you|por favor|porfa|ya|gracias)"
_ME = r"(?:me|us|this number|my number|my phone)"
_TEXTS = (
    r"(?:text|texts|texting|txt|txting|message|messages|messaging|sms|msg|msgs|"
    r"contact|contacting|sending me (?:texts|messages|sms))"
)
_MENSAJES = r"(?:mensajes|mensaje|textos|sms|mensajitos)"
_VERBO = r"(?:envien|manden|envie|mande|escriban|escriba|contacten|contacte|texteen|textee)"


def _keywords(*words: str) -> str:
    """A keyword alone, or with polite words around it: "stop", "STOP please", "por favor baja"."""
    either = "|".join(words)
    return rf"(?:{_POLITE} )*(?:{either})(?: {_POLITE})*"


RULES: tuple[Rule, ...] = (
    Rule(
        Intent.OPT_OUT,
        _keywords(
            "stop",
            "stop all",
            "stopall",
            "stop it",
            "unsubscribe",
            "unsubscribe me",
            "cancel",
            "end",
            "quit",
            "revoke",
            "opt out",
            "optout",
            "opt me out",
        ),
        frozenset(
            {"stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "opt", "optout"}
        ),
        (
            "STOP",
            "stop",
            "Stop.",
            "STOP!!!",
            "STOP ALL",
            "STOPALL",
            "Unsubscribe",
            "CANCEL",
            "END",
            "quit",
            "REVOKE",
            "OPT OUT",
            "opt-out",
            "Stop please",
            "please stop",
            "stop now",
        ),
        (
            "stop by the office tomorrow",
            "Can I cancel my appointment?",
            "end of the month",
            "I want to cancel my payment",
            "When does it end?",
            "quit it with the late fees lol",
        ),
    ),
    Rule(
        Intent.OPT_OUT,
        _keywords("alto", "parar", "para", "baja", "darme de baja", "cancelar", "basta"),
        frozenset({"alto", "parar", "para", "baja", "cancelar", "basta"}),
        ("ALTO", "¡Alto!", "parar", "BAJA", "Cancelar", "baja por favor", "Alto ya"),
        (
            "el precio es muy alto",
            "quiero cancelar la cita",
            "la baja del precio",
            "para mañana está bien",
            "voy a parar en la oficina",
        ),
    ),
    Rule(
        Intent.OPT_OUT,
        # English requests about the texts themselves.
        r"(?:.* )?(?:stop|quit|cease) (?:texting|txting|messaging|contacting|calling)(?: .*)?"
        rf"|(?:.* )?(?:stop|quit|cease) sending (?:me |us )?(?:any )?(?:{_TEXTS}|these)(?: .*)?"
        r"|(?:.* )?(?:do not|dont|don t|never) (?:text|txt|message|sms|contact|call) "
        rf"{_ME}(?: .*)?"
        rf"|(?:.* )?no more (?:{_TEXTS}|text messages)(?: .*)?"
        r"|(?:.* )?(?:remove|take) (?:me|my number|this number) (?:off|from) (?:your|the|this) "
        r"(?:list|lists|texts|messages|system|contact list|mailing list)(?: .*)?"
        r"|(?:.* )?(?:revoke|withdraw) (?:my |all )?consent(?: .*)?"
        r"|(?:.* )?(?:want|like|wish) to (?:opt out|unsubscribe)(?: .*)?"
        r"|(?:.* )?unsubscribe (?:me|this number|my number)(?: .*)?",
        frozenset(
            {
                "stop",
                "quit",
                "cease",
                "do",
                "dont",
                "don",
                "never",
                "no",
                "remove",
                "take",
                "revoke",
                "withdraw",
                "opt",
                "unsubscribe",
            }
        ),
        (
            "please stop texting me",
            "Stop texting me!",
            "stop sending me messages",
            "Don't text me anymore",
            "do not contact me",
            "No more texts please",
            "Remove me from your list",
            "take my number off your list",
            "I revoke my consent",
            "I want to opt out",
            "please unsubscribe me from this",
            "stop messaging me",
            "STOP TEXTING THIS NUMBER",
            "cease contacting me",
            "Please stop calling me",
        ),
        (
            "can you stop the payment?",
            "I can't stop laughing",
            "stop by the office tomorrow",
            "remove me from the autopay",
            "I don't want to text, can you call?",
            "stop sending the bill to my old address",
            "no more questions, thanks!",
            "I want to stop autopay",
        ),
    ),
    Rule(
        Intent.OPT_OUT,
        # Spanish requests: "no me envíen más mensajes", "dejen de escribirme".
        rf"(?:.* )?(?:no|ya no) (?:me |nos )?{_VERBO}(?: mas)?(?: {_MENSAJES})?(?: {_POLITE})*"
        rf"|(?:.* )?(?:no|ya no) (?:me |nos )?{_VERBO} (?:mas|{_MENSAJES})(?: .*)?"
        r"|(?:.* )?(?:dejen|deje|dejan) de (?:escribirme|contactarme|textearme|llamarme)(?: .*)?"
        rf"|(?:.* )?(?:dejen|deje|dejan) de (?:enviarme|mandarme|enviar|mandar) {_MENSAJES}(?: .*)?"
        rf"|(?:.* )?(?:dejen|deje|dejan) de (?:enviarme|mandarme)(?: {_POLITE})*"
        rf"|(?:.* )?no (?:quiero|deseo) recibir (?:mas )?{_MENSAJES}(?: .*)?"
        r"|(?:.* )?(?:quiero|deseo|quisiera) darme de baja(?: .*)?"
        r"|(?:.* )?(?:eliminen|borren|quiten|saquen)(?:me)? (?:mi numero )?de (?:su|la|sus|esta) "
        r"listas?(?: .*)?",
        frozenset(
            {
                "no",
                "dejen",
                "deje",
                "dejan",
                "baja",
                "eliminen",
                "borren",
                "quiten",
                "saquen",
                "eliminenme",
                "borrenme",
                "quitenme",
                "saquenme",
            }
        ),
        (
            "no me envíen más mensajes",
            "No me manden mensajes",
            "no me escriban",
            "dejen de escribirme",
            "Dejen de enviarme mensajes por favor",
            "ya no me escriban",
            "no quiero recibir más mensajes",
            "quiero darme de baja",
            "eliminenme de su lista",
        ),
        (
            "no me envíen la factura por correo",
            "no quiero pagar más de 50",
            "¿me pueden escribir mañana?",
            "dejen de cobrarme dos veces",
            "dejen de enviarme la factura en papel",
        ),
    ),
    Rule(
        Intent.OPT_IN,
        _keywords("start", "unstop", "yes", "subscribe", "si", "comenzar", "iniciar"),
        frozenset({"start", "unstop", "yes", "subscribe", "si", "comenzar", "iniciar"}),
        ("START", "Unstop", "YES", "yes please", "Sí", "Start!"),
        (
            "start my payment plan next week",
            "yes but I can't pay today",
            "si pago mañana esta bien",
        ),
    ),
    Rule(
        Intent.HELP,
        _keywords("help", "info", "ayuda"),
        frozenset({"help", "info", "ayuda"}),
        ("HELP", "help!", "Info", "AYUDA", "ayuda por favor"),
        ("can you help me with my bill?", "I need info about my account", "ayuda con mi pago"),
    ),
)

_NOT_WORDS = re.compile(r"[^\w\s]+")
# ASCII punctuation (and the typographic apostrophe, ¡ and ¿) become spaces in one pass.
_TO_SPACE = str.maketrans(
    dict.fromkeys(string.punctuation + "\u2019\u2018\u00a1\u00bf\u201c\u201d", " ")
)


def fold(text: str) -> str:
    """Case, accents, apostrophes and punctuation folded away; one space between words."""
    text = text.casefold().translate(_TO_SPACE)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        text = _NOT_WORDS.sub(" ", text)
    return " ".join(text.split())


_ANY_NEEDED = frozenset().union(*(rule.needs for rule in RULES))
_COMPILED = tuple((rule.needs, rule.intent, re.compile(rule.pattern)) for rule in RULES)
# Any needed word in a plain-ASCII text, as a whole word of its folded form (folding an ASCII
# text only lowers it and turns punctuation, "_" included, into spaces).
_ANY_WORD = re.compile(
    r"(?<![a-z0-9])(?:"
    + "|".join(sorted(map(re.escape, _ANY_NEEDED), key=len, reverse=True))
    + r")(?![a-z0-9])"
)


def classify(text: str) -> Intent:
    """What this inbound text says about consent (opt-outs first: they win over "yes stop")."""
    if text.isascii() and _ANY_WORD.search(text.lower()) is None:
        return Intent.NONE  # most texts: no rule can match, known without folding
    return _classify(text)


def classify_many(texts: Sequence[str]) -> list[Intent]:
    """:func:`classify` for a whole thread at once: one search over all its plain texts
    finds the few that need the rules (a guard checks a thread at every send)."""
    intents = [Intent.NONE] * len(texts)
    plain: list[int] = []
    for index, text in enumerate(texts):
        if text.isascii():
            plain.append(index)
        else:
            intents[index] = _classify(text)
    if not plain:
        return intents
    starts, position = [], 0
    for index in plain:
        starts.append(position)
        position += len(texts[index]) + 1
    joined = "\n".join(texts[index] for index in plain).lower()
    hit: set[int] = set()
    for found in _ANY_WORD.finditer(joined):
        hit.add(plain[bisect_right(starts, found.start()) - 1])
    for index in hit:
        intents[index] = _classify(texts[index])
    return intents


@lru_cache(maxsize=4096)
def _classify(text: str) -> Intent:
    folded = fold(text)
    words = folded.split()
    if _ANY_NEEDED.isdisjoint(words):
        return Intent.NONE  # most texts: no rule can match
    for needs, intent, pattern in _COMPILED:
        if not needs.isdisjoint(words) and pattern.fullmatch(folded):
            return intent
    return Intent.NONE

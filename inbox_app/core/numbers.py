"""Phone numbers in one spelling, so a conversation is found whatever form a number came in.

Customers' numbers are held in E.164 (``+13125550101``), parsed by ``phonenumbers`` (Google's
libphonenumber): ``tel:+1…``, ``+1 (312) 555-0101``, ``13125550101`` and ``3125550101`` are
the same number. "Our" numbers may be short codes (``55501``) or alphanumeric sender ids
(``ACME``), which have no E.164 form: :func:`address` keeps those as their digits or text.

A number is accepted when it is *possible* (the right length for its country), not only
when it is *valid* (in an allocated range): the fictional 555 numbers that simulators and
training data use are not valid anywhere, and the carrier, not the inbox, is the judge of
whether a number is in service.
"""

from __future__ import annotations

from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat

__all__ = ["address", "e164", "label"]

_TEL = "tel:"
_LONGEST_SHORT_CODE = 8  # digits; short codes are 3-8 digits long, E.164 numbers 8-15


def _strip_tel(text: str) -> str:
    text = text.strip()
    return text[len(_TEL) :].strip() if text[: len(_TEL)].lower() == _TEL else text


def _parse(text: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(text, region)
    except NumberParseException:
        return None
    return number if phonenumbers.is_possible_number(number) else None


@lru_cache(maxsize=65536)
def e164(text: str, region: str = "US") -> str | None:
    """``text`` as an E.164 number (``+13125550101``), or None when it is not a phone number.

    A number without a country code is read as a number of ``region``. A string of digits
    that is not one may be an international number without its ``+`` (``919876543210``, as
    some platforms send MSISDNs): that reading is a guess, so it must be a *valid* number and
    longer than a short code (``43005`` stays a short code, not ``+43 005``).
    """
    if not isinstance(text, str):
        return None
    text = _strip_tel(text)
    if not text:
        return None
    number = _parse(text, region)
    if number is None and text.isdigit() and len(text) > _LONGEST_SHORT_CODE:
        guess = _parse("+" + text, None)
        number = guess if guess is not None and phonenumbers.is_valid_number(guess) else None
    if number is None:
        return None
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


@lru_cache(maxsize=4096)
def address(text: str, region: str = "US") -> str | None:
    """A number as a key: E.164 where it is a phone number, else a short code's digits
    (``555-01`` → ``55501``) or an alphanumeric sender id as written (``ACME``).
    None when there is nothing in ``text``. Idempotent: ``address(address(x)) == address(x)``.
    """
    if not isinstance(text, str):
        return None
    number = e164(text, region)
    if number is not None:
        return number
    text = _strip_tel(text)
    digits = phonenumbers.normalize_digits_only(text)
    if digits and not any(ch.isalpha() for ch in text):
        return digits
    return " ".join(text.split()) or None


@lru_cache(maxsize=1024)
def label(key: str) -> str:
    """How an address reads as an inbox name: ``+1 312-555-0101``, ``55501``, ``ACME``."""
    if key.startswith("+"):
        number = _parse(key, None)
        if number is not None:
            return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
    return key

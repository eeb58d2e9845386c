"""How numbers and names read to an agent (the translated wording is ui/wording.py)."""

from __future__ import annotations

from functools import lru_cache

from . import models


def phone(number: str | None, *, masked: bool = False) -> str:
    """``15550100123`` → ``+1 555-010-0123``; another country's ``+…`` number in its own
    international format; anything else is left as it is.

    ``masked`` (the agent's setting, e.g. a trainer projecting the app) shows only the last
    four digits: ``+1 •••-•••-0123``. The caller passes it: what one screen shows is that
    screen's business, not a global's.
    """
    if not number:
        return ""
    digits = "".join(ch for ch in number if ch.isdigit())
    nanp = (len(digits) == 11 and digits.startswith("1")) or (
        len(digits) == 10 and not number.startswith("+")
    )
    if masked and len(digits) > 4:
        return f"+1 •••-•••-{digits[-4:]}" if nanp else "•••" + digits[-4:]
    if nanp:
        digits = digits[-10:]
        return f"+1 {digits[:3]}-{digits[3:6]}-{digits[6:]}"
    if number.startswith("+"):
        return _international(number)  # "+27830000149" → "+27 83 000 0149"
    return number


@lru_cache(maxsize=4096)
def _international(number: str) -> str:
    from .numbers import label  # phonenumbers' data loads only for a number that needs it

    return label(number)


def contact_name(thread: models.Thread) -> str | None:
    return thread.contact_info.display_name if thread.contact_info else None

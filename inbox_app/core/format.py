"""How numbers and names read to an agent (the translated wording is ui/wording.py)."""

from __future__ import annotations

from . import models


def phone(number: str | None, *, masked: bool = False) -> str:
    """``15550100123`` → ``+1 555-010-0123``; anything not a NANP number is left as it is.

    ``masked`` (the agent's setting, e.g. a trainer projecting the app) shows only the last
    four digits: ``+1 •••-•••-0123``. The caller passes it: what one screen shows is that
    screen's business, not a global's.
    """
    if not number:
        return ""
    digits = "".join(ch for ch in number if ch.isdigit())
    if masked and len(digits) > 4:
        return f"+1 •••-•••-{digits[-4:]}" if len(digits) in (10, 11) else "•••" + digits[-4:]
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) == 10:
        return f"+1 {digits[:3]}-{digits[3:6]}-{digits[6:]}"
    return number


def contact_name(thread: models.Thread) -> str | None:
    return thread.contact_info.display_name if thread.contact_info else None

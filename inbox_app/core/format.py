"""How numbers and names read to an agent (the translated wording is ui/wording.py)."""

from __future__ import annotations

from . import models

MASK_NUMBERS = False  # set from the settings: hide all but the last four digits on screen


def phone(number: str | None, *, masked: bool | None = None) -> str:
    """``15550100123`` → ``+1 555-010-0123``; anything not a NANP number is left as it is.

    With :data:`MASK_NUMBERS` on (a trainer projecting the app) only the last four digits
    show: ``+1 •••-•••-0123``; ``masked`` overrides the setting (the filter's index matches
    the number as typed, whatever the screen shows).
    """
    if not number:
        return ""
    digits = "".join(ch for ch in number if ch.isdigit())
    if (MASK_NUMBERS if masked is None else masked) and len(digits) > 4:
        return f"+1 •••-•••-{digits[-4:]}" if len(digits) in (10, 11) else "•••" + digits[-4:]
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) == 10:
        return f"+1 {digits[:3]}-{digits[3:6]}-{digits[6:]}"
    return number


def contact_name(thread: models.Thread) -> str | None:
    return thread.contact_info.display_name if thread.contact_info else None

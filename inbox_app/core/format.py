"""How numbers, names and times read to an agent."""

from __future__ import annotations

from datetime import datetime, timedelta

from ..livevox import models

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


def when(moment: datetime | None, now: datetime | None = None) -> str:
    """Short, local: ``09:42`` today, ``Mon`` this week, ``12 Nov`` this year, else a date."""
    if moment is None:
        return ""
    local = moment.astimezone()
    now = (now or datetime.now(local.tzinfo)).astimezone(local.tzinfo)
    if local.date() == now.date():
        return local.strftime("%H:%M")
    if now - local < timedelta(days=6) and local <= now:
        return local.strftime("%a")
    if local.year == now.year:
        return f"{local.day} {local.strftime('%b')}"
    return local.strftime("%Y-%m-%d")


def contact_name(thread: models.Thread) -> str | None:
    return thread.contact_info.display_name if thread.contact_info else None


def thread_title(thread: models.Thread, number: str | None) -> str:
    """The customer's name if LiveVox knows it, else their number."""
    return (
        contact_name(thread)
        or phone(number)
        or (thread.account and f"Account {thread.account}")
        or "Unknown"
    )

"""Fill an SMS template's ``{variables}`` from what LiveVox knows about the customer."""

from __future__ import annotations

import re

from . import models

_VARIABLE = re.compile(r"\{(\w+)\}")


def variables_for(
    thread: models.Thread | None, extra: dict[str, str] | None = None
) -> dict[str, str]:
    """Known values by variable name; ``extra`` holds tenant-wide ones such as ``company``.

    LiveVox's contact fields go by their own names (``paymentBalance``) and by the short
    names templates commonly use (``balance``, ``dueDate``).
    """
    values: dict[str, str] = dict(extra or {})
    if thread is None:
        return values
    if thread.account:
        values["account"] = thread.account
    info = thread.contact_info
    if info is not None:
        for key, value in (
            ("firstName", info.first_name),
            ("lastName", info.last_name),
            ("amountToSpeak", info.amount_to_speak),
        ):
            if value:
                values[key] = value
        if info.payment_balance is not None:
            values["paymentBalance"] = values["balance"] = f"${info.payment_balance:,.2f}"
        if info.account_due_date is not None:
            due = info.account_due_date
            values["accountDueDate"] = values["dueDate"] = f"{due.strftime('%B')} {due.day}"
    return values


def render(text: str, thread: models.Thread | None, extra: dict[str, str] | None = None) -> str:
    """Replace known ``{name}`` variables; unknown ones stay visible for the agent to fill."""
    values = variables_for(thread, extra)
    return _VARIABLE.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def unfilled(text: str) -> list[str]:
    """Variables still in the text (the agent must replace them before sending)."""
    return _VARIABLE.findall(text)

"""Fill an SMS template's ``{variables}`` from what LiveVox knows about the customer."""

from __future__ import annotations

import re

from ..livevox import models

_VARIABLE = re.compile(r"\{(\w+)\}")


def variables_for(thread: models.Thread | None) -> dict[str, str]:
    values: dict[str, str] = {}
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
            values["paymentBalance"] = f"{info.payment_balance:.2f}"
        if info.account_due_date is not None:
            values["accountDueDate"] = info.account_due_date.strftime("%b %d").replace(" 0", " ")
    return values


def render(text: str, thread: models.Thread | None) -> str:
    """Replace known ``{name}`` variables; unknown ones stay visible for the agent to fill."""
    values = variables_for(thread)
    return _VARIABLE.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def unfilled(text: str) -> list[str]:
    """Variables still in the text (the agent must replace them before sending)."""
    return _VARIABLE.findall(text)

"""How a customer's number reads: NANP as +1 312-555-0101, others in their own country's
international format; masked, only the last four digits, in the same shape."""

from __future__ import annotations

import pytest

from inbox_app.core.format import phone


@pytest.mark.parametrize(
    ("number", "shown", "masked"),
    [
        ("13125550101", "+1 312-555-0101", "+1 •••-•••-0101"),
        ("3125550101", "+1 312-555-0101", "+1 •••-•••-0101"),
        ("+13125550101", "+1 312-555-0101", "+1 •••-•••-0101"),
        ("+27830000149", "+27 83 000 0149", "•••0149"),
        ("+447700900123", "+44 7700 900123", "•••0123"),
        ("55501", "55501", "•••5501"),
        ("DEMOBK", "DEMOBK", "DEMOBK"),
        ("+4420", "+4420", "+4420"),  # too short to be anything: as written
        ("", "", ""),
    ],
)
def test_numbers_read_as_their_country_writes_them(number: str, shown: str, masked: str) -> None:
    assert phone(number) == shown
    assert phone(number, masked=True) == masked

"""Segment counting for GSM-7 and UCS-2, at and across the boundaries."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inbox_app.core.sms import Encoding, count_segments


def test_empty_text_costs_nothing() -> None:
    count = count_segments("")
    assert (count.segments, count.units, count.remaining) == (0, 0, 160)


@pytest.mark.parametrize(("length", "segments"), [(1, 1), (160, 1), (161, 2), (306, 2), (307, 3)])
def test_gsm_boundaries(length: int, segments: int) -> None:
    count = count_segments("a" * length)
    assert count.encoding is Encoding.GSM7
    assert count.segments == segments


def test_extension_characters_cost_two_septets() -> None:
    count = count_segments("€" * 80)
    assert count.encoding is Encoding.GSM7
    assert (count.units, count.segments, count.remaining) == (160, 1, 0)
    assert count_segments("€" * 80 + "a").segments == 2


def test_escape_pair_is_not_split_across_segments() -> None:
    # 152 plain septets then '€' (2 septets) would straddle the 153 boundary: it moves on.
    count = count_segments("a" * 152 + "€" + "a" * 10)
    assert count.units == 164
    assert count.segments == 2
    assert count.remaining == 153 - 12


@pytest.mark.parametrize(("length", "segments"), [(70, 1), (71, 2), (134, 2), (135, 3)])
def test_ucs2_boundaries(length: int, segments: int) -> None:
    count = count_segments("ж" * length)
    assert count.encoding is Encoding.UCS2
    assert count.segments == segments


def test_one_emoji_forces_ucs2_and_is_named() -> None:
    text = "Your payment is confirmed 👍 thanks “Dana”"
    count = count_segments(text)
    assert count.encoding is Encoding.UCS2
    assert count.forcing_ucs2 == ("👍", "“", "”")
    assert count.units == len(text) + 1  # the emoji is a surrogate pair: two UTF-16 units


def test_surrogate_pairs_stay_whole() -> None:
    count = count_segments("a" * 66 + "👍" + "a" * 5)
    assert count.units == 73
    assert count.segments == 2
    assert count.remaining == 67 - 7


def test_accented_letters_in_gsm_stay_gsm() -> None:
    assert (
        count_segments("¿Dónde está? Ñandú à é ü").encoding is Encoding.UCS2
    )  # ó, á, ú are not GSM
    assert count_segments("Ça coûte 5€").encoding is Encoding.UCS2  # û is not GSM
    assert count_segments("Ça va? 5€ [ok]").encoding is Encoding.GSM7


@given(st.text(max_size=500))
def test_segments_hold_the_text(text: str) -> None:
    count = count_segments(text)
    assert count.segments * count.per_segment >= count.units
    assert 0 <= count.remaining <= count.per_segment
    assert (count.encoding is Encoding.GSM7) == (not count.forcing_ucs2)

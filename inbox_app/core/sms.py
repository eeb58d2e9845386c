"""How many SMS segments a text costs, and which characters make it expensive.

Carriers bill per segment. A text that fits GSM 03.38 (7-bit) packs 160 characters into one
segment, or 153 per segment once it is split; one character outside that alphabet (an emoji,
a curly quote) switches the whole message to UCS-2: 70 per segment, 67 when split. Agents
need to see both the count and the culprit characters while they type.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

# GSM 03.38 basic character set (one septet each), without the escape character.
_GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# The extension table: each costs an escape septet plus itself.
_GSM_EXTENDED = frozenset("^{}\\[~]|€\f")

GSM_SINGLE, GSM_MULTI = 160, 153
UCS2_SINGLE, UCS2_MULTI = 70, 67


class Encoding(StrEnum):
    GSM7 = "GSM-7"
    UCS2 = "UCS-2"


@dataclass(frozen=True, slots=True)
class SegmentCount:
    """The cost of one text.

    ``units`` are septets (GSM-7) or UTF-16 code units (UCS-2); ``remaining`` is how many
    more units fit before another segment starts; ``forcing_ucs2`` lists, in order of first
    appearance, the characters that pushed the text out of GSM-7.
    """

    encoding: Encoding
    units: int
    segments: int
    per_segment: int
    remaining: int
    forcing_ucs2: tuple[str, ...]


def _septets(char: str) -> int | None:
    if char in _GSM_BASIC:
        return 1
    if char in _GSM_EXTENDED:
        return 2
    return None


def _fill(costs: list[int], single: int, multi: int) -> tuple[int, int, int]:
    """Segments, segment size and room left, never splitting an indivisible unit."""
    total = sum(costs)
    if total <= single:
        return (1 if total else 0), single, single - total
    segments, used = 1, 0
    for cost in costs:
        if used + cost > multi:
            segments, used = segments + 1, 0
        used += cost
    return segments, multi, multi - used


def count_segments(text: str) -> SegmentCount:
    """Count the segments ``text`` will be sent as."""
    septets = [_septets(char) for char in text]
    if all(cost is not None for cost in septets):
        costs = [cost for cost in septets if cost is not None]
        segments, size, remaining = _fill(costs, GSM_SINGLE, GSM_MULTI)
        return SegmentCount(Encoding.GSM7, sum(costs), segments, size, remaining, ())
    forcing = tuple(dict.fromkeys(c for c, cost in zip(text, septets, strict=True) if cost is None))
    # Characters outside the BMP take a surrogate pair, which must stay in one segment.
    costs = [2 if ord(char) > 0xFFFF else 1 for char in text]
    segments, size, remaining = _fill(costs, UCS2_SINGLE, UCS2_MULTI)
    return SegmentCount(Encoding.UCS2, sum(costs), segments, size, remaining, forcing)

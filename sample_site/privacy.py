"""Fictional personal data for the privacy faults and the checksum helpers that make it valid."""

from __future__ import annotations


def id_card(region: str, birth: str, seq: str) -> str:
    body = region + birth + seq
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    s = sum(int(c) * w for c, w in zip(body, weights, strict=True))
    return body + "10X98765432"[s % 11]


def luhn_complete(prefix: str) -> str:
    digits = [int(c) for c in prefix]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:  # these positions are doubled once the check digit is appended
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return prefix + str((10 - total % 10) % 10)


# Fictional personal data (checksum-valid so that only a real detector catches it).
LEAK_ID = id_card("530599", "19850712", "123")
LEAK_MOBILE = "13987650123"
LEAK_CARD = luhn_complete("622202123456789012")
XLSX_IDS = [id_card("530599", "19620304", "215"), id_card("530599", "19770918", "342"),
            id_card("530599", "19911125", "028")]

"""Check digits that separate real identifiers from look-alike digit strings."""

from __future__ import annotations

_CN_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CN_ID_CHECK = "10X98765432"


def digits_only(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def luhn_valid(value: str) -> bool:
    """Luhn (mod 10) over the digits of `value`, separators ignored."""
    digits = digits_only(value)
    if not digits:
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def cn_resident_id_valid(value: str) -> bool:
    """ISO 7064 MOD 11-2 check character of an 18-character 居民身份证 number."""
    if len(value) != 18 or not value[:17].isdigit():
        return False
    total = sum(int(char) * weight for char, weight in zip(value[:17], _CN_ID_WEIGHTS, strict=True))
    return _CN_ID_CHECK[total % 11] == value[17].upper()


def cn_resident_id_check_char(first17: str) -> str:
    """The check character that completes `first17` (used to build valid test numbers)."""
    total = sum(int(char) * weight for char, weight in zip(first17, _CN_ID_WEIGHTS, strict=True))
    return _CN_ID_CHECK[total % 11]

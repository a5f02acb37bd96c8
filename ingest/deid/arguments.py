"""Tool-call arguments: structured values whose key says what they are.

A value under an identifying key ("patient_name", "dob", "phone", "mrn") is pseudonymised whole,
numbers included, whatever the recognizers make of it. Other strings are de-identified as free text,
with the key in front as context ("mrn: 4482913" is recognisable where "4482913" alone is not).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_KEY_TYPES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), entity_type)
    for pattern, entity_type in (
        (
            r"^(?:(?:first|last|given|family|middle|full|patient|contact|caregiver|doctor|physician|provider|"
            r"clinician|relative|guardian|parent|spouse|user|display)_)?name$|^(?:surname|patient|next_of_kin|"
            r"emergency_contact)$|姓名|名字",
            "PERSON",
        ),
        (r"phone|mobile|(?:^|_)tel(?:ephone)?(?:$|_)|(?:^|_)cell(?:$|_)|(?:^|_)fax(?:$|_)|电话|手机", "PHONE_NUMBER"),
        (r"e_?mail|邮箱", "EMAIL_ADDRESS"),
        (r"(?:^|_)dob(?:$|_)|birth_?date|date_of_birth|birthday|出生日期|生日", "DATE_TIME"),
        (r"address|(?:^|_)street(?:$|_)|(?:^|_)addr(?:$|_)|住址|地址", "STREET_ADDRESS"),
        (r"(?:^|_)zip|postal|post_?code|邮编", "ZIP_CODE"),
        (r"(?:^|_)ssn(?:$|_)|social_security", "US_SSN"),
        (r"身份证|id_?card|national_id|resident_id|id_number", "CN_RESIDENT_ID"),
        (r"passport|护照", "PASSPORT"),
        (r"card_(?:number|no|num)|bank_card|银行卡", "BANK_CARD"),
        (r"(?:^|_)plate|车牌", "LICENSE_PLATE"),
        (
            r"(?:^|_)mrn(?:$|_)|medical_record|(?:record|chart|patient|member|insurance|policy|account|"
            r"subscriber)_(?:id|number|no|num)$|(?:^|_)acct(?:$|_)|account_number|病案|病历号|住院号|门诊号|医保|社保",
            "MEDICAL_RECORD_NUMBER",
        ),
    )
)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def normalise_key(key: str) -> str:
    return re.sub(r"[\s\-.]+", "_", _CAMEL.sub("_", key)).lower()


def identifying_type(key: str) -> str | None:
    """The entity type a value under `key` is, or None for a key that does not say."""
    normalised = normalise_key(key)
    for pattern, entity_type in _KEY_TYPES:
        if pattern.search(normalised):
            return entity_type
    return None


def deidentify_arguments(
    arguments: dict[str, Any],
    free_text: Callable[[str, str], str],
    pseudonym: Callable[[str, str], str],
) -> dict[str, Any]:
    """A copy of `arguments` with every string (and every value under an identifying key) replaced.

    `free_text(context, text)` de-identifies free text; `pseudonym(entity_type, value)` gives a tag.
    Keys are de-identified like values (`{"allergies": {"Jane Roe": "penicillin"}}` names a patient in a key);
    a schema name ("file", "patient_name") has nothing to replace and comes out unchanged.
    """

    def clean_key(key: str) -> str:
        return free_text("", key)

    def walk(value: Any, key: str, entity_type: str | None) -> Any:
        if isinstance(value, dict):
            return {clean_key(str(k)): walk(v, str(k), identifying_type(str(k))) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [walk(item, key, entity_type) for item in value]
        if isinstance(value, bool) or value is None:
            return value
        if entity_type is not None and isinstance(value, str | int | float):
            text = str(value)
            return pseudonym(entity_type, text) if text.strip() else text
        if isinstance(value, str):
            return free_text(key.replace("_", " "), value)
        return value

    return {clean_key(str(k)): walk(v, str(k), identifying_type(str(k))) for k, v in arguments.items()}

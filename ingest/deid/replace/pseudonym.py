"""Keyed pseudonyms: the same identifier gets the same typed tag in every event, e.g. <PERSON_3f2a91>.

HMAC-SHA256 over the tag type and a normalised value, so "555-123-4567" and "(555) 123 4567" share a
tag, a different key gives unrelated tags, and the tag cannot be reversed without the key.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

# Presidio entity type -> tag type. Types that name the same kind of identifier share a tag, so a
# card number found by two recognizers gets one pseudonym.
TAGS = {
    "PERSON": "PERSON",
    "LOCATION": "LOCATION",
    "STREET_ADDRESS": "ADDRESS",
    "ZIP_CODE": "ZIP",
    "DATE_TIME": "DATE",
    "PHONE_NUMBER": "PHONE",
    "EMAIL_ADDRESS": "EMAIL",
    "URL": "URL",
    "IP_ADDRESS": "IP",
    "CREDIT_CARD": "CARD",
    "BANK_CARD": "CARD",
    "IBAN_CODE": "ACCOUNT",
    "ACCOUNT_NUMBER": "ACCOUNT",
    "US_BANK_NUMBER": "ACCOUNT",
    "US_SSN": "SSN",
    "US_ITIN": "TAX_ID",
    "US_PASSPORT": "PASSPORT",
    "CN_PASSPORT": "PASSPORT",
    "PASSPORT": "PASSPORT",
    "US_DRIVER_LICENSE": "LICENSE",
    "MEDICAL_LICENSE": "LICENSE",
    "US_NPI": "NPI",
    "US_MBI": "INSURANCE_ID",
    "US_HEALTH_INSURANCE_MEMBER_ID": "INSURANCE_ID",
    "CN_HEALTH_INSURANCE_ID": "INSURANCE_ID",
    "UK_NHS": "NHS",
    "MEDICAL_RECORD_NUMBER": "MRN",
    "CN_RESIDENT_ID": "NATIONAL_ID",
    "LICENSE_PLATE": "PLATE",
    "DEVICE_ID": "DEVICE",
    "ID_CODE": "ID",
    "FILE_NAME": "FILE",
    "PATIENT": "PATIENT",
}
# Tags whose values are codes: case, spaces and punctuation carry no meaning.
_CODE_TAGS = frozenset(
    {
        "PHONE",
        "SSN",
        "MRN",
        "NATIONAL_ID",
        "CARD",
        "ACCOUNT",
        "ZIP",
        "INSURANCE_ID",
        "PASSPORT",
        "TAX_ID",
        "LICENSE",
        "NPI",
        "NHS",
        "PLATE",
        "DEVICE",
        "IP",
        "PATIENT",
        "ID",
    }
)
DIGEST_CHARS = 6
# patient_ref is a join key across events, so it gets a longer digest (collisions would merge patients).
_DIGEST_CHARS_BY_TAG = {"PATIENT": 16}
TAG_PATTERN = re.compile(r"<[A-Z][A-Z_]*_[0-9a-f]{6,16}>")

_POSSESSIVE = re.compile(r"['’]s\b")
_NOT_ALNUM = re.compile(r"[\W_]+")


def tag_type(entity_type: str) -> str:
    return TAGS.get(entity_type, entity_type.upper())


def normalise(tag: str, value: str) -> str:
    text = unicodedata.normalize("NFKC", value).casefold()
    if tag in _CODE_TAGS:
        code = _NOT_ALNUM.sub("", text)
        return _national_phone(code) if tag == "PHONE" else code
    return _NOT_ALNUM.sub(" ", _POSSESSIVE.sub("", text)).strip()


def _national_phone(digits: str) -> str:
    for prefix, length in (("0086", 15), ("86", 13), ("001", 13), ("1", 11)):
        if digits.startswith(prefix) and len(digits) == length:
            return digits[len(prefix) :]
    return digits


class Pseudonymizer:
    def __init__(self, key: str) -> None:
        if not key:
            raise ValueError("the de-identification key is empty: set OUTERLOOP_DEID_KEY or use Settings.secret")
        self._key = key.encode("utf-8")

    def __repr__(self) -> str:
        return "Pseudonymizer(key=<hidden>)"

    def tag(self, entity_type: str, value: str) -> str:
        tag = tag_type(entity_type)
        message = f"{tag}\x1f{normalise(tag, value)}".encode()
        digest = hmac.new(self._key, message, hashlib.sha256).hexdigest()
        return f"<{tag}_{digest[: _DIGEST_CHARS_BY_TAG.get(tag, DIGEST_CHARS)]}>"

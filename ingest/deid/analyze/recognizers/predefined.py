"""Presidio's own pattern recognizers that matter for clinical chat, instantiated per language."""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer
from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer,
    DateRecognizer,
    EmailRecognizer,
    IbanRecognizer,
    IpRecognizer,
    MedicalLicenseRecognizer,
    NhsRecognizer,
    UrlRecognizer,
    UsBankRecognizer,
    UsHealthInsuranceMemberIdRecognizer,
    UsItinRecognizer,
    UsLicenseRecognizer,
    UsMbiRecognizer,
    UsNpiRecognizer,
    UsPassportRecognizer,
    UsSsnRecognizer,
)

from ingest.deid.analyze.recognizers.phone import FastPhoneRecognizer

# Numbers in international format (+xx) are found whatever the region; each region costs a pass of the
# phonenumbers matcher. Chinese numbers have their own recognizer (`cn_phone`).
PHONE_REGIONS = ("US", "GB")


def presidio_recognizers(language: str) -> list[EntityRecognizer]:
    return [
        CreditCardRecognizer(supported_language=language),
        EmailRecognizer(supported_language=language),
        FastPhoneRecognizer(supported_language=language, supported_regions=PHONE_REGIONS),
        UrlRecognizer(supported_language=language),
        IpRecognizer(supported_language=language),
        IbanRecognizer(supported_language=language),
        DateRecognizer(supported_language=language),
        UsSsnRecognizer(supported_language=language),
        UsItinRecognizer(supported_language=language),
        UsPassportRecognizer(supported_language=language),
        UsLicenseRecognizer(supported_language=language),
        UsBankRecognizer(supported_language=language),
        UsMbiRecognizer(supported_language=language),
        UsNpiRecognizer(supported_language=language),
        UsHealthInsuranceMemberIdRecognizer(supported_language=language),
        MedicalLicenseRecognizer(supported_language=language),
        NhsRecognizer(supported_language=language),
    ]

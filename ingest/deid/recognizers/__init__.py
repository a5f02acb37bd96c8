"""Recognizers of the de-identifier, one family per module (as in Presidio)."""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer

from ingest.deid.recognizers.age import AgeRecognizer
from ingest.deid.recognizers.bank_card import BankCardRecognizer
from ingest.deid.recognizers.cn_address import CnAddressRecognizer
from ingest.deid.recognizers.cn_date import CnDateRecognizer
from ingest.deid.recognizers.cn_health_insurance import CnHealthInsuranceRecognizer
from ingest.deid.recognizers.cn_medical_record import CnMedicalRecordRecognizer
from ingest.deid.recognizers.cn_name import CnNameRecognizer
from ingest.deid.recognizers.cn_passport import CnPassportRecognizer
from ingest.deid.recognizers.cn_phone import CnPhoneRecognizer
from ingest.deid.recognizers.cn_plate import CnLicensePlateRecognizer
from ingest.deid.recognizers.cn_resident_id import CnResidentIdRecognizer
from ingest.deid.recognizers.dates import CalendarDateRecognizer, DateOfBirthRecognizer
from ingest.deid.recognizers.device_id import DeviceIdRecognizer, IdentifyingCodeRecognizer
from ingest.deid.recognizers.file_name import FileNameRecognizer
from ingest.deid.recognizers.given_name import GivenNameRecognizer
from ingest.deid.recognizers.labelled_account import LabelledAccountRecognizer
from ingest.deid.recognizers.labelled_phone import LabelledPhoneRecognizer
from ingest.deid.recognizers.medical_record import MedicalRecordNumberRecognizer
from ingest.deid.recognizers.predefined import presidio_recognizers
from ingest.deid.recognizers.street_address import StreetAddressRecognizer
from ingest.deid.recognizers.titled_name import TitledNameRecognizer
from ingest.deid.recognizers.zip_code import ZipCodeRecognizer


def pattern_recognizers(language: str) -> list[EntityRecognizer]:
    """Every recognizer that needs no NLP model, registered under `language`.

    The same set runs on English, Chinese and mixed text: identifiers such as phone numbers, ID
    numbers or e-mail addresses look alike in both, and each recognizer is a cheap regex pass.
    """
    custom: list[EntityRecognizer] = [
        MedicalRecordNumberRecognizer(language),
        StreetAddressRecognizer(language),
        ZipCodeRecognizer(language),
        AgeRecognizer(language),
        LabelledPhoneRecognizer(language),
        LabelledAccountRecognizer(language),
        DateOfBirthRecognizer(language),
        CalendarDateRecognizer(language),
        TitledNameRecognizer(language),
        GivenNameRecognizer(language),
        BankCardRecognizer(language),
        DeviceIdRecognizer(language),
        IdentifyingCodeRecognizer(language),
        FileNameRecognizer(language),
        CnResidentIdRecognizer(language),
        CnPhoneRecognizer(language),
        CnHealthInsuranceRecognizer(language),
        CnMedicalRecordRecognizer(language),
        CnPassportRecognizer(language),
        CnLicensePlateRecognizer(language),
        CnDateRecognizer(language),
        CnNameRecognizer(language),
        CnAddressRecognizer(language),
    ]
    return presidio_recognizers(language) + custom

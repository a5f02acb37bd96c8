"""Recognizers of the de-identifier, one family per module (as in Presidio)."""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer

from ingest.deid.analyze.recognizers.age import AgeRecognizer
from ingest.deid.analyze.recognizers.bank_card import BankCardRecognizer
from ingest.deid.analyze.recognizers.cn.address import CnAddressRecognizer
from ingest.deid.analyze.recognizers.cn.date import CnDateRecognizer
from ingest.deid.analyze.recognizers.cn.health_insurance import CnHealthInsuranceRecognizer
from ingest.deid.analyze.recognizers.cn.medical_record import CnMedicalRecordRecognizer
from ingest.deid.analyze.recognizers.cn.name import CnNameRecognizer
from ingest.deid.analyze.recognizers.cn.passport import CnPassportRecognizer
from ingest.deid.analyze.recognizers.cn.phone import CnPhoneRecognizer
from ingest.deid.analyze.recognizers.cn.plate import CnLicensePlateRecognizer
from ingest.deid.analyze.recognizers.cn.resident_id import CnResidentIdRecognizer
from ingest.deid.analyze.recognizers.context_name import ContextNameRecognizer
from ingest.deid.analyze.recognizers.dates import CalendarDateRecognizer, DateOfBirthRecognizer
from ingest.deid.analyze.recognizers.device_id import DeviceIdRecognizer, IdentifyingCodeRecognizer
from ingest.deid.analyze.recognizers.file_name import FileNameRecognizer
from ingest.deid.analyze.recognizers.forum import HandleRecognizer, SignOffRecognizer
from ingest.deid.analyze.recognizers.given_name import GivenNameRecognizer
from ingest.deid.analyze.recognizers.intl_address import IntlAddressRecognizer
from ingest.deid.analyze.recognizers.labelled_account import LabelledAccountRecognizer
from ingest.deid.analyze.recognizers.labelled_phone import LabelledPhoneRecognizer
from ingest.deid.analyze.recognizers.medical_record import MedicalRecordNumberRecognizer
from ingest.deid.analyze.recognizers.predefined import presidio_recognizers
from ingest.deid.analyze.recognizers.street_address import StreetAddressRecognizer
from ingest.deid.analyze.recognizers.surname_shape import SurnameShapeRecognizer
from ingest.deid.analyze.recognizers.titled_name import TitledNameRecognizer
from ingest.deid.analyze.recognizers.typed_contact import PrescriptionNumberRecognizer, TypedEmailRecognizer
from ingest.deid.analyze.recognizers.zip_code import ZipCodeRecognizer


def pattern_recognizers(language: str) -> list[EntityRecognizer]:
    """Every recognizer that needs no NLP model, registered under `language`.

    The same set runs on English, Chinese and mixed text: identifiers such as phone numbers, ID
    numbers or e-mail addresses look alike in both, and each recognizer is a cheap regex pass.
    """
    custom: list[EntityRecognizer] = [
        MedicalRecordNumberRecognizer(language),
        StreetAddressRecognizer(language),
        IntlAddressRecognizer(language),
        ZipCodeRecognizer(language),
        AgeRecognizer(language),
        LabelledPhoneRecognizer(language),
        LabelledAccountRecognizer(language),
        DateOfBirthRecognizer(language),
        CalendarDateRecognizer(language),
        TitledNameRecognizer(language),
        GivenNameRecognizer(language),
        SurnameShapeRecognizer(language),
        ContextNameRecognizer(language),
        HandleRecognizer(language),
        SignOffRecognizer(language),
        TypedEmailRecognizer(language),
        PrescriptionNumberRecognizer(language),
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

"""Dead-letter previews: every value and every user-controlled key de-identified or dropped."""

from __future__ import annotations

import json

import pytest

from ingest.deid import Deidentifier
from ingest.dlq import preview
from tests.ingest._support import encode, minimal_event


@pytest.fixture(scope="module")
def deidentifier() -> Deidentifier:
    deid = Deidentifier("test-key-not-secret")
    deid.setup()
    return deid


def test_a_large_records_preview_drops_patient_ref_and_unknown_keys(deidentifier: Deidentifier) -> None:
    event = {
        "patient_ref": "MRN-Q7731-ROE",
        "Jane Roe 4155550134": "x",
        **minimal_event(1, english=True),
        "model_output": "Call John Smith. " * 2000,
    }
    shown = preview(deidentifier, json.dumps(event).encode(), chars=400)
    assert "Q7731" not in shown and "Jane" not in shown and "John" not in shown
    assert "<id>" in shown and "<key>" in shown


def test_an_event_previews_field_names_only_when_they_are_the_contracts(deidentifier: Deidentifier) -> None:
    event = {**minimal_event(2, english=True), "patient_ref": "MRN-Q7731-ROE", "Jane Roe": "allergic"}
    shown = preview(deidentifier, encode(event), chars=400)
    assert "Jane" not in shown and "Q7731" not in shown and "<key>" in shown

"""One de-identifier (engines loaded once) for the de-identification tests."""

from __future__ import annotations

import pytest

from ingest.deid import Deidentifier


@pytest.fixture(scope="session")
def deidentifier() -> Deidentifier:
    d = Deidentifier("test-key-one")
    d.setup()
    return d

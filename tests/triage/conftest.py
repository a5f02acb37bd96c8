"""Fixtures: a real DuckDB store seeded through Store methods, the real review app under uvicorn."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

# Tests import their helpers from `review_app` beside this file (pytest runs with importlib mode).
sys.path.insert(0, str(Path(__file__).parent))

import pytest  # noqa: E402
from review_app import LiveServer, seed_store, start_review_app  # noqa: E402

from infra.store import Store  # noqa: E402


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return seed_store(tmp_path / "db" / "outerloop.duckdb")


@pytest.fixture
def live_server(store: Store, tmp_path: Path) -> Iterator[LiveServer]:
    yield from start_review_app(store, tmp_path / "data")

"""The DuckDB store, the only place that issues SQL: `Store` (one class over the table families events,
clustering, causes, review, datasets and runs) and the ingest's `BatchWriter`. Records are in `infra.records`."""

from __future__ import annotations

from infra.store.causes import CausesSQL
from infra.store.clustering import ClusteringSQL
from infra.store.datasets import DatasetsSQL
from infra.store.events import CONFLICT_REASON, BatchWriter, EventsSQL
from infra.store.review import ReviewSQL
from infra.store.runs import RunsSQL


class Store(EventsSQL, ClusteringSQL, CausesSQL, ReviewSQL, DatasetsSQL, RunsSQL):
    """One DuckDB file; each method opens a short connection of its own (see `connection`)."""


__all__ = ["CONFLICT_REASON", "BatchWriter", "Store"]

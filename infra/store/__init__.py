"""The DuckDB store, the only place that issues SQL: `Store` (one class over the table families events,
clustering, causes, review, datasets and runs) and the ingest's `BatchWriter`. Records are in `infra.records`."""

from __future__ import annotations

from infra.store.causes import CausesSQL
from infra.store.clustering import ClusteringSQL
from infra.store.datasets import DatasetsSQL
from infra.store.events import CONFLICT_REASON, BatchWriter, EventsSQL
from infra.store.files import MEMBERS_PER_CLUSTER, pipeline_store, review_store
from infra.store.handoff import HandoffSQL
from infra.store.review import ReviewSQL
from infra.store.runs import RunsSQL


class Store(HandoffSQL, EventsSQL, ClusteringSQL, CausesSQL, ReviewSQL, DatasetsSQL, RunsSQL):
    """One DuckDB file; each method opens a short connection of its own (see `connection`). Every file has
    every table: the pipeline's file (`pipeline_store`) and the review file (`review_store`) use their own."""


__all__ = ["CONFLICT_REASON", "MEMBERS_PER_CLUSTER", "BatchWriter", "Store", "pipeline_store", "review_store"]

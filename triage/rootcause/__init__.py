"""Root-cause analysis of failure signals: a versioned taxonomy, per-event causes from evidence rules,
clinician-trained per-language classifiers and similarity to the taxonomy's examples, cluster causes
counted over members, and the scores behind `rca-eval`.

Public names: load_taxonomy, Taxonomy, CauseDefinition, Cause, Confirmed, RootCauseAnalyzer,
ClusterCause, aggregate, evaluate, evaluate_csv, EvaluationError.
"""

from __future__ import annotations

from triage.rootcause.aggregate import ClusterCause, aggregate
from triage.rootcause.analyzer import RootCauseAnalyzer
from triage.rootcause.cause import Cause, Confirmed
from triage.rootcause.evaluate import EvaluationError, evaluate, evaluate_csv
from triage.rootcause.taxonomy import CauseDefinition, Taxonomy, load_taxonomy

__all__ = [
    "Cause",
    "CauseDefinition",
    "ClusterCause",
    "Confirmed",
    "EvaluationError",
    "RootCauseAnalyzer",
    "Taxonomy",
    "aggregate",
    "evaluate",
    "evaluate_csv",
    "load_taxonomy",
]

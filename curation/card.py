"""The dataset card (README.md) written beside every dataset version."""

from __future__ import annotations

from typing import Any

from curation.records import EVAL, PREFERENCE, SFT


def dataset_card(manifest: dict[str, Any]) -> str:
    counts: dict[str, int] = manifest["counts"]
    parent = manifest["parent_version"] or "none (first version)"
    return f"""# {manifest["name"]} {manifest["version"]}

Expert-reviewed examples from the outer loop of a medical AI assistant: conversations where the
assistant in production left a weak signal (a bad rating, a follow-up question, a physician's
correction, a low-confidence answer or a tool error), grouped into failure clusters and validated by
clinician reviewers.

- Created: {manifest["created_at"]}
- Parent version: {parent}
- Schema: `{manifest["schema"]}`; content hash `{manifest["content_sha256"]}`
- Source: {len(manifest["source_event_ids"])} events, {len(manifest["cluster_ids"])} failure clusters,
  {len(manifest["reviewers"])} reviewers (ids in `manifest.json`)

## Files

| file | records | use |
|---|---|---|
| `{EVAL}` | {counts[EVAL]} | eval: `messages`, `reference_answer`, `failure_cluster`, `failure_theme(_id)`, `kind` |
| `{SFT}` | {counts[SFT]} | fine-tuning, chat format: the conversation, then the reference answer |
| `{PREFERENCE}` | {counts[PREFERENCE]} | preference tuning: `prompt`, `chosen` (reference), `rejected` |

`manifest.json` holds per-file record counts and SHA-256 hashes; check them before training.

## How it was made

Signal events were validated and de-identified at ingestion (no raw identifiers are stored),
embedded and clustered; the most representative events of each cluster were queued for review.
Only items a clinician **accepted** are included. The reference answer is the reviewer's edited
answer, else the physician's correction; accepted items with neither are left out. Preference
pairs exist only where the reference differs from the model's answer. Rejected and pending items
are never exported.

## Intended use

Regression evaluation and fine-tuning of the assistant's models inside the organisation that
operates it. Not for clinical decision making, not a medical reference, not for re-identification
attempts or for linking with other data about patients.

## Privacy

Text was de-identified automatically (names, contacts, identifiers and dates replaced by
placeholders or pseudonyms) before storage. Reference answers were written or edited by reviewers
inside the review tool. Automatic de-identification is not perfect: report any identifier you find
to the data owner and do not copy the data outside the approved environment.

## Licence

Derived from the operator's production conversations; internal use only under the operator's data
governance. No redistribution; no open licence applies.
"""

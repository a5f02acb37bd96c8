"""The dataset card (README.md) written beside every dataset version."""

from __future__ import annotations

from typing import Any

from curation.records import DATA_FILES, EVAL, KTO, PREFERENCE, SFT


def front_matter(manifest: dict[str, Any]) -> str:
    """The YAML header `datasets.load_dataset` reads: one config per non-empty file."""
    counts: dict[str, int] = manifest["counts"]
    configs = "".join(
        f"- config_name: {f.removesuffix('.jsonl')}\n  data_files: {f}\n" for f in DATA_FILES if counts.get(f)
    )
    languages = "".join(f"- {lang}\n" for lang in manifest.get("languages") or ["en"])
    return (
        "---\n"
        "license: other\n"
        "license_name: internal-use-only\n"
        f"language:\n{languages}"
        "task_categories:\n- text-generation\n- question-answering\n"
        "tags:\n- medical\n- evaluation\n- preference\n"
        f"configs:\n{configs}"
        "---\n\n"
    )


def dataset_card(manifest: dict[str, Any]) -> str:
    counts: dict[str, int] = manifest["counts"]
    parent = manifest["parent_version"] or "none (first version)"
    return (
        front_matter(manifest)
        + f"""# {manifest["name"]} {manifest["version"]}

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
| `{EVAL}` | {counts[EVAL]} | rubric eval, HealthBench form (`prompt`, `rubrics`, `ideal_completions_data` ...) |
| `{SFT}` | {counts[SFT]} | TRL conversational SFT: `messages` = the prompt, then the reviewed reference |
| `{PREFERENCE}` | {counts[PREFERENCE]} | TRL preference: `prompt`, `chosen` (reference), `rejected` (failed answer) |
| `{KTO}` | {counts[KTO]} | TRL unpaired (KTO): `prompt`, `completion`, `label` (failed answer false, reference true) |

Every record carries `metadata`: event, item, cluster, theme, kind, model version, language, reviewers and
decision ids. The prompt is the conversation up to the failed answer, never including it. Rubric
criteria tagged `generated` were derived from the decision (the correction, the reference, the failed
answer), not written by a reviewer.

`manifest.json` holds per-file record counts and SHA-256 hashes; check them before training.

## How it was made

Signal events were validated and de-identified at ingestion (no raw identifiers are stored),
embedded and clustered; the most representative events of each cluster were queued for review.
Only items a clinician **accepted** are included. The reference answer is the one the reviewer wrote
or confirmed; a physician's correction alone is rubric evidence, not a reference. A reference that
nearly copies the failed answer (similarity ratio at least 0.9) is never gold: such items give an eval
record and a `false` KTO example only. Rejected and pending items are never exported.

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
    )

"""`outerloop deid` and `outerloop deid-eval`: de-identify a JSONL file; score the de-identifier."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from rich.console import Console

from flows.cli.common import console

err = Console(stderr=True)


def _settings(data_dir: Path | None, surrogate_style: str | None) -> Any:
    """The deployment's settings with the surrogate style chosen on the command line."""
    from flows.cli.common import cli_settings

    settings = cli_settings(data_dir)
    style = surrogate_style or settings.deid.surrogate_style
    if style not in ("tag", "fake"):
        err.print(f"[red]error:[/red] --surrogate-style must be 'tag' or 'fake', got {style!r}")
        raise typer.Exit(2)
    settings.deid = settings.deid.model_copy(update={"surrogate_style": style})
    return settings


def _deidentifier(data_dir: Path | None, surrogate_style: str | None) -> Any:
    from ingest.deid import Deidentifier

    settings = _settings(data_dir, surrogate_style)
    deidentifier = Deidentifier(settings.secret("deid_key"), settings=settings.deid)
    deidentifier.setup()
    return deidentifier


@contextmanager
def _engine(data_dir: Path | None, surrogate_style: str | None, ray_actors: int) -> Iterator[Any]:
    """One in-process de-identifier, or a pool of `ray_actors` Ray actors (RAY_ADDRESS: a cluster)."""
    if ray_actors <= 0:
        yield _deidentifier(data_dir, surrogate_style)
        return
    from infra.ray import ensure_ray, shutdown_ray
    from ingest.deid.ray_pool import RayDeidentifierPool

    settings = _settings(data_dir, surrogate_style)
    ensure_ray(settings)
    try:
        with RayDeidentifierPool(settings.secret("deid_key"), settings.deid, actors=ray_actors) as pool:
            yield pool
    finally:
        shutdown_ray()


def register(app: typer.Typer) -> None:
    """Add this stage's commands to `app`."""

    @app.command("deid")
    def deid(
        input_path: Annotated[
            Path,
            typer.Option("--in", help="JSONL input: objects with `text` (and optional `language`, `patient_ref`)."),
        ],
        output_path: Annotated[
            Path, typer.Option("--out", help="JSONL output: every input field plus `deid_text` and `entities`.")
        ],
        surrogate_style: Annotated[
            str | None, typer.Option(help="'tag' (<PERSON_3f2a91>) or 'fake' (realistic values).")
        ] = None,
        batch_size: Annotated[int, typer.Option(help="Lines de-identified per batch.")] = 64,
        ray_actors: Annotated[int, typer.Option(help="De-identify in this many Ray actors (0: in this process).")] = 0,
        data_dir: Annotated[
            Path | None, typer.Option("--data-dir", help="Data directory (holds the pseudonym key).")
        ] = None,
    ) -> None:
        """De-identify the `text` of each JSON line; keys from the deployment's secret."""
        from ingest.deid.deidentifier import TextJob

        if not input_path.is_file():
            err.print(f"[red]error:[/red] input file {input_path} does not exist")
            raise typer.Exit(2)
        rows: list[dict[str, Any]] = []
        with input_path.open(encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError:
                    err.print(f"[red]error:[/red] line {n} of {input_path} is not valid JSON")
                    raise typer.Exit(2) from None
                if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                    err.print(f"[red]error:[/red] line {n} of {input_path} has no string field `text`")
                    raise typer.Exit(2)
                rows.append(row)
        output_path.parent.mkdir(parents=True, exist_ok=True)
        with (
            _engine(data_dir, surrogate_style, ray_actors) as deidentifier,
            output_path.open("w", encoding="utf-8") as out,
            console.status("de-identifying") as status,
        ):
            for start in range(0, len(rows), batch_size):
                batch = rows[start : start + batch_size]
                jobs = [
                    TextJob(r["text"], str(r.get("language") or "en"), patient_key=str(r.get("patient_ref") or ""))
                    for r in batch
                ]
                for row, result in zip(batch, deidentifier.deidentify_jobs(jobs), strict=True):
                    row["deid_text"] = result.text
                    row["entities"] = [
                        {"type": e.entity_type, "start": e.start, "end": e.end, "score": round(e.score, 3)}
                        for e in result.entities
                    ]
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
                status.update(f"de-identified {min(start + batch_size, len(rows))}/{len(rows)} lines")
        console.print(f"de-identified {len(rows)} lines -> {output_path}")

    @app.command("deid-eval")
    def deid_eval(
        dataset: Annotated[Path, typer.Option("--dataset", help="Labelled set: presidio-synth JSON or JSONL.")],
        fmt: Annotated[
            str | None, typer.Option("--format", help="presidio | jsonl (default: from the file name).")
        ] = None,
        baseline: Annotated[
            str | None, typer.Option(help="'vanilla': also score vanilla Presidio, same model.")
        ] = None,
        limit: Annotated[int | None, typer.Option(help="Only the first N texts.")] = None,
        split: Annotated[
            str | None,
            typer.Option(
                help="tune | heldout: only that split (a JSONL set's `split` field; presidio-synth: by sentence index)."
            ),
        ] = None,
        data_dir: Annotated[
            Path | None, typer.Option("--data-dir", help="Data directory (holds the pseudonym key).")
        ] = None,
    ) -> None:
        """Print per-entity-type precision, recall and F2 (overall, direct identifiers), value-disappears
        recall and clinical terms lost as JSON."""
        from ingest.deid.evaluate.metrics import evaluate, load_dataset, select_split
        from ingest.deid.evaluate.predictors import ours_predictor, vanilla_predictor

        if fmt not in (None, "presidio", "jsonl"):
            err.print(f"[red]error:[/red] --format must be presidio or jsonl, got {fmt!r}")
            raise typer.Exit(2)
        if baseline not in (None, "vanilla"):
            err.print(f"[red]error:[/red] --baseline must be 'vanilla', got {baseline!r}")
            raise typer.Exit(2)
        if split not in (None, "tune", "heldout"):
            err.print(f"[red]error:[/red] --split must be tune or heldout, got {split!r}")
            raise typer.Exit(2)
        if not dataset.is_file():
            err.print(f"[red]error:[/red] dataset {dataset} does not exist")
            raise typer.Exit(2)
        fmt_: Literal["presidio", "jsonl"] | None = fmt  # type: ignore[assignment]
        try:
            items = select_split(load_dataset(dataset, fmt_), split)[:limit]
        except ValueError as exc:
            err.print(f"[red]error:[/red] --split {split}: {exc}")
            raise typer.Exit(2) from None
        deidentifier = _deidentifier(data_dir, None)
        result: dict[str, Any] = {"dataset": str(dataset)}
        if split:
            result["split"] = split
        result["ours"] = evaluate(items, ours_predictor(deidentifier))
        if baseline == "vanilla":
            result["vanilla"] = evaluate(items, vanilla_predictor())
        console.print_json(json.dumps(result, ensure_ascii=False))

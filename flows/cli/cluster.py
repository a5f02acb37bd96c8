"""`outerloop` commands of the cluster stage, registered on the main app by `flows.cli`."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add this stage's commands to `app`."""
    app.command("cluster-eval")(cluster_eval)


def cluster_eval(
    csv_path: Annotated[Path, typer.Option("--csv", help="CSV file with a header row", exists=True, dir_okay=False)],
    text_col: Annotated[str, typer.Option("--text-col", help="column holding the text")] = "text",
    label_col: Annotated[str, typer.Option("--label-col", help="column holding the reference label")] = "label",
    theme_label_col: Annotated[
        str | None,
        typer.Option("--theme-label-col", help="column holding a coarser reference label to score the themes against"),
    ] = None,
    language: Annotated[
        str,
        typer.Option(
            "--language",
            help="language of the texts; zh is clustered like the pipeline does Chinese: character n-gram LSA "
            "(or cluster.zh_embedding_model_dir when set), theme terms segmented with jieba",
        ),
    ] = "en",
    lexical_only: Annotated[
        bool, typer.Option("--lexical-only", help="character n-gram LSA alone (how Chinese is clustered)")
    ] = False,
    min_cluster_size: Annotated[
        int | None, typer.Option("--min-cluster-size", help="override the adaptive minimum cluster size")
    ] = None,
) -> None:
    """Cluster a labelled CSV like the pipeline does; print NMI, ARI, clusters, noise share and
    wall time per phase as JSON (noise counts as one more cluster), and the same scores for the
    failure themes (groups of clusters)."""
    from cluster.evaluate import evaluate_texts
    from cluster.stage import default_embed_fn
    from infra.runtime import configure_environment
    from infra.settings import load_settings

    with csv_path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        wanted = {"--text-col": text_col, "--label-col": label_col, "--theme-label-col": theme_label_col}
        missing = {
            option: col for option, col in wanted.items() if col is not None and col not in (reader.fieldnames or [])
        }
        if missing:
            raise typer.BadParameter(
                f"column(s) {sorted(missing.values())} not in {csv_path}; it has {reader.fieldnames}",
                param_hint=" / ".join(missing),
            )
        rows = [
            (r[text_col] or "", r[label_col] or "", (r[theme_label_col] or "") if theme_label_col is not None else "")
            for r in reader
        ]
    if not rows:
        raise typer.BadParameter(f"{csv_path} has no data rows", param_hint="--csv")
    loaded = load_settings()
    configure_environment(loaded)
    settings = loaded.cluster
    if min_cluster_size is not None:
        settings = settings.model_copy(update={"min_cluster_size": min_cluster_size})
    model = settings.zh_model() if language.startswith("zh") else settings
    embed = None if lexical_only or model is None else default_embed_fn(model)
    result = evaluate_texts(
        [r[0] for r in rows],
        [r[1] for r in rows],
        settings,
        embed,
        theme_labels=[r[2] for r in rows] if theme_label_col is not None else None,
        language=language,
    )
    typer.echo(json.dumps(result, indent=2))

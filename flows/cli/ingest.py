"""`outerloop ingest`, `dlq` and `schema`: the ingest stage and its dead letters."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from flows.cli.common import Bootstrap, DataDir, cli_settings, console, fail

if TYPE_CHECKING:
    from infra.records import DeadLetter

dlq_app = typer.Typer(help="Dead-lettered records: list them (de-identified previews) and replay them after a fix.")


def print_report(report: dict[str, Any]) -> None:
    table = Table(title="ingest")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for key in ("consumed", "stored", "duplicates", "dead_lettered", "batches", "seconds", "events_per_second"):
        table.add_row(key.replace("_", " "), str(report[key]))
    for reason, n in report["dead_lettered_by_reason"].items():
        table.add_row(f"  dead-lettered: {reason}", str(n))
    for tp, n in sorted(report["lag"].items()):
        table.add_row(f"lag {tp}", str(n))
    console.print(table)


def ingest(
    consumers: Annotated[
        int | None, typer.Option(min=1, help="Consumer processes in the group (default ingest.consumers).")
    ] = None,
    max_records: Annotated[int | None, typer.Option(help="Stop after about this many records.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    data_dir: DataDir = None,
    bootstrap_servers: Bootstrap = None,
) -> None:
    """Consume the signals topic into the store: validate, de-identify, store, dead-letter the rest."""
    from infra.kafka import BrokerUnavailableError
    from infra.records import StoreBusyError
    from ingest.consumer import BrokerLostError, ConsumerGroupJoinError
    from ingest.run import run as ingest_stage
    from ingest.workers import ConsumerProcessError

    settings = cli_settings(data_dir, bootstrap_servers)
    count = consumers or settings.ingest.consumers
    console.print(
        f"ingest: {count} consumer(s) in group {settings.kafka.group_id} on {settings.kafka.signals_topic} "
        f"at {settings.kafka.bootstrap_servers}"
    )

    def progress(r: Any) -> None:
        if not as_json:
            console.print(f"  consumed {r.consumed}, stored {r.stored}, dead-lettered {r.dead_lettered}")

    try:
        report = ingest_stage(settings, max_records=max_records, consumers=count, progress=progress).as_dict()
    except (
        BrokerUnavailableError,
        BrokerLostError,
        ConsumerGroupJoinError,
        ConsumerProcessError,
        StoreBusyError,
    ) as exc:
        fail(str(exc))
    if as_json:
        print(json.dumps(report))
    else:
        print_report(report)


def dlq_list(
    ctx: typer.Context,
    reason: Annotated[str | None, typer.Option(help="Only this reason code.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many rows.")] = 50,
    preview: Annotated[bool, typer.Option(help="Show a de-identified preview (loads the de-identifier).")] = True,
    data_dir: DataDir = None,
    bootstrap_servers: Bootstrap = None,
) -> None:
    """List dead-lettered records: reason, source offset, message and a de-identified preview (never raw text)."""
    if ctx.invoked_subcommand is not None:
        return
    from infra.kafka import BrokerUnavailableError
    from infra.store import Store
    from ingest.dlq import DeadLetterReadError, read_dead_letters
    from ingest.dlq import preview as make_preview

    settings = cli_settings(data_dir, bootstrap_servers)
    store = Store(settings.db_path)
    rows = [d for d in store.dead_letters(limit=1_000_000) if reason is None or d.reason == reason][:limit]
    previews: dict[tuple[str, int, int], str] = {}
    if preview and rows:
        from ingest.deid import Deidentifier

        deid = Deidentifier(settings.secret("deid_key"), settings=settings.deid)
        deid.setup()
        wanted = {(d.source_topic, d.source_partition, d.source_offset) for d in rows}
        try:
            for record in read_dead_letters(settings.kafka):
                if record.source in wanted:
                    previews[record.source] = make_preview(deid, record.value)
        except (BrokerUnavailableError, DeadLetterReadError) as exc:
            console.print(f"[yellow]no previews:[/yellow] {escape(str(exc))}")
    console.print(dead_letter_table(rows, previews, store.dead_letter_reasons()))


def dead_letter_table(rows: Sequence[DeadLetter], previews: dict[tuple[str, int, int], str], by_reason: Any) -> Table:
    """The listing; every cell is plain Text, so a record's `[INST]` or `[/b]` is shown, never read as markup."""
    table = Table(title=Text(f"dead letters ({len(rows)} shown; by reason {by_reason})"))
    for col in ("reason", "source", "bytes", "message", "preview (de-identified)"):
        table.add_column(col)
    for d in rows:
        source = f"{d.source_topic}[{d.source_partition}]@{d.source_offset}"
        key = (d.source_topic, d.source_partition, d.source_offset)
        cells = (d.reason, source, str(d.size_bytes), d.message, previews.get(key, ""))
        table.add_row(*(Text(cell) for cell in cells))
    return table


def _parse_offsets(values: list[str]) -> set[tuple[int, int]]:
    parsed: set[tuple[int, int]] = set()
    for value in values:
        partition, _, offset = value.partition(":")
        if not (partition.isdigit() and offset.isdigit()):
            raise typer.BadParameter(f"{value!r} is not PARTITION:OFFSET", param_hint="--offset")
        parsed.add((int(partition), int(offset)))
    return parsed


@dlq_app.command("replay")
def dlq_replay(
    reason: Annotated[list[str] | None, typer.Option(help="Replay records with this reason (repeatable).")] = None,
    offset: Annotated[
        list[str] | None, typer.Option(help="Replay the record at source PARTITION:OFFSET (repeatable).")
    ] = None,
    replay_all: Annotated[bool, typer.Option("--all", help="Replay every dead letter.")] = False,
    data_dir: DataDir = None,
    bootstrap_servers: Bootstrap = None,
) -> None:
    """Re-publish selected dead letters' original bytes to the signals topic (after fixing their cause)."""
    from infra.kafka import BrokerUnavailableError
    from ingest.dlq import DeadLetterReadError, DeadLetterRecord, replay

    if not (reason or offset or replay_all):
        fail("choose what to replay: --reason REASON, --offset PARTITION:OFFSET or --all")
    reasons, offsets = set(reason or []), _parse_offsets(offset or [])
    settings = cli_settings(data_dir, bootstrap_servers)

    def select(r: DeadLetterRecord) -> bool:
        if r.source_topic != settings.kafka.signals_topic:
            return False
        return replay_all or r.reason in reasons or (r.source_partition, r.source_offset) in offsets

    try:
        replayed = replay(settings.kafka, select)
    except (BrokerUnavailableError, DeadLetterReadError) as exc:
        fail(str(exc))
    console.print(Text(f"replayed {len(replayed)} dead letter(s) to {settings.kafka.signals_topic}"))
    for r in replayed:
        console.print(Text(f"  {r.reason}  {r.source_topic}[{r.source_partition}]@{r.source_offset}"))


def schema() -> None:
    """Print the JSON Schema of the signal event contract."""
    from ingest.event import json_schema

    console.print_json(json.dumps(json_schema()))


def register(app: typer.Typer) -> None:
    """Add this stage's commands to `app`."""
    app.command("ingest")(ingest)
    app.command("schema")(schema)
    dlq_app.callback(invoke_without_command=True)(dlq_list)
    app.add_typer(dlq_app, name="dlq")

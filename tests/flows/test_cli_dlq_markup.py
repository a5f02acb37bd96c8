"""`outerloop dlq` shows a dead letter's text as it is: square brackets are text, never Rich markup."""

from __future__ import annotations

from io import StringIO

from rich.console import Console

from flows.cli.ingest import dead_letter_table
from infra.records import DeadLetter


def test_a_dead_letter_with_markup_like_text_is_printed_not_parsed() -> None:
    message = "prompt [INST] hello [/INST] and [/b] and [bold]x"
    row = DeadLetter("outerloop.signals", 0, 7, "not_json", message, 12, None)
    out = StringIO()
    Console(file=out, width=400).print(dead_letter_table([row], {("outerloop.signals", 0, 7): "[/INST]"}, {}))
    assert "[INST] hello [/INST]" in out.getvalue() and "[bold]x" in out.getvalue()

"""The ingest stage: Kafka -> validate -> de-identify -> DuckDB, nothing lost, nothing doubled.
Front door: `ingest.run.run(settings) -> IngestReport`. Also: `deid/` (the de-identifier), `dlq` (dead
letters: list, replay), `event` (the signal event contract); `synthetic/` is the demo's fake upstream."""

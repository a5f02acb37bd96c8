"""What the stages stand on: `settings`, `records` (the record types), `store/` (DuckDB, the only SQL),
`kafka` and `broker` (the local Tansu broker), `ray` (Ray's life cycle), `runtime` (process environment)."""

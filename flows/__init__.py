"""Prefect flows (`flows.pipeline`: outerloop-pipeline, outerloop-export), thin wrappers over each stage's
`run`, and the `outerloop` command line (`flows.cli`, one module per command group)."""

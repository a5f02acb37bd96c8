"""The curation stage: accepted review items -> versioned, immutable eval / SFT / preference datasets.
Front door: `curation.run.run(settings, name) -> ExportResult`."""

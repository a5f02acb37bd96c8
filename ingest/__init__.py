"""ingest stage of outerloop."""

"""curation stage of outerloop."""

"""infra stage of outerloop."""

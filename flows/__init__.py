"""flows stage of outerloop."""

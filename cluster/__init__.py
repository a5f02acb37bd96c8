"""cluster stage of outerloop."""

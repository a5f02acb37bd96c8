"""triage stage of outerloop."""

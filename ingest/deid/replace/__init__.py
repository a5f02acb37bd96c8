"""Replacement: keyed pseudonym tags, realistic surrogates and per-patient date shifts."""

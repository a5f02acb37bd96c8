"""The expert review page and its JSON API."""

from __future__ import annotations

from triage.web.app import create_app

__all__ = ["create_app"]

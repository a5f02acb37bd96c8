"""Keep identifiers out of Presidio's log records.

Some Presidio recognizers log the candidate text they looked at (IbanRecognizer: "Failed to validate
text %s"). A filter on Presidio's logger replaces every argument of a record with a placeholder.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

PRESIDIO_LOGGERS = ("presidio-analyzer", "presidio-anonymizer")


class RedactArguments(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, Mapping):
            record.args = {key: "<redacted>" for key in record.args}
        elif record.args:
            record.args = tuple("<redacted>" for _ in record.args)
        return True


def guard_presidio_logs() -> None:
    for name in PRESIDIO_LOGGERS:
        presidio_logger = logging.getLogger(name)
        if not any(isinstance(f, RedactArguments) for f in presidio_logger.filters):
            presidio_logger.addFilter(RedactArguments())

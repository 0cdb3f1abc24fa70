"""Log lines for a collector: LOG_FORMAT=json writes one JSON object a line; and no line ever shows a secret.

Each object has `time` (UTC, ISO 8601), `level`, `logger` and `message`; `command`, `guild` and `shard`
where the line is about one slash command (the command tree passes them with `extra=`), and
`exception` with the traceback where one was logged.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

# Fields a log call may add with `extra=` that a JSON line carries.
CONTEXT_FIELDS = ("command", "guild", "shard")
HIDDEN = "***"


class JsonLines(logging.Formatter):
    """One JSON object a line."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in CONTEXT_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                line[name] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class HidingSecrets(logging.Formatter):
    """Another formatter's lines with each secret (the Discord token) replaced by ***.

    racebot never logs the token; this keeps a library's debug line, or an error's text that quotes
    it, from reaching the log either, whatever the format.
    """

    def __init__(self, inner: logging.Formatter, secrets: Iterable[str]) -> None:
        super().__init__()
        self._inner = inner
        self._secrets = tuple(secret for secret in secrets if secret)

    def format(self, record: logging.LogRecord) -> str:
        text = self._inner.format(record)
        for secret in self._secrets:
            text = text.replace(secret, HIDDEN)
        return text

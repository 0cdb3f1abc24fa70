"""What a feed write changed: values set only where they differ, and the tally the import reports.

Shared by the event writer and the session-row writer, which both count into one tally.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


@dataclass(slots=True)
class Tally:
    created: int = 0
    updated: int = 0
    lineups: list[int] = field(default_factory=list)
    results: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, datetime) and isinstance(new, datetime):
        # SQLite hands datetimes back naive; the store keeps UTC throughout.
        return old.replace(tzinfo=old.tzinfo or UTC) == new.replace(tzinfo=new.tzinfo or UTC)
    return bool(old == new)


def assign(row: object, values: Mapping[str, Any]) -> bool:
    """Set the attributes that differ, skipping Nones (the feed not knowing is not a fact); True if any."""
    changed = False
    for name, value in values.items():
        if value is not None and not _same(getattr(row, name), value):
            setattr(row, name, value)
            changed = True
    return changed

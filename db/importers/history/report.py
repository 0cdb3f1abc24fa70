"""What a history import did, counted by the writer and returned to the command that ran it.

Apart from the importer and the writer so both can fill it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class HistoryImportReport:
    """What an import did; re-importing the same files reports nothing added, updated or removed."""

    files: int = 0
    rows_read: int = 0
    duplicate_rows_skipped: int = 0
    events_added: int = 0
    events_updated: int = 0
    results_added: int = 0
    results_updated: int = 0
    results_removed: int = 0
    drivers_added: int = 0
    teams_added: int = 0
    manufacturers_added: int = 0
    tracks_added: int = 0
    tracks_updated: int = 0
    # A line each: what the corrections tables changed, and what still looks wrong in the source.
    corrections: list[str] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether the import wrote anything (a re-import of the same files writes nothing)."""
        return any(
            (
                self.events_added,
                self.events_updated,
                self.results_added,
                self.results_updated,
                self.results_removed,
                self.drivers_added,
                self.teams_added,
                self.manufacturers_added,
                self.tracks_added,
                self.tracks_updated,
            )
        )

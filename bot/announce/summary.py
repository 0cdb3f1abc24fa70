"""What one pass did, logged as one line per race and outcome rather than a line per channel.

A race followed in 1,200 channels would otherwise write 1,200 lines when its grid goes out, or when
the green flag comes before the last of them could be sent. The same counts, and the posts the pass
found due but could not get out, feed the announcer's metrics.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import Literal

from kernel.announcing import PostKey

log = logging.getLogger(__name__)

Outcome = Literal["announced", "held", "skipped", "failed"]
# After these a post no longer waits to go out.
SETTLED: tuple[Outcome, ...] = ("announced", "skipped")


class PassSummary:
    """Counts posts by (kind, event, outcome, reason) during a pass; `log()` writes them at its end."""

    def __init__(self) -> None:
        self._counts: Counter[tuple[str, int, Outcome, str]] = Counter()
        self.found_due: set[PostKey] = set()
        self._settled: set[PostKey] = set()

    def due(self, key: PostKey) -> None:
        """The pass found this post due and not out (to send, held, or failed and waiting to retry)."""
        self.found_due.add(key)

    def note(self, key: PostKey, outcome: Outcome, reason: str = "") -> None:
        self._counts[key.kind, key.event_id, outcome, reason] += 1
        if outcome in SETTLED:
            self._settled.add(key)

    @property
    def waiting(self) -> set[PostKey]:
        """Posts found due that this pass did not get out (or skip)."""
        return self.found_due - self._settled

    def outcomes(self) -> Counter[Outcome]:
        """Posts by outcome."""
        totals: Counter[Outcome] = Counter()
        for (_, _, outcome, _), channels in self._counts.items():
            totals[outcome] += channels
        return totals

    def log(self) -> None:
        for (kind, event_id, outcome, reason), channels in sorted(self._counts.items()):
            if outcome == "announced":
                log.info("announced %s of event %s in %d channel(s)", kind, event_id, channels)
            elif outcome != "failed":  # the delivery logged each failure with its channel's health
                log.warning(
                    "%s %s of event %s in %d channel(s): %s", outcome, kind, event_id, channels, reason
                )

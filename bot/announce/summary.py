"""What one pass did, logged as one line per race and outcome rather than a line per channel.

A race followed in 1,200 channels would otherwise write 1,200 lines when its grid goes out, or when
the green flag comes before the last of them could be sent.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import Literal

from kernel.announcing import PostKey

log = logging.getLogger(__name__)

Outcome = Literal["announced", "held", "skipped"]


class PassSummary:
    """Counts posts by (kind, event, outcome, reason) during a pass; `log()` writes them at its end."""

    def __init__(self) -> None:
        self._counts: Counter[tuple[str, int, Outcome, str]] = Counter()

    def note(self, key: PostKey, outcome: Outcome, reason: str = "") -> None:
        self._counts[key.kind, key.event_id, outcome, reason] += 1

    def log(self) -> None:
        for (kind, event_id, outcome, reason), channels in sorted(self._counts.items()):
            if outcome == "announced":
                log.info("announced %s of event %s in %d channel(s)", kind, event_id, channels)
            else:
                log.warning(
                    "%s %s of event %s in %d channel(s): %s", outcome, kind, event_id, channels, reason
                )

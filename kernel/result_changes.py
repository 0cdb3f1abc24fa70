"""Official results that changed after the race: how long the feed is watched for it, and one change.

NASCAR amends results after a race (a car disqualified at post-race inspection, an encumbered finish),
and the weekend feed then shows the new order. The live sync re-reads a finished race's weekend feed
for `RESULTS_WATCH` after its green flag; the announcer edits a posted results announcement for as long.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

# NASCAR's penalty report for a weekend comes on the Tuesday or Wednesday after a Sunday race; four
# days after the green flag covers it and ends before the next weekend's cars are on track. One more
# weekend's feeds a round (three at most) keeps the round to a handful of requests.
RESULTS_WATCH = timedelta(days=4)


@dataclass(frozen=True, slots=True)
class ChangeAfterRace:
    """One car's official result as a later read of NASCAR's feed changed it (None where not known)."""

    seen_at: datetime
    driver: str
    car_number: str | None
    finish_before: int | None
    finish_after: int | None
    points_before: int | None
    points_after: int | None
    status_before: str | None
    status_after: str | None
    # The feed marks the car disqualified (`results[].disqualified`).
    disqualified: bool
    # The feed's infractions for the car listed after the results first became official, as text.
    reason: str | None

"""Official results that change after the race: each read of an official race is compared with the last.

NASCAR amends results after a race (a car disqualified, an encumbered finish), and the weekend feed
then lists the new order. The comparison is with what the feed itself last said (`OfficialResult`),
never with the stored rows: a history import rewrites those, and its differences are not NASCAR's.
What changed is recorded per car (`ResultChange`) with when it was seen and, where the feed says, why:
the car's `disqualified` flag and the infractions listed for it since the results became official
(those listed by then were assessed during the race).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.importers.feed.identity import Identities
from db.importers.feed.payloads import FeedInfraction, FeedResult
from db.store.models import Event, OfficialResult, ResultChange

REASON_LIMIT = 300  # ResultChange.reason's column
# One car's outcome as the baseline keeps it: [finish, status, points, disqualified, car number]; the
# first four are the result (the car number only names the car in a record).
Outcome = list[Any]
RESULT = slice(0, 4)


def _outcomes(results: Sequence[FeedResult]) -> dict[str, Outcome]:
    """Feed driver id (as text: a JSON key) -> outcome; a car listed twice counts once, as first listed."""
    outcomes: dict[str, Outcome] = {}
    for result in results:
        outcomes.setdefault(
            str(result.driver_id),
            [result.finish_position, result.status, result.points, result.disqualified, result.car_number],
        )
    return outcomes


def _key(infraction: FeedInfraction) -> list[Any]:
    return [
        infraction.driver_id,
        infraction.car_number,
        infraction.infraction,
        infraction.penalty,
        infraction.notes,
        infraction.lap,
        infraction.lap_assessed,
    ]


def _text(infraction: FeedInfraction) -> str | None:
    """ "Failed post-race inspection: Disqualified", or the notes where the feed names neither."""
    said = ": ".join(part for part in (infraction.infraction, infraction.penalty) if part)
    return said or infraction.notes


def _reason(infractions: Sequence[FeedInfraction], feed_id: int, car: str | None) -> str | None:
    """What the infractions listed after the race say of one car (by driver, else by car number)."""
    texts: dict[str, None] = {}  # in the feed's order, each once
    for infraction in infractions:
        by_car = infraction.driver_id is None and car is not None and infraction.car_number == car
        text = _text(infraction)
        if text and (infraction.driver_id == feed_id or by_car):
            texts[text] = None
    return "; ".join(texts)[:REASON_LIMIT] or None


class OfficialWatch:
    """Compares each official read of a race with the last one inside the import's transaction."""

    def __init__(self, session: AsyncSession, identities: Identities, at: datetime) -> None:
        self.session = session
        self.ids = identities
        self.at = at

    async def read(
        self, event: Event, results: Sequence[FeedResult], infractions: Sequence[FeedInfraction]
    ) -> bool:
        """Note an official read: the first becomes the baseline; a later one that differs is recorded
        car by car. True when a change after the race was recorded."""
        outcomes = _outcomes(results)
        baseline = await self.session.get(OfficialResult, event.id)
        if baseline is None:
            self.session.add(
                OfficialResult(
                    event_id=event.id,
                    first_seen=self.at,
                    outcome=outcomes,
                    infractions=[_key(i) for i in infractions],
                )
            )
            return False
        if outcomes == baseline.outcome:
            return False
        later = [i for i in infractions if _key(i) not in baseline.infractions]
        names = {result.driver_id: result.driver_name for result in results}
        drivers = await self.ids.drivers(names.items())
        recorded = False
        for feed_key in sorted(set(baseline.outcome) | set(outcomes), key=int):
            old = baseline.outcome.get(feed_key) or [None, None, None, False, None]
            new = outcomes.get(feed_key) or [None, None, None, False, None]
            if old[RESULT] == new[RESULT]:
                continue
            feed_id = int(feed_key)
            driver_id = drivers.get(feed_id) or await self.ids.known_driver(feed_id)
            if driver_id is None:
                continue  # a car dropped from the feed that the store never linked
            car = new[4] or old[4]
            self.session.add(
                ResultChange(
                    event_id=event.id,
                    driver_id=driver_id,
                    seen_at=self.at,
                    car_number=car,
                    finish_before=old[0],
                    finish_after=new[0],
                    points_before=old[2],
                    points_after=new[2],
                    status_before=old[1],
                    status_after=new[1],
                    disqualified=bool(new[3]),
                    reason=_reason(later, feed_id, car),
                )
            )
            recorded = True
        baseline.outcome = outcomes
        return recorded

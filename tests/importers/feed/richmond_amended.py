"""Richmond 2023 as NASCAR would amend it: the real payload made official, then a car disqualified.

Shared by the importer, answer and end-to-end tests of results changed after the race.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from db.importers.feed.importer import FeedImportReport, store_feed
from db.importers.feed.payloads import parse_weekend_feed
from db.store import Store

Payloads = Callable[[str], Any]
RICHMOND = "weekend-feed_2023_1_5274.json"
WEEKEND_2023 = "/2023/1/5274/weekend-feed.json"
GREEN_FLAG = datetime(2023, 4, 2, 19, 30, tzinfo=UTC)  # schedule[] run_type 3 of the payload
OFFICIAL_AT = GREEN_FLAG + timedelta(hours=4)
TUESDAY = GREEN_FLAG + timedelta(days=2)
FAILED_INSPECTION = {
    "car_number": "5",
    "driver_fullname": "Kyle Larson",
    "driver_id": 4030,
    "infraction": "Failed post-race inspection",
    "lap": 0,
    "lap_assessed": 0,
    "notes": "Illegal modification to the front fascia",
    "penalty": "Disqualified",
}
SPEEDING = {
    "car_number": "1",
    "driver_fullname": "Ross Chastain",
    "driver_id": 4001,
    "infraction": "Speeding on pit road",
    "lap": 51,
    "lap_assessed": 51,
    "notes": None,
    "penalty": "Pass through",
}


def official(payloads: Payloads) -> dict[str, Any]:
    """The Richmond payload (captured before inspection was complete) with inspection complete."""
    weekend: dict[str, Any] = payloads(RICHMOND)
    weekend["weekend_race"][0]["inspection_complete"] = True
    return weekend


def disqualified(payloads: Payloads, car: str, *infractions: dict[str, Any]) -> dict[str, Any]:
    """The official payload with `car` disqualified as NASCAR does it: last, with last place's point,
    the cars behind it up one place; `infractions` listed in the race."""
    weekend = official(payloads)
    race = weekend["weekend_race"][0]
    results = race["results"]
    out = next(result for result in results if result["car_number"] == car)
    last = max(result["finishing_position"] for result in results)
    for result in results:
        if result["finishing_position"] > out["finishing_position"]:
            result["finishing_position"] -= 1
    out.update(finishing_position=last, finishing_status="Disqualified", disqualified=True, points_earned=1)
    race["infractions"] = [*race["infractions"], *infractions]
    return weekend


async def store_read(store: Store, weekend: dict[str, Any], at: datetime) -> FeedImportReport:
    """One read of the weekend feed, as a sync round at `at` stores it."""
    parsed = parse_weekend_feed(weekend)
    return await store_feed(store, [parsed.race], {parsed.race.race_id: parsed}, season=2023, at=at)

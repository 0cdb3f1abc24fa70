"""The race chart of a race whose lap times the store holds: for `/results` and the results posts.

The laps are read from the store (one race's few dozen rows) once per data version and made into the
chart's spec here; the picture itself is drawn in the pool. A race without lap times has no chart, and
costs no query: the races with lap times are read once per data version.
"""

from __future__ import annotations

from collections import OrderedDict

from bot.pictures.lap_times import laps_chart
from bot.pictures.specs import RaceChart
from db.store import Store
from db.store.queries.lap_times import race_laps, races_with_laps
from kernel.reports import EventInfo

# Races whose chart (or lack of one) is kept: the few a weekend's questions and posts are about.
CHARTS_KEPT = 64


def chart_title(event: EventInfo) -> str:
    """ "2020 Blue-Emu Maximum Pain Relief 500 · Martinsville Speedway"."""
    return f"{event.season} {event.name} · {event.track_name}"


class RaceCharts:
    """Race charts by event, kept while the data version stands (a newer version reads them again)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._kept: OrderedDict[tuple[int, int], RaceChart | None] = OrderedDict()
        self._with_laps: tuple[int, frozenset[int]] = (-1, frozenset())

    async def chart(self, event: EventInfo, *, version: int) -> RaceChart | None:
        """The chart of `event`, or None when the store has no lap times for it."""
        if self._with_laps[0] != version:
            self._with_laps = (version, await races_with_laps(self._store.sessions))
        if event.id not in self._with_laps[1]:
            return None
        key = (version, event.id)
        if key in self._kept:
            self._kept.move_to_end(key)
            return self._kept[key]
        laps = await race_laps(self._store.sessions, event.id)
        chart = None if laps is None else laps_chart(laps, title=chart_title(event))
        self._kept[key] = chart
        while len(self._kept) > CHARTS_KEPT:
            self._kept.popitem(last=False)
        return chart

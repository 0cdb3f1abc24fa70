"""Standings posts: the series' drivers table after a race, once NASCAR's table counts that race.

Each pass reads, for the races whose results are official in servers that asked for standings, the
drivers table of that series and season (the one /standings shows, marked against the cut line), once
per pass, so the jobs that send, re-send and edit (`sending`) build their posts without the store. When
a table is the one to post is `kernel.announcing.standings_decision`.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.announce.posts import Post, standings_post
from bot.answers.service import Answers
from db.store.queries.announce_log import Target
from kernel.announcing import StandingsAction, standings_decision
from kernel.reports import EventInfo
from kernel.standings import StandingsReport

# A post that never went out because the table already counted a later race (the bot was down).
PASSED = "the standings already counted a later race"


class StandingsPosts:
    """The tables one pass read, and the standings post each target would make from them."""

    def __init__(self, answers: Answers) -> None:
        self.answers = answers
        self._tables: dict[tuple[str, int], StandingsReport | None] = {}

    async def read(self, targets: Iterable[Target]) -> None:
        """Read the tables this pass's standings posts need (none when no server asked for them)."""
        wanted = {
            (target.event.series_code, target.event.season)
            for target in targets
            if target.standings and target.event.results_official
        }
        self._tables = {key: await self.answers.published_standings(*key) for key in sorted(wanted)}

    def decision(self, target: Target) -> StandingsAction:
        """Post, wait, or passed (the table counts a later race), for this target's race."""
        event, table = self._race(target)
        return standings_decision(
            results_official=event.results_official,
            race=event.round,
            table_races=None if table is None else table.races,
        )

    def post(self, target: Target) -> Post | None:
        """The post as the table now stands, while it counts exactly this race; None otherwise."""
        event, table = self._race(target)
        if table is None or self.decision(target) != "post":
            return None
        return standings_post(table, event, target.role_id, spoiler=target.results == "spoiler")

    def _race(self, target: Target) -> tuple[EventInfo, StandingsReport | None]:
        """The race as the race book has it (official there too) and its series' table, if read."""
        event = self.answers.book.events.get(target.event.id, target.event)
        return event, self._tables.get((event.series_code, event.season))

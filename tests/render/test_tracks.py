"""The /schedule pages: one embed a page, each inside Discord's limits, every race once and in order."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

from bot.render.common import DATA_FOOTER, DESCRIPTION_LIMIT, TITLE_LIMIT
from bot.render.tracks import schedule_pages
from kernel.reports import RaceOutcome, ScheduleReport
from tests.render.reports import EVENT, total_chars

LONGEST_SEASON = 62  # Cup 1964, the most races a national series has run in a season


def _season(races: int) -> ScheduleReport:
    """A season whose every line is as long as lines get: long track, green flag, TV, winner and pole."""
    outcomes = tuple(
        RaceOutcome(
            replace(
                EVENT,
                round=n,
                track_name="Charlotte Motor Speedway Road Course (Roval)",
                start_time_utc=EVENT.start_time_utc + timedelta(days=7 * n),  # type: ignore[operator]
                tv_network="NBC Sports Network / Peacock",
            ),
            winner="Ricky Stenhouse Jr.",
            pole="Christopher Bell",
        )
        for n in range(1, races + 1)
    )
    return ScheduleReport("cup", 2024, outcomes)


def test_a_short_season_is_one_page_without_a_number() -> None:
    """Ten races fit one page, titled without "(1/1)", with the footer."""
    [page] = schedule_pages(_season(10))
    assert page.title == "2024 NASCAR Cup Series schedule"
    assert page.footer.text == DATA_FOOTER


def test_the_longest_season_pages_within_discords_limits() -> None:
    """62 of the longest lines: several pages, each one message's embed inside every limit."""
    pages = [page.to_dict() for page in schedule_pages(_season(LONGEST_SEASON))]
    assert len(pages) > 1
    for page in pages:
        assert len(page["title"]) <= TITLE_LIMIT
        assert len(page["description"]) <= DESCRIPTION_LIMIT
        assert total_chars(page) <= 6000


def test_pages_are_numbered_and_each_has_the_footer() -> None:
    """Every title says "(n/N)"; every page is a message of its own, so each carries the footer."""
    pages = schedule_pages(_season(LONGEST_SEASON))
    count = len(pages)
    assert [page.title for page in pages] == [
        f"2024 NASCAR Cup Series schedule ({n}/{count})" for n in range(1, count + 1)
    ]
    assert {page.footer.text for page in pages} == {DATA_FOOTER}


def test_every_race_is_on_one_page_in_order() -> None:
    """Rounds 1 to 62 read across the pages once each, in order, with nothing clipped."""
    pages = schedule_pages(_season(LONGEST_SEASON))
    rounds = [int(n) for page in pages for n in re.findall(r"^\*\*(\d+)\.\*\*", page.description or "", re.M)]
    assert rounds == list(range(1, LONGEST_SEASON + 1))
    assert not any((page.description or "").endswith("…") for page in pages)

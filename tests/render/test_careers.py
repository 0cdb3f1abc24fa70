"""Issue 21's figures in the embeds: points earned and driver rating in /leaders, titles and the current
points place in /driver, the champion on /schedule, and a finale's results that call the winner the
winner and the champion the champion."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.render.drivers import driver_embed
from bot.render.leaders import leaders_embed
from bot.render.races import results_embed
from bot.render.tracks import schedule_pages
from kernel.careers import PointsPlace, SeriesTitles
from kernel.reports import (
    DriverReport,
    LeaderRow,
    LeadersReport,
    RaceOutcome,
    ResultLine,
    ResultsReport,
    ScheduleReport,
    SeriesRecord,
)
from tests.render.reports import EVENT, total_chars

POINTS = LeadersReport(
    stat="points",
    series_code="cup",
    track_name=None,
    from_year=1970,
    to_year=1980,
    min_starts=1,
    rows=(LeaderRow(1, 1, "Richard Petty", 12_345, 300, unknown_points_starts=30),),
    ranked=120,
    races=330,
    gap_seasons=(1974,),
    unknown_points_starts=1_073,
    gap_out_of=11_600,
    odd_seasons=(1972, 1973),
    scale_changes=(1975,),
)
RATING = LeadersReport(
    stat="rating",
    series_code="cup",
    track_name=None,
    from_year=None,
    to_year=None,
    min_starts=10,
    rows=(LeaderRow(1, 2, "Kyle Larson", 104.26, 150),),
    ranked=80,
    races=2_400,
    gap_seasons=(1949, 1950, 1951, 2017),
    unknown_rating_starts=70_000,
    gap_out_of=100_000,
)


def description(report: LeadersReport) -> list[str]:
    return (leaders_embed(report).description or "").splitlines()


def test_points_earned_is_titled_as_such_and_a_sum_over_a_gap_reads_at_least() -> None:
    embed = leaders_embed(POINTS)
    assert embed.title == "Most points earned — NASCAR Cup Series, 1970–1980"
    lines = description(POINTS)
    assert lines[0] == "**1.** Richard Petty — ≥12,345 (300 starts)"
    assert any(
        line.startswith("Points earned: each driver's championship points race by race") for line in lines
    )
    assert (
        "≥: Points unknown for 1,073 of 11,600 starts in this scope (1974): points earned may be more."
        in lines
    )
    assert "How a race is scored changed in 1975: these sums add points of different scales." in lines
    assert "The history's points for 1972, 1973 do not add up to the official tables." in lines


def test_driver_rating_is_an_average_over_rated_starts() -> None:
    embed = leaders_embed(RATING)
    assert embed.title == "Best average driver rating — NASCAR Cup Series"
    lines = description(RATING)
    assert lines[0] == "**1.** Kyle Larson — 104.3 (150 rated starts)"
    assert "Drivers with at least 10 rated starts in this scope." in lines
    gap = next(line for line in lines if line.startswith("Driver rating unknown"))
    assert gap == (
        "Driver rating unknown for 70,000 of 100,000 starts in this scope (1949–1951, 2017):"
        " the averages are over the starts with one."
    )


def test_leaders_notes_fit_discord() -> None:
    for report in (POINTS, RATING):
        assert total_chars(leaders_embed(report).to_dict()) <= 6000


RECORD = SeriesRecord("cup", 1185, 200, 555, 712, 123, 52_194, None, 11.1, 1958, 1992)
PETTY = DriverReport(1, "Richard Petty", None, (RECORD,), ())
PETTY_YEARS = (1964, 1967, 1971, 1972, 1974, 1975, 1979)


def cup_field(report: DriverReport) -> list[str]:
    return driver_embed(report).to_dict()["fields"][0]["value"].splitlines()


def test_titles_lead_the_series_field_with_every_year() -> None:
    report = replace(PETTY, titles=(SeriesTitles("cup", PETTY_YEARS),))
    assert cup_field(report)[0] == "**7× Cup champion** (1964, 1967, 1971, 1972, 1974, 1975, 1979)"


def test_one_title_has_no_count() -> None:
    report = replace(PETTY, titles=(SeriesTitles("cup", (2025,)),))
    assert cup_field(report)[0] == "**Cup champion** (2025)"


@pytest.mark.parametrize(
    ("place", "line"),
    [
        (PointsPlace("cup", 2026, 5, 1_234, -56, to_cut=23),
         "2026 points: **5th** with 1,234, 56 behind the leader · 23 above the cut line"),
        (PointsPlace("cup", 2026, 18, 990, -300, to_cut=-12),
         "2026 points: **18th** with 990, 300 behind the leader · 12 below the cut line"),
        (PointsPlace("cup", 2026, 1, 1_290, 0, to_cut=140, clinched=True),
         "2026 points: **1st** with 1,290 · clinched a Chase spot"),
        (PointsPlace("cup", 2020, 16, 254, -198, to_cut=0),
         "2020 points: **16th** with 254, 198 behind the leader · on the cut line"),
        (PointsPlace("cup", 2025, 3, 2_100, -40), "2025 points: **3rd** with 2,100, 40 behind the leader"),
    ],
)  # fmt: skip
def test_the_current_points_place(place: PointsPlace, line: str) -> None:
    assert cup_field(replace(PETTY, points_places=(place,)))[0] == line


FINALE = replace(
    EVENT,
    series_code="cup",
    season=2025,
    round=36,
    name="NASCAR Cup Series Championship",
    track_name="Phoenix Raceway",
)
WINNER = ResultLine(1, 8, "12", "Ryan Blaney", "Team Penske", 312, 29, "running")


@pytest.mark.parametrize(
    ("event", "champion", "title"),
    [
        (FINALE, "Kyle Larson", "Ryan Blaney won the Championship race at Phoenix Raceway · Kyle Larson is the 2025 champion"),
        (FINALE, "Ryan Blaney", "Ryan Blaney won the Championship race at Phoenix Raceway · 2025 champion"),
        (FINALE, None, "Ryan Blaney won the Championship race at Phoenix Raceway"),
        (replace(FINALE, name="NASCAR Xfinity Series Championship Race"), None,
         "Ryan Blaney won the Championship race at Phoenix Raceway"),
        (replace(FINALE, season=1992, name="Hooters 500", track_name="Atlanta Motor Speedway"), "Alan Kulwicki",
         "Ryan Blaney won the Hooters 500 · Alan Kulwicki is the 1992 champion"),
    ],
)  # fmt: skip
def test_a_race_winner_is_not_called_the_champion(event: object, champion: str | None, title: str) -> None:
    report = ResultsReport(event, (WINNER,), official=True, champion=champion)  # type: ignore[arg-type]
    assert results_embed(report).title == title


def test_unofficial_results_name_no_champion() -> None:
    report = ResultsReport(FINALE, (WINNER,), official=False, champion="Kyle Larson")
    assert results_embed(report).title == "Unofficial: Ryan Blaney leads"


def test_the_schedule_names_the_champion_above_the_races() -> None:
    races = (RaceOutcome(FINALE, "Ryan Blaney", "Denny Hamlin"),)
    [page] = schedule_pages(ScheduleReport("cup", 2025, races, champion="Kyle Larson"))
    assert (page.description or "").splitlines()[0] == "Champion: **Kyle Larson**"
    [undecided] = schedule_pages(ScheduleReport("cup", 2026, races))
    assert "Champion" not in (undecided.description or "")

"""The /grid and /results embeds: how the grid was set, the race's figures, within Discord's limits."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.render.races import grid_embed, race_stats_text, results_embed
from kernel.reports import GridReport, RaceStats, ResultLine, ResultsReport
from tests.render.reports import EVENT, GRAY, HEIM, total_chars

RICHMOND = RaceStats(
    margin_s=1.535,
    cautions=8,
    caution_laps=54,
    lead_changes=22,
    leaders=11,
    stage_winners=("William Byron", "Denny Hamlin"),
)
FIELD = (
    ResultLine(1, 9, "5", "Kyle Larson", "Hendrick Motorsports", 400, 93, "running"),
    ResultLine(2, 3, "24", "William Byron", "Hendrick Motorsports", 400, 50, "running"),
    ResultLine(3, 20, "16", "A.J. Allmendinger", "Kaulig Racing", 120, 0, "accident"),
)


def _results(stats: RaceStats | None, lines: tuple[ResultLine, ...] = FIELD) -> dict:  # type: ignore[type-arg]
    return results_embed(ResultsReport(EVENT, lines, official=True, stats=stats)).to_dict()


def _fields(embed: dict) -> dict[str, str]:  # type: ignore[type-arg]
    return {f["name"]: f["value"] for f in embed["fields"]}


@pytest.mark.parametrize(
    ("stats", "text"),
    [
        (
            RICHMOND,
            "Won by 1.535 s · 8 cautions (54 laps) · 22 lead changes among 11 leaders\n"
            "Stage winners: 1 William Byron · 2 Denny Hamlin",
        ),
        (RaceStats(0.786, 1, 1, 1, 2), "Won by 0.786 s · 1 caution (1 lap) · 1 lead change among 2 leaders"),
        (RaceStats(None, 0, 0, 0, 1), "0 cautions · 0 lead changes among 1 leader"),
        (
            RaceStats(None, 8, 38, 52, 21, under_caution=True),
            "Won under caution · 8 cautions (38 laps) · 52 lead changes among 21 leaders",
        ),
        (RaceStats(None, None, None, None, 6), "6 leaders"),
        (RaceStats(None, None, None, None, None, ("Joey Logano",)), "Stage winners: 1 Joey Logano"),
        (RaceStats(None, None, None, None, None), None),
    ],
)
def test_race_stats_text(stats: RaceStats, text: str | None) -> None:
    """Figures the feed gave, compact and in words; what it did not give is left out."""
    assert race_stats_text(stats) == text


def test_results_show_the_race_figures() -> None:
    """A race with figures gets a Race field beside the DNF count and most laps led."""
    fields = _fields(_results(RICHMOND))
    assert fields["Race"] == race_stats_text(RICHMOND)
    assert (fields["Did not finish"], fields["Most laps led"]) == ("1 of 3", "Kyle Larson (93)")


def test_results_without_figures_have_no_race_field() -> None:
    """History races (no feed figures) render as before."""
    assert "Race" not in _fields(_results(None))


def test_a_full_field_with_figures_stays_within_limits() -> None:
    """43 cars with long names, long stage winners and figures: inside every Discord limit."""
    lines = tuple(
        ResultLine(n, n, str(n), f"Driver {'X' * 40} {n}", "T" * 60, 400, n, "engine") for n in range(1, 44)
    )
    stats = replace(RICHMOND, stage_winners=tuple("Y" * 300 for _ in range(4)))
    embed = _results(stats, lines)
    assert len(embed["description"]) <= 4096
    assert all(len(f["value"]) <= 1024 for f in embed["fields"])
    assert total_chars(embed) <= 6000


@pytest.mark.parametrize(
    ("method", "line"),
    [
        ("qualifying", "Grid set by qualifying"),
        ("metric", "Grid set by metric (qualifying cancelled)"),
    ],
)
def test_grid_says_how_it_was_set(method: str, line: str) -> None:
    """The grid's description says whether qualifying or the metric set it."""
    report = GridReport(replace(EVENT, grid_method=method), (HEIM, GRAY), from_qualifying=False)
    assert line in grid_embed(report).to_dict()["description"]


def test_grid_of_unknown_method_says_nothing_of_it() -> None:
    """History grids (method unknown) carry no such line."""
    report = GridReport(EVENT, (HEIM, GRAY), from_qualifying=False)
    assert "Grid set by" not in grid_embed(report).to_dict()["description"]

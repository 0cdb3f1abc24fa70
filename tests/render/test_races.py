"""The /grid and /results pages: compact grids with every car, results summary first, within Discord's limits."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.render.races import grid_embed, grid_pages, race_stats_text, results_embed, results_pages
from kernel.reports import GridReport, GridSlot, RaceStats, ResultLine, ResultsReport
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


def test_results_lead_with_the_summary_then_the_top_ten() -> None:
    """Page 1: the race's figures, who led most and the DNFs before the order, in the description."""
    description = _results(RICHMOND)["description"]
    head, summary, top = description.split("\n\n")
    assert head.startswith("Craftsman Truck Series · 2025, race 4")
    assert summary.splitlines() == [
        *race_stats_text(RICHMOND).splitlines(),  # type: ignore[union-attr]
        "Most laps led: Kyle Larson (93)",
        "Did not finish: 1 of 3",
    ]
    assert top.splitlines() == [
        "**Top 3**",
        "1. #5 Kyle Larson (from 9th) · 400 laps, 93 led",
        "2. #24 William Byron (from 3rd) · 400 laps, 50 led",
        "3. #16 A.J. Allmendinger (from 20th) · 120 laps, accident",
    ]


def test_results_without_figures_have_no_race_line() -> None:
    """History races (no feed figures): the summary is who led most and the DNFs."""
    summary = _results(None)["description"].split("\n\n")[1]
    assert summary.splitlines() == ["Most laps led: Kyle Larson (93)", "Did not finish: 1 of 3"]


def test_a_tie_for_most_laps_led_names_every_driver() -> None:
    """Two drivers on 75 laps led: both named."""
    lines = (replace(FIELD[0], laps_led=75), replace(FIELD[1], laps_led=75), FIELD[2])
    assert "Most laps led: Kyle Larson and William Byron (75 each)" in _results(None, lines)["description"]


def test_laps_led_not_recorded_and_unknown_statuses_are_said() -> None:
    """A race whose laps led the source lacks says so; unknown statuses are not DNFs, and are counted."""
    unknown = [replace(line, laps_led=None, status=None) for line in FIELD[:2]]
    lines = (*unknown, replace(FIELD[2], laps_led=None))
    summary = _results(None, lines)["description"].split("\n\n")[1]
    assert summary.splitlines() == [
        "Laps led: not recorded for this race",
        "Did not finish: 1 of 3 (status unknown for 2)",
    ]


def test_one_lap_is_singular_and_an_article_is_not_doubled() -> None:
    """'1 lap', and "won The Glen 101.2", not "won the The Glen 101.2"."""
    glen = replace(EVENT, name="The Glen 101.2")
    lines = (ResultLine(1, 1, "5", "Kyle Larson", None, 1, 1, "running"),)
    embed = results_embed(ResultsReport(glen, lines, official=True)).to_dict()
    assert embed["title"] == "Kyle Larson won The Glen 101.2"
    assert "1. #5 Kyle Larson (from 1st) · 1 lap, 1 led" in embed["description"]
    assert _results(None)["title"] == "Kyle Larson won the Baptist Health 200"


def test_the_full_order_follows_on_numbered_pages() -> None:
    """43 cars: the top ten on page 1, every car on the pages after it, each page numbered."""
    lines = tuple(ResultLine(n, n, str(n), f"Driver {n}", None, 400, 0, "running") for n in range(1, 44))
    pages = [page.to_dict() for page in results_pages(ResultsReport(EVENT, lines, official=True))]
    assert [page["title"] for page in pages] == [
        "Driver 1 won the Baptist Health 200 (1/2)",
        "Full order — Baptist Health 200 (2/2)",
    ]
    assert "The full order of 43 on the next page." in pages[0]["description"]
    assert "11. #11 Driver 11" not in pages[0]["description"]
    assert [line.split(" ", 1)[0] for line in pages[1]["description"].splitlines()] == [
        f"{n}." for n in range(1, 44)
    ]


def test_a_full_field_with_figures_stays_within_limits() -> None:
    """43 cars with long names, long stage winners and figures: every page inside every Discord limit."""
    lines = tuple(
        ResultLine(n, n, str(n), f"Driver {'X' * 40} {n}", "T" * 60, 400, n, "engine") for n in range(1, 44)
    )
    stats = replace(RICHMOND, stage_winners=tuple("Y" * 300 for _ in range(4)))
    for page in results_pages(ResultsReport(EVENT, lines, official=True, stats=stats)):
        embed = page.to_dict()
        assert len(embed["description"]) <= 4096 and len(embed["title"]) <= 256
        assert total_chars(embed) <= 6000


def _grid(slots: tuple[GridSlot, ...]) -> list[dict]:  # type: ignore[type-arg]
    return [page.to_dict() for page in grid_pages(GridReport(EVENT, slots, from_qualifying=False))]


def _block(field: dict) -> list[str]:  # type: ignore[type-arg]
    """The lines of a field's code block."""
    value: str = field["value"]
    assert value.startswith("```\n") and value.endswith("\n```")
    return value[4:-4].splitlines()


def test_a_grid_is_a_compact_block_ten_rows_a_field() -> None:
    """Slot, car, driver and speed in fixed columns, under a header, twenty cars (ten rows) a field."""
    slots = tuple(replace(HEIM, position=n, car_number=str(n), driver=f"Driver {n}") for n in range(1, 41))
    [page] = _grid(slots)
    assert page["title"] == "Starting lineup — Baptist Health 200"
    assert [f["name"] for f in page["fields"]] == ["Rows 1–10", "Rows 11–20"]
    first = _block(page["fields"][0])
    assert first[:3] == [
        "   Car Driver        mph",
        " 1 #1  Driver 1  173.633",
        " 2 #2  Driver 2  173.633",
    ]
    assert len(first) == 21 and all(len(line) <= 40 for line in first)
    assert all(not f["inline"] for f in page["fields"])


def test_two_cars_in_one_slot_are_both_listed_and_said() -> None:
    """The source's shared slot: both cars on the grid, and a line saying so."""
    [page] = _grid((HEIM, GRAY, replace(GRAY, driver_id=3, driver="Third Driver", car_number="3")))
    assert _block(page["fields"][0])[1:] == [
        "1 #11 Corey Heim   173.633",
        "2 #15 Tanner Gray  172.579",
        "2 #3  Third Driver 172.579",
    ]
    assert "The source puts two cars in slot 2: each is listed." in page["description"]


def test_a_grid_over_fifty_cars_goes_on_to_a_second_page() -> None:
    """60 cars: 50 on page 1 (which says where the rest are), the last 10 on page 2."""
    slots = tuple(
        replace(HEIM, position=n, driver=f"Driver {n}", qualifying_speed_mph=None) for n in range(1, 61)
    )
    first, second = _grid(slots)
    assert (first["title"], second["title"]) == (
        "Starting lineup — Baptist Health 200 (1/2)",
        "Starting lineup — Baptist Health 200 (2/2)",
    )
    assert "60 cars: the last 10 on the next page." in first["description"]
    assert [f["name"] for f in first["fields"]] == ["Rows 1–10", "Rows 11–20", "Rows 21–25"]
    assert [f["name"] for f in second["fields"]] == ["Rows 26–30"]
    shown = [line.split()[0] for page in (first, second) for f in page["fields"] for line in _block(f)[1:]]
    assert shown == [str(n) for n in range(1, 61)]


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

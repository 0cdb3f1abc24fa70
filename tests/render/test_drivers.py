"""The /driver embed: a field per series and the latest entry."""

from __future__ import annotations

from dataclasses import replace

from bot.render.common import SAMPLE_FOOTER
from bot.render.drivers import driver_embed, driver_pages
from kernel.reports import (
    DriverReport,
    Freshness,
    LatestEntry,
    SeasonLine,
    SeriesCareer,
    SeriesRecord,
    StartLine,
)
from tests.render.reports import EVENT, total_chars


def test_driver_embed_lists_each_series() -> None:
    """One field per series with starts, wins and averages, named by the series' title then."""
    cup = SeriesRecord("cup", 11, 1, 5, 7, 3, 626, 9.5, 12.25, 2014, 2024)
    report = DriverReport(1, "Kyle Larson", "Homestead-Miami Speedway", (cup,), ())
    embed = driver_embed(report).to_dict()
    assert embed["title"] == "Kyle Larson at Homestead-Miami Speedway"
    field = embed["fields"][0]
    assert field["name"] == "NASCAR Cup Series (2014–2024)"
    assert "Starts **11**" in field["value"] and "Laps led **626**" in field["value"]
    assert "Avg finish 12.2" in field["value"] or "Avg finish 12.3" in field["value"]


def test_driver_embed_in_sample_mode_shows_latest_entry() -> None:
    """In sample mode a driver without finished races shows their entry, not zero careers."""
    truck = SeriesRecord("truck", 0, 0, 0, 0, 0, 0, None, None, 2025, 2025)
    latest = LatestEntry(EVENT, "07", "Spire Motorsports", 3, None)
    embed = driver_embed(
        replace(
            DriverReport(1, "Kyle Larson", None, (truck,), (latest,)), freshness=Freshness(sample_only=True)
        )
    ).to_dict()
    names = [f["name"] for f in embed["fields"]]
    assert names == ["Latest entry"]
    assert "#07 Spire Motorsports" in embed["fields"][0]["value"]
    assert "Started 3rd" in embed["fields"][0]["value"]
    assert embed["footer"]["text"] == SAMPLE_FOOTER


def test_unknown_order_shows_each_series_latest() -> None:
    """When the history cannot tell which entry came last, each series' newest is shown."""
    cup = SeriesRecord("cup", 10, 0, 1, 2, 0, 5, 12.0, 15.0, 2024, 2025)
    truck = SeriesRecord("truck", 20, 3, 9, 14, 2, 300, 6.0, 7.0, 2024, 2025)
    cup_entry = LatestEntry(
        replace(EVENT, series_code="cup", series_title="NASCAR Cup Series", name="Cup race"),
        "5",
        "Team A",
        9,
        12,
    )
    truck_entry = LatestEntry(EVENT, "11", "Team B", 1, 1)
    embed = driver_embed(
        DriverReport(1, "Corey Heim", None, (cup, truck), (cup_entry, truck_entry))
    ).to_dict()
    field = next(f for f in embed["fields"] if f["name"] == "Latest entry in each series")
    assert field["value"].index("Cup race") < field["value"].index("Baptist Health 200")


def test_poles_before_recorded_grids_are_a_lower_bound() -> None:
    """Starts without a recorded grid make the pole count 'at least', and the line says how many."""
    record = SeriesRecord("cup", 427, 54, 231, 332, 37, 1_000, 8.0, 9.0, 1949, 1964, unknown_grid_starts=98)
    value = driver_embed(DriverReport(1, "Lee Petty", None, (record,), ())).to_dict()["fields"][0]["value"]
    assert "Poles **≥37**" in value and "Grid unknown for 98 of 427 starts" in value


def test_other_drivers_the_name_fits_are_named() -> None:
    """A name that could mean others says so in the description."""
    record = SeriesRecord("truck", 360, 51, 158, 234, 27, 9_000, 9.0, 9.0, 1995, 2016)
    report = DriverReport(1, "Ron Hornaday Jr.", None, (record,), (), also=("Ron Hornaday",))
    assert (
        driver_embed(report).to_dict()["description"] == "Not who you meant? The name also fits Ron Hornaday."
    )


def _season(year: int, wins: int = 0) -> SeasonLine:
    return SeasonLine(year, 36, wins, 10, 20, 1, 500, 12.5)


def test_driver_pages_add_the_seasons_one_by_one_in_numbered_pages() -> None:
    """A long career: page 1 the record with wins and best season, then the seasons over as many pages as
    fit, each numbered and within Discord's limits."""
    seasons = tuple(_season(year, wins=year % 7) for year in range(1960, 2000))
    first, last = replace(EVENT, season=1961), replace(EVENT, season=1999, name="X 500")
    career = SeriesCareer("cup", first, last, max(seasons, key=lambda s: s.wins), seasons)
    record = SeriesRecord(
        "cup", 1440, 120, 400, 800, 40, 20_000, 10.0, 12.5, 1960, 1999, races_led=300, dnfs=200
    )
    pages = [
        embed.to_dict()
        for embed in driver_pages(DriverReport(1, "Long Career", None, (record,), (), careers=(career,)))
    ]
    assert len(pages) >= 2
    assert [page["title"].rsplit(" ", 1)[-1] for page in pages] == [
        f"({n}/{len(pages)})" for n in range(1, len(pages) + 1)
    ]
    value = pages[0]["fields"][0]["value"]
    assert "Races led **300** · DNFs **200**" in value
    assert "First win: 1961 Baptist Health 200" in value and "Last win: 1999 X 500" in value
    assert "Best season: 1966 (6 wins, 10 top 5s)" in value
    lines = [line for page in pages[1:] for line in page["description"].splitlines()]
    assert [int(line[2:6]) for line in lines] == list(range(1960, 2000))
    assert all(total_chars(page) <= 6000 and len(page["title"]) <= 256 for page in pages)


def test_driver_pages_at_a_track_list_every_start_and_the_rank() -> None:
    """At a track the second page lists each start: race, start → finish, laps led, status."""
    starts = (
        StartLine(EVENT, 3, 1, 120, "running"),
        StartLine(replace(EVENT, season=2026), None, 30, 0, "engine"),
    )
    career = SeriesCareer("truck", EVENT, EVENT, None, (), starts, (("wins", 2, 12), ("laps_led", 1, 40)))
    record = SeriesRecord("truck", 2, 1, 1, 1, 0, 120, 3.0, 15.5, 2025, 2026, races_led=1, dnfs=1)
    report = DriverReport(1, "Kyle Larson", "Homestead-Miami Speedway", (record,), (), careers=(career,))
    first, second = (embed.to_dict() for embed in driver_pages(report))
    assert "Here: 2nd of 12 in wins · 1st of 40 in laps led" in first["fields"][0]["value"]
    assert second["description"].splitlines() == [
        "**2025** Baptist Health 200: 3 → 1 · 120 led",
        "**2026** Baptist Health 200: ? → 30 · engine",
    ]

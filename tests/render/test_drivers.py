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


def _value(record: SeriesRecord) -> str:
    return str(
        driver_embed(DriverReport(1, "Lee Petty", None, (record,), ())).to_dict()["fields"][0]["value"]
    )


def test_starts_from_pole_without_recorded_grids_are_a_lower_bound() -> None:
    """Starts without a grid make the count "≥", and one line says how many and in which seasons."""
    record = SeriesRecord(
        "cup", 427, 54, 231, 332, 37, 1_000, 8.0, 9.0, 1949, 1964, unknown_grid_starts=98,
        grid_gap_seasons=(1949, 1950, 1951, 1953, 1959),
    )  # fmt: skip
    value = _value(record)
    assert "Started from pole **≥37**" in value
    assert "Grid unknown for 98 of 427 starts (1949–1951, 1953, 1959): starts from pole may be more." in value


def test_no_lower_bound_mark_without_a_gap_nor_a_bare_zero_over_one() -> None:
    """No gap, no "≥" and no gap line; a 0 over a gap is "?" (never "≥0"), beside the gap line."""
    whole = _value(SeriesRecord("cup", 10, 1, 2, 3, 0, 50, 8.0, 9.0, 2020, 2021))
    assert "Started from pole **0**" in whole and "unknown" not in whole
    zero = _value(SeriesRecord("cup", 3, 0, 0, 0, 0, 0, None, 20.0, 1950, 1950, unknown_grid_starts=3))
    assert "Started from pole **?**" in zero and "≥0" not in zero
    assert "Grid unknown for 3 of 3 starts: starts from pole may be more." in zero


def test_laps_led_and_status_gaps_are_said_the_same_way() -> None:
    """Laps led unrecorded in 1973 and unknown statuses: lower bounds and one line each."""
    record = SeriesRecord(
        "cup", 28, 1, 5, 9, 0, 120, 10.0, 12.0, 1973, 1973, races_led=2, dnfs=4, unknown_status_starts=5,
        unknown_led_starts=26, led_gap_seasons=(1973,),
    )  # fmt: skip
    value = _value(record)
    assert "Laps led **≥120** · Races led **≥2**" in value and "DNFs **4**" in value
    assert "Laps led unknown for 26 of 28 starts (1973): laps led and races led may be more." in value
    assert "Status unknown for 5 of 28 starts: not counted as DNFs." in value


def test_pole_awards_are_counted_apart_where_the_feed_says() -> None:
    """Starts from pole with the feed's grid method: pole awards and metric grids apart."""
    record = SeriesRecord("cup", 72, 3, 20, 40, 6, 500, 9.0, 11.0, 2024, 2025, pole_awards=4, metric_poles=1)
    assert (
        "Where the feed says how the grid was set: 4 pole awards in qualifying, 1 on a grid set by the metric"
        in _value(record)
    )


def test_other_drivers_the_name_fits_are_named() -> None:
    """A name that could mean others says so in the description."""
    record = SeriesRecord("truck", 360, 51, 158, 234, 27, 9_000, 9.0, 9.0, 1995, 2016)
    report = DriverReport(1, "Ron Hornaday Jr.", None, (record,), (), also=("Ron Hornaday",))
    assert (
        driver_embed(report).to_dict()["description"] == "Not who you meant? The name also fits Ron Hornaday."
    )
    junior = replace(report, name="Ron Hornaday", also=("Ron Hornaday Jr.",))
    assert driver_embed(junior).to_dict()["description"].endswith("fits Ron Hornaday Jr.")


def _season(year: int, wins: int = 0) -> SeasonLine:
    return SeasonLine(year, 36, wins, 10, 20, 1, 500, 12.5)


def test_driver_pages_add_the_seasons_as_a_labelled_table_in_numbered_pages() -> None:
    """A long career: page 1 the record with wins and best season, then the seasons as one fixed-width
    table with a header over as many pages as fit, each numbered and within Discord's limits."""
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
    assert "Races led **300**" in value and "DNFs **200**" in value
    assert "First win: 1961 Baptist Health 200" in value and "Last win: 1999 X 500" in value
    assert "Best season: 1966 (6 wins, 10 top 5s)" in value
    tables = [page["description"].split("```")[1].strip("\n").splitlines() for page in pages[1:]]
    assert {lines[0] for lines in tables} == {"Year St W T5 T10 Pole Led  Avg"}
    rows = [line for lines in tables for line in lines[1:]]
    assert [int(line[:4]) for line in rows] == list(range(1960, 2000))
    assert rows[0] == "1960 36 0 10  20    1 500 12.5"
    assert len({len(line) for line in rows}) == 1  # no column shifts, whatever the counts
    assert all("St starts · W wins" in page["description"] for page in pages[1:])
    assert all(total_chars(page) <= 6000 and len(page["title"]) <= 256 for page in pages)


def test_season_table_marks_seasons_the_source_lacks() -> None:
    """A season with unknown grids or laps led reads "≥" there, and the page says what "≥" means."""
    seasons = (replace(_season(1973), laps_led=120, unknown_led_starts=26), _season(1974))
    career = SeriesCareer("cup", None, None, seasons[0], seasons)
    record = SeriesRecord("cup", 72, 0, 20, 40, 2, 1_000, 10.0, 12.5, 1973, 1974)
    _, page = (
        e.to_dict() for e in driver_pages(DriverReport(1, "X", None, (record,), (), careers=(career,)))
    )
    rows = page["description"].split("```")[1].strip("\n").splitlines()
    assert rows[1] == "1973 36 0 10  20    1 ≥120 12.5"
    assert "≥ / ?: the source lacks some grids or laps led that season" in page["description"]


def test_one_season_is_shown_once_and_plurals_agree() -> None:
    """ "(2024)", not "(2024–2024)"; "1 win", not "1 wins"."""
    record = SeriesRecord("cup", 30, 1, 1, 4, 0, 10, None, 15.0, 2024, 2024)
    seasons = (SeasonLine(2024, 15, 1, 1, 2, 0, 5, 15.0), SeasonLine(2025, 15, 0, 0, 2, 0, 5, 15.0))
    career = SeriesCareer("cup", EVENT, EVENT, seasons[0], seasons)
    embed = driver_embed(
        DriverReport(1, "X", None, (record,), (), careers=(career,), from_year=2024, to_year=2024)
    ).to_dict()
    assert embed["title"] == "X, 2024" and embed["fields"][0]["name"] == "NASCAR Cup Series (2024)"
    assert "Best season: 2024 (1 win, 1 top 5)" in embed["fields"][0]["value"]


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
    assert second["color"] == 0xE4002B  # the Truck Series' colour
    assert second["description"].splitlines() == [
        "**2025** Baptist Health 200: 3 → 1 · 120 led",
        "**2026** Baptist Health 200: ? → 30 · engine",
    ]


def test_at_a_track_the_best_season_there_is_named() -> None:
    """/driver with a track names the best season there, as README promises."""
    seasons = (_season(2024, wins=2), _season(2025, wins=1))
    career = SeriesCareer("cup", EVENT, EVENT, seasons[0], seasons)
    record = SeriesRecord("cup", 2, 3, 2, 2, 0, 10, 5.0, 1.5, 2024, 2025)
    report = DriverReport(1, "Kyle Larson", "Homestead-Miami Speedway", (record,), (), careers=(career,))
    assert (
        "Best season here: 2024 (2 wins, 10 top 5s)" in driver_embed(report).to_dict()["fields"][0]["value"]
    )

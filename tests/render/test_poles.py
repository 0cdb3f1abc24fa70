"""The /pole embed: front row, times, career tally, within Discord's limits."""

from __future__ import annotations

from dataclasses import replace

from bot.render.common import SAMPLE_FOOTER
from bot.render.poles import pole_embed
from kernel.reports import Freshness, GridSlot, SeriesPole
from tests.render.reports import EVENT, pole_report, total_chars


def test_pole_embed_names_pole_and_front_row() -> None:
    """Title names the pole sitter; fields give the outside pole, margin and career tally."""
    embed = pole_embed(pole_report()).to_dict()
    assert embed["title"] == "Corey Heim on pole — Baptist Health 200"
    values = {f["name"]: f["value"] for f in embed["fields"]}
    assert "Tanner Gray" in values["Outside pole"] and "0.190 s behind" in values["Outside pole"]
    assert values["Starts from pole"] == "8th Craftsman Truck Series start from pole for Corey Heim"
    assert "782,900" in values["Race"] and "30/60/134" in values["Race"] and "FOX" in values["Race"]


def test_pole_and_outside_pole_sit_side_by_side() -> None:
    """The front row as two inline fields, as on track; the tally below them full width."""
    fields = pole_embed(pole_report()).to_dict()["fields"]
    assert [(f["name"], f["inline"]) for f in fields[:3]] == [
        ("Pole", True),
        ("Outside pole", True),
        ("Starts from pole", False),
    ]


def test_earlier_starts_without_a_grid_make_it_at_least_with_their_seasons() -> None:
    """The hedge points the right way: at least, as the grid of some earlier starts is unknown."""
    report = pole_report(career_poles=127, unknown_grid_starts=3, grid_gap_seasons=(1959, 1960))
    values = {f["name"]: f["value"] for f in pole_embed(report).to_dict()["fields"]}
    assert values["Starts from pole"].splitlines() == [
        "At least the 127th Craftsman Truck Series start from pole for Corey Heim",
        "Grid unknown for 3 of their earlier starts (1959, 1960): starts from pole may be more.",
    ]


def test_pole_awards_apart_where_the_feed_says_how_grids_were_set() -> None:
    """Of the starts from pole, those the feed says were won in qualifying, and set by the metric."""
    report = pole_report(career_poles=8, pole_awards=6, metric_poles=2)
    values = {f["name"]: f["value"] for f in pole_embed(report).to_dict()["fields"]}
    assert values["Starts from pole"].splitlines()[1] == (
        "Where the feed says how the grid was set: 6 pole awards in qualifying, 2 on a grid set by the metric"
    )


def test_pole_embed_uses_discord_timestamps() -> None:
    """Start times render in each reader's time zone through <t:…:F>."""
    embed = pole_embed(pole_report()).to_dict()
    stamp = int(EVENT.start_time_utc.timestamp())  # type: ignore[union-attr]
    assert f"<t:{stamp}:F>" in embed["description"]


def test_pole_embed_in_sample_mode_shows_no_career_count() -> None:
    """With only the sample loaded, counts are not presented as careers and the footer says so."""
    embed = pole_embed(replace(pole_report(career_poles=1), freshness=Freshness(sample_only=True))).to_dict()
    assert "Starts from pole" not in {f["name"] for f in embed["fields"]}
    assert embed["footer"]["text"] == SAMPLE_FOOTER
    assert "full history isn't loaded" in SAMPLE_FOOTER and "racebot " not in SAMPLE_FOOTER


def test_pole_embed_without_outside_or_times() -> None:
    """A lone pole sitter without timing still renders."""
    bare = GridSlot(1, 1, "Jim Roper", None, None, None, None, None)
    embed = pole_embed(pole_report(pole=bare, outside=None, margin_s=None)).to_dict()
    assert embed["fields"][0]["name"] == "Pole"
    assert "Outside pole" not in {f["name"] for f in embed["fields"]}


def test_pole_embed_stays_within_limits() -> None:
    """Absurdly long names are clipped to Discord's limits."""
    long = GridSlot(1, 1, "X" * 600, "1", "T" * 1500, "M", None, None)
    embed = pole_embed(pole_report(pole=long)).to_dict()
    assert len(embed["title"]) <= 256
    assert all(len(f["value"]) <= 1024 for f in embed["fields"])
    assert total_chars(embed) <= 6000


def test_pole_embed_lists_the_other_series_poles_of_the_weekend() -> None:
    """With no series asked, a line each for the other series' poles at the track, in series order."""
    xfinity = replace(
        EVENT, id=2, series_code="xfinity", series_title="NASCAR Xfinity Series", name="Hard Rock Bet 300"
    )
    cup = replace(
        EVENT, id=3, series_code="cup", series_title="NASCAR Cup Series", name="Straight Talk Wireless 400"
    )
    report = pole_report(
        other_series=(SeriesPole(xfinity, "Taylor Gray", "54"), SeriesPole(cup, "Alex Bowman", None))
    )
    values = {f["name"]: f["value"] for f in pole_embed(report).to_dict()["fields"]}
    assert values["Also on pole at Homestead-Miami Speedway, 2025"].splitlines() == [
        "Xfinity: #54 **Taylor Gray** — Hard Rock Bet 300",
        "Cup: **Alex Bowman** — Straight Talk Wireless 400",
    ]


def test_pole_embed_says_how_the_grid_was_set() -> None:
    """A grid set by metric (qualifying cancelled) says so; the history, which does not know, says nothing."""
    metric = pole_embed(pole_report(event=replace(EVENT, grid_method="metric"))).to_dict()
    assert "Grid set by metric (qualifying cancelled)" in metric["description"]
    assert "Grid set" not in pole_embed(pole_report()).to_dict()["description"]

"""Embed builders: pure functions from query results to embeds within Discord's limits."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from bot.render.common import SAMPLE_FOOTER, ordinal
from bot.render.drivers import driver_embed
from bot.render.poles import pole_embed
from kernel.reports import DriverReport, EventInfo, GridSlot, LatestEntry, PoleReport, SeriesRecord

EVENT = EventInfo(
    id=1,
    series_code="truck",
    series_title="Craftsman Truck Series",
    season=2025,
    round=4,
    name="Baptist Health 200",
    track_id=1,
    track_name="Homestead-Miami Speedway",
    track_length_miles=1.5,
    start_time_utc=datetime(2025, 3, 22, 0, 0, tzinfo=UTC),
    scheduled_laps=134,
    stage_ends=(30, 60, 134),
    purse_usd=782_900,
    tv_network="FOX",
    is_sample=False,
)
HEIM = GridSlot(1, 1, "Corey Heim", "11", "Tricon Garage", "Toyota", 31.1, 173.633)
GRAY = GridSlot(2, 2, "Tanner Gray", "15", "Tricon Garage", "Toyota", 31.29, 172.579)


def _pole(**changes: object) -> PoleReport:
    values: dict[str, object] = {
        "event": EVENT,
        "pole": HEIM,
        "outside": GRAY,
        "margin_s": 0.19,
        "career_poles": 8,
    }
    values.update(changes)
    return PoleReport(**values)  # type: ignore[arg-type]


def _total_chars(embed_dict: dict) -> int:
    fields = embed_dict.get("fields", [])
    return (
        sum(len(embed_dict.get(k, "") or "") for k in ("title", "description"))
        + sum(len(f["name"]) + len(f["value"]) for f in fields)
        + len(embed_dict.get("footer", {}).get("text", ""))
    )


def test_pole_embed_names_pole_and_front_row() -> None:
    """Title names the pole sitter; fields give the outside pole, margin and career tally."""
    embed = pole_embed(_pole()).to_dict()
    assert embed["title"] == "Corey Heim on pole — Baptist Health 200"
    values = {f["name"]: f["value"] for f in embed["fields"]}
    assert "Tanner Gray" in values["Outside pole"] and "0.190 s behind" in values["Outside pole"]
    assert values["Career poles"] == "8th Craftsman Truck Series pole for Corey Heim"
    assert "782,900" in values["Race"] and "30/60/134" in values["Race"] and "FOX" in values["Race"]


def test_pole_embed_uses_discord_timestamps() -> None:
    """Start times render in each reader's time zone through <t:…:F>."""
    embed = pole_embed(_pole()).to_dict()
    stamp = int(EVENT.start_time_utc.timestamp())  # type: ignore[union-attr]
    assert f"<t:{stamp}:F>" in embed["description"]


def test_pole_embed_in_sample_mode_shows_no_career_count() -> None:
    """With only the sample loaded, counts are not presented as careers and the footer says so."""
    embed = pole_embed(replace(_pole(career_poles=1), sample_only=True)).to_dict()
    assert "Career poles" not in {f["name"] for f in embed["fields"]}
    assert embed["footer"]["text"] == SAMPLE_FOOTER
    assert "racebot import history" in SAMPLE_FOOTER


def test_pole_embed_without_outside_or_times() -> None:
    """A lone pole sitter without timing still renders."""
    bare = GridSlot(1, 1, "Jim Roper", None, None, None, None, None)
    embed = pole_embed(_pole(pole=bare, outside=None, margin_s=None)).to_dict()
    assert embed["fields"][0]["name"] == "Pole"
    assert "Outside pole" not in {f["name"] for f in embed["fields"]}


def test_pole_embed_stays_within_limits() -> None:
    """Absurdly long names are clipped to Discord's limits."""
    long = GridSlot(1, 1, "X" * 600, "1", "T" * 1500, "M", None, None)
    embed = pole_embed(_pole(pole=long)).to_dict()
    assert len(embed["title"]) <= 256
    assert all(len(f["value"]) <= 1024 for f in embed["fields"])
    assert _total_chars(embed) <= 6000


def test_driver_embed_lists_each_series() -> None:
    """One field per series with starts, wins and averages, named by the series' title then."""
    cup = SeriesRecord("cup", 11, 1, 5, 7, 3, 626, 9.5, 12.25, 2014, 2024)
    report = DriverReport(1, "Kyle Larson", "Homestead-Miami Speedway", (cup,), None)
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
        replace(DriverReport(1, "Kyle Larson", None, (truck,), latest), sample_only=True)
    ).to_dict()
    names = [f["name"] for f in embed["fields"]]
    assert names == ["Latest entry"]
    assert "#07 Spire Motorsports" in embed["fields"][0]["value"]
    assert "Started 3rd" in embed["fields"][0]["value"]
    assert embed["footer"]["text"] == SAMPLE_FOOTER


def test_ordinals() -> None:
    """English ordinals, including the teens."""
    assert [ordinal(n) for n in (1, 2, 3, 4, 8, 11, 12, 13, 21, 22, 101, 111)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "8th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "101st",
        "111th",
    ]

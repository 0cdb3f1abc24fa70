"""The /driver embed: a field per series and the latest entry."""

from __future__ import annotations

from dataclasses import replace

from bot.render.common import SAMPLE_FOOTER
from bot.render.drivers import driver_embed
from kernel.reports import DriverReport, LatestEntry, SeriesRecord
from tests.render.reports import EVENT


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

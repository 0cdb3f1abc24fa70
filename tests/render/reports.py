"""Reports as the queries would return them, for the embed builders' tests."""

from __future__ import annotations

from datetime import UTC, datetime

from kernel.reports import EventInfo, GridSlot, PoleReport

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
    start_time_utc=datetime(2025, 3, 23, 0, 0, tzinfo=UTC),
    scheduled_laps=134,
    stage_ends=(30, 60, 134),
    purse_usd=782_900,
    tv_network="FOX",
    is_sample=False,
)
HEIM = GridSlot(1, 1, "Corey Heim", "11", "Tricon Garage", "Toyota", 31.1, 173.633)
GRAY = GridSlot(2, 2, "Tanner Gray", "15", "Tricon Garage", "Toyota", 31.29, 172.579)


def pole_report(**changes: object) -> PoleReport:
    values: dict[str, object] = {
        "event": EVENT,
        "pole": HEIM,
        "outside": GRAY,
        "margin_s": 0.19,
        "career_poles": 8,
    }
    values.update(changes)
    return PoleReport(**values)  # type: ignore[arg-type]


def total_chars(embed_dict: dict) -> int:
    fields = embed_dict.get("fields", [])
    return (
        sum(len(embed_dict.get(k, "") or "") for k in ("title", "description"))
        + sum(len(f["name"]) + len(f["value"]) for f in fields)
        + len(embed_dict.get("footer", {}).get("text", ""))
    )

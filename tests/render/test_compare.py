"""The /compare embed: two drivers side by side in a short monospace table, within Discord's limits."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.render.common import SAMPLE_FOOTER
from bot.render.compare import compare_embed, short_names, table
from kernel.reports import CompareReport, Freshness, HeadToHeadSide, SeriesRecord
from tests.render.reports import total_chars

LARSON = SeriesRecord("cup", 324, 31, 120, 175, 32, 9_758, 10.8, 13.3, 2015, 2025, races_led=163, dnfs=43)
ELLIOTT = SeriesRecord("cup", 324, 16, 101, 169, 17, 4_917, 12.0, 12.9, 2015, 2025, races_led=144, dnfs=31)


def report(**changes: object) -> CompareReport:
    values: dict[str, object] = {
        "series_code": "cup",
        "a": HeadToHeadSide(1, "Kyle Larson", LARSON, 176),
        "b": HeadToHeadSide(2, "Chase Elliott", ELLIOTT, 148),
        "shared_starts": 324,
        "even": 0,
        "first_season": 2015,
        "last_season": 2025,
    }
    values.update(changes)
    return CompareReport(**values)  # type: ignore[arg-type]


def rows(embed: dict) -> dict[str, list[str]]:
    """The table's rows: label -> the two values."""
    block = embed["description"].split("```")[1].strip("\n").splitlines()
    found = {}
    for line in block[1:]:
        *label, x, y = line.split()
        found[" ".join(label)] = [x, y]
    return found


def test_title_names_both_drivers_and_the_series() -> None:
    embed = compare_embed(report()).to_dict()
    assert embed["title"] == "Kyle Larson vs Chase Elliott — NASCAR Cup Series"
    assert embed["color"] == 0xFFD659


def test_figures_side_by_side() -> None:
    """One row per figure, the first driver's value on the left."""
    found = rows(compare_embed(report()).to_dict())
    assert list(found) == [
        "Shared starts",
        "Finished ahead",
        "Wins",
        "From pole",
        "Top 5s",
        "Top 10s",
        "Laps led",
        "Races led",
        "DNFs",
        "Avg start",
        "Avg finish",
    ]
    assert found["Finished ahead"] == ["176", "148"]
    assert found["Laps led"] == ["9,758", "4,917"]
    assert found["Avg finish"] == ["13.3", "12.9"]


def test_header_row_uses_surnames_and_the_table_is_phone_narrow() -> None:
    block = table(report()).splitlines()
    assert block[1].split() == ["Larson", "Elliott"]
    assert max(len(line) for line in block) <= 36


def test_summary_says_how_many_races_and_who_finished_ahead() -> None:
    description = compare_embed(report()).to_dict()["description"]
    assert description.startswith("**324** races both started, 2015–2025.\n")
    assert "Kyle Larson finished ahead in **176**, Chase Elliott in **148**." in description


def test_a_picked_series_says_so_with_the_others() -> None:
    description = compare_embed(
        report(series_picked=True, other_series=(("xfinity", 48), ("truck", 1)))
    ).to_dict()["description"]
    assert "Cup: the series they raced together most (also 48 in Xfinity, 1 in Truck)." in description
    only = compare_embed(report(series_picked=True)).to_dict()["description"]
    assert "Cup: the only series they raced together in." in only


def test_a_track_and_a_single_season() -> None:
    description = compare_embed(
        report(shared_starts=1, first_season=2013, last_season=2013, track_name="Homestead-Miami Speedway")
    ).to_dict()["description"]
    assert description.startswith("**1** race both started at Homestead-Miami Speedway, 2013.")


def test_starts_from_pole_before_recorded_grids_are_a_lower_bound() -> None:
    """Shared starts without a grid mark the counts '≥' and one line says for how many, and when."""
    petty = replace(LARSON, poles=4, unknown_grid_starts=87, grid_gap_seasons=(1949, 1950, 1951, 1953))
    thomas = replace(ELLIOTT, poles=35, unknown_grid_starts=66, grid_gap_seasons=(1950, 1954))
    embed = compare_embed(
        report(a=HeadToHeadSide(1, "Lee Petty", petty, 98), b=HeadToHeadSide(2, "Herb Thomas", thomas, 115))
    ).to_dict()
    assert rows(embed)["From pole"] == ["≥4", "≥35"]
    assert (
        "Grid unknown for 87 of Lee Petty's and 66 of Herb Thomas's shared starts (1949–1951, 1953, 1954): "
        "starts from pole may be more." in embed["description"]
    )
    assert "unknown" not in compare_embed(report()).to_dict()["description"]


def test_laps_led_and_status_gaps_are_said_like_grid_gaps() -> None:
    """Unrecorded laps led make laps led and races led "≥"; unknown statuses are counted, not DNFs."""
    a = replace(LARSON, unknown_led_starts=26, led_gap_seasons=(1973,), unknown_status_starts=3)
    embed = compare_embed(report(a=HeadToHeadSide(1, "Kyle Larson", a, 176))).to_dict()
    assert rows(embed)["Laps led"] == ["≥9,758", "4,917"] and rows(embed)["Races led"] == ["≥163", "144"]
    description = embed["description"]
    assert (
        "Laps led unknown for 26 of Kyle Larson's shared starts (1973): laps led and races led may be more."
        in description
    )
    assert "Status unknown for 3 of Kyle Larson's shared starts: not counted as DNFs." in description


def test_a_name_ending_in_jr_gets_one_full_stop() -> None:
    """ "…finished ahead in 9.", and never "Jr..": a name's own full stop ends the sentence."""
    jr = HeadToHeadSide(2, "Dale Earnhardt Jr.", ELLIOTT, 9)
    smith = HeadToHeadSide(1, "Jack Smith", LARSON, 55, also=("Ron Hornaday Jr.",))
    description = compare_embed(report(a=smith, b=jr)).to_dict()["description"]
    assert "Dale Earnhardt Jr. in **9**." in description
    assert "Jr.." not in description and description.endswith("The name also fits Ron Hornaday Jr.")


def test_level_finishes_are_shown_only_when_there_are_some() -> None:
    assert "; level in 2." in compare_embed(report(even=2)).to_dict()["description"]
    assert "level" not in compare_embed(report()).to_dict()["description"]


def test_other_fits_of_a_name_are_named_but_not_the_other_driver() -> None:
    """'dale earnhardt' also fits Jr., who is the other side here: no note; someone else is named."""
    sr = HeadToHeadSide(1, "Dale Earnhardt", LARSON, 31, also=("Dale Earnhardt Jr.",))
    jr = HeadToHeadSide(2, "Dale Earnhardt Jr.", ELLIOTT, 9)
    assert "not who you meant" not in compare_embed(report(a=sr, b=jr)).to_dict()["description"]
    smith = HeadToHeadSide(1, "Jack Smith", LARSON, 55, also=("Jack Smith (Ohio)",))
    description = compare_embed(report(a=smith)).to_dict()["description"]
    assert description.endswith("Jack Smith: not who you meant? The name also fits Jack Smith (Ohio).")


@pytest.mark.parametrize(
    ("a", "b", "headers"),
    [
        ("Kyle Larson", "Chase Elliott", ("Larson", "Elliott")),
        ("Kyle Busch", "Kurt Busch", ("Kyle", "Kurt")),
        ("Dale Earnhardt", "Dale Earnhardt Jr.", ("Earnhardt", "Earnhardt Jr.")),
        ("Shane van Gisbergen", "Cher", ("van Gisbergen", "Cher")),
        ("Jack Smith", "jack smith", ("A", "B")),
    ],
)
def test_short_names(a: str, b: str, headers: tuple[str, str]) -> None:
    assert short_names(a, b) == headers


def test_footer_and_limits_with_the_longest_names() -> None:
    """100-character names: title, description and the whole embed stay within Discord's limits."""
    long_a, long_b = "A" * 50 + " " + "B" * 49, "C" * 50 + " " + "D" * 49
    embed = compare_embed(
        report(
            a=HeadToHeadSide(1, long_a, replace(LARSON, unknown_grid_starts=1), 1, also=(long_b, long_a) * 3),
            b=HeadToHeadSide(2, long_b, ELLIOTT, 2, also=(long_a,) * 5),
            series_picked=True,
            other_series=(("xfinity", 10_000), ("truck", 10_000)),
            track_name="T" * 120,
            freshness=Freshness(sample_only=True),
        )
    ).to_dict()
    assert embed["footer"]["text"] == SAMPLE_FOOTER
    assert len(embed["title"]) <= 256 and len(embed["description"]) <= 4096 and total_chars(embed) <= 6000
    assert embed["description"].count("```") == 2

"""The wording rules every answer shares, the fixed-width table lines, and where embeds apply them."""

from __future__ import annotations

import pytest

from bot.render.common import slot_line
from bot.render.layout import code_block, column_widths, table_lines
from bot.render.tracks import track_embed
from bot.render.wording import (
    GRID_GAP,
    LED_GAP,
    gap_line,
    lower_bound,
    miles,
    of_starts,
    plural,
    season_span,
    seasons_text,
    sentence,
    squeezed,
    the,
)
from kernel.reports import GridSlot, Leader, TrackReport


@pytest.mark.parametrize(
    ("count", "noun", "text"),
    [(1, "win", "1 win"), (0, "win", "0 wins"), (1185, "start", "1,185 starts"), (1, "lap", "1 lap")],
)
def test_plural(count: int, noun: str, text: str) -> None:
    """One is singular; thousands get a separator."""
    assert plural(count, noun) == text


def test_miles() -> None:
    assert [miles(1.0), miles(2.5), miles(500)] == ["1 mile", "2.5 miles", "500 miles"]


def test_one_season_is_shown_once() -> None:
    assert (season_span(1949, 1949), season_span(1949, 1960)) == ("1949", "1949–1960")


@pytest.mark.parametrize(
    ("seasons", "text"),
    [
        ((1982, 1983), "1982, 1983"),
        ((1949, 1950, 1951, 1953, 1968), "1949–1951, 1953, 1968"),
        ((1973,), "1973"),
        ((), ""),
    ],
)
def test_seasons_as_runs(seasons: tuple[int, ...], text: str) -> None:
    """Three or more in a row are a span; fewer are listed."""
    assert seasons_text(seasons) == text


def test_a_sentence_ends_in_one_full_stop() -> None:
    assert [sentence("fits Ron Hornaday"), sentence("fits Dale Earnhardt Jr.")] == [
        "fits Ron Hornaday.",
        "fits Dale Earnhardt Jr.",
    ]


def test_the_article_is_not_doubled() -> None:
    assert [the("Daytona 500"), the("The Glen 101.2"), the("the Loop 121")] == [
        "the Daytona 500",
        "The Glen 101.2",
        "the Loop 121",
    ]


def test_stray_spaces_collapse() -> None:
    assert squeezed("DiGard  Motorsports ") == "DiGard Motorsports"


def test_a_lower_bound_only_where_the_source_lacks_some() -> None:
    """ "≥" over a gap; a plain count without one; a 0 over a gap is "?", never "≥0"."""
    assert [lower_bound(127, 3), lower_bound(81, 0), lower_bound(0, 0), lower_bound(0, 5)] == [
        "≥127",
        "81",
        "0",
        "?",
    ]


def test_every_gap_is_said_one_way() -> None:
    assert (
        gap_line(GRID_GAP, of_starts(3, 1185), (1959, 1960))
        == "Grid unknown for 3 of 1,185 starts (1959, 1960): starts from pole may be more."
    )
    assert (
        gap_line(LED_GAP, of_starts(1)) == "Laps led unknown for 1 start: laps led and races led may be more."
    )


def test_table_lines_keep_their_columns() -> None:
    """Every line as wide as the widest cells; figures right-aligned, text left."""
    rows = [("Year", "W"), ("1964", "9"), ("1967", "27")]
    assert table_lines(rows, column_widths(rows), "<>") == ["Year  W", "1964  9", "1967 27"]


def test_a_backtick_cannot_end_a_code_block() -> None:
    assert code_block(["O`Neil"]) == "```\nO'Neil\n```"


def test_a_track_page_marks_lower_bounds_and_says_one_mile() -> None:
    """/track: "1 mile"; a leader whose starts there lack the figure reads "≥"."""
    report = TrackReport(
        "Mile Track", None, None, 1.0, "paved", None, "cup", (),
        (("Most starts from pole", (Leader("Lee Petty", 3, unknown_starts=2), Leader("Kyle Busch", 2))),),
    )  # fmt: skip
    embed = track_embed(report).to_dict()
    assert embed["description"].startswith("1 mile")
    assert embed["fields"][0]["value"] == "Lee Petty — ≥3\nKyle Busch — 2"


def test_a_team_name_keeps_no_stray_spaces() -> None:
    slot = GridSlot(1, 1, "Cale Yarborough", "11", "DiGard  Motorsports", "Chevrolet", None, None)
    assert slot_line(slot) == "#11 **Cale Yarborough** — DiGard Motorsports, Chevrolet"

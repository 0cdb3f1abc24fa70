"""Parsing and validating the race list and weekend feed (pure, on the real payloads)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from db.importers.feed.json_paths import FeedFormatError
from db.importers.feed.payloads import number_rounds, parse_race_list, parse_weekend_feed

Payloads = Callable[[str], Any]


def test_pole_is_kept_when_driver_id_is_positive(payloads: Payloads) -> None:
    """Richmond 2023 names Alex Bowman (4045) as pole sitter although qualifying was cancelled."""
    race = parse_weekend_feed(payloads("weekend-feed_2023_1_5274.json")).race
    assert (race.pole_driver_id, race.pole_speed_mph) == (4045, None)


def test_zero_pole_driver_id_means_no_pole(payloads: Payloads) -> None:
    """Martinsville 2020 (no qualifying in the COVID era) has pole_winner_driver_id 0: no pole."""
    race = parse_weekend_feed(payloads("weekend-feed_2020_1_4973.json")).race
    assert race.pole_driver_id is None


def test_pole_speed_is_read_when_qualifying_was_held(payloads: Payloads) -> None:
    """Sonoma 2026: Ty Gibbs (4368) on pole at 95.738 mph."""
    race = parse_weekend_feed(payloads("weekend-feed_2026_1_5617_TRIMMED.json")).race
    assert (race.pole_driver_id, race.pole_speed_mph) == (4368, 95.738)


def test_results_are_official_only_after_inspection(payloads: Payloads) -> None:
    """inspection_complete decides: false for the Richmond 2023 capture, true for Sonoma 2026."""
    richmond = parse_weekend_feed(payloads("weekend-feed_2023_1_5274.json")).race
    sonoma = parse_weekend_feed(payloads("weekend-feed_2026_1_5617_TRIMMED.json")).race
    assert (richmond.results_official, sonoma.results_official) == (False, True)


def test_start_time_comes_from_the_race_schedule_entry(payloads: Payloads) -> None:
    """A Z-less `start_time_utc` ("2023-04-02T19:30:00") is read as UTC."""
    race = parse_weekend_feed(payloads("weekend-feed_2023_1_5274.json")).race
    assert race.start_time_utc == datetime(2023, 4, 2, 19, 30, tzinfo=UTC)


def test_start_time_falls_back_to_date_scheduled_in_eastern_time(payloads: Payloads) -> None:
    """Without a schedule, Sonoma's 15:30 (NASCAR publishes US Eastern) is 19:30 UTC."""
    race = parse_weekend_feed(payloads("weekend-feed_2026_1_5617_TRIMMED.json")).race
    assert race.start_time_utc == datetime(2026, 6, 28, 19, 30, tzinfo=UTC)


@pytest.mark.parametrize("placeholder", ["0001-01-01T00:00:00", "1900-01-01T00:00:00"])
def test_placeholder_dates_mean_no_time(payloads: Payloads, placeholder: str) -> None:
    """NASCAR's 0001-/1900- "no date" values become None."""
    data = payloads("weekend-feed_2026_1_5617_TRIMMED.json")
    data["weekend_race"][0]["date_scheduled"] = placeholder
    assert parse_weekend_feed(data).race.start_time_utc is None


def test_stage_lengths_become_cumulative_stage_ends(payloads: Payloads) -> None:
    """Stages of 70, 160 and 170 laps end on laps 70, 230 and 400."""
    race = parse_weekend_feed(payloads("weekend-feed_2023_1_5274.json")).race
    assert race.stage_ends == (70, 230, 400)


def test_zero_positions_and_speeds_read_as_none(payloads: Payloads) -> None:
    """Cancelled qualifying leaves speeds at 0, which is "no speed", not 0 mph."""
    results = parse_weekend_feed(payloads("weekend-feed_2023_1_5274.json")).results
    assert {r.qualifying_speed_mph for r in results} == {None}


def test_finishing_status_is_lower_cased_like_history(payloads: Payloads) -> None:
    """The feed's "Running" is stored as history's "running"."""
    results = parse_weekend_feed(payloads("weekend-feed_2023_1_5274.json")).results
    assert results[0].status == "running"


def test_bad_value_error_names_the_json_path(payloads: Payloads) -> None:
    """A wrong type is reported with its JSON path and the offending value."""
    data = payloads("weekend-feed_2023_1_5274.json")
    data["weekend_race"][0]["results"][3]["driver_id"] = "x"
    with pytest.raises(
        FeedFormatError, match=r"^weekend_race\[0\]\.results\[3\]\.driver_id: expected int, got 'x'$"
    ):
        parse_weekend_feed(data)


def test_missing_field_error_names_the_json_path(payloads: Payloads) -> None:
    """A missing required field is reported with the path of the object missing it."""
    data = payloads("race_list_basic_2019_cup.json")
    del data[2]["race_id"]
    with pytest.raises(FeedFormatError, match=r"^\[2\]: missing keys race_id$"):
        parse_race_list(data)


def test_numeric_strings_are_accepted_as_ints(payloads: Payloads) -> None:
    """Counts sometimes arrive as strings ("12"); those are read, anything looser is not."""
    data = payloads("race_list_basic_2019_cup.json")
    data[0]["race_id"] = "4770"
    assert parse_race_list(data)[0].race_id == 4770


def test_all_series_race_list_reads_every_series(payloads: Payloads) -> None:
    """The 2023 all-series list holds 41 Cup, 33 Xfinity and 23 Truck races."""
    races = parse_race_list(payloads("race_list_basic_2023_all-series_snapshot-2023-04.json"))
    assert [sum(r.series_id == s for r in races) for s in (1, 2, 3)] == [41, 33, 23]


def test_rounds_number_points_races_by_date_skipping_the_rest(payloads: Payloads) -> None:
    """2019 Cup: the Clash and Duels are skipped, so the Daytona 500 (4773) is round 1 of 36."""
    rounds = number_rounds(parse_race_list(payloads("race_list_basic_2019_cup.json")))
    assert (rounds[4773], len(rounds), 4770 in rounds) == (1, 36, False)


def test_rounds_are_counted_per_series(payloads: Payloads) -> None:
    """In the all-series list Richmond (Cup 5274) is Cup round 7, Atlanta (Xfinity 5314) Xfinity round 5."""
    rounds = number_rounds(parse_race_list(payloads("race_list_basic_2023_all-series_snapshot-2023-04.json")))
    assert (rounds[5274], rounds[5314]) == (7, 5)


def test_overtime_does_not_move_the_last_stage_end(payloads: Payloads) -> None:
    """Daytona 2019 ran 207 of 200 laps; its final stage still ends on lap 200."""
    race = next(r for r in parse_race_list(payloads("race_list_basic_2019_cup.json")) if r.race_id == 4773)
    assert race.stage_ends == (60, 120, 200)


def _leaf_paths(value: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in _leaf_paths(item, (*path, key))]
    if isinstance(value, list):
        return [p for index, item in enumerate(value) for p in _leaf_paths(item, (*path, index))]
    return [path]


def _json_path(path: tuple[str | int, ...]) -> str:
    return "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in path).lstrip(".")


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=2) | st.dictionaries(st.text(max_size=3), children, max_size=2)
    ),
    max_leaves=4,
)


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_any_corrupted_value_parses_or_fails_naming_it(payloads: Payloads, data: st.DataObject) -> None:
    """Whatever replaces one field, the parser accepts it or names that field's path; it never crashes."""
    weekend = payloads("weekend-feed_2026_1_5617_TRIMMED.json")
    path = data.draw(st.sampled_from(_leaf_paths(weekend)))
    parent = weekend
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = data.draw(_JSON_VALUES)
    try:
        parse_weekend_feed(weekend)
    except FeedFormatError as error:
        assert str(error).startswith(_json_path(path))


@pytest.mark.parametrize("text", ["x", "²", "1.5", " ", "-"])
def test_non_integer_strings_are_rejected_as_ints(payloads: Payloads, text: str) -> None:
    """Only plain ASCII digit strings pass as ints; "²" or "1.5" are errors, not crashes."""
    data = payloads("race_list_basic_2019_cup.json")
    data[0]["race_id"] = text
    with pytest.raises(FeedFormatError, match=r"^\[0\]\.race_id: expected int"):
        parse_race_list(data)

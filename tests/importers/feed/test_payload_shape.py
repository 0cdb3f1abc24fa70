"""The shape checks on the way in (pure, on the real payloads): renamed keys are named, long lists refused."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from db.importers.feed.json_paths import FeedFormatError
from db.importers.feed.payloads import MAX_RACES_PER_LIST, TooManyRaces, parse_race_list, parse_weekend_feed
from tests.importers.feed.bodies import renamed

Payloads = Callable[[str], Any]
ALL_SERIES_2023 = "race_list_basic_2023_all-series_snapshot-2023-04.json"


@pytest.mark.parametrize(
    ("names", "missing"),
    [
        ({"series_1": "cup"}, "series_1"),
        ({"series_1": "cup", "series_2": "xfinity", "series_3": "truck"}, "series_1, series_2, series_3"),
    ],
)
def test_renamed_series_keys_are_named(payloads: Payloads, names: dict[str, str], missing: str) -> None:
    """An all-series list whose series keys were renamed is an error naming each missing key."""
    data = renamed(payloads(ALL_SERIES_2023), names)
    with pytest.raises(FeedFormatError, match=rf"^\(top level\): missing keys {missing}$"):
        parse_race_list(data)


def test_renamed_weekend_key_is_named(payloads: Payloads) -> None:
    """`weekend_race` -> `weekendRace` names `weekend_race` as missing."""
    data = renamed(payloads("weekend-feed_2023_1_5274.json"), {"weekend_race": "weekendRace"})
    with pytest.raises(FeedFormatError, match=r"^\(top level\): missing keys weekend_race$"):
        parse_weekend_feed(data)


def test_race_with_camel_case_keys_names_every_missing_key(payloads: Payloads) -> None:
    """A race whose keys all turned camelCase is reported with all the keys the importer needs, at once."""
    data = payloads("race_list_basic_2019_cup.json")
    data[0] = {
        re.sub(r"_([a-z])", lambda m: m.group(1).upper(), key): value for key, value in data[0].items()
    }
    needed = "race_id, series_id, race_season, race_name, race_type_id, track_id, track_name"
    with pytest.raises(FeedFormatError, match=rf"^\[0\]: missing keys {needed}$"):
        parse_race_list(data)


def test_a_list_at_the_limit_is_read_and_one_more_race_is_refused(payloads: Payloads) -> None:
    """MAX_RACES_PER_LIST races parse; one more raises TooManyRaces before any race is read."""
    race = payloads("race_list_basic_2019_cup.json")[0]
    assert len(parse_race_list([race] * MAX_RACES_PER_LIST)) == MAX_RACES_PER_LIST
    with pytest.raises(TooManyRaces, match=f"^{MAX_RACES_PER_LIST + 1} races, over the {MAX_RACES_PER_LIST}"):
        parse_race_list([race] * MAX_RACES_PER_LIST + [{"not": "a race"}])


def test_real_race_lists_are_far_under_the_limit(feed_dir: Path, payloads: Payloads) -> None:
    """Every real list (the 2023 all-series one holds 97 races) fits five times over."""
    lengths = []
    for file in sorted(feed_dir.glob("race_list_basic_*.json")):
        data = payloads(file.name)
        lengths.append(sum(map(len, data.values())) if isinstance(data, dict) else len(data))
        parse_race_list(data)
    assert len(lengths) == 7 and max(lengths) * 5 <= MAX_RACES_PER_LIST

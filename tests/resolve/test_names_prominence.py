"""Names by prominence on the full history index: suffixes agree, fan shorthand, names spelt as they sound,
and a star's near-spelling beating an exact name nobody asks about. Careers are counted from the raw CSVs."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from bot.resolve import NEAR, NameIndex, Resolution
from tests.history_truth import corrected_rows

pytestmark = pytest.mark.fulldata

SUFFIX = re.compile(r"\s(jr|sr|ii|iii|iv)\.?$", re.IGNORECASE)


@pytest.fixture(scope="module")
def starts(shared_data: Path) -> Counter[str]:
    """Starts per driver name, as the raw CSVs list them."""
    return Counter(row["Driver"] for _, row in corrected_rows(shared_data / "nascar") if row["Finish"])


def best(resolution: Resolution) -> str | None:
    return resolution.best.name if resolution.status == "match" and resolution.best else None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dale earnhardt sr", "Dale Earnhardt"),
        ("ron hornaday sr", "Ron Hornaday"),
        ("earnhardt sr", "Dale Earnhardt"),
        ("earnhardt jr", "Dale Earnhardt Jr."),
        ("truex sr", "Martin Truex Sr."),
        ("dale earnhardt jr", "Dale Earnhardt Jr."),
        ("ron hornaday jr", "Ron Hornaday Jr."),
    ],
)
def test_a_typed_suffix_picks_the_name_with_it(history_index: NameIndex, query: str, expected: str) -> None:
    """ "sr" means the father (a name without a suffix when no "Sr." fits), "jr" the son."""
    assert best(history_index.resolve_driver(query)) == expected


def test_a_suffix_never_matches_the_opposite_one(history_index: NameIndex, starts: Counter[str]) -> None:
    """For every Jr./Sr. in the history, the name with the other suffix finds no one with this one."""
    opposite = {"jr": "sr", "sr": "jr"}
    wrong = []
    for name in starts:
        found = SUFFIX.search(name)
        if found is None or found.group(1).lower() not in opposite:
            continue
        query = f"{name[: found.start()]} {opposite[found.group(1).lower()]}"
        for candidate in history_index.resolve_driver(query).candidates:
            if (suffix := SUFFIX.search(candidate.name)) and suffix.group(1).lower() == found.group(
                1
            ).lower():
                wrong.append((query, candidate.name))
    assert wrong == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [("jr", "Dale Earnhardt Jr."), ("earnhardt", "Dale Earnhardt"), ("gordon", "Jeff Gordon")],
)
def test_fan_shorthand(history_index: NameIndex, query: str, expected: str) -> None:
    """ "jr" is Dale Jr. (not Joe Ruttman's initials); a bare "earnhardt" is the Intimidator."""
    resolution = history_index.resolve_driver(query)
    assert (resolution.status, best(resolution)) == ("match", expected)


def test_jr_names_no_initials_beside_dale_jr(history_index: NameIndex) -> None:
    """The initials' owners score too far below Dale Jr. to be named as "also"."""
    resolution = history_index.resolve_driver("jr")
    top = resolution.candidates[0]
    near = [c.name for c in resolution.candidates[1:] if c.score >= top.score - NEAR]
    assert near == []


def test_a_stars_near_spelling_beats_an_exact_name_nobody_asks_about(
    history_index: NameIndex, starts: Counter[str]
) -> None:
    """ "larsen" is Kyle Larson; Glen Larsen, whose exact name it is (one start), is the close other."""
    assert (starts["Glen Larsen"], starts["Kyle Larson"] > 500) == (1, True)
    resolution = history_index.resolve_driver("larsen")
    assert best(resolution) == "Kyle Larson"
    glen = next(c for c in resolution.candidates if c.name == "Glen Larsen")
    assert glen.score >= resolution.candidates[0].score - NEAR


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("casey kahne", "Kasey Kahne"),
        ("rusty wallis", "Rusty Wallace"),
        ("kyle larsen", "Kyle Larson"),
        ("kile busch", "Kyle Busch"),
        ("jeff gordan", "Jeff Gordon"),
        ("dennie hamlin", "Denny Hamlin"),
    ],
)
def test_names_spelt_as_they_sound(history_index: NameIndex, query: str, expected: str) -> None:
    """A C for a K, a y for an i: the name that sounds the same and is spelt nearly so."""
    assert best(history_index.resolve_driver(query)) == expected


@pytest.mark.parametrize(
    ("query", "expected"), [("price", "Baxter Price"), ("sears", "John Sears"), ("johns", "Bobby Johns")]
)
def test_a_real_career_keeps_its_own_surname(
    history_index: NameIndex, starts: Counter[str], query: str, expected: str
) -> None:
    """A surname of a driver with a real career is theirs, not a louder name's that merely sounds like it
    (Ryan Preece, Daniel Suarez, Erik Jones)."""
    assert starts[expected] >= 40
    assert best(history_index.resolve_driver(query)) == expected


def test_a_louder_name_that_sounds_alike_is_named_beside(history_index: NameIndex) -> None:
    """ "johns" is Bobby Johns, with Erik Jones close behind (the fan may have meant him); a quieter
    sound-alike is left out ("ron hornaday" names his father, not Ronnie Hornaday)."""
    johns = history_index.resolve_driver("johns")
    top = johns.candidates[0]
    assert top.name == "Bobby Johns"
    assert "Erik Jones" in [c.name for c in johns.candidates[1:] if c.score >= top.score - NEAR]
    assert "Ronnie Hornaday" not in [c.name for c in history_index.resolve_driver("ron hornaday").candidates]

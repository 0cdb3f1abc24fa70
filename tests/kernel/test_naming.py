"""The one normalisation every name key goes through."""

from __future__ import annotations

import pytest

from kernel.naming import fold, strip_parenthetical, strip_suffix


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kyle Larson", "kyle larson"),
        ("  KYLE   LARSON ", "kyle larson"),
        ("Daniel Suárez", "daniel suarez"),
        ("A.J. Allmendinger", "aj allmendinger"),
        ("O'Reilly Auto Parts", "oreilly auto parts"),
        ("Homestead-Miami Speedway", "homestead miami speedway"),
        ("Dale Earnhardt Jr.", "dale earnhardt jr"),
        ("Bill Scott (CA)", "bill scott ca"),
        ("Daytona Beach & Road Course", "daytona beach road course"),
        ("#00", "00"),
        ("no. 22", "no 22"),
        ("Straße", "strasse"),
        ("ﬁreball", "fireball"),
        ("kyle\tbusch\n", "kyle busch"),
        ("🏁 rowdy 🏁", "rowdy"),
        ("\x00\x07", ""),
        ("", ""),
    ],
)
def test_fold(text: str, expected: str) -> None:
    """fold() lower-cases, strips accents and punctuation, and collapses whitespace."""
    assert fold(text) == expected


@pytest.mark.parametrize(
    ("folded", "expected"),
    [
        ("dale earnhardt jr", "dale earnhardt"),
        ("martin truex sr", "martin truex"),
        ("davey allison ii", "davey allison"),
        ("aj foyt iv", "aj foyt"),
        ("kyle larson", "kyle larson"),
        ("jr", "jr"),
        ("junior johnson", "junior johnson"),
        ("", ""),
    ],
)
def test_strip_suffix(folded: str, expected: str) -> None:
    """strip_suffix() drops only a trailing generational suffix, never the whole name."""
    assert strip_suffix(folded) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Bill Scott (CA)", "Bill Scott"),
        ("Dick Johnson (Australia)", "Dick Johnson"),
        ("Jason A. White (Virginia)", "Jason A. White"),
        ("Kyle Busch", "Kyle Busch"),
    ],
)
def test_strip_parenthetical(name: str, expected: str) -> None:
    """strip_parenthetical() removes the disambiguating place in parentheses."""
    assert strip_parenthetical(name) == expected

"""The lineup check before a grid is posted."""

from __future__ import annotations

import pytest

from kernel.lineups import lineup_problem


@pytest.mark.parametrize(
    ("entries", "problem"),
    [
        ([(1, "Heim"), (2, "Gray"), (3, "Smith")], None),
        ([(2, "Gray"), (1, "Heim")], None),
        ([(1, "Heim"), (3, "Smith")], "the lineup has no car in position 2"),
        ([(1, "Heim"), (1, "Gray"), (2, "Smith")], "grid position 1 is held by more than one car"),
        ([(1, "Heim"), (2, None)], "the car starting 2 has no driver"),
        ([(1, "Heim"), (2, "  ")], "the car starting 2 has no driver"),
        ([], "the lineup is empty"),
    ],
)
def test_lineup_problem(entries: list[tuple[int, str | None]], problem: str | None) -> None:
    """Positions run 1..N with no gap or repeat, and every car has a driver."""
    assert lineup_problem(entries) == problem

"""The line saying a result changed after the race: when, whom and why, short for a phone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.render.announcements import results_post_embed
from bot.render.races import results_embed
from bot.render.result_changes import changed_after_race_line
from kernel.reports import ResultLine, ResultsReport
from kernel.result_changes import ChangeAfterRace
from tests.render.reports import EVENT

TUESDAY = datetime(2025, 3, 25, 19, 0, tzinfo=UTC)
WEDNESDAY = datetime(2025, 3, 26, 15, 0, tzinfo=UTC)
STAMP = f"<t:{int(TUESDAY.timestamp())}:d>"


def _change(
    driver: str,
    car: str,
    finish: tuple[int | None, int | None],
    *,
    points: tuple[int | None, int | None] = (None, None),
    disqualified: bool = False,
    reason: str | None = None,
    seen_at: datetime = TUESDAY,
) -> ChangeAfterRace:
    return ChangeAfterRace(
        seen_at,
        driver,
        car,
        finish[0],
        finish[1],
        points[0],
        points[1],
        "running",
        "disqualified" if disqualified else "running",
        disqualified,
        reason,
    )


HEIM_OUT = _change(
    "Corey Heim", "11", (1, 36), disqualified=True, reason="Failed post-race inspection: Disqualified"
)
GRAY_UP = _change("Tanner Gray", "15", (2, 1))
SMITH_UP = _change("Chandler Smith", "38", (3, 2))


@pytest.mark.parametrize(
    ("changes", "line"),
    [
        ((), None),
        (
            (HEIM_OUT, GRAY_UP, SMITH_UP),
            f"Changed after the race ({STAMP}): #11 Corey Heim disqualified (1st → 36th) — "
            "Failed post-race inspection: Disqualified; order updated",
        ),
        (
            (GRAY_UP, SMITH_UP),
            f"Changed after the race ({STAMP}): order updated (NASCAR's feed gives no reason)",
        ),
        (
            (_change("Corey Heim", "11", (1, 1), points=(55, 10), reason="Encumbered: Loss of 45 points"),),
            f"Changed after the race ({STAMP}): #11 Corey Heim (55 → 10 points) — Encumbered: Loss of 45 points",
        ),
        (
            (_change("Corey Heim", "11", (1, 36), disqualified=True),),
            f"Changed after the race ({STAMP}): #11 Corey Heim disqualified (1st → 36th)",
        ),
    ],
)
def test_the_line_says_whom_and_why(changes: tuple[ChangeAfterRace, ...], line: str | None) -> None:
    """Cars with a reason are named with it; the rest are summed up; no change, no line."""
    assert changed_after_race_line(changes) == line


def test_a_reversed_disqualification_reads_from_the_first_result_to_the_latest() -> None:
    """A disqualification overturned a day later: the car is not called disqualified, the date is the latest."""
    back = _change("Corey Heim", "11", (36, 1), seen_at=WEDNESDAY)
    down = _change("Tanner Gray", "15", (1, 2), seen_at=WEDNESDAY)
    line = changed_after_race_line((HEIM_OUT, GRAY_UP, back, down))
    assert line == f"Changed after the race (<t:{int(WEDNESDAY.timestamp())}:d>): #11 Corey Heim reinstated"


def test_many_penalised_cars_are_counted_past_three() -> None:
    """Five cars disqualified: three named, two counted."""
    changes = tuple(
        _change(f"Driver {n}", str(n), (n, 30 + n), disqualified=True, reason="Ride height")
        for n in range(1, 6)
    )
    line = changed_after_race_line(changes)
    assert line is not None
    assert line.count("disqualified") == 3 and line.endswith("; 2 more penalised")


def _report(**values: object) -> ResultsReport:
    lines = (
        ResultLine(1, 2, "15", "Tanner Gray", "Tricon Garage", 134, 40, "running"),
        ResultLine(2, 5, "38", "Chandler Smith", "Front Row Motorsports", 134, 0, "running"),
        ResultLine(36, 1, "11", "Corey Heim", "Tricon Garage", 134, 94, "disqualified"),
    )
    return ResultsReport(EVENT, lines, official=True, **values)  # type: ignore[arg-type]


def test_results_lead_their_summary_with_the_change() -> None:
    """/results: the change is the summary's first line, above the race's figures and the top ten."""
    embed = results_embed(_report(changes=(HEIM_OUT, GRAY_UP, SMITH_UP))).to_dict()
    summary = embed["description"].split("\n\n")[1]
    assert summary.splitlines()[0].startswith(
        f"Changed after the race ({STAMP}): #11 Corey Heim disqualified"
    )
    assert embed["title"] == "Tanner Gray won the Baptist Health 200"


def test_a_result_that_stands_says_nothing_of_changes() -> None:
    assert "Changed after the race" not in (results_embed(_report()).description or "")


def test_the_spoiler_post_hides_who_was_disqualified() -> None:
    """With results behind spoiler tags, the change (which names the disqualified winner) is hidden too."""
    embed = results_post_embed(_report(changes=(HEIM_OUT, GRAY_UP)), spoiler=True).to_dict()
    head, _, hidden = embed["description"].partition("\n\n")
    assert "Corey Heim" not in head and hidden.startswith("||Changed after the race")

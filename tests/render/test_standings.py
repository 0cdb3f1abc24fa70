"""The /standings pages: inside Discord's limits, phone-narrow, the cut line after the last in, marks, and
a page of notes (no table) when the history cannot rank a season."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.render.common import DESCRIPTION_LIMIT, TITLE_LIMIT
from bot.render.standings import CUT_LINE, ENTRIES_PER_PAGE, standings_pages
from kernel.standings import Champion, StandingsLine, StandingsReport, against_cut
from tests.render.reports import EVENT, total_chars

# The widest a monospace line may be to read without wrapping on a phone.
PHONE_WIDTH = 40


def chase_table(drivers: int = 38) -> StandingsReport:
    """A 2026 Cup table mid-season, names as long as they come, the leader having clinched."""
    lines = tuple(
        StandingsLine(
            position=n,
            name="Ricky Stenhouse Jr." if n % 2 else f"Driver {n}",
            points=1000 - 10 * n,
            behind_leader=-10 * (n - 1),
            car_number=str(n),
            wins=n % 3,
            stage_wins=n % 4,
            top5=n % 6,
            top10=n % 11,
            clinched=True if n == 1 else None,
        )
        for n in range(1, drivers + 1)
    )
    return StandingsReport("cup", 2026, "drivers", "feed", against_cut(lines, 16), ("NASCAR's table.",), 16)


def code_lines(page: dict[str, object]) -> list[str]:
    description = str(page["description"])
    return description.split("```\n", 1)[1].split("\n```", 1)[0].splitlines()


def test_pages_stay_inside_discords_limits_and_a_phones_width() -> None:
    pages = [page.to_dict() for page in standings_pages(chase_table())]
    assert len(pages) == 3 and pages[0]["title"] == "2026 NASCAR Cup Series standings (1/3)"
    for page in pages:
        assert len(str(page["title"])) <= TITLE_LIMIT and len(str(page["description"])) <= DESCRIPTION_LIMIT
        assert total_chars(page) <= 6000
        assert max(len(line) for line in code_lines(page)) <= PHONE_WIDTH


def test_the_cut_line_closes_the_first_page_after_the_chase_field() -> None:
    """16 entries a page: page 1 is the Cup Chase field, the line drawn under the 16th."""
    first = code_lines(standings_pages(chase_table())[0].to_dict())
    assert ENTRIES_PER_PAGE == 16 and first[-1] == CUT_LINE
    assert first[-3].startswith(" 16")


def test_marks_and_gaps_to_the_cut() -> None:
    """The leader clinched (✓), the others in (•) until the line; 16th is 10 ahead of 17th."""
    pages = standings_pages(chase_table())
    first = code_lines(pages[0].to_dict())
    assert first[0].startswith("  1✓ Ricky Stenhouse Jr.")
    assert first[2].startswith("  2• Driver 2")
    assert "cut +10" in first[-2]
    second = code_lines(pages[1].to_dict())
    assert second[0].startswith(" 17  ") and "cut -10" in second[1]
    assert "✓ clinched a Chase spot" in str(pages[0].to_dict()["description"])


def test_a_season_the_history_cannot_rank_is_one_page_of_notes() -> None:
    report = StandingsReport(
        "cup", 1974, "drivers", "history", (), ("No points in the rows.",),
        champion=Champion("cup", 1974, "Richard Petty", "NBC Sports"),
    )  # fmt: skip
    [page] = [page.to_dict() for page in standings_pages(report)]
    assert page["title"] == "1974 Winston Cup Series points earned"
    assert page["description"] == "Champion: **Richard Petty**"
    assert page["fields"][0]["value"] == "No points in the rows."


def test_live_points_say_the_race_and_lap() -> None:
    report = StandingsReport(
        "truck", 2025, "drivers", "live",
        (StandingsLine(1, "Corey Heim", 300, 0, car_number="11", earned_this_race=12),),
        fetched_at=datetime(2025, 3, 22, tzinfo=UTC), live_event=EVENT, lap=88, laps_in_race=134,
    )  # fmt: skip
    [page] = [page.to_dict() for page in standings_pages(report)]
    assert page["title"] == "Live points — 2025 Craftsman Truck Series, lap 88 of 134"
    assert str(page["description"]).startswith("**Baptist Health 200** at Homestead-Miami Speedway")
    assert "+12 this race" in code_lines(page)[1]

"""The standings post's embed: the Chase field, the cut line and four under it, phone-narrow, inside
Discord's limits; behind spoiler tags when the server hides results; no footer or timestamp."""

from __future__ import annotations

from dataclasses import replace

from bot.render.common import DESCRIPTION_LIMIT, TITLE_LIMIT
from bot.render.standings import CUT_LINE
from bot.render.standings_post import BELOW_CUT, standings_post_embed
from kernel.standings import StandingsLine
from tests.render.reports import EVENT, total_chars
from tests.render.test_standings import PHONE_WIDTH, chase_table, code_lines


def test_the_chase_field_then_the_cut_line_then_four_more() -> None:
    """Cup 2026: sixteen entries (two lines each), the line, then 17th to 20th; nobody below."""
    embed = standings_post_embed(chase_table(), EVENT, spoiler=False).to_dict()
    lines = code_lines(embed)
    assert BELOW_CUT == 4
    assert lines.index(CUT_LINE) == 16 * 2 and len(lines) == 16 * 2 + 1 + 4 * 2
    assert lines[0].startswith("  1✓ Ricky Stenhouse Jr.") and lines[-2].startswith(" 20  Driver 20")
    assert "cut +10" in lines[31] and "cut -10" in lines[34]
    assert "✓ clinched a Chase spot" in embed["description"]


def test_it_names_the_race_and_fits_a_phone_and_discords_limits() -> None:
    embed = standings_post_embed(chase_table(), EVENT, spoiler=False).to_dict()
    assert embed["title"] == "2026 NASCAR Cup Series standings after race 4"
    assert embed["description"].startswith(
        "After the **Baptist Health 200** at Homestead-Miami Speedway: NASCAR's official table."
    )
    assert embed["description"].endswith("The whole table: /standings")
    assert len(embed["title"]) <= TITLE_LIMIT and len(embed["description"]) <= DESCRIPTION_LIMIT
    assert total_chars(embed) <= 6000
    assert max(len(line) for line in code_lines(embed)) <= PHONE_WIDTH
    assert "footer" not in embed and "timestamp" not in embed  # a sync round never changes the post


def test_spoiler_hides_the_table() -> None:
    """A server that hides results: the table (which would tell the finishing order) is behind ||…||."""
    description = standings_post_embed(chase_table(), EVENT, spoiler=True).to_dict()["description"]
    assert "||```\n" in description and "\n```||" in description


def test_a_season_before_the_chase_shows_as_many_without_a_line() -> None:
    """Before 2026 there is no cut line: the top twenty in Cup, no line, no Chase legend."""
    report = chase_table()
    plain = tuple(
        StandingsLine(line.position, line.name, line.points, line.behind_leader) for line in report.lines
    )
    embed = standings_post_embed(
        replace(report, season=2020, lines=plain, cut_after=None), EVENT, spoiler=False
    )
    lines = code_lines(embed.to_dict())
    assert CUT_LINE not in lines and len(lines) == 20 * 2
    assert "Chase" not in str(embed.description)

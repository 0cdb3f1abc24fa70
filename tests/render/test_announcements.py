"""Announcement posts: the /grid embed with its heading, and results behind spoiler tags."""

from __future__ import annotations

from dataclasses import replace

from bot.render.announcements import broadcast_line, grid_post_embed, post_content, results_post_embed
from kernel.reports import GridReport, ResultLine, ResultsReport
from tests.render.reports import EVENT, GRAY, HEIM, total_chars


def test_broadcast_line_names_tv_laps_and_stage_ends() -> None:
    """TV, laps and stage ends in one line."""
    assert broadcast_line(EVENT) == "TV: FOX · 134 laps · stages end on laps 30, 60, 134"


def test_broadcast_line_is_none_when_nothing_is_known() -> None:
    """No TV, laps or stages: no line."""
    assert broadcast_line(replace(EVENT, tv_network=None, scheduled_laps=None, stage_ends=())) is None


def test_grid_post_is_the_grid_embed_headed_by_the_pole_and_margin() -> None:
    """The /grid block, with the pole sitter and the margin under the heading."""
    embed = grid_post_embed(GridReport(EVENT, (HEIM, GRAY), False), 0.19).to_dict()
    assert embed["title"] == "Starting lineup — Baptist Health 200"
    assert "Pole: #11 **Corey Heim**, by 0.190 s over #15 Tanner Gray" in embed["description"]
    assert embed["fields"][0]["name"] == "Row 1"
    assert "1 #11 Corey Heim  173.633" in embed["fields"][0]["value"]


def test_grid_post_of_a_full_field_stays_within_discord_limits() -> None:
    """Forty cars with long names fit Discord's embed limits: two blocks of ten rows."""
    slots = tuple(replace(HEIM, position=n, driver=f"Driver {n} " + "x" * 40) for n in range(1, 41))
    embed = grid_post_embed(GridReport(EVENT, slots, False), None).to_dict()
    assert [f["name"] for f in embed["fields"]] == ["Rows 1–10", "Rows 11–20"]
    assert total_chars(embed) <= 6000 and all(len(f["value"]) <= 1024 for f in embed["fields"])


def test_results_behind_spoiler_tags_hide_the_winner() -> None:
    """Spoiler mode: no winner in the title; the summary, the top ten and every field inside ||…||."""
    lines = (
        ResultLine(1, 1, "11", "Corey Heim", None, 134, 90, "running"),
        ResultLine(2, 2, "15", "Tanner Gray", None, 134, 10, "running"),
    )
    embed = results_post_embed(ResultsReport(EVENT, lines, True), spoiler=True).to_dict()
    assert "Heim" not in embed["title"]
    head, body = embed["description"].split("\n\n", 1)
    assert "Heim" not in head and body.startswith("||Most laps led: Corey Heim") and body.endswith("||")
    assert "1. #11 Corey Heim" in body
    assert all(f["value"].startswith("||") and f["value"].endswith("||") for f in embed["fields"])


def test_post_content_mentions_only_the_role() -> None:
    """The role's mention leads the text when one is set."""
    assert (
        post_content("grid", EVENT, 42)
        == "<@&42> Starting grid: Baptist Health 200 at Homestead-Miami Speedway"
    )
    assert post_content("results", EVENT, None).startswith("Official results: ")

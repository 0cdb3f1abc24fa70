"""The offline console: the same cog path as Discord, printed for a terminal."""

from __future__ import annotations

import json

import pytest
from discord import app_commands

from bot.cli.console import ConsoleError, parse_line


@app_commands.command(name="driver", description="d")
async def _driver(interaction, name: str, series: str | None = None, track: str | None = None) -> None:
    """Stand-in with /driver's option names, for the parser alone."""


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/driver kyle larson", {"name": "kyle larson"}),
        ("/driver name:kyle larson track:homestead", {"name": "kyle larson", "track": "homestead"}),
        ("/driver kyle larson series:truck", {"name": "kyle larson", "series": "truck"}),
        ("/DRIVER  Name:chastain ", {"name": "chastain"}),
    ],
)
def test_parse_line(line: str, expected: dict[str, str]) -> None:
    """Options as typed in Discord's message box; the first name may be left out."""
    assert parse_line(line, [_driver])[1] == expected


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("driver larson", "starts with '/'"),
        ("/drivers larson", "Unknown command '/drivers'"),
        ("/driver name:larson colour:red", "no option 'colour'"),
        ("/driver series:cup", "needs option 'name'"),
        ("/driver name:a name:b", "given twice"),
    ],
)
def test_parse_line_errors(line: str, message: str) -> None:
    """Unknown commands and options are named in the error."""
    with pytest.raises(ConsoleError, match=message):
        parse_line(line, [_driver])


def test_ask_pole_homestead_prints_heim(racebot, capsys: pytest.CaptureFixture[str]) -> None:
    """README's first command: Corey Heim on pole at Homestead for the 2025 Truck race."""
    assert racebot("ask", "/pole homestead") == 0
    out = capsys.readouterr().out
    assert "Corey Heim on pole — Baptist Health 200" in out
    assert "Homestead-Miami Speedway" in out and "2025" in out and "Truck" in out
    assert "Tanner Gray" in out


def test_ask_json_prints_the_discord_payload(racebot, capsys: pytest.CaptureFixture[str]) -> None:
    """--json prints the message body exactly as it would go to Discord."""
    assert racebot("ask", "/pole track:homestead series:truck year:2025", "--json") == 0
    payload = json.loads(capsys.readouterr().out)
    embed = payload["embeds"][0]
    assert embed["type"] == "rich" and embed["title"].startswith("Corey Heim")
    assert isinstance(embed["color"], int)


def test_ask_driver_with_track(racebot, capsys: pytest.CaptureFixture[str]) -> None:
    """A value runs to the next option name."""
    assert racebot("ask", "/driver name:kyle larson track:homestead") == 0
    out = capsys.readouterr().out
    assert "Kyle Larson at Homestead-Miami Speedway" in out and "#07 Spire Motorsports" in out


def test_unknown_command_exits_non_zero(racebot, capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown command is a clear message on stderr and exit 2."""
    assert racebot("ask", "/podium homestead") == 2
    captured = capsys.readouterr()
    assert "Unknown command '/podium'" in captured.err and captured.out == ""


def test_bad_integer_option(racebot, capsys: pytest.CaptureFixture[str]) -> None:
    """A year that is not a number is refused before the command runs."""
    assert racebot("ask", "/pole homestead year:last") == 2
    assert "whole number" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("query", "code", "message"),
    [
        ("x" * 500, 2, "takes at most 100 characters, not 500"),
        ("'; DROP TABLE drivers; --", 1, "No driver matches"),
        ("🏎️🏁🔥", 1, "No driver matches"),
    ],
)
def test_bad_driver_names_get_a_clear_error(
    racebot, capsys: pytest.CaptureFixture[str], query: str, code: int, message: str
) -> None:
    """A name too long for Discord is refused as Discord would; SQL-like and emoji names get an error reply."""
    assert racebot("ask", f"/driver name:{query}") == code
    captured = capsys.readouterr()
    assert message in captured.err
    assert "Traceback" not in captured.err


def test_empty_name_is_refused(racebot, capsys: pytest.CaptureFixture[str]) -> None:
    """An empty name is refused as Discord's client refuses it: the option needs a character."""
    assert racebot("ask", "/driver name:") == 2
    assert "Option 'name' needs at least 1 character" in capsys.readouterr().err


def test_store_survives_sql_like_input(racebot, capsys: pytest.CaptureFixture[str]) -> None:
    """SQL in a name is just text: the store still answers afterwards."""
    racebot("ask", "/pole track:x'); DELETE FROM results; --")
    capsys.readouterr()
    assert racebot("ask", "/pole homestead") == 0
    assert "Corey Heim" in capsys.readouterr().out


def test_run_without_token_explains(racebot, capsys: pytest.CaptureFixture[str]) -> None:
    """`racebot run` without a token says how to get one."""
    assert racebot("run") == 2
    assert "DISCORD_TOKEN" in capsys.readouterr().err

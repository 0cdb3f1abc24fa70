"""`racebot ask -`: many slash commands from stdin, answered with one store and name index."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.cli.process import racebot_env, run_racebot


def _ask_many(
    racebot: Callable[..., int], monkeypatch: pytest.MonkeyPatch, lines: list[str], *flags: str
) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{line}\n" for line in lines)))
    return racebot("ask", "-", *flags)


def _json_lines(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines()]


def test_one_json_line_per_command(racebot, monkeypatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Each command gets one line: the command as read and the messages it produced."""
    code = _ask_many(racebot, monkeypatch, ["/pole homestead", "/driver kyle larson"], "--json")
    answers = _json_lines(capsys.readouterr().out)
    assert code == 0
    assert [a["command"] for a in answers] == ["/pole homestead", "/driver kyle larson"]
    assert answers[0]["messages"][0]["embeds"][0]["title"] == "Corey Heim on pole — Baptist Health 200"
    assert answers[1]["messages"][0]["embeds"][0]["title"] == "Kyle Larson"


def test_a_bad_line_is_answered_with_its_error_and_the_run_goes_on(
    racebot, monkeypatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown command gets its error in its own line; the lines after it are still answered."""
    code = _ask_many(racebot, monkeypatch, ["/ping", "/podium homestead", "/pole homestead"], "--json")
    answers = _json_lines(capsys.readouterr().out)
    assert code == 1
    assert answers[0]["messages"][0]["content"] == "Pong."
    assert answers[1] == {
        "command": "/podium homestead",
        "error": "Unknown command '/podium'. Commands: /compare, /driver, /grid, /help, /leaders, /next, /ping, /pole, /results, /schedule, /standings, /track",
    }
    assert answers[2]["messages"][0]["embeds"][0]["title"].startswith("Corey Heim")


def test_error_replies_carry_the_error(racebot, monkeypatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A name that matches nothing: the bot's own ephemeral reply, and its text as the line's error."""
    assert _ask_many(racebot, monkeypatch, ["/driver name:zzzzzzzz", "/ping"], "--json") == 1
    error, ping = _json_lines(capsys.readouterr().out)
    message = error["messages"][0]
    assert message["content"].startswith("No driver matches 'zzzzzzzz'")
    assert message["flags"] & 64 and error["error"] == message["content"]
    assert "error" not in ping, "a private answer is not an error"


def test_blank_lines_and_comments_are_skipped(
    racebot, monkeypatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only command lines are answered."""
    _ask_many(racebot, monkeypatch, ["", "# a comment", "  /ping  "], "--json")
    assert [a["command"] for a in _json_lines(capsys.readouterr().out)] == ["/ping"]


def test_text_output_heads_each_answer_with_its_command(
    racebot, monkeypatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --json each answer is printed as text under the command that asked it."""
    assert _ask_many(racebot, monkeypatch, ["/pole homestead", "/ping"]) == 0
    out = capsys.readouterr().out
    assert out.index("> /pole homestead\nCorey Heim on pole") < out.index("> /ping\nPong.")


def test_a_pipe_into_the_installed_command(tmp_path: Path) -> None:
    """`printf '/pole homestead\\n/driver kyle larson\\n' | racebot ask - --json` prints two JSON lines."""
    env = racebot_env(f"sqlite+aiosqlite:///{tmp_path / 'store.db'}")
    stdin = "/pole homestead\n/driver kyle larson\n"
    done = run_racebot("ask", "-", "--json", env=env, cwd=tmp_path, stdin=stdin)
    assert (done.returncode, done.stderr) == (0, "")
    titles = [a["messages"][0]["embeds"][0]["title"] for a in _json_lines(done.stdout)]
    assert titles == ["Corey Heim on pole — Baptist Health 200", "Kyle Larson"]

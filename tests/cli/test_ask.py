"""`racebot ask -`: many slash commands from stdin, answered with one store and name index."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


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
        "error": "Unknown command '/podium'. Commands: /driver, /ping, /pole",
    }
    assert answers[2]["messages"][0]["embeds"][0]["title"].startswith("Corey Heim")


def test_error_replies_are_answers(racebot, monkeypatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A name that matches nothing gets the bot's own ephemeral reply, as Discord would show it."""
    assert _ask_many(racebot, monkeypatch, ["/driver name:zzzzzzzz"], "--json") == 0
    (answer,) = _json_lines(capsys.readouterr().out)
    message = answer["messages"][0]
    assert message["content"].startswith("No driver matches 'zzzzzzzz'")
    assert message["flags"] & 64


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
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'store.db'}",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DISCORD_TOKEN", None)
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli.main", "ask", "-", "--json"],
        input="/pole homestead\n/driver kyle larson\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    titles = [a["messages"][0]["embeds"][0]["title"] for a in _json_lines(done.stdout)]
    assert titles == ["Corey Heim on pole — Baptist Health 200", "Kyle Larson"]

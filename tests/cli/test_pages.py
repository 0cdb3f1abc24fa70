"""`racebot ask` with a paged answer: the console has no buttons, so it prints (and --json gives) every page."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.one_season import LONGEST_SEASON, LONGEST_SEASON_RACES, write_cup_season

SCHEDULE = f"/schedule series:cup season:{LONGEST_SEASON}"
TITLE = f"{LONGEST_SEASON} Grand National Series schedule"


@pytest.fixture
def longest_season(
    racebot: Callable[..., int], shared_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The console's store holds the real 1964 Cup season, imported as an operator would."""
    assert (
        racebot("import", "history", str(write_cup_season(shared_data, LONGEST_SEASON, tmp_path)), "--quiet")
        == 0
    )
    capsys.readouterr()


def _json_documents(out: str) -> list[dict[str, Any]]:
    """The pretty-printed payloads `ask --json` prints one after another."""
    decoder, documents, at = json.JSONDecoder(), [], 0
    while at < len(out := out.strip()):
        document, at = decoder.raw_decode(out, at)
        documents.append(document)
        at = len(out) - len(out[at:].lstrip())
    return documents


def _rounds(text: str, pattern: str) -> list[int]:
    return [int(n) for n in re.findall(pattern, text, re.M)]


def test_text_prints_every_page_in_order(
    longest_season: None, racebot: Callable[..., int], capsys: pytest.CaptureFixture[str]
) -> None:
    """Every page's title, then all 62 races once each, in order."""
    assert racebot("ask", SCHEDULE) == 0
    out = capsys.readouterr().out
    titles = re.findall(rf"^{TITLE} \((\d+)/(\d+)\)$", out, re.M)
    count = len(titles)
    assert count >= 2 and titles == [(str(n), str(count)) for n in range(1, count + 1)]
    assert _rounds(out, r"^(\d+)\. ") == list(range(1, LONGEST_SEASON_RACES + 1))


def test_json_gives_each_page_as_the_message_discord_would_show(
    longest_season: None, racebot: Callable[..., int], capsys: pytest.CaptureFixture[str]
) -> None:
    """The first page as sent, then each page as ▶ turns the message to it: one embed each, all races."""
    assert racebot("ask", SCHEDULE, "--json") == 0
    messages = _json_documents(capsys.readouterr().out)
    assert len(messages) >= 2
    assert [len(m["embeds"]) for m in messages] == [1] * len(messages)
    assert [m["embeds"][0]["title"] for m in messages] == [
        f"{TITLE} ({n}/{len(messages)})" for n in range(1, len(messages) + 1)
    ]
    descriptions = "\n".join(m["embeds"][0]["description"] for m in messages)
    assert _rounds(descriptions, r"^\*\*(\d+)\.\*\*") == list(range(1, LONGEST_SEASON_RACES + 1))
    assert all(m["allowed_mentions"] == {"parse": []} for m in messages)


def test_a_script_gets_every_page_in_one_line(
    longest_season: None,
    racebot: Callable[..., int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`ask - --json`: the paged answer is one line whose messages are the pages."""
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{SCHEDULE}\n/ping\n"))
    assert racebot("ask", "-", "--json") == 0
    schedule, ping = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    titles = [m["embeds"][0]["title"] for m in schedule["messages"]]
    assert len(titles) >= 2 and titles[-1] == f"{TITLE} ({len(titles)}/{len(titles)})"
    assert ping["messages"][0]["content"] == "Pong."


def test_a_short_answer_is_one_message(
    racebot: Callable[..., int], capsys: pytest.CaptureFixture[str]
) -> None:
    """The sample's one-race season: one message, no buttons."""
    assert racebot("ask", "/schedule series:truck season:2025", "--json") == 0
    [message] = _json_documents(capsys.readouterr().out)
    assert message["embeds"][0]["title"] == "2025 Craftsman Truck Series schedule"
    assert not message.get("components")

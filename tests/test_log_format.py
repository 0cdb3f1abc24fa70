"""LOG_FORMAT=json: one JSON object a line with the command's context; the token hidden in any format."""

from __future__ import annotations

import json
import logging
import sys

from bot.log_format import HidingSecrets, JsonLines

TOKEN = "MTIz.secret-token.value"


def record(message: str, *args: object, exc: bool = False, **extra: object) -> logging.LogRecord:
    exc_info = None
    if exc:
        try:
            raise RuntimeError(f"login refused for {TOKEN}")
        except RuntimeError:
            exc_info = sys.exc_info()
    made = logging.LogRecord("bot.interactions.tree", logging.INFO, __file__, 1, message, args, exc_info)
    made.__dict__.update(extra)
    return made


def test_a_command_line_carries_command_guild_and_shard() -> None:
    line = JsonLines().format(record("command /%s: ok", "pole", command="pole", guild=1234, shard=0))
    parsed = json.loads(line)
    assert parsed["level"] == "INFO" and parsed["logger"] == "bot.interactions.tree"
    assert parsed["message"] == "command /pole: ok"
    assert (parsed["command"], parsed["guild"], parsed["shard"]) == ("pole", 1234, 0)
    assert parsed["time"].endswith("+00:00")


def test_other_lines_have_no_empty_context() -> None:
    """A DM's command has no guild: the key is left out rather than null."""
    parsed = json.loads(
        JsonLines().format(record("command /ping: ok", command="ping", guild=None, shard=None))
    )
    assert "guild" not in parsed and "shard" not in parsed and parsed["command"] == "ping"


def test_a_traceback_stays_inside_one_line() -> None:
    line = JsonLines().format(record("failed", exc=True))
    assert "\n" not in line
    assert json.loads(line)["exception"].startswith("Traceback (most recent call last)")


def test_the_token_is_hidden_in_json_and_text() -> None:
    """A message or an error quoting the token shows *** instead, whatever the format."""
    for inner in (JsonLines(), logging.Formatter("%(message)s")):
        formatter = HidingSecrets(inner, [TOKEN])
        line = formatter.format(record("token is %s", TOKEN, exc=True))
        assert TOKEN not in line and "***" in line

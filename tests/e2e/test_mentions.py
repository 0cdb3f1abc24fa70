"""No stray pings: every message the bot sends says whom it may mention (nobody), and quoted text is inert."""

from __future__ import annotations

from typing import Any

from bot.client import RaceBot
from tests.fakediscord.recorder import RecordedRequest
from tests.fakediscord.server import FakeDiscord


def _message_body(request: RecordedRequest) -> dict[str, Any] | None:
    """The message a request carries: a callback's data (types 4 and 7) or a follow-up/channel message."""
    body = request.json if isinstance(request.json, dict) else None
    if body is None or request.method not in ("POST", "PATCH"):
        return None
    if request.path.endswith("/callback"):
        data = body.get("data") or {}
        return data if body.get("type") in (4, 7) else None
    return body if ("content" in body or "embeds" in body) else None


async def test_every_message_mentions_nobody(racebot: RaceBot, fake_discord: FakeDiscord) -> None:
    """Answers, private answers and error replies all carry allowed_mentions with nothing to parse."""
    for name, options in [
        ("pole", {"track": "homestead"}),
        ("driver", {"name": "kyle larson"}),
        ("ping", {}),
        ("driver", {"name": "@everyone"}),
        ("pole", {"track": "<@&1234567890123>"}),
    ]:
        await fake_discord.send_command(name, options)
    bodies = [body for body in map(_message_body, fake_discord.requests) if body is not None]
    assert len(bodies) == 5
    assert [body.get("allowed_mentions") for body in bodies] == [{"parse": []}] * 5


async def test_a_mention_in_a_query_is_rendered_inert(racebot: RaceBot, fake_discord: FakeDiscord) -> None:
    """The error quotes what was typed with a zero-width space after '@', so it reads as typed but pings no one."""
    reply = await fake_discord.send_command("driver", {"name": "@everyone"})
    assert reply.ephemeral
    assert reply.content is not None and reply.content.startswith("No driver matches '@\u200beveryone'")
    role = await fake_discord.send_command("pole", {"track": "<@&1234567890123>"})
    assert role.content is not None and "<@\u200b&1234567890123>" in role.content

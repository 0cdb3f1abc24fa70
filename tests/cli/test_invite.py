"""`racebot invite`: the OAuth2 link with both scopes and exactly the permission bits the code declares."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import pytest

from bot.answers.announcements import NEEDED_PERMISSIONS, THREAD_PERMISSIONS

# Discord's permission bits (developer docs, "Permissions"), written out here rather than read from
# discord.py, for the names the bot's code uses.
BITS = {
    "view_channel": 1 << 10,
    "send_messages": 1 << 11,
    "embed_links": 1 << 14,
    "attach_files": 1 << 15,
    "read_message_history": 1 << 16,
    "create_public_threads": 1 << 35,
    "send_messages_in_threads": 1 << 38,
}


def _query(url: str) -> dict[str, list[str]]:
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "discord.com", "/oauth2/authorize")
    return parse_qs(parts.query)


def test_the_link_asks_for_both_scopes_and_the_declared_bits(
    racebot: Callable[..., int], capsys: pytest.CaptureFixture[str]
) -> None:
    """The channel permissions /announce checks, read history (finding a post a crash cut off), and no
    other bit: no Mention Everyone, no Administrator."""
    assert racebot("invite", "--app-id", "123456789012345678") == 0
    out = capsys.readouterr()
    query = _query(out.out.strip())
    assert query["client_id"] == ["123456789012345678"]
    assert query["scope"] == ["bot applications.commands"]
    declared = (*NEEDED_PERMISSIONS, *THREAD_PERMISSIONS, "read_message_history", "attach_files")
    assert int(query["permissions"][0]) == sum(BITS[name] for name in declared)
    assert "Send Messages in Threads" in out.err and "Mention" not in out.err


def test_the_app_id_setting_is_used(
    racebot: Callable[..., int], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DISCORD_APP_ID", "42")
    assert racebot("invite") == 0
    assert _query(capsys.readouterr().out.strip())["client_id"] == ["42"]


def test_without_an_id_or_a_token_it_says_what_to_give(
    racebot: Callable[..., int], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("DISCORD_APP_ID", raising=False)
    assert racebot("invite") == 2
    assert "--app-id" in capsys.readouterr().err

"""A picture on a message: the upload (alt text, spoiler name) and the embed that shows it, and the
/announce card replies."""

from __future__ import annotations

import discord

from bot.pictures.specs import Picture
from bot.render.announce import settings_text, status_embed
from bot.render.pictures import picture_file, showing
from kernel.announce_reports import AnnounceSettings, AnnounceStatus

PICTURE = Picture(b"\x89PNG...", "race.png", "Positions by lap for the top 10 at the finish.")


def test_the_upload_carries_the_alt_text() -> None:
    """The file is named as the embed expects and described for screen readers."""
    upload = picture_file(PICTURE)
    assert (upload.filename, upload.description, upload.spoiler) == ("race.png", PICTURE.description, False)
    assert upload.fp.read() == PICTURE.data


def test_a_spoiler_upload_is_named_spoiler() -> None:
    """Discord blurs an upload whose name starts SPOILER_ until it is clicked."""
    upload = picture_file(PICTURE, spoiler=True)
    assert upload.filename == "SPOILER_race.png" and upload.spoiler


def test_showing_copies_the_shared_embed() -> None:
    """The embed shown points at the upload; the built embed (shared by `reuse`) is left as it was."""
    built = discord.Embed(title="Starting lineup")
    shown = showing(built, PICTURE)
    assert shown.image.url == "attachment://race.png"
    assert built.image.url is None


def test_each_upload_is_a_fresh_file() -> None:
    """A File is used up by sending: two sends get two files over the same bytes."""
    assert picture_file(PICTURE) is not picture_file(PICTURE)


def test_the_card_setting_is_said_both_ways() -> None:
    """/announce card on and off each answer with what grid posts will carry."""
    on = settings_text(AnnounceSettings(1, cards=True), "cards")
    off = settings_text(AnnounceSettings(1, cards=False), "cards")
    assert on.startswith("Grid posts will carry the grid as a picture too.")
    assert off.startswith("Grid posts will be the text grid alone")


def test_status_shows_the_card_setting() -> None:
    """The status embed has a Grid card line."""
    embed = status_embed(AnnounceStatus(AnnounceSettings(1, cards=False), (), ()))
    assert "**Grid card**: off" in (embed.description or "")

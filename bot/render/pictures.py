"""A drawn picture on a message: the embed shows the upload (`attachment://`), the upload carries the alt
text, and the text stays in the embed for search and screen readers."""

from __future__ import annotations

import io

import discord

from bot.pictures.specs import Picture


def picture_file(picture: Picture, *, spoiler: bool = False) -> discord.File:
    """A fresh upload of the picture (a File is used up by sending it); `spoiler` names it SPOILER_…,
    which Discord blurs until clicked."""
    return discord.File(
        io.BytesIO(picture.data), filename=picture.filename, description=picture.description, spoiler=spoiler
    )


def showing(embed: discord.Embed, picture: Picture) -> discord.Embed:
    """A copy of `embed` (built embeds are shared, see `reuse`) whose image is the picture's upload.

    Never for a spoiler: an embed's image is not blurred, so a spoiler picture goes beside the embed.
    """
    shown = embed.copy()
    shown.set_image(url=f"attachment://{picture.filename}")
    return shown


def attached(
    embed: discord.Embed, picture: Picture, *, spoiler: bool = False
) -> tuple[discord.Embed, discord.File]:
    """The embed and the upload of a message carrying `picture`: shown in the embed, or as a spoiler
    beside it (left out of the embed, whose image Discord would show unblurred)."""
    if spoiler:
        return embed, picture_file(picture, spoiler=True)
    return showing(embed, picture), picture_file(picture)

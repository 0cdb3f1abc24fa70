"""What the bot asks for when invited: the scopes, and exactly the permissions its code uses.

The channel permissions are the ones `/announce channel` checks (`bot.answers.announcements`), so the
invite and the check cannot drift apart. Answering slash commands needs none: replies go through the
interaction, not the channel. Mention Everyone is not asked for: a post mentions only the role a
server chose, and that role must be mentionable (the server's choice, said by /announce role).
"""

from __future__ import annotations

import discord

from bot.answers.announcements import NEEDED_PERMISSIONS, THREAD_PERMISSIONS

SCOPES = ("bot", "applications.commands")
# A post whose send a crash cut off, past Discord's nonce window, is looked for in the channel before
# it is sent again (`bot.announce.delivery`); without this it could go out twice.
RECOVERY_PERMISSIONS = ("read_message_history",)
# The starting-grid card on a post is an upload (`bot.announce.delivery`); without it the text grid goes
# alone, so it is asked for here but not required by /announce channel.
CARD_PERMISSIONS = ("attach_files",)
INVITE_PERMISSIONS = NEEDED_PERMISSIONS + THREAD_PERMISSIONS + RECOVERY_PERMISSIONS + CARD_PERMISSIONS


def invite_permissions() -> discord.Permissions:
    return discord.Permissions(**dict.fromkeys(INVITE_PERMISSIONS, True))


def invite_url(application_id: int) -> str:
    """The OAuth2 link that adds the bot to a server with its commands and these permissions."""
    return discord.utils.oauth_url(application_id, permissions=invite_permissions(), scopes=SCOPES)

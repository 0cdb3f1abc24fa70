"""`racebot invite`: the link that adds the bot to a server, with the scopes and permissions it uses."""

from __future__ import annotations

import argparse
import sys

import aiohttp
import discord

from bot.answers.announcements import permission_label
from bot.cli.running import REJECTED_TOKEN, token_help
from bot.config import Settings
from bot.permissions import INVITE_PERMISSIONS, SCOPES, invite_url


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    invite = sub.add_parser(
        "invite", help="print the link that adds the bot to a server, with exactly the permissions it uses"
    )
    invite.add_argument(
        "--app-id",
        type=int,
        help="the application id (default: DISCORD_APP_ID, else asked of Discord with DISCORD_TOKEN)",
    )
    invite.set_defaults(handler=invite_command)


async def application_id(token: str) -> int:
    """The token's application id, as Discord gives it (GET /oauth2/applications/@me at login)."""
    client = discord.Client(intents=discord.Intents.none())
    async with client:
        await client.login(token)
        found = client.application_id
    if found is None:
        raise RuntimeError("Discord did not say the application's id")
    return found


async def invite_command(settings: Settings, args: argparse.Namespace) -> int:
    """The URL on stdout (for scripts); what it asks for on stderr."""
    app_id: int | None = args.app_id or settings.discord_app_id
    if app_id is None:
        if settings.discord_token is None:
            print(f"racebot: give --app-id or set DISCORD_APP_ID, or: {token_help()}", file=sys.stderr)
            return 2
        try:
            app_id = await application_id(settings.discord_token.get_secret_value())
        except discord.LoginFailure:
            print(f"racebot: {REJECTED_TOKEN}", file=sys.stderr)
            return 2
        except (aiohttp.ClientConnectionError, OSError) as error:
            print(f"racebot: cannot reach Discord ({error}); give --app-id instead", file=sys.stderr)
            return 1
    print(invite_url(app_id))
    print(
        f"scopes {' '.join(SCOPES)}; permissions "
        + ", ".join(permission_label(name) for name in INVITE_PERMISSIONS),
        file=sys.stderr,
    )
    return 0

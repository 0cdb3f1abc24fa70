"""`racebot run` and `racebot sync-commands`: the two commands that talk to Discord and need the token."""

from __future__ import annotations

import argparse
import logging
import sys

import aiohttp
import discord

from bot.client import CommandTreeOnly, RaceBot
from bot.config import ENV_FILE_VARIABLE, Settings, user_settings_file

log = logging.getLogger(__name__)

PORTAL = "https://discord.com/developers/applications"


def token_help() -> str:
    return (
        f"No Discord token. Create an application at {PORTAL}, add a bot on its Bot tab, copy the token "
        f"into {user_settings_file()} (or the file {ENV_FILE_VARIABLE} names) as DISCORD_TOKEN=... "
        "(see .env.example), and invite the bot with the scopes 'bot applications.commands'."
    )


REJECTED_TOKEN = (
    "Discord rejected the token in DISCORD_TOKEN (mistyped, or reset since). Copy a new one from your "
    f"application's Bot tab at {PORTAL} into your settings file."
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sub.add_parser("run", help="start the bot (needs DISCORD_TOKEN)").set_defaults(handler=run_command)
    sync = sub.add_parser("sync-commands", help="register the slash commands with Discord")
    sync.add_argument("--guild", type=int, help="sync to this guild only (instant) instead of globally")
    sync.set_defaults(handler=sync_commands)


def _token(settings: Settings) -> str | None:
    if settings.discord_token is None or not settings.discord_token.get_secret_value():
        print(f"racebot: {token_help()}", file=sys.stderr)
        return None
    return settings.discord_token.get_secret_value()


async def run_command(settings: Settings, _: argparse.Namespace) -> int:
    token = _token(settings)
    if token is None:
        return 2
    log.info("starting racebot: %s", settings.sources())
    async with RaceBot(settings) as bot:
        try:
            await bot.start(token)
        except discord.LoginFailure:
            print(f"racebot: {REJECTED_TOKEN}", file=sys.stderr)
            return 2
        except (aiohttp.ClientConnectionError, discord.GatewayNotFound, OSError) as error:
            print(
                f"racebot: cannot reach Discord ({error}); check the network connection and try again",
                file=sys.stderr,
            )
            return 1
    return 0


async def sync_commands(settings: Settings, args: argparse.Namespace) -> int:
    """Global sync is slow to propagate and rate-limited, so it is a deliberate, separate step."""
    token = _token(settings)
    if token is None:
        return 2
    async with CommandTreeOnly(settings) as bot:
        try:
            await bot.login(token)  # runs setup_hook: the cogs, without the store
        except discord.LoginFailure:
            print(f"racebot: {REJECTED_TOKEN}", file=sys.stderr)
            return 2
        guild = discord.Object(id=args.guild) if args.guild else None
        if guild is not None:
            bot.tree.copy_global_to(guild=guild)
        synced = await bot.tree.sync(guild=guild)
    where = f"guild {args.guild}" if args.guild else "all guilds (global; may take up to an hour to show)"
    print(f"Synced {len(synced)} commands to {where}: " + ", ".join(f"/{c.name}" for c in synced))
    return 0

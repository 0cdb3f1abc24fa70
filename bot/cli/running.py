"""`racebot run` and `racebot sync-commands`: the two commands that talk to Discord and need the token."""

from __future__ import annotations

import argparse
import logging
import sys

import aiohttp
import discord
from pydantic import ValidationError

from bot.client import CommandTreeOnly, RaceBot
from bot.config import ENV_FILE_VARIABLE, Settings, user_settings_file
from bot.shards import CannotStart
from kernel.shards import parse_shard_ids, shown_shard_ids

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


def _shard_list(text: str) -> str:
    try:
        return shown_shard_ids(parse_shard_ids(text))
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from error


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    run = sub.add_parser("run", help="start the bot (needs DISCORD_TOKEN)")
    run.add_argument(
        "--shards",
        type=_shard_list,
        metavar="IDS",
        help="the shards this process runs, e.g. 0-3 (SHARD_IDS; default all); needs the count",
    )
    run.add_argument(
        "--shard-count",
        type=int,
        metavar="N",
        help="the bot's shards in all, the same in every process (SHARD_COUNT; default Discord's advice)",
    )
    run.set_defaults(handler=run_command)
    sync = sub.add_parser("sync-commands", help="register the slash commands with Discord")
    sync.add_argument("--guild", type=int, help="sync to this guild only (instant) instead of globally")
    sync.set_defaults(handler=sync_commands)


def _token(settings: Settings) -> str | None:
    if settings.discord_token is None or not settings.discord_token.get_secret_value():
        print(f"racebot: {token_help()}", file=sys.stderr)
        return None
    return settings.discord_token.get_secret_value()


async def run_command(settings: Settings, args: argparse.Namespace) -> int:
    token = _token(settings)
    if token is None:
        return 2
    try:
        settings = settings.with_shards(ids=args.shards, count=args.shard_count)
    except ValidationError as error:
        problem = error.errors()[0]
        where = ".".join(map(str, problem["loc"])).upper()
        print(f"racebot: {where}: {problem['msg'].removeprefix('Value error, ')}", file=sys.stderr)
        return 2
    log.info("starting racebot: %s", settings.sources())
    async with RaceBot(settings) as bot:
        try:
            await bot.start(token)
        except discord.LoginFailure:
            print(f"racebot: {REJECTED_TOKEN}", file=sys.stderr)
            return 2
        except CannotStart as error:
            print(f"racebot: {error}", file=sys.stderr)
            return 1
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

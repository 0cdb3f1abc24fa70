"""The `racebot` command line: ask offline, run the bot, sync commands, manage the store."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections.abc import Callable, Coroutine, Sequence
from typing import Any

import discord
from pydantic import ValidationError

from bot import cli_feed, cli_import, cli_resolve
from bot.client import RaceBot
from bot.config import Settings
from bot.console import ConsoleError, ask, is_ephemeral, render_text
from db.engine import create_engine
from db.migrate import upgrade

log = logging.getLogger(__name__)

TOKEN_HELP = (
    "No Discord token. Create an application at https://discord.com/developers/applications, "
    "add a bot on its Bot tab, copy the token into .env as DISCORD_TOKEN=... (see .env.example), "
    "and invite the bot with the scopes 'bot applications.commands'."
)

Handler = Callable[[Settings, argparse.Namespace], Coroutine[Any, Any, int]]


async def _ask(settings: Settings, args: argparse.Namespace) -> int:
    async with RaceBot(settings) as bot:
        try:
            messages = await ask(bot, args.line)
        except ConsoleError as error:
            print(f"racebot: {error}", file=sys.stderr)
            return 2
    if not messages:
        print("racebot: the command sent no reply", file=sys.stderr)
        return 1
    failed = False
    for message in messages:
        failed = failed or is_ephemeral(message)
        out = sys.stderr if is_ephemeral(message) else sys.stdout
        print(
            json.dumps(message, indent=2, ensure_ascii=False) if args.json else render_text(message), file=out
        )
    return 1 if failed else 0


async def _run(settings: Settings, _: argparse.Namespace) -> int:
    if settings.discord_token is None or not settings.discord_token.get_secret_value():
        print(f"racebot: {TOKEN_HELP}", file=sys.stderr)
        return 2
    async with RaceBot(settings) as bot:
        try:
            await bot.start(settings.discord_token.get_secret_value())
        except discord.LoginFailure:
            print("racebot: Discord rejected the token (DISCORD_TOKEN). " + TOKEN_HELP, file=sys.stderr)
            return 2
    return 0


async def _sync_commands(settings: Settings, args: argparse.Namespace) -> int:
    """Global sync is slow to propagate and rate-limited, so it is a deliberate, separate step."""
    if settings.discord_token is None or not settings.discord_token.get_secret_value():
        print(f"racebot: {TOKEN_HELP}", file=sys.stderr)
        return 2
    async with RaceBot(settings) as bot:
        await bot.login(settings.discord_token.get_secret_value())  # runs setup_hook: store and cogs
        guild = discord.Object(id=args.guild) if args.guild else None
        if guild is not None:
            bot.tree.copy_global_to(guild=guild)
        synced = await bot.tree.sync(guild=guild)
    where = f"guild {args.guild}" if args.guild else "all guilds (global; may take up to an hour to show)"
    print(f"Synced {len(synced)} commands to {where}: " + ", ".join(f"/{c.name}" for c in synced))
    return 0


async def _db_upgrade(settings: Settings, _: argparse.Namespace) -> int:
    engine = create_engine(settings.database_url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()
    print("Store is at the newest schema.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="racebot", description="A Discord bot for NASCAR questions.")
    sub = parser.add_subparsers(dest="command", required=True)

    ask_p = sub.add_parser("ask", help='answer a slash command offline, e.g. racebot ask "/pole homestead"')
    ask_p.add_argument(
        "line", help='the command as typed in Discord, e.g. "/driver name:kyle larson track:homestead"'
    )
    ask_p.add_argument("--json", action="store_true", help="print the exact message payload sent to Discord")
    ask_p.set_defaults(handler=_ask)

    sub.add_parser("run", help="start the bot (needs DISCORD_TOKEN)").set_defaults(handler=_run)

    sync_p = sub.add_parser("sync-commands", help="register the slash commands with Discord")
    sync_p.add_argument("--guild", type=int, help="sync to this guild only (instant) instead of globally")
    sync_p.set_defaults(handler=_sync_commands)

    db_p = sub.add_parser("db", help="manage the store")
    db_sub = db_p.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="apply database migrations").set_defaults(handler=_db_upgrade)

    cli_import.register(sub)
    cli_feed.register(sub)
    cli_resolve.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in error.errors())
        print(f"racebot: bad configuration: {problems}", file=sys.stderr)
        return 2
    level = settings.log_level if args.command in ("run", "sync-commands") else "ERROR"
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    handler: Handler = args.handler
    return asyncio.run(handler(settings, args))


if __name__ == "__main__":
    raise SystemExit(main())

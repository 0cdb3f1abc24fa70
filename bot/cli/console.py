"""The offline console: runs a slash command through the real command tree and prints the reply.

Only the HTTP leg is replaced: discord.py's interaction adapter is swapped (through its own
context variable) for one that records the payloads instead of posting them to Discord.
"""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import discord
from discord import app_commands
from discord.webhook.async_ import AsyncWebhookAdapter, async_context

from bot.answers.errors import clipped
from bot.client import RaceBot
from bot.interactions.paging import NEXT, PAGED_ANSWER, turn_page
from bot.interactions.tree import ERROR_REPLY

CONSOLE_APPLICATION_ID = 1
CONSOLE_USER = {
    "id": "2",
    "username": "console",
    "discriminator": "0",
    "avatar": None,
    "global_name": "console",
}
_ids = itertools.count(1)
OPTION_NAME = re.compile(r"(?:^|\s)([A-Za-z_]+):")


class ConsoleError(Exception):
    """The line typed at the console is not a command this bot has, or has a bad option."""


@dataclass(frozen=True, slots=True)
class CommandLine:
    name: str
    options: dict[str, str]


class CapturingAdapter(AsyncWebhookAdapter):
    """Records every interaction response and follow-up instead of sending it."""

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.sent: list[dict[str, Any]] = []

    async def request(
        self, route: Any, session: Any, *, payload: dict[str, Any] | None = None, **_: Any
    ) -> Any:
        self.sent.append({"method": route.method, "path": route.path, "payload": payload})
        message_id = str(_snowflake())
        if route.path.endswith("/callback"):
            return {
                "interaction": {"id": str(route.webhook_id), "type": 2, "response_message_id": message_id}
            }
        return {
            "id": message_id,
            "type": 0,
            "content": "",
            "channel_id": "3",
            "embeds": [],
            "attachments": [],
        }

    def messages(self) -> list[dict[str, Any]]:
        """The message bodies sent back, in order (initial response data and follow-ups)."""
        found = []
        for request in self.sent:
            body = request["payload"] or {}
            data = body.get("data", body) if request["path"].endswith("/callback") else body
            if data and ("content" in data or "embeds" in data):
                found.append(data)
        return found


def _snowflake() -> int:
    return (int(time.time() * 1000) - 1420070400000) << 22 | next(_ids)


def parse_line(
    line: str, commands: Sequence[app_commands.Command[Any, ..., Any]]
) -> tuple[app_commands.Command[Any, ..., Any], dict[str, str]]:
    """Split `/pole track:homestead series:truck` as Discord's message box would fill the options."""
    text = line.strip()
    if not text.startswith("/"):
        raise ConsoleError("A command starts with '/', e.g. /pole homestead")
    head, _, rest = text[1:].partition(" ")
    by_name = {command.name: command for command in commands}
    command = by_name.get(head.lower())
    if command is None:
        raise ConsoleError(
            f"Unknown command '/{head}'. Commands: " + ", ".join(f"/{n}" for n in sorted(by_name))
        )
    params = [p.name for p in command.parameters]
    pieces = OPTION_NAME.split(rest)
    options: dict[str, str] = {}
    if pieces[0].strip() and params:
        options[params[0]] = pieces[0].strip()
    for name, value in zip(pieces[1::2], pieces[2::2], strict=True):
        key = name.lower()
        if key not in params:
            raise ConsoleError(f"/{command.name} has no option '{key}'. Options: " + ", ".join(params))
        if key in options:
            raise ConsoleError(f"Option '{key}' is given twice.")
        options[key] = value.strip()
    missing = [p.name for p in command.parameters if p.required and p.name not in options]
    if missing:
        raise ConsoleError(f"/{command.name} needs option '{missing[0]}'.")
    return command, options


def _option_payload(
    command: app_commands.Command[Any, ..., Any], options: dict[str, str]
) -> list[dict[str, Any]]:
    payload = []
    for param in command.parameters:
        if param.name not in options:
            continue
        value = _checked_value(param, options[param.name])
        payload.append({"name": param.name, "type": param.type.value, "value": value})
    return payload


def _checked_value(param: app_commands.Parameter, raw: str) -> Any:
    """The option's value, held to the type, range and choices the command declares, as Discord's client
    would."""
    if param.choices:
        return _chosen_value(param, raw)
    if param.type is discord.AppCommandOptionType.boolean:
        if raw.casefold() not in ("true", "false"):
            raise ConsoleError(f"Option '{param.name}' takes true or false, not '{clipped(raw)}'.")
        return raw.casefold() == "true"
    low, high = param.min_value, param.max_value
    if param.type is discord.AppCommandOptionType.integer:
        try:
            number = int(raw)
        except ValueError:
            raise ConsoleError(f"Option '{param.name}' takes a whole number, not '{clipped(raw)}'.") from None
        if (low is not None and number < low) or (high is not None and number > high):
            raise ConsoleError(f"Option '{param.name}' must be from {low} to {high}, not {raw}.")
        return number
    if low is not None and len(raw) < low:
        raise ConsoleError(f"Option '{param.name}' needs at least {low} character{'s' if low != 1 else ''}.")
    if high is not None and len(raw) > high:
        raise ConsoleError(f"Option '{param.name}' takes at most {high} characters, not {len(raw)}.")
    return raw


def _chosen_value(param: app_commands.Parameter, raw: str) -> Any:
    """A choice's value, given as Discord sends it (`top5`) or by the name Discord shows (`Top 5s`)."""
    for choice in param.choices:
        if raw == str(choice.value) or raw.casefold() == choice.name.casefold():
            return choice.value
    names = ", ".join(choice.name for choice in param.choices)
    raise ConsoleError(f"Option '{param.name}' takes one of: {names}; not '{clipped(raw)}'.")


def interaction_payload(
    command: app_commands.Command[Any, ..., Any], options: dict[str, str]
) -> dict[str, Any]:
    """An INTERACTION_CREATE body as Discord would send it for a DM invocation."""
    data = {
        "id": str(_snowflake()),
        "name": command.name,
        "type": 1,
        "options": _option_payload(command, options),
    }
    return _dm_interaction(2, data)


def press_payload(custom_id: str, message: dict[str, Any]) -> dict[str, Any]:
    """The INTERACTION_CREATE body of the console user pressing button `custom_id` on `message`."""
    payload = _dm_interaction(3, {"custom_id": custom_id, "component_type": 2})
    payload["message"] = {
        "id": str(_snowflake()),
        "type": 0,
        "channel_id": "3",
        "content": message.get("content") or "",
        "embeds": message.get("embeds") or [],
        "components": message.get("components") or [],
        "attachments": [],
    }
    return payload


def _dm_interaction(kind: int, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": str(_snowflake()),
        "application_id": str(CONSOLE_APPLICATION_ID),
        "type": kind,
        "token": "console",
        "version": 1,
        "attachment_size_limit": 8 * 1024 * 1024,
        "user": CONSOLE_USER,
        "channel": {"id": "3", "type": 1},
        "channel_id": "3",
        "locale": "en-US",
        "entitlements": [],
        "authorizing_integration_owners": {},
        "data": data,
    }


@dataclass(frozen=True, slots=True)
class ConsoleReply:
    """What the bot sent for one command line, and whether that reply was an error."""

    messages: list[dict[str, Any]]
    error: bool


async def ask(bot: RaceBot, line: str) -> ConsoleReply:
    """Run one slash command line through the bot's tree; returns the message payloads it sent."""
    await bot.prepare()
    command, options = parse_line(line, slash_commands(bot))
    return await answer(bot, command, options)


def slash_commands(bot: RaceBot) -> list[app_commands.Command[Any, ..., Any]]:
    return [c for c in bot.tree.get_commands() if isinstance(c, app_commands.Command)]


async def answer(
    bot: RaceBot, command: app_commands.Command[Any, ..., Any], options: dict[str, str]
) -> ConsoleReply:
    """Run `command` with option values as typed; ConsoleError where Discord's client would refuse them."""
    payload = interaction_payload(command, options)
    adapter = CapturingAdapter()
    token = async_context.set(adapter)
    try:
        # As the gateway does on INTERACTION_CREATE: build the Interaction from the payload and hand
        # it to the tree (`_call` is what the tree's own dispatch task awaits).
        interaction: discord.Interaction[RaceBot] = discord.Interaction(
            data=payload,  # type: ignore[arg-type]
            state=bot._connection,
        )
        await bot.tree._call(interaction)
        answer_id = interaction.extras.get(PAGED_ANSWER)
        if isinstance(answer_id, int):
            await _turn_every_page(bot, answer_id, adapter)
    finally:
        async_context.reset(token)
    return ConsoleReply(adapter.messages(), bool(interaction.extras.get(ERROR_REPLY)))


async def _turn_every_page(bot: RaceBot, answer_id: int, adapter: CapturingAdapter) -> None:
    """Press ▶ to the last page, as a reader would, so each page's message is recorded like any reply."""
    answer = bot.pages.get(answer_id)
    try:
        for index in range(1, 0 if answer is None else answer.count):
            shown = adapter.messages()[-1]
            [custom_id] = [
                button["custom_id"]
                for row in shown.get("components", ())
                for button in row["components"]
                if button.get("label") == NEXT
            ]
            press: discord.Interaction[RaceBot] = discord.Interaction(
                data=press_payload(custom_id, shown),  # type: ignore[arg-type]
                state=bot._connection,
            )
            await turn_page(press, answer_id, index)
    finally:
        # No buttons to take off later: the console has no message to edit after it returns.
        bot.pages.close(answer_id)

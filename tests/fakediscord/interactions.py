"""INTERACTION_CREATE payloads as Discord sends them, and the `Reply` a test reads back.

The tree looks a command up in its guild table only when `data.guild_id` is present, so that key is
set exactly when the command was registered for a guild. Tokens are alphanumeric because discord.py
quotes them with `safe=''` into the callback URL.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .models import FakeChannel, FakeGuild, FakeMember, FakeRole, World, snowflake
from .recorder import RecordedRequest

APPLICATION_COMMAND = 2
MESSAGE_COMPONENT = 3
AUTOCOMPLETE = 4
EPHEMERAL = 1 << 6
DEFERRED_CHANNEL_MESSAGE = 5
BUTTON = 2

OptionValues = Mapping[str, Any] | Sequence[dict[str, Any]]


def command_options(options: OptionValues | None, *, focused: str | None = None) -> list[dict[str, Any]]:
    """Options from `{name: value}` (type inferred) or passed through as raw option dicts."""
    if options is None:
        return []
    if not isinstance(options, Mapping):
        return [dict(option) for option in options]
    result = []
    for name, value in options.items():
        option: dict[str, Any] = {"name": name, "type": _option_type(value), "value": _option_value(value)}
        if name == focused:
            option["focused"] = True
        result.append(option)
    return result


def resolved_data(
    options: OptionValues | None, guild: FakeGuild, member: FakeMember
) -> dict[str, Any] | None:
    """`data.resolved` for the channel and role options in `{name: value}` options, as Discord sends it:
    a partial channel (with the invoking member's permissions) and the full role."""
    if options is None or not isinstance(options, Mapping):
        return None
    channels = [value for value in options.values() if isinstance(value, FakeChannel)]
    roles = [value for value in options.values() if isinstance(value, FakeRole)]
    resolved: dict[str, Any] = {}
    if channels:
        permissions = str(member.permissions(guild))
        resolved["channels"] = {
            str(channel.id): {
                "id": str(channel.id),
                "name": channel.name,
                "type": channel.type,
                "permissions": permissions,
                "parent_id": None,
                "flags": 0,
            }
            for channel in channels
        }
    if roles:
        resolved["roles"] = {str(role.id): role.to_dict() for role in roles}
    return resolved or None


def command_data(
    name: str, options: list[dict[str, Any]], *, command_id: int, guild_id: int | None
) -> dict[str, Any]:
    """`data` for a slash command; "group sub" style names nest as subcommand options."""
    top, *subcommands = name.split()
    for depth, sub in reversed(list(enumerate(subcommands))):
        is_innermost = depth == len(subcommands) - 1
        options = [{"type": 1 if is_innermost else 2, "name": sub, "options": options}]
    data: dict[str, Any] = {"id": str(command_id), "name": top, "type": 1, "options": options}
    if guild_id is not None:
        data["guild_id"] = str(guild_id)
    return data


def component_data(
    custom_id: str, component_type: int = BUTTON, values: list[str] | None = None
) -> dict[str, Any]:
    data: dict[str, Any] = {"custom_id": custom_id, "component_type": component_type}
    if values is not None:
        data["values"] = values
    return data


def interaction_payload(
    world: World,
    *,
    interaction_type: int,
    data: dict[str, Any],
    member: FakeMember,
    guild: FakeGuild,
    channel: FakeChannel,
    message: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The `d` of an INTERACTION_CREATE; `attachment_size_limit` is required by discord.py."""
    payload: dict[str, Any] = {
        "id": str(snowflake()),
        "application_id": str(world.application_id),
        "type": interaction_type,
        "token": uuid.uuid4().hex,
        "version": 1,
        "attachment_size_limit": 10 * 1024 * 1024,
        "data": data,
        "guild_id": str(guild.id),
        "channel_id": str(channel.id),
        "channel": channel.to_dict(guild.id),
        "member": {**member.to_dict(), "permissions": str(member.permissions(guild))},
        "app_permissions": str(guild.everyone.permissions),
        "locale": "en-US",
        "guild_locale": "en-US",
        "entitlements": [],
        "authorizing_integration_owners": {"0": str(guild.id)},
        "context": 0,
    }
    if message is not None:
        payload["message"] = message
    return payload


@dataclass
class Reply:
    """How the bot answered one interaction: the callback, plus what followed a deferral."""

    callback: RecordedRequest
    followups: list[RecordedRequest] = field(default_factory=list)

    @property
    def type(self) -> int:
        """The callback type: 4 message, 5 deferred, 6/7 component, 8 autocomplete, 9 modal."""
        return int(self.callback.json["type"])

    @property
    def data(self) -> dict[str, Any]:
        """The message the user sees: the callback's data, or after a deferral the first follow-up."""
        if self.type == DEFERRED_CHANNEL_MESSAGE and self.followups:
            return dict(self.followups[0].json or {})
        return dict(self.callback.json.get("data") or {})

    @property
    def content(self) -> str | None:
        return self.data.get("content")

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return list(self.data.get("embeds") or [])

    @property
    def ephemeral(self) -> bool:
        """Set by the response's flags, or for a deferral by the flags of `defer(ephemeral=True)`."""
        deferred_flags = (self.callback.json.get("data") or {}).get("flags") or 0
        return bool(((self.data.get("flags") or 0) | deferred_flags) & EPHEMERAL)

    @property
    def choices(self) -> list[dict[str, Any]]:
        return list(self.data.get("choices") or [])


def _option_type(value: Any) -> int:
    if isinstance(value, FakeChannel):
        return 7
    if isinstance(value, FakeRole):
        return 8
    if isinstance(value, bool):
        return 5
    if isinstance(value, int):
        return 4
    if isinstance(value, float):
        return 10
    return 3


def _option_value(value: Any) -> Any:
    """A channel or role option's value is its id, as a string."""
    return str(value.id) if isinstance(value, FakeChannel | FakeRole) else value

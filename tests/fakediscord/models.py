"""The fake's world: users, guilds, channels, roles, members and messages as Discord sends them."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

DISCORD_EPOCH_MS = 1_420_070_400_000
ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
SEND_MESSAGES_IN_THREADS = 1 << 38
# Discord's default @everyone permissions for a new guild: view, send, read history, embed, etc.
EVERYONE_PERMISSIONS = 1_071_698_660_929
_counter = itertools.count()


def snowflake() -> int:
    """A real-looking, unique id, so `created_at` and message-age logic in discord.py stay sane."""
    ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
    return (ms << 22) | (next(_counter) & 0x3FFFFF)


def iso_now() -> str:
    return datetime.now(UTC).isoformat()


@dataclass
class FakeUser:
    id: int
    username: str
    bot: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.username,
            "global_name": self.username,
            "discriminator": "0",
            "avatar": None,
            "bot": self.bot,
            "flags": 0,
            "public_flags": 0,
        }


@dataclass
class FakeRole:
    id: int
    name: str
    permissions: int
    position: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "permissions": str(self.permissions),
            "position": self.position,
            "color": 0,
            "hoist": False,
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }


@dataclass
class FakeMember:
    user: FakeUser
    roles: list[FakeRole] = field(default_factory=list)

    def permissions(self, guild: FakeGuild) -> int:
        """Guild-level permissions as Discord computes them for `member.permissions`."""
        value = guild.everyone.permissions
        for role in self.roles:
            value |= role.permissions
        return value

    def to_dict(self) -> dict[str, Any]:
        return {
            "user": self.user.to_dict(),
            "roles": [str(role.id) for role in self.roles],
            "nick": None,
            "joined_at": iso_now(),
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
        }


@dataclass
class FakeChannel:
    id: int
    name: str
    type: int = 0
    position: int = 0
    # Discord's overwrite objects: {"id", "type" (0 role, 1 member), "allow", "deny"} (bitsets as strings).
    permission_overwrites: list[dict[str, Any]] = field(default_factory=list)

    def deny(self, target: FakeRole | FakeMember, permissions: int) -> None:
        """Add an overwrite denying `permissions` to a role or a member in this channel."""
        is_member = isinstance(target, FakeMember)
        target_id = target.user.id if isinstance(target, FakeMember) else target.id
        overwrite = {"id": str(target_id), "type": int(is_member), "allow": "0", "deny": str(permissions)}
        self.permission_overwrites.append(overwrite)

    def to_dict(self, guild_id: int) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "type": self.type,
            "name": self.name,
            "position": self.position,
            "permission_overwrites": list(self.permission_overwrites),
            "guild_id": str(guild_id),
            "nsfw": False,
            "parent_id": None,
        }


@dataclass
class FakeGuild:
    """A guild with an @everyone role (id = guild id), an Admin role and one text channel."""

    id: int
    name: str
    channels: list[FakeChannel]
    roles: list[FakeRole]
    members: list[FakeMember]

    @property
    def everyone(self) -> FakeRole:
        return next(role for role in self.roles if role.id == self.id)

    @property
    def channel(self) -> FakeChannel:
        """The first channel: where interactions come from unless a test says otherwise."""
        return self.channels[0]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "unavailable": False,
            "large": False,
            "member_count": len(self.members),
            "owner_id": str(self.members[0].user.id),
            "features": [],
            "channels": [channel.to_dict(self.id) for channel in self.channels],
            "roles": [role.to_dict() for role in self.roles],
            "members": [member.to_dict() for member in self.members],
            "emojis": [],
            "stickers": [],
            "threads": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "voice_states": [],
            "presences": [],
        }


@dataclass
class World:
    """Everything the fake serves: the bot, its application, guilds and two ready-made people."""

    bot_user: FakeUser
    application_id: int
    guilds: list[FakeGuild]
    admin: FakeMember
    member: FakeMember

    @property
    def guild(self) -> FakeGuild:
        return self.guilds[0]

    @classmethod
    def default(cls) -> World:
        bot_user = FakeUser(snowflake(), "racebot-test", bot=True)
        guild_id = snowflake()
        admin_role = FakeRole(snowflake(), "Admin", ADMINISTRATOR, position=1)
        admin = FakeMember(FakeUser(snowflake(), "admin-alice"), [admin_role])
        member = FakeMember(FakeUser(snowflake(), "member-bob"))
        guild = FakeGuild(
            id=guild_id,
            name="Fake Speedway",
            channels=[
                FakeChannel(snowflake(), "general"),
                FakeChannel(snowflake(), "announcements", position=1),
            ],
            roles=[FakeRole(guild_id, "@everyone", EVERYONE_PERMISSIONS), admin_role],
            members=[admin, member, FakeMember(bot_user)],
        )
        return cls(bot_user, snowflake(), [guild], admin, member)

    def application(self) -> dict[str, Any]:
        return {
            "id": str(self.application_id),
            "name": self.bot_user.username,
            "description": "",
            "icon": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "owner": self.admin.user.to_dict(),
            "verify_key": "0" * 64,
            "flags": 0,
            "interactions_endpoint_url": None,
        }


def message_object(
    channel_id: int | str, author: dict[str, Any], body: dict[str, Any], **extra: Any
) -> dict[str, Any]:
    """A full message as Discord returns it, built from a create-message body."""
    return {
        "id": str(snowflake()),
        "type": 0,
        "channel_id": str(channel_id),
        "author": author,
        "content": body.get("content") or "",
        "timestamp": iso_now(),
        "edited_timestamp": None,
        "tts": bool(body.get("tts")),
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        # Uploads, as the server made them (`uploads.with_attachment_objects`).
        "attachments": [entry for entry in body.get("attachments") or [] if "url" in entry],
        "embeds": body.get("embeds") or [],
        "components": body.get("components") or [],
        "pinned": False,
        "flags": body.get("flags") or 0,
        "nonce": body.get("nonce"),
        **extra,
    }


def edit_message(message: dict[str, Any], body: dict[str, Any]) -> None:
    """Apply a PATCH body in place: keys that were sent change, and null clears them."""
    for key, empty in (("content", ""), ("embeds", []), ("components", []), ("flags", 0)):
        if key in body:
            message[key] = empty if body[key] is None else body[key]
    if "attachments" in body:
        # New uploads come as full objects; an entry naming a kept attachment by id keeps it.
        kept = {str(entry["id"]): entry for entry in message.get("attachments") or []}
        message["attachments"] = [
            entry if "url" in entry else kept[str(entry.get("id"))]
            for entry in body["attachments"] or []
            if "url" in entry or str(entry.get("id")) in kept
        ]
    message["edited_timestamp"] = iso_now()

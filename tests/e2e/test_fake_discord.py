"""The fake Discord drives a real discord.py bot: login, commands, reconnects, rate limits, spec checks."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import discord
import pytest
from discord import app_commands
from discord.ext import commands, tasks

from tests.fakediscord.clock import FakeClock
from tests.fakediscord.faults import CannedResponse, rate_limited, server_error
from tests.fakediscord.fixtures import TEST_BOT_OPTIONS, InstantIdentify, start_bot
from tests.fakediscord.server import FakeDiscord
from tests.fakediscord.spec import SPEC_PATH, validate_request

FRUITS = ["Apple", "Apricot", "Banana", "Grape"]


@app_commands.command(description="Answers pong.")
async def ping(interaction: discord.Interaction) -> None:
    await interaction.response.send_message("pong")


@app_commands.command(description="Answers only to you.")
async def secret(interaction: discord.Interaction) -> None:
    await interaction.response.send_message("shh", ephemeral=True)


@app_commands.command(description="Shows a card.")
async def card(interaction: discord.Interaction) -> None:
    embed = discord.Embed(title="Daytona 500", description="Winner", color=0xFFCC00)
    embed.add_field(name="Driver", value="Someone Fast").set_footer(text="fake data")
    await interaction.response.send_message(embed=embed)


@app_commands.command(description="Thinks first.")
async def slow(interaction: discord.Interaction) -> None:
    await interaction.response.defer(ephemeral=True)
    await interaction.followup.send("done thinking")


@app_commands.command(description="Picks a fruit.")
async def fruit(interaction: discord.Interaction, name: str) -> None:
    await interaction.response.send_message(f"you picked {name}")


@fruit.autocomplete("name")
async def fruit_names(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=f, value=f) for f in FRUITS if current.lower() in f.lower()]


@app_commands.command(description="Says whether you are an admin.")
async def whoami(interaction: discord.Interaction) -> None:
    is_admin = interaction.permissions.administrator
    await interaction.response.send_message("admin" if is_admin else "member")


@app_commands.command(description="Counts down by editing its answer.")
async def countdown(interaction: discord.Interaction) -> None:
    await interaction.response.send_message("3")
    await interaction.edit_original_response(content="go")


@app_commands.command(description="Only registered in the test guild.")
async def track(interaction: discord.Interaction) -> None:
    await interaction.response.send_message("Talladega")


COMMANDS: list[app_commands.Command[Any, ..., Any]] = [ping, secret, card, slow, fruit, whoami, countdown]


class VoteView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="Yes", custom_id="vote:yes")
    async def yes(self, interaction: discord.Interaction, _button: discord.ui.Button[VoteView]) -> None:
        await interaction.response.send_message("counted", ephemeral=True)


class MiniBot(InstantIdentify, commands.Bot):
    """A tiny bot with one of each kind of command and an announcement loop."""

    def __init__(self, guild_id: int, announce_channel_id: int | None = None) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned, intents=discord.Intents.default(), **TEST_BOT_OPTIONS
        )
        self.guild_id = guild_id
        self.announce_channel_id = announce_channel_id

    async def setup_hook(self) -> None:
        for command in COMMANDS:
            self.tree.add_command(command)
        self.tree.add_command(track, guild=discord.Object(self.guild_id))
        self.add_view(VoteView())
        if self.announce_channel_id is not None:
            self.announce.start()

    async def close(self) -> None:
        self.announce.cancel()
        await super().close()

    @tasks.loop(hours=1)
    async def announce(self) -> None:
        channel = self.get_channel(self.announce_channel_id or 0)
        assert isinstance(channel, discord.TextChannel)
        await channel.send("Green flag!")

    @announce.before_loop
    async def before_announce(self) -> None:
        await self.wait_until_ready()


RETRY_AFTER = 0.1


@pytest.fixture
async def bot(fake_discord: FakeDiscord) -> AsyncIterator[MiniBot]:
    async with start_bot(fake_discord, MiniBot(fake_discord.world.guild.id)) as running:
        yield running


def text_channel(bot: MiniBot, fake: FakeDiscord, index: int = 0) -> discord.TextChannel:
    channel = bot.get_channel(fake.world.guild.channels[index].id)
    assert isinstance(channel, discord.TextChannel)
    return channel


class LogSeen(logging.Handler):
    """Sets an event when a log line contains `text`: a way to await what discord.py just did."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.seen = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        if self.text in record.getMessage():
            self.seen.set()


async def test_login_reaches_ready_with_the_fake_guild(bot: MiniBot, fake_discord: FakeDiscord) -> None:
    """The bot logs in with its token and caches the guild from GUILD_CREATE."""
    login = await fake_discord.wait_for(lambda r: r.path == "/users/@me")
    assert login.headers["Authorization"] == "Bot test-token"
    assert bot.user is not None and bot.user.id == fake_discord.world.bot_user.id
    guild = bot.get_guild(fake_discord.world.guild.id)
    assert guild is not None and guild.default_role.id == guild.id


async def test_command_sync_payload_is_valid_and_echoed(bot: MiniBot, fake_discord: FakeDiscord) -> None:
    """Global and guild syncs pass the spec and come back with ids."""
    synced = await bot.tree.sync()
    guild_synced = await bot.tree.sync(guild=discord.Object(fake_discord.world.guild.id))
    assert {c.name for c in synced} == {c.name for c in COMMANDS}
    assert [c.name for c in guild_synced] == ["track"]
    puts = fake_discord.requests.matching(lambda r: r.method == "PUT")
    assert [r.status for r in puts] == [200, 200] and not fake_discord.violations
    assert all(c.id and c.application_id == fake_discord.world.application_id for c in synced)


async def test_slash_command_gets_a_message_reply(bot: MiniBot, fake_discord: FakeDiscord) -> None:
    """/ping answers with a type 4 message."""
    reply = await fake_discord.send_command("ping")
    assert (reply.type, reply.content, reply.ephemeral) == (4, "pong", False)


async def test_ephemeral_reply_sets_flag_64(bot: MiniBot, fake_discord: FakeDiscord) -> None:
    """An ephemeral response carries flags 64."""
    reply = await fake_discord.send_command("secret")
    assert reply.ephemeral and reply.data["flags"] & 64


async def test_embed_reply_carries_the_embed(bot: MiniBot, fake_discord: FakeDiscord) -> None:
    """An embed response arrives as Discord's embed dict."""
    reply = await fake_discord.send_command("card")
    [embed] = reply.embeds
    assert (embed["title"], embed["fields"][0]["value"]) == ("Daytona 500", "Someone Fast")


async def test_deferred_command_answers_with_a_followup(bot: MiniBot, fake_discord: FakeDiscord) -> None:
    """defer(ephemeral=True) sends type 5, then the follow-up holds the content."""
    reply = await fake_discord.send_command("slow")
    assert (reply.type, reply.content, reply.ephemeral) == (5, "done thinking", True)


async def test_original_response_is_edited(bot: MiniBot, fake_discord: FakeDiscord) -> None:
    """edit_original_response PATCHes @original, and the fake keeps the edited message."""
    reply = await fake_discord.send_command("countdown")
    token = reply.callback.path.split("/")[3]
    edit = await fake_discord.wait_for(lambda r: r.method == "PATCH" and r.path.endswith("/@original"))
    assert (reply.content, edit.json["content"]) == ("3", "go")
    original = fake_discord.rest.interactions[token].original
    assert original is not None and original["content"] == "go"


async def test_autocomplete_returns_matching_choices(bot: MiniBot, fake_discord: FakeDiscord) -> None:
    """Typing "ap" offers the fruits containing it."""
    reply = await fake_discord.send_autocomplete("fruit", {"name": "ap"}, focused="name")
    assert reply.type == 8
    assert [c["value"] for c in reply.choices] == ["Apple", "Apricot", "Grape"]


@pytest.mark.parametrize(("who", "expected"), [("admin", "admin"), ("member", "member")])
async def test_member_permissions_reach_the_command(
    bot: MiniBot, fake_discord: FakeDiscord, who: str, expected: str
) -> None:
    """The invoking member's permissions come from their roles."""
    member = fake_discord.world.admin if who == "admin" else fake_discord.world.member
    reply = await fake_discord.send_command("whoami", member=member)
    assert reply.content == expected


async def test_guild_command_is_found_after_guild_sync(bot: MiniBot, fake_discord: FakeDiscord) -> None:
    """A guild-registered command is sent with data.guild_id and answered."""
    await bot.tree.sync(guild=discord.Object(fake_discord.world.guild.id))
    reply = await fake_discord.send_command("track")
    assert reply.content == "Talladega"


async def test_button_click_is_answered(bot: MiniBot, fake_discord: FakeDiscord) -> None:
    """A component interaction reaches the persistent view."""
    reply = await fake_discord.click("vote:yes")
    assert (reply.content, reply.ephemeral) == ("counted", True)


async def test_task_loop_posts_to_the_channel(fake_discord: FakeDiscord) -> None:
    """The announcement loop's first run posts once the bot is ready."""
    channel = fake_discord.world.guild.channels[1]
    async with start_bot(fake_discord, MiniBot(fake_discord.world.guild.id, channel.id)):
        post = await fake_discord.wait_for(lambda r: r.path == f"/channels/{channel.id}/messages")
    assert post.json["content"] == "Green flag!"
    assert [m["content"] for m in fake_discord.channel_messages(channel)] == ["Green flag!"]


async def test_auto_sharded_bot_logs_in_and_answers(fake_discord: FakeDiscord) -> None:
    """An AutoShardedBot asks GET /gateway/bot, gets READY with its shard, and answers."""

    class ShardedBot(InstantIdentify, commands.AutoShardedBot):
        async def setup_hook(self) -> None:
            self.tree.add_command(ping)

    sharded = ShardedBot(command_prefix="!", intents=discord.Intents.default(), **TEST_BOT_OPTIONS)
    async with start_bot(fake_discord, sharded):
        identify = await fake_discord.wait_for_frame(2)
        assert identify.d["shard"] == [0, 1]
        assert (await fake_discord.send_command("ping")).content == "pong"


@pytest.mark.parametrize("abrupt", [False, True], ids=["close-4000", "tcp-cut"])
async def test_command_sent_while_gateway_down_is_answered_after_resume(
    bot: MiniBot, fake_discord: FakeDiscord, abrupt: bool
) -> None:
    """An interaction buffered during an outage is replayed on RESUME and answered."""
    payload = fake_discord.command_payload("ping")
    async with fake_discord.gateway.outage(abrupt=abrupt):
        assert not fake_discord.gateway.connected
        await fake_discord.dispatch_interaction(payload)
    reply = await fake_discord.reply_to(payload)
    resume = await fake_discord.wait_for_frame(6)
    assert reply.content == "pong" and reply.callback.at > resume.at
    assert resume.endpoint == "/resume" and len(fake_discord.frames.matching(lambda f: f.op == 2)) == 1


async def test_op7_reconnect_resumes_the_session(bot: MiniBot, fake_discord: FakeDiscord) -> None:
    """After op 7 the client RESUMEs (no new IDENTIFY) and keeps answering."""
    await fake_discord.gateway.reconnect()
    resume = await fake_discord.wait_for_frame(6)
    assert resume.endpoint == "/resume"
    assert (await fake_discord.send_command("ping")).content == "pong"
    assert len(fake_discord.frames.matching(lambda f: f.op == 2)) == 1


async def test_op9_resumable_resumes(bot: MiniBot, fake_discord: FakeDiscord) -> None:
    """op 9 with d=true makes the client RESUME."""
    await fake_discord.gateway.invalidate(resumable=True)
    await fake_discord.wait_for_frame(6)
    assert (await fake_discord.send_command("ping")).content == "pong"


async def test_op9_not_resumable_identifies_again(bot: MiniBot, fake_discord: FakeDiscord) -> None:
    """op 9 with d=false makes the client IDENTIFY again on the default gateway; ready fires again."""
    ready_again = bot.wait_for("ready", timeout=5)
    await fake_discord.gateway.invalidate(resumable=False)
    await ready_again
    second = await fake_discord.wait_for_frame(2, nth=2)
    assert second.endpoint == "/gateway"
    assert (await fake_discord.send_command("ping")).content == "pong"


async def test_rate_limited_callback_is_retried(bot: MiniBot, fake_discord: FakeDiscord) -> None:
    """A 429 with retry_after on the callback is waited out, then the answer goes through."""
    fake_discord.plan(r"/interactions/\d+/\w+/callback", [rate_limited(RETRY_AFTER)], method="POST")
    reply = await fake_discord.send_command("ping")
    limited, answered = fake_discord.requests.matching(lambda r: r.path.endswith("/callback"))
    assert (limited.status, answered.status, reply.content) == (429, 200, "pong")
    assert answered.at - limited.at >= RETRY_AFTER * 0.99


async def test_global_rate_limit_holds_other_routes(bot: MiniBot, fake_discord: FakeDiscord) -> None:
    """A global 429 holds a request on another route until retry_after has passed."""
    first, second = text_channel(bot, fake_discord, 0), text_channel(bot, fake_discord, 1)
    fake_discord.plan(rf"/channels/{first.id}/messages", [rate_limited(RETRY_AFTER, is_global=True)])
    hit = LogSeen("Global rate limit has been hit")
    logging.getLogger("discord.http").addHandler(hit)
    try:
        sending = asyncio.create_task(first.send("one"))
        await asyncio.wait_for(hit.seen.wait(), 5)
        await second.send("two")
        await sending
    finally:
        logging.getLogger("discord.http").removeHandler(hit)
    limited = await fake_discord.wait_for(lambda r: r.status == 429)
    held = await fake_discord.wait_for(lambda r: r.path == f"/channels/{second.id}/messages")
    assert held.at - limited.at >= RETRY_AFTER * 0.99


async def test_server_error_on_channel_send_is_retried(bot: MiniBot, fake_discord: FakeDiscord) -> None:
    """A 500 then a 200 on a channel send stores one message (discord.py waits 1 s to retry)."""
    channel = text_channel(bot, fake_discord)
    fake_discord.plan(rf"/channels/{channel.id}/messages", [server_error(500)])
    message = await channel.send("after a hiccup")
    statuses = [r.status for r in fake_discord.requests.matching(lambda r: r.path.endswith("/messages"))]
    assert statuses == [500, 200] and message.content == "after a hiccup"
    assert len(fake_discord.channel_messages(channel.id)) == 1


async def test_channel_message_edit_is_stored(bot: MiniBot, fake_discord: FakeDiscord) -> None:
    """Editing a sent message PATCHes it and the fake keeps the new content."""
    channel = text_channel(bot, fake_discord)
    message = await channel.send("lap 1")
    edited = await message.edit(content="lap 2")
    assert edited.content == "lap 2"
    assert [m["content"] for m in fake_discord.channel_messages(channel.id)] == ["lap 2"]


async def test_repeated_nonce_returns_the_first_message(bot: MiniBot, fake_discord: FakeDiscord) -> None:
    """Two sends with the same nonce and enforce_nonce store one message."""
    channel = text_channel(bot, fake_discord)
    nonce = 2**63 + 7  # beyond int64, like half of discord.py's random nonces
    first = await channel.send("once", nonce=nonce)
    again = await channel.send("once", nonce=nonce)
    assert first.id == again.id and len(fake_discord.channel_messages(channel.id)) == 1


def test_shipped_spec_is_the_shared_one(shared_data: Path) -> None:
    """The spec shipped under tests/ is byte for byte the one in ../shared/data."""
    shared = shared_data / "discord-api-spec"
    assert SPEC_PATH.read_bytes() == (shared / "openapi.json").read_bytes()
    assert (SPEC_PATH.parent / "LICENSE").read_bytes() == (shared / "LICENSE").read_bytes()


def test_validator_reports_an_overlong_embed_title_by_json_path() -> None:
    """A 300-character embed title in a callback is reported at its JSON path."""
    body = {"type": 4, "data": {"content": "x", "embeds": [{"title": "t" * 300}]}}
    [violation] = validate_request("POST", "/interactions/1/abc/callback", body)
    assert violation.json_path == "$.data.embeds[0].title" and "too long" in violation.message


def test_validator_reports_too_many_embed_fields() -> None:
    """26 embed fields in a channel message break the 25-field limit."""
    fields = [{"name": str(i), "value": "v"} for i in range(26)]
    [violation] = validate_request("POST", "/channels/1/messages", {"embeds": [{"fields": fields}]})
    assert violation.json_path == "$.embeds[0].fields"


async def test_invalid_embed_from_the_bot_is_rejected_and_recorded(
    bot: MiniBot, fake_discord: FakeDiscord
) -> None:
    """The fake answers an invalid body with 50035 and records the violation."""
    with pytest.raises(discord.HTTPException) as raised:
        await text_channel(bot, fake_discord).send(embed=discord.Embed(title="t" * 300))
    assert raised.value.code == 50035
    assert [v.json_path for v in fake_discord.violations] == ["$.embeds[0].title"]
    fake_discord.violations.clear()  # seen on purpose; the fixture would fail the test otherwise


async def test_start_bot_surfaces_a_failed_login(fake_discord: FakeDiscord) -> None:
    """A 401 on login raises LoginFailure from start_bot instead of hanging."""
    fake_discord.plan("/users/@me", [CannedResponse(401, {"message": "401: Unauthorized", "code": 0})])
    with pytest.raises(discord.LoginFailure):
        async with start_bot(fake_discord, MiniBot(fake_discord.world.guild.id)):
            pass


def test_fake_clock_moves_only_when_advanced(fake_clock: FakeClock) -> None:
    """The fake clock stands still until advanced."""
    start = fake_clock.now()
    assert fake_clock.now() == start
    assert (fake_clock.advance(90) - start).total_seconds() == 90

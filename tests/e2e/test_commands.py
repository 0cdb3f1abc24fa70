"""Every racebot command through the real discord.py client and a fake Discord."""

from __future__ import annotations

from bot.client import RaceBot
from tests.fakediscord.server import FakeDiscord


async def test_commands_are_synced_to_the_dev_guild(racebot: RaceBot, fake_discord: FakeDiscord) -> None:
    """Start-up syncs to DEV_GUILD_ID only, with autocomplete on every name option."""
    sync = await fake_discord.wait_for(lambda r: r.method == "PUT" and r.path.endswith("/commands"))
    assert f"/guilds/{fake_discord.world.guild.id}/" in sync.path
    commands = {c["name"]: c for c in sync.json}
    assert {"pole", "driver", "ping"} <= set(commands)
    for command in commands.values():
        for option in command.get("options", []):
            if option["type"] == 3 and "choices" not in option:  # Discord allows one or the other
                assert option.get("autocomplete") is True, (command["name"], option["name"])


async def test_pole_homestead(racebot: RaceBot, fake_discord: FakeDiscord) -> None:
    """/pole homestead answers with Heim's pole embed, publicly."""
    reply = await fake_discord.send_command("pole", {"track": "homestead"})
    assert not reply.ephemeral
    embed = reply.embeds[0]
    assert embed["title"] == "Corey Heim on pole — Baptist Health 200"
    assert any("Tanner Gray" in f["value"] for f in embed["fields"])


async def test_pole_of_a_race_named(racebot: RaceBot, fake_discord: FakeDiscord) -> None:
    """/pole race:<race name> answers for that race; neither a track nor a race gets an ephemeral hint."""
    reply = await fake_discord.send_command("pole", {"race": "baptist health 200"})
    assert not reply.ephemeral
    assert reply.embeds[0]["title"] == "Corey Heim on pole — Baptist Health 200"
    bare = await fake_discord.send_command("pole", {})
    assert bare.ephemeral
    assert "Name a track (e.g. track:homestead) or a race" in (bare.content or "")


async def test_pole_unknown_track_is_ephemeral(racebot: RaceBot, fake_discord: FakeDiscord) -> None:
    """A track that matches nothing gets an ephemeral error naming the query."""
    reply = await fake_discord.send_command("pole", {"track": "silverstone"})
    assert reply.ephemeral
    assert "No track matches 'silverstone'" in (reply.content or "")


async def test_pole_no_data_for_year(racebot: RaceBot, fake_discord: FakeDiscord) -> None:
    """A valid track without a pole in that season says so."""
    reply = await fake_discord.send_command("pole", {"track": "homestead", "year": 1999})
    assert reply.ephemeral
    assert "No 1999 pole at Homestead-Miami Speedway" in (reply.content or "")


async def test_pole_track_autocomplete(racebot: RaceBot, fake_discord: FakeDiscord) -> None:
    """Autocomplete on the track option offers Homestead for 'home'."""
    reply = await fake_discord.send_autocomplete("pole", {"track": "home"}, focused="track")
    assert reply.type == 8
    assert "Homestead-Miami Speedway" in [c["name"] for c in reply.choices]


async def test_driver_larson(racebot: RaceBot, fake_discord: FakeDiscord) -> None:
    """/driver kyle larson shows his sample entry in the No. 07."""
    reply = await fake_discord.send_command("driver", {"name": "kyle larson"})
    embed = reply.embeds[0]
    assert embed["title"] == "Kyle Larson"
    assert any("#07 Spire Motorsports" in f["value"] for f in embed["fields"])


async def test_driver_unknown_is_ephemeral(racebot: RaceBot, fake_discord: FakeDiscord) -> None:
    """A driver name that matches nothing gets an ephemeral 'no driver matches'."""
    reply = await fake_discord.send_command("driver", {"name": "asdfghjkl"})
    assert reply.ephemeral
    assert "No driver matches 'asdfghjkl'" in (reply.content or "")


async def test_driver_name_autocomplete(racebot: RaceBot, fake_discord: FakeDiscord) -> None:
    """Autocomplete on the name option offers drivers from the store."""
    reply = await fake_discord.send_autocomplete("driver", {"name": "lars"}, focused="name")
    assert "Kyle Larson" in [c["name"] for c in reply.choices]
    assert len(reply.choices) <= 25


async def test_series_autocomplete(racebot: RaceBot, fake_discord: FakeDiscord) -> None:
    """The series option completes from the series' names."""
    reply = await fake_discord.send_autocomplete(
        "driver", {"name": "larson", "series": "tru"}, focused="series"
    )
    assert [c["name"] for c in reply.choices] == ["NASCAR Craftsman Truck Series"]


async def test_command_during_outage_is_answered_after_resume(
    racebot: RaceBot, fake_discord: FakeDiscord
) -> None:
    """A /pole sent while the gateway is down is answered once the bot resumes."""
    async with fake_discord.gateway.outage():
        pending = fake_discord.command_payload("pole", {"track": "homestead"})
        await fake_discord.dispatch_interaction(pending)
    reply = await fake_discord.reply_to(pending)
    assert reply.embeds[0]["title"].startswith("Corey Heim")


async def test_rate_limited_callback_is_retried(racebot: RaceBot, fake_discord: FakeDiscord) -> None:
    """A 429 on the interaction callback is retried after retry_after."""
    from tests.fakediscord.faults import rate_limited

    fake_discord.plan(r"/interactions/\d+/[^/]+/callback", [rate_limited(0.05)], method="POST")
    reply = await fake_discord.send_command("pole", {"track": "homestead"})
    assert reply.embeds[0]["title"].startswith("Corey Heim")


async def test_ping(racebot: RaceBot, fake_discord: FakeDiscord) -> None:
    """/ping answers privately without touching the store."""
    reply = await fake_discord.send_command("ping")
    assert reply.ephemeral and reply.content == "Pong."


async def test_import_by_another_process_is_picked_up(
    racebot: RaceBot, fake_discord: FakeDiscord, store_url, tmp_path
) -> None:
    """An import into the same store (as `racebot import history` would do) refreshes names and answers."""
    from db.importers.history.importer import import_history
    from db.store import open_store
    from tests.importers.history.files import row, write_csv

    before = await fake_discord.send_command("pole", {"track": "homestead"})
    assert before.embeds[0]["title"].startswith("Corey Heim")
    other = await open_store(store_url)
    rows = [row("William Byron", 1, 18), row("Alex Bowman", 2, 1, Car="48")]
    await import_history(other, [write_csv(tmp_path / "cup_series.csv", rows)])
    await other.close()
    assert await racebot.answers.refresh_if_changed() is True
    after = await fake_discord.send_command("pole", {"track": "daytona"})
    assert after.embeds[0]["title"] == "Alex Bowman on pole — DAYTONA 500"
    gone = await fake_discord.send_command("pole", {"track": "homestead"})
    assert gone.ephemeral

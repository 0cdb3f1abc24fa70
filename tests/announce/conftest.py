"""Announcer tests drive the bot against the fake Discord, as the e2e tests do."""

from __future__ import annotations

from tests.e2e.conftest import store_url
from tests.fakediscord.fixtures import fake_discord

__all__ = ["fake_discord", "store_url"]

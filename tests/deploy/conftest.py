"""The image's entrypoint runs against the fake Discord, as the e2e tests do."""

from __future__ import annotations

from tests.fakediscord.fixtures import fake_discord

__all__ = ["fake_discord"]

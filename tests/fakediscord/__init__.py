"""A fake Discord on loopback that the real, unpatched discord.py client logs in to.

server (FakeDiscord) · gateway (websocket sessions, RESUME, op 7/9) · rest (routes) ·
recorder (awaitable request/frame logs) · faults (429/5xx/403/404 plans, held answers) · ratelimits
(per-channel and global limits) · sessions (shard count, IDENTIFY buckets, daily budget) · spec (OpenAPI checks) ·
interactions (INTERACTION_CREATE payloads, Reply) · models (world, snowflakes) · clock ·
harness (start_bot, pytest-free) · fixtures (pytest fixtures).
"""

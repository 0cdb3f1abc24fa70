"""The fake's REST routes as plain functions of (path parameters, JSON body) -> (status, JSON).

Keeping aiohttp out of here lets the server own recording, fault plans and validation in one
place, while each route only models Discord's state: synced commands, interaction responses,
follow-ups and channel messages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .models import World, edit_message, message_object, snowflake

Answer = tuple[int, Any]
Handler = Callable[[dict[str, str], Any], Answer]

LOADING = 1 << 7
EPHEMERAL = 1 << 6


@dataclass
class InteractionState:
    """What Discord tracks per interaction token."""

    id: str
    channel_id: int
    component_message: dict[str, Any] | None = None
    acknowledged: bool = False
    original: dict[str, Any] | None = None
    followups: list[dict[str, Any]] = field(default_factory=list)


def error(status: int, code: int, message: str) -> Answer:
    return status, {"code": code, "message": message}


class RestState:
    """Discord's side of every REST route the bot uses; `routes` maps them to handlers."""

    def __init__(self, world: World, gateway_url: Callable[[], str]) -> None:
        self.world = world
        self._gateway_url = gateway_url
        self.commands: dict[int | None, list[dict[str, Any]]] = {}  # None = global
        self.messages: dict[int, list[dict[str, Any]]] = {}
        self.interactions: dict[str, InteractionState] = {}
        self._nonces: dict[tuple[int, str], dict[str, Any]] = {}
        self._command_ids: dict[tuple[int | None, str], str] = {}
        self.routes: list[tuple[str, re.Pattern[str], Handler]] = [
            (method, re.compile(_template_regex(template)), handler)
            for method, template, handler in [
                ("GET", "/users/@me", self.current_user),
                ("GET", "/oauth2/applications/@me", self.application),
                ("GET", "/gateway", self.gateway),
                ("GET", "/gateway/bot", self.gateway),
                ("GET", "/applications/{app}/commands", self.list_commands),
                ("GET", "/applications/{app}/guilds/{guild}/commands", self.list_commands),
                ("PUT", "/applications/{app}/commands", self.sync_commands),
                ("PUT", "/applications/{app}/guilds/{guild}/commands", self.sync_commands),
                ("POST", "/interactions/{interaction}/{token}/callback", self.callback),
                ("POST", "/webhooks/{app}/{token}", self.followup),
                ("GET", "/webhooks/{app}/{token}/messages/@original", self.get_original),
                ("PATCH", "/webhooks/{app}/{token}/messages/@original", self.edit_original),
                ("DELETE", "/webhooks/{app}/{token}/messages/@original", self.delete_original),
                ("POST", "/channels/{channel}/messages", self.create_message),
                ("PATCH", "/channels/{channel}/messages/{message}", self.edit_channel_message),
            ]
        ]

    def route(self, method: str, path: str) -> tuple[Handler, dict[str, str]] | None:
        for route_method, pattern, handler in self.routes:
            match = pattern.fullmatch(path)
            if route_method == method and match:
                return handler, match.groupdict()
        return None

    def register_interaction(self, payload: dict[str, Any]) -> None:
        self.interactions[payload["token"]] = InteractionState(
            payload["id"], int(payload["channel_id"]), payload.get("message")
        )

    def channel_messages(self, channel_id: int) -> list[dict[str, Any]]:
        return self.messages.setdefault(channel_id, [])

    # -- login -----------------------------------------------------------------------------

    def current_user(self, _params: dict[str, str], _body: Any) -> Answer:
        return 200, self.world.bot_user.to_dict()

    def application(self, _params: dict[str, str], _body: Any) -> Answer:
        return 200, self.world.application()

    def gateway(self, _params: dict[str, str], _body: Any) -> Answer:
        limit = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
        return 200, {"url": self._gateway_url(), "shards": 1, "session_start_limit": limit}

    # -- application commands --------------------------------------------------------------

    def list_commands(self, params: dict[str, str], _body: Any) -> Answer:
        return 200, self.commands.get(_guild_key(params), [])

    def sync_commands(self, params: dict[str, str], body: Any) -> Answer:
        """Bulk overwrite; a command keeps its id across syncs, as on Discord."""
        scope = _guild_key(params)
        synced = []
        for command in body or []:
            command_id = self._command_ids.setdefault((scope, command["name"]), str(snowflake()))
            echoed = {"type": 1, "version": str(snowflake()), **command}
            echoed.update(id=command_id, application_id=str(self.world.application_id))
            if scope is not None:
                echoed["guild_id"] = str(scope)
            synced.append(echoed)
        self.commands[scope] = synced
        return 200, synced

    def registered_command(self, name: str, guild_id: int) -> tuple[str, int | None] | None:
        """(command id, guild id or None for global) of a synced command, guild scope first."""
        for scope in (guild_id, None):
            for command in self.commands.get(scope, []):
                if command["name"] == name:
                    return command["id"], scope
        return None

    # -- interaction responses ---------------------------------------------------------------

    def callback(self, params: dict[str, str], body: Any) -> Answer:
        state = self.interactions.get(params["token"])
        if state is None or state.id != params["interaction"]:
            return error(404, 10062, "Unknown interaction")
        if state.acknowledged:
            return error(400, 40060, "Interaction has already been acknowledged.")
        state.acknowledged = True
        kind = body["type"]
        data = body.get("data") or {}
        if kind in (1, 8):
            return 204, None
        if kind == 4:
            state.original = self._webhook_message(state, data)
        elif kind == 5:
            flags = LOADING | ((data.get("flags") or 0) & EPHEMERAL)
            state.original = self._webhook_message(state, {"flags": flags})
        elif kind in (6, 7) and state.component_message is not None:
            if kind == 7:
                edit_message(state.component_message, data)
            state.original = state.component_message
        resource: dict[str, Any] = {"type": kind}
        if state.original is not None:
            resource["message"] = state.original
        flags = state.original["flags"] if state.original else 0
        interaction = {
            "id": state.id,
            "type": 2,
            "response_message_id": state.original["id"] if state.original else None,
            "response_message_loading": kind == 5,
            "response_message_ephemeral": bool(flags & EPHEMERAL),
        }
        return 200, {"interaction": interaction, "resource": resource}

    def followup(self, params: dict[str, str], body: Any) -> Answer:
        state = self.interactions.get(params["token"])
        if state is None:
            return error(404, 10015, "Unknown Webhook")
        message = self._webhook_message(state, body or {})
        state.followups.append(message)
        return 200, message

    def get_original(self, params: dict[str, str], _body: Any) -> Answer:
        state = self.interactions.get(params["token"])
        if state is None or state.original is None:
            return error(404, 10008, "Unknown Message")
        return 200, state.original

    def edit_original(self, params: dict[str, str], body: Any) -> Answer:
        state = self.interactions.get(params["token"])
        if state is None or state.original is None:
            return error(404, 10008, "Unknown Message")
        edit_message(state.original, body or {})
        state.original["flags"] &= ~LOADING
        return 200, state.original

    def delete_original(self, params: dict[str, str], _body: Any) -> Answer:
        state = self.interactions.get(params["token"])
        if state is None or state.original is None:
            return error(404, 10008, "Unknown Message")
        state.original = None
        return 204, None

    # -- channel messages --------------------------------------------------------------------

    def create_message(self, params: dict[str, str], body: Any) -> Answer:
        """With `enforce_nonce`, a repeated nonce returns the first message instead of a second."""
        channel_id = int(params["channel"])
        nonce = body.get("nonce") if body.get("enforce_nonce") else None
        key = (channel_id, str(nonce))
        if nonce is not None and key in self._nonces:
            return 200, self._nonces[key]
        message = message_object(channel_id, self.world.bot_user.to_dict(), body)
        self.channel_messages(channel_id).append(message)
        if nonce is not None:
            self._nonces[key] = message
        return 200, message

    def edit_channel_message(self, params: dict[str, str], body: Any) -> Answer:
        for message in self.channel_messages(int(params["channel"])):
            if message["id"] == params["message"]:
                edit_message(message, body or {})
                return 200, message
        return error(404, 10008, "Unknown Message")

    def _webhook_message(self, state: InteractionState, body: dict[str, Any]) -> dict[str, Any]:
        app_id = str(self.world.application_id)
        return message_object(
            state.channel_id,
            self.world.bot_user.to_dict(),
            body,
            webhook_id=app_id,
            application_id=app_id,
        )


def _guild_key(params: dict[str, str]) -> int | None:
    return int(params["guild"]) if "guild" in params else None


def _template_regex(template: str) -> str:
    return re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))

"""The fake's REST routes as plain functions of (path parameters, JSON body) -> (status, JSON).

Keeping aiohttp out of here lets the server own recording, fault plans and validation in one
place, while each route only models Discord's state: synced commands, interaction responses,
follow-ups and channel messages.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .models import World, edit_message, iso_now, message_object, snowflake
from .sessions import SessionLimits

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
    # What the messages it creates say of it (`interaction_metadata`): its id, type and user.
    metadata: dict[str, Any] = field(default_factory=dict)
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
        self._nonces: dict[tuple[int, str], tuple[float, dict[str, Any]]] = {}
        # Discord drops a repeated nonce only "within the past few minutes"; None here means forever,
        # 0 models a resend that comes after the window (a long outage): it posts again.
        self.nonce_window_s: float | None = None
        self.threads: dict[int, dict[str, Any]] = {}  # thread id (its starter message's) -> thread
        self.session_limits: SessionLimits | None = None  # what GET /gateway/bot says, when set
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
                ("PATCH", "/webhooks/{app}/{token}/messages/{message}", self.edit_webhook_message),
                ("POST", "/channels/{channel}/messages", self.create_message),
                ("GET", "/channels/{channel}/messages", self.list_messages),
                ("PATCH", "/channels/{channel}/messages/{message}", self.edit_channel_message),
                ("POST", "/channels/{channel}/messages/{message}/threads", self.start_thread),
            ]
        ]

    def route(self, method: str, path: str) -> tuple[Handler, dict[str, str]] | None:
        for route_method, pattern, handler in self.routes:
            match = pattern.fullmatch(path)
            if route_method == method and match:
                return handler, match.groupdict()
        return None

    def register_interaction(self, payload: dict[str, Any]) -> None:
        user = (payload.get("member") or {}).get("user") or payload.get("user")
        metadata = {
            "id": payload["id"],
            "type": payload["type"],
            "user": user,
            "authorizing_integration_owners": {},
        }
        self.interactions[payload["token"]] = InteractionState(
            payload["id"], int(payload["channel_id"]), payload.get("message"), metadata=metadata
        )

    def channel_messages(self, channel_id: int) -> list[dict[str, Any]]:
        return self.messages.setdefault(channel_id, [])

    # -- login -----------------------------------------------------------------------------

    def current_user(self, _params: dict[str, str], _body: Any) -> Answer:
        return 200, self.world.bot_user.to_dict()

    def application(self, _params: dict[str, str], _body: Any) -> Answer:
        return 200, self.world.application()

    def gateway(self, _params: dict[str, str], _body: Any) -> Answer:
        if self.session_limits is not None:
            return 200, self.session_limits.gateway_bot(self._gateway_url())
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

    def edit_webhook_message(self, params: dict[str, str], body: Any) -> Answer:
        """An interaction's original response or follow-up, edited by its message id."""
        state = self.interactions.get(params["token"])
        sent = [] if state is None else [state.original, *state.followups]
        found = [message for message in sent if message is not None and message["id"] == params["message"]]
        if state is None or not found:
            return error(404, 10008, "Unknown Message")
        edit_message(found[0], body or {})
        return 200, found[0]

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
        now = time.monotonic()
        if nonce is not None and key in self._nonces:
            sent_at, first = self._nonces[key]
            if self.nonce_window_s is None or now - sent_at <= self.nonce_window_s:
                return 200, first
        message = message_object(channel_id, self.world.bot_user.to_dict(), body)
        self.channel_messages(channel_id).append(message)
        if nonce is not None:
            self._nonces[key] = (now, message)
        return 200, message

    def list_messages(self, params: dict[str, str], _body: Any) -> Answer:
        """A channel's messages, newest first (the fake ignores `after`/`before`/`limit`: channels are small)."""
        return 200, list(reversed(self.channel_messages(int(params["channel"]))))

    def edit_channel_message(self, params: dict[str, str], body: Any) -> Answer:
        for message in self.channel_messages(int(params["channel"])):
            if message["id"] == params["message"]:
                edit_message(message, body or {})
                return 200, message
        return error(404, 10008, "Unknown Message")

    def start_thread(self, params: dict[str, str], body: Any) -> Answer:
        """A public thread on a message; its id is the message's, and a message holds one thread at most."""
        channel_id, message_id = int(params["channel"]), int(params["message"])
        if not any(int(m["id"]) == message_id for m in self.channel_messages(channel_id)):
            return error(404, 10008, "Unknown Message")
        if message_id in self.threads:
            return error(400, 160004, "A thread has already been created for this message")
        thread = {
            "id": str(message_id),
            "type": 11,
            "parent_id": str(channel_id),
            "owner_id": str(self.world.bot_user.id),
            "name": body["name"],
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "message_count": 0,
            "member_count": 1,
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": body.get("auto_archive_duration") or 4320,
                "archive_timestamp": iso_now(),
                "locked": False,
            },
        }
        self.threads[message_id] = thread
        return 201, thread

    def _webhook_message(self, state: InteractionState, body: dict[str, Any]) -> dict[str, Any]:
        app_id = str(self.world.application_id)
        return message_object(
            state.channel_id,
            self.world.bot_user.to_dict(),
            body,
            webhook_id=app_id,
            application_id=app_id,
            interaction_metadata=state.metadata,
        )


def _guild_key(params: dict[str, str]) -> int | None:
    return int(params["guild"]) if "guild" in params else None


def _template_regex(template: str) -> str:
    return re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))

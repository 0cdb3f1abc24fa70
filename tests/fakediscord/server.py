"""`FakeDiscord`: Discord's REST API and gateway on 127.0.0.1, for the real, unpatched discord.py.

Free of pytest, so a benchmark can run it in its own process. Every REST request is recorded,
checked against Discord's OpenAPI spec, and may be answered by a fault plan instead of a route.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from typing import Any

import orjson
from aiohttp import web

from .faults import CannedResponse, FaultPlan, FaultPlans, Hold, Holds, RouteMatcher
from .gateway import Gateway
from .interactions import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    BUTTON,
    DEFERRED_CHANNEL_MESSAGE,
    MESSAGE_COMPONENT,
    OptionValues,
    Reply,
    command_data,
    command_options,
    component_data,
    interaction_payload,
    resolved_data,
)
from .models import FakeChannel, FakeGuild, FakeMember, World, message_object, snowflake
from .ratelimits import RateLimits
from .recorder import GatewayFrame, RecordedRequest, Recorder
from .rest import RestState
from .sessions import SessionLimits
from .spec import SpecViolation, validate_request
from .uploads import UploadedFile, read_multipart, upload_violations, with_attachment_objects

log = logging.getLogger(__name__)

API_PREFIX = "/api/v10"
_RECORDED_HEADERS = ("Authorization", "Content-Type", "User-Agent", "X-Audit-Log-Reason")


class FakeDiscord:
    """A loopback Discord: `start()`, point discord.py at `base_url`/`gateway_url`, `close()`."""

    def __init__(
        self,
        world: World | None = None,
        *,
        validate: bool = True,
        heartbeat_interval_ms: int = 41_250,
        host: str = "127.0.0.1",
        port: int = 0,
        timeout: float = 5.0,
    ) -> None:
        self.world = world or World.default()
        self.validate = validate
        self.timeout = timeout  # default deadline for every wait, in seconds
        self.requests: Recorder[RecordedRequest] = Recorder("request")
        self.frames: Recorder[GatewayFrame] = Recorder("gateway frame")
        self.violations: list[SpecViolation] = []
        self.unhandled: list[str] = []
        self.faults = FaultPlans()
        self.holds = Holds()
        # Discord's per-channel and global limits, when a test or benchmark sets them.
        self.rate_limits: RateLimits | None = None
        self.gateway = Gateway(self.world, self.frames, heartbeat_interval_ms)
        self.rest = RestState(self.world, lambda: self.gateway_url)
        self._host, self._port = host, port
        self._runner: web.AppRunner | None = None

    # -- lifecycle ------------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self.gateway.handle)
        app.router.add_get("/resume", self.gateway.handle)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._handle_rest)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        # The default backlog of 128 drops SYNs under a few hundred concurrent requests.
        site = web.TCPSite(self._runner, self._host, self._port, backlog=1024)
        await site.start()
        self._port = self._runner.addresses[0][1]
        self.gateway.resume_url = f"ws://{self._host}:{self._port}/resume"

    async def close(self) -> None:
        await self.gateway.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        """The value for `discord.http.Route.BASE`."""
        return f"http://{self._host}:{self._port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        """The value for `discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY`."""
        return f"ws://{self._host}:{self._port}/gateway"

    # -- what tests look at ---------------------------------------------------------------------

    async def wait_for(
        self,
        predicate: Callable[[RecordedRequest], bool],
        timeout: float | None = None,  # noqa: ASYNC109 - a plain deadline reads better in tests
        *,
        since: int = 0,
    ) -> RecordedRequest:
        """The first request (already made or still to come) for which `predicate` is true."""
        deadline = self.timeout if timeout is None else timeout
        return await self.requests.wait_for(predicate, deadline, since=since)

    async def wait_for_frame(self, op: int, *, nth: int = 1) -> GatewayFrame:
        """The `nth` gateway frame with this op that the client sent (past or future)."""
        seen = 0

        def is_nth(frame: GatewayFrame) -> bool:
            nonlocal seen  # the recorder offers each frame once, in order
            seen += frame.op == op
            return frame.op == op and seen == nth

        return await self.frames.wait_for(is_nth, self.timeout)

    def channel_messages(self, channel: FakeChannel | int) -> list[dict[str, Any]]:
        """Messages stored in a channel, oldest first (de-duplicated by nonce)."""
        channel_id = channel if isinstance(channel, int) else channel.id
        return list(self.rest.channel_messages(channel_id))

    def plan(
        self,
        route: str | RouteMatcher,
        responses: Iterable[CannedResponse],
        *,
        method: str | None = None,
    ) -> FaultPlan:
        """Answer the next requests matching `route` (a regex on the path) with `responses`."""
        return self.faults.add(route, responses, method)

    def hold(self, route: str, *, method: str | None = None) -> Hold:
        """Carry out the requests matching `route` (a regex on the path) but answer them only once the
        hold is released: the client is cut off between Discord acting and it hearing so."""
        return self.holds.add(route, method)

    @property
    def session_limits(self) -> SessionLimits | None:
        """Discord's session-start rules (shard count, IDENTIFY buckets, daily budget), once a test sets them."""
        return self.gateway.limits

    @session_limits.setter
    def session_limits(self, limits: SessionLimits | None) -> None:
        self.gateway.limits = self.rest.session_limits = limits

    def original_message(self, reply: Reply) -> dict[str, Any]:
        """The message the bot's callback created, e.g. to click one of its buttons."""
        token = reply.callback.path.split("/")[3]
        state = self.rest.interactions[token]
        if state.original is None:
            raise AssertionError(f"{reply.callback} created no message")
        return state.original

    def problems(self) -> list[str]:
        """Spec violations and requests the fake could not handle; a test should end with none."""
        return [str(violation) for violation in self.violations] + self.unhandled

    # -- interactions ---------------------------------------------------------------------------

    async def send_command(
        self,
        name: str,
        options: OptionValues | None = None,
        *,
        member: FakeMember | None = None,
        guild: FakeGuild | None = None,
        channel: FakeChannel | None = None,
    ) -> Reply:
        """Run a slash command as `member` (default: the non-admin member) and return the reply.

        `name` may be "group sub". The command is guild-scoped when it was synced to `guild`.
        """
        payload = self.command_payload(name, options, member=member, guild=guild, channel=channel)
        since = len(self.requests)
        await self.dispatch_interaction(payload)
        return await self.reply_to(payload, since=since)

    async def send_autocomplete(
        self, name: str, options: OptionValues, *, focused: str, member: FakeMember | None = None
    ) -> Reply:
        """Type into option `focused` of a slash command; `Reply.choices` holds the suggestions."""
        payload = self.command_payload(name, options, member=member, focused=focused)
        payload["type"] = AUTOCOMPLETE
        since = len(self.requests)
        await self.dispatch_interaction(payload)
        return await self.reply_to(payload, since=since)

    async def click(
        self,
        custom_id: str,
        message: dict[str, Any] | None = None,
        *,
        component_type: int = BUTTON,
        values: list[str] | None = None,
        member: FakeMember | None = None,
    ) -> Reply:
        """Press a button (or pick `values` in a select) on `message`, a message the bot sent."""
        guild = self.world.guild
        channel_id = message["channel_id"] if message else guild.channel.id
        message = message or message_object(channel_id, self.world.bot_user.to_dict(), {})
        payload = interaction_payload(
            self.world,
            interaction_type=MESSAGE_COMPONENT,
            data=component_data(custom_id, component_type, values),
            member=member or self.world.member,
            guild=guild,
            channel=guild.channel,
            message=message,
        )
        since = len(self.requests)
        await self.dispatch_interaction(payload)
        return await self.reply_to(payload, since=since)

    def command_payload(
        self,
        name: str,
        options: OptionValues | None = None,
        *,
        member: FakeMember | None = None,
        guild: FakeGuild | None = None,
        channel: FakeChannel | None = None,
        focused: str | None = None,
    ) -> dict[str, Any]:
        """An INTERACTION_CREATE `d` for a slash command, without sending it."""
        guild = guild or self.world.guild
        member = member or self.world.member
        registered = self.rest.registered_command(name.split()[0], guild.id)
        command_id, scope = registered if registered else (str(snowflake()), None)
        data = command_data(
            name,
            command_options(options, focused=focused),
            command_id=int(command_id),
            guild_id=scope,
        )
        resolved = resolved_data(options, guild, member)
        if resolved is not None:
            data["resolved"] = resolved
        return interaction_payload(
            self.world,
            interaction_type=APPLICATION_COMMAND,
            data=data,
            member=member,
            guild=guild,
            channel=channel or guild.channel,
        )

    async def remove_from_guild(self, guild: FakeGuild) -> int:
        """The bot is kicked from `guild`: it leaves the world and GUILD_DELETE (without `unavailable`)
        is dispatched, which discord.py reports as `on_guild_remove`. Returns the sequence."""
        self.world.guilds.remove(guild)
        return await self.gateway.dispatch("GUILD_DELETE", {"id": str(guild.id)}, guild_id=guild.id)

    async def dispatch_interaction(self, payload: dict[str, Any]) -> int:
        """Send INTERACTION_CREATE (buffered while the gateway is down); returns its sequence."""
        self.rest.register_interaction(payload)
        return await self.gateway.dispatch("INTERACTION_CREATE", payload, guild_id=int(payload["guild_id"]))

    async def reply_to(self, payload: dict[str, Any], *, since: int = 0) -> Reply:
        """Wait for the bot's accepted callback, and after a deferral for its first follow-up.

        `since` (a `len(fake.requests)` taken before dispatching) keeps waits cheap under load.
        """
        token = payload["token"]
        callback_path = f"/interactions/{payload['id']}/{token}/callback"
        callback = await self.wait_for(
            lambda r: r.path == callback_path and r.status != 429 and r.status < 500, since=since
        )
        if callback.status >= 300:
            raise AssertionError(f"the bot's callback was rejected: {callback} {callback.violations}")
        reply = Reply(callback)
        if reply.type == DEFERRED_CHANNEL_MESSAGE:
            webhook = f"/webhooks/{self.world.application_id}/{token}"
            followup = await self.wait_for(
                lambda r: (
                    r.status < 300
                    and (
                        (r.method == "POST" and r.path == webhook)
                        or (r.method == "PATCH" and r.path == webhook + "/messages/@original")
                    )
                ),
                since=since,
            )
            reply.followups.append(followup)
        return reply

    # -- HTTP plumbing --------------------------------------------------------------------------

    async def _handle_rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body, files, strays = await _read_body(request)
        violations: list[SpecViolation] = []
        canned = self.faults.take(request.method, path)  # before validation, as Discord rate-limits first
        headers: dict[str, str] = {}
        if canned is None and self.rate_limits is not None:
            canned, headers = self.rate_limits.check(request.method, path)
        if canned is not None:
            status, answer, headers = canned.status, canned.body, dict(canned.headers)
        else:
            if self.validate and body is not None:
                violations = validate_request(request.method, path, body)
            if self.validate and (files or strays):
                violations += upload_violations(request.method, path, body, files, strays)
            if violations:
                self.violations.extend(violations)
                status, answer = 400, _invalid_form_body(violations)
            else:
                routed = with_attachment_objects(body, path, files) if files else body
                status, answer = self._route(request.method, path, routed)
        self.requests.record(
            RecordedRequest(
                method=request.method,
                path=path,
                query=dict(request.query),
                json=body,
                headers={
                    name: request.headers[name] for name in _RECORDED_HEADERS if name in request.headers
                },
                status=status,
                at=asyncio.get_running_loop().time(),
                violations=tuple(str(violation) for violation in violations),
                files=files,
            )
        )
        await self.holds.wait(request.method, path)
        return _json_response(status, answer, headers)

    def _route(self, method: str, path: str, body: Any) -> tuple[int, Any]:
        found = self.rest.route(method, path)
        if found is None:
            log.warning("fake Discord has no route for %s %s", method, path)
            self.unhandled.append(f"no route for {method} {path}")
            return 404, {"code": 0, "message": "404: Not Found"}
        handler, params = found
        try:
            return handler(params, body)
        except Exception as exc:  # a 400, not a 500: discord.py would spend 16 s retrying a 5xx
            log.exception("fake Discord failed on %s %s", method, path)
            self.unhandled.append(f"fake crashed on {method} {path}: {exc!r}")
            return 400, {"code": 0, "message": f"fake Discord failed: {exc!r}"}


async def _read_body(request: web.Request) -> tuple[Any, tuple[UploadedFile, ...], list[str]]:
    """The JSON body (for multipart uploads, discord.py's `payload_json` part), the uploaded files and
    any multipart part that is neither."""
    if not request.can_read_body:
        return None, (), []
    if request.content_type == "multipart/form-data":
        return await read_multipart(request)
    raw = await request.read()
    return (orjson.loads(raw) if raw else None), (), []


def _invalid_form_body(violations: list[SpecViolation]) -> dict[str, Any]:
    """Discord's 50035 shape, with the spec's findings keyed by JSON path."""
    errors = {violation.json_path: violation.message for violation in violations}
    return {"code": 50035, "message": "Invalid Form Body", "errors": errors}


def _json_response(status: int, body: Any, headers: dict[str, str]) -> web.Response:
    """Content-Type exactly `application/json`: discord.py parses nothing else as JSON."""
    if body is None:
        return web.Response(status=status, headers=headers)
    headers["Content-Type"] = "application/json"
    return web.Response(status=status, body=orjson.dumps(body), headers=headers)

"""The fake gateway: HELLO, heartbeats, IDENTIFY/READY, RESUME with replay, and server actions.

Frames go out as TEXT, which discord.py parses as plain JSON, so the `compress` query parameter
and IDENTIFY's `compress` flag never matter. Every dispatch is kept in its session's history, so
events sent while no socket is attached are replayed when the client RESUMEs.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import orjson
from aiohttp import WSMsgType, web

from .models import FakeGuild, World
from .recorder import GatewayFrame, Recorder
from .sessions import INVALID_SHARD, SHARDING_REQUIRED, SessionLimits

HISTORY_LIMIT = 10_000  # dispatches kept per session for RESUME; older gaps get op 9 like Discord


@dataclass(eq=False)
class GatewaySession:
    id: str
    shard: list[int] | None
    seq: int = 0
    history: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=HISTORY_LIMIT))
    ws: web.WebSocketResponse | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def serves(self, guild_id: int) -> bool:
        """Discord's shard formula: (guild_id >> 22) % shard_count."""
        return self.shard is None or (guild_id >> 22) % self.shard[1] == self.shard[0]


class Gateway:
    """The websocket side of the fake; `resume_url` is set once the server knows its port."""

    def __init__(self, world: World, frames: Recorder[GatewayFrame], heartbeat_interval_ms: int) -> None:
        self.world = world
        self.frames = frames
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.resume_url = ""
        self.limits: SessionLimits | None = None  # Discord's session-start rules, when a test sets them
        self._sessions: dict[str, GatewaySession] = {}
        self._transports: dict[web.WebSocketResponse, asyncio.BaseTransport | None] = {}
        self._up = asyncio.Event()
        self._up.set()

    @property
    def connected(self) -> bool:
        """Whether the newest session has a socket attached."""
        return bool(self._sessions) and self._newest().ws is not None

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await ws.prepare(request)
        self._transports[ws] = request.transport
        session: GatewaySession | None = None
        try:
            await self._up.wait()  # an outage holds new connections before HELLO
            await self._send(ws, {"op": 10, "d": {"heartbeat_interval": self.heartbeat_interval_ms}})
            async for message in ws:
                if message.type is not WSMsgType.TEXT:
                    continue
                frame = orjson.loads(message.data)
                op, data = frame.get("op"), frame.get("d")
                loop_time = asyncio.get_running_loop().time()
                self.frames.record(GatewayFrame(op, data, request.path, loop_time))
                if op == 1:
                    await self._send(ws, {"op": 11})
                elif op == 2:
                    session = await self._identify(ws, data)
                elif op == 6:
                    session = await self._resume(ws, data)
                elif op == 8 and session is not None:
                    await self._members_chunk(session, data)
        finally:
            self._transports.pop(ws, None)
            if session is not None and session.ws is ws:
                session.ws = None
        return ws

    async def dispatch(self, event: str, data: dict[str, Any], *, guild_id: int | None = None) -> int:
        """Send (or buffer, while disconnected) a dispatch; returns its sequence number."""
        return await self._dispatch_to(self._session_for(guild_id), event, data)

    async def drop(self, code: int = 4000, *, abrupt: bool = False) -> None:
        """Close the newest session's socket with `code`, or cut the TCP connection."""
        session = self._newest()
        ws, session.ws = session.ws, None
        if ws is None:
            return
        transport = self._transports.get(ws)
        if abrupt and transport is not None:
            transport.abort()  # type: ignore[attr-defined]
        else:
            await ws.close(code=code, message=b"fake gateway drop")

    async def reconnect(self) -> None:
        """op 7: the client closes with 4000 and RESUMEs."""
        await self._send_op(7, None)

    async def invalidate(self, *, resumable: bool) -> None:
        """op 9: `resumable=False` forgets the session, so the client must IDENTIFY again."""
        session = self._newest()
        if not resumable:
            self._sessions.pop(session.id, None)
        await self._send_op(9, resumable, session)

    @contextlib.asynccontextmanager
    async def outage(self, *, code: int = 4000, abrupt: bool = False) -> AsyncIterator[None]:
        """Drop the socket and hold reconnections before HELLO until the block ends."""
        self._up.clear()
        try:
            await self.drop(code, abrupt=abrupt)
            yield
        finally:
            self._up.set()

    async def close(self) -> None:
        self._up.set()
        for ws in list(self._transports):
            await ws.close(code=1001, message=b"fake discord shutting down")

    async def _identify(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> GatewaySession | None:
        if self.limits is not None:
            verdict = self.limits.judge(data.get("shard"))
            if verdict == "invalid session":
                await self._send(ws, {"op": 9, "d": False})
                return None
            if verdict != "ready":
                code = INVALID_SHARD if verdict == "invalid shard" else SHARDING_REQUIRED
                await ws.close(code=code, message=verdict.encode())
                return None
        session = GatewaySession(uuid.uuid4().hex, data.get("shard"), ws=ws)
        self._sessions[session.id] = session
        guilds = [guild for guild in self.world.guilds if session.serves(guild.id)]
        ready: dict[str, Any] = {
            "v": 10,
            "user": self.world.bot_user.to_dict(),
            "guilds": [{"id": str(guild.id), "unavailable": True} for guild in guilds],
            "session_id": session.id,
            "resume_gateway_url": self.resume_url,
            "application": {"id": str(self.world.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
        }
        if session.shard is not None:
            ready["shard"] = session.shard  # AutoSharded clients hang silently without it
        await self._dispatch_to(session, "READY", ready)
        for guild in guilds:
            await self._dispatch_to(session, "GUILD_CREATE", guild.to_dict())
        return session

    async def _resume(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> GatewaySession | None:
        session = self._sessions.get(data.get("session_id", ""))
        seq = data.get("seq") or 0
        if session is None or (session.history and session.history[0]["s"] > seq + 1):
            await self._send(ws, {"op": 9, "d": False})
            return None
        async with session.lock:  # no live dispatch may overtake the replay
            session.ws = ws
            for frame in session.history:
                if frame["s"] > seq:
                    await self._send(ws, frame)
        await self._dispatch_to(session, "RESUMED", {})
        return session

    async def _members_chunk(self, session: GatewaySession, data: dict[str, Any]) -> None:
        guild = self._guild(int(data["guild_id"]))
        chunk = {
            "guild_id": str(guild.id),
            "members": [member.to_dict() for member in guild.members],
            "chunk_index": 0,
            "chunk_count": 1,
            "nonce": data.get("nonce"),
        }
        await self._dispatch_to(session, "GUILD_MEMBERS_CHUNK", chunk)

    async def _dispatch_to(self, session: GatewaySession, event: str, data: dict[str, Any]) -> int:
        async with session.lock:  # sequence numbers must reach the client in order
            session.seq += 1
            frame = {"op": 0, "t": event, "s": session.seq, "d": data}
            session.history.append(frame)
            if session.ws is not None:
                await self._send(session.ws, frame)
            return session.seq

    async def _send_op(self, op: int, data: Any, session: GatewaySession | None = None) -> None:
        ws = (session or self._newest()).ws
        if ws is None:
            raise RuntimeError(f"cannot send op {op}: the gateway session has no socket")
        await self._send(ws, {"op": op, "d": data})

    @staticmethod
    async def _send(ws: web.WebSocketResponse, frame: dict[str, Any]) -> None:
        frame.setdefault("s", None)
        frame.setdefault("t", None)
        with contextlib.suppress(ConnectionResetError):  # closing socket: the frame stays buffered
            await ws.send_str(orjson.dumps(frame).decode())

    def _newest(self) -> GatewaySession:
        if not self._sessions:
            raise RuntimeError("no gateway session yet: the bot has not sent IDENTIFY")
        return next(reversed(self._sessions.values()))

    def _session_for(self, guild_id: int | None) -> GatewaySession:
        if guild_id is not None:
            for session in reversed(self._sessions.values()):
                if session.serves(guild_id):
                    return session
        return self._newest()

    def _guild(self, guild_id: int) -> FakeGuild:
        return next(guild for guild in self.world.guilds if guild.id == guild_id)

"""Fault plans: canned answers (429, 5xx, 403, 404) for the next requests that match a route.

discord.py retries a 429 only when it carries a `Via` header (otherwise it assumes a Cloudflare
ban) and sleeps the body's `retry_after`; `global: true` in the body blocks every REST call.
It retries 500/502/504/524 after 1 + 2*try seconds, so keep 5xx plans to one retry in tests.
"""

from __future__ import annotations

import asyncio
import math
import re
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

RouteMatcher = Callable[[str, str], bool]  # (method, path) -> bool


@dataclass(frozen=True)
class CannedResponse:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


def rate_limited(retry_after: float, *, is_global: bool = False) -> CannedResponse:
    """A 429 as Discord sends it behind Google's load balancer."""
    headers = {"Via": "1.1 google", "Retry-After": str(math.ceil(retry_after))}
    if is_global:
        headers["X-RateLimit-Global"] = "true"
        headers["X-RateLimit-Scope"] = "global"
    else:
        headers["X-RateLimit-Scope"] = "user"
    body = {"message": "You are being rate limited.", "retry_after": retry_after, "global": is_global}
    return CannedResponse(429, body, headers)


def server_error(status: int = 500) -> CannedResponse:
    return CannedResponse(status, {"message": "Internal Server Error", "code": 0})


def forbidden(code: int = 50013, message: str = "Missing Permissions") -> CannedResponse:
    return CannedResponse(403, {"message": message, "code": code})


def not_found(code: int = 10003, message: str = "Unknown Channel") -> CannedResponse:
    return CannedResponse(404, {"message": message, "code": code})


class FaultPlan:
    """Responses for requests matching one route, handed out first in, first out."""

    def __init__(self, matches: RouteMatcher, responses: Iterable[CannedResponse]) -> None:
        self.matches = matches
        self.remaining: deque[CannedResponse] = deque(responses)


class FaultPlans:
    """All active plans; the oldest plan that matches and still has answers wins."""

    def __init__(self) -> None:
        self._plans: list[FaultPlan] = []

    def add(
        self,
        route: str | RouteMatcher,
        responses: Iterable[CannedResponse],
        method: str | None = None,
    ) -> FaultPlan:
        """`route` is a regex matched in full against the API-relative path, or a predicate."""
        route_matches = route if callable(route) else _path_matcher(route)
        wanted = method.upper() if method else None

        def matches(request_method: str, path: str) -> bool:
            return wanted in (None, request_method) and route_matches(request_method, path)

        plan = FaultPlan(matches, responses)
        self._plans.append(plan)
        return plan

    def take(self, method: str, path: str) -> CannedResponse | None:
        for plan in self._plans:
            if plan.remaining and plan.matches(method, path):
                return plan.remaining.popleft()
        return None


def _path_matcher(pattern: str) -> RouteMatcher:
    compiled = re.compile(pattern)
    return lambda _method, path: compiled.fullmatch(path) is not None


class Hold:
    """Requests matching a route are carried out (a message is posted) but answered only once released:
    a client cut off after Discord acted and before it heard so. `reached` is set by the first."""

    def __init__(self, matches: RouteMatcher) -> None:
        self.matches = matches
        self.reached = asyncio.Event()
        self._released = asyncio.Event()

    def release(self) -> None:
        self._released.set()

    async def wait(self) -> None:
        self.reached.set()
        await self._released.wait()


class Holds:
    """The holds a test placed; a request waits on every one that matches it."""

    def __init__(self) -> None:
        self._holds: list[Hold] = []

    def add(self, route: str, method: str | None = None) -> Hold:
        route_matches = _path_matcher(route)
        wanted = method.upper() if method else None
        hold = Hold(
            lambda request_method, path: (
                wanted in (None, request_method) and route_matches(request_method, path)
            )
        )
        self._holds.append(hold)
        return hold

    async def wait(self, method: str, path: str) -> None:
        for hold in self._holds:
            if hold.matches(method, path):
                await hold.wait()

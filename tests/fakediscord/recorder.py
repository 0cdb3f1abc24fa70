"""Everything the bot sent to the fake, in order, with awaitable look-ups (no polling, no sleeps)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from .uploads import UploadedFile

T = TypeVar("T")


@dataclass(frozen=True)
class RecordedRequest:
    """One REST request and the status the fake answered it with."""

    method: str
    path: str  # relative to the API base, e.g. "/channels/1/messages"
    query: dict[str, str]
    json: Any
    headers: dict[str, str]
    status: int
    at: float  # event-loop time when the answer was ready
    violations: tuple[str, ...] = field(default=())
    # The files of a multipart upload (its JSON part is `json`).
    files: tuple[UploadedFile, ...] = field(default=())

    def __str__(self) -> str:
        return f"{self.method} {self.path} -> {self.status}"


@dataclass(frozen=True)
class GatewayFrame:
    """One frame the client sent on the gateway, with the URL path it connected to."""

    op: int
    d: Any
    endpoint: str  # "/gateway" for fresh connections, "/resume" for READY's resume_gateway_url
    at: float


class Recorder(Generic[T]):
    """An append-only log whose `wait_for` resolves on a past or a future matching entry."""

    def __init__(self, what: str) -> None:
        self._what = what
        self._items: list[T] = []
        self._waiters: list[tuple[Callable[[T], bool], asyncio.Future[T]]] = []

    def __iter__(self) -> Iterator[T]:
        return iter(list(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def record(self, item: T) -> None:
        self._items.append(item)
        still_waiting = []
        for predicate, future in self._waiters:
            if future.done():
                continue
            if predicate(item):
                future.set_result(item)
            else:
                still_waiting.append((predicate, future))
        self._waiters = still_waiting

    def matching(self, predicate: Callable[[T], bool]) -> list[T]:
        return [item for item in self._items if predicate(item)]

    async def wait_for(
        self,
        predicate: Callable[[T], bool],
        timeout: float,  # noqa: ASYNC109 - a plain deadline reads better in tests
        *,
        since: int = 0,
    ) -> T:
        """The first entry matching `predicate`, already recorded or still to come.

        `since` skips the entries before that index: under load, callers that know the entry
        cannot be older (e.g. a reply to what they just sent) avoid rescanning the whole log.
        """
        for item in self._items[since:]:
            if predicate(item):
                return item
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._waiters.append((predicate, future))
        try:
            return await asyncio.wait_for(future, timeout)
        except TimeoutError:
            seen = "\n  ".join(str(item) for item in self._items[-20:]) or "(nothing)"
            raise AssertionError(
                f"no matching {self._what} within {timeout} s; last recorded:\n  {seen}"
            ) from None

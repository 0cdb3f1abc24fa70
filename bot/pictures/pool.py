"""Drawing off the event loop: a process pool sized to the cores, bounded, timed, cached, with a text fallback.

The bot has 3 seconds to answer an interaction and one event loop to answer every fan with; a
picture is CPU work (40–250 ms). So pictures are drawn in worker processes (spawned, never forked
from the running loop; at a lower priority than the bot), at most a few per worker queued at once,
each ask waiting at most its timeout. A picture that fails or comes late is None: the caller answers
with the text alone, and a late picture is still kept for the next ask. An answer need not wait at
all: it shows a picture already drawn (`kept`) and has one not drawn yet edited in when it is (`later`).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from collections.abc import Awaitable, Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from bot.pictures import drawing
from bot.pictures.cache import CACHE_BYTES, PictureCache
from bot.pictures.specs import Picture, PictureSpec, digest

log = logging.getLogger(__name__)

# A picture for an interaction must leave time to reply within Discord's 3 seconds; an announcement
# may wait longer (the green flag is checked when it is sent).
INTERACTION_TIMEOUT_S = 1.5
# A picture edited into an answer already sent (`later`) may take longer: the answer did not wait.
LATER_TIMEOUT_S = 10.0
# Pictures waiting to be edited into answers sent, and edits uploading at once. A burst of askers of
# pictures not drawn yet (hundreds in a second, in bench_e2e) would otherwise upload hundreds of
# times at the same moment over as many new connections, and the process grows by tens of MB for
# good; past the first the answers stay in text, as when a picture comes too late.
LATER_WAITING = 32
EDITS_AT_ONCE = 4
ANNOUNCEMENT_TIMEOUT_S = 20.0
# Draws handed to the pool at once per worker; more wait their turn here, under their timeout.
QUEUED_PER_WORKER = 4
# A worker is replaced after this many pictures, so nothing a drawing library keeps can grow for ever.
TASKS_PER_WORKER = 500
# Timeouts already logged, kept so a burst waiting on one slow picture logs it once.
LOGGED_LATE = 256


def default_workers() -> int:
    """One worker per core this process may use, less one for the bot's own loop; at least one."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, cores - 1)


class Pictures:
    """Made in `setup_hook`, closed in `close()`; `draw(spec)` is a Picture or None (answer in text).

    The worker processes start on the first draw, so a bot that never draws starts none.
    """

    def __init__(
        self,
        *,
        workers: int | None = None,
        cache_bytes: int = CACHE_BYTES,
        draw: Callable[[PictureSpec], bytes] = drawing.draw,
    ) -> None:
        self.workers = workers or default_workers()
        self.cache = PictureCache(cache_bytes)
        self._draw = draw
        self._executor: ProcessPoolExecutor | None = None
        self._turns = asyncio.Semaphore(self.workers * QUEUED_PER_WORKER)
        self._late: set[str] = set()
        self._later: set[asyncio.Task[None]] = set()
        self._editing = asyncio.Semaphore(EDITS_AT_ONCE)
        # Asks answered in text: the picture came too late, or its drawing failed.
        self.late = 0
        self.failed = 0

    async def draw(self, spec: PictureSpec, *, timeout: float = INTERACTION_TIMEOUT_S) -> Picture | None:  # noqa: ASYNC109 - each caller has its own deadline
        """The picture `spec` describes, drawn once per digest; None after `timeout` seconds or a failure."""
        key = digest(spec)
        try:
            async with asyncio.timeout(timeout):
                data = await self.cache.get_or_draw(key, lambda: self._render(spec))
        except TimeoutError:
            self.late += 1
            if key not in self._late and len(self._late) < LOGGED_LATE:
                self._late.add(key)
                log.warning("%s not drawn within %.1f s: answered in text", spec.filename, timeout)
            return None
        except Exception:  # logged once by the draw itself, however many waited on it
            self.failed += 1
            return None
        self._late.discard(key)
        return Picture(data, spec.filename, spec.description)

    def kept(self, spec: PictureSpec) -> Picture | None:
        """The picture if it is drawn already (in the cache), without waiting; None otherwise."""
        data = self.cache.peek(digest(spec))
        return None if data is None else Picture(data, spec.filename, spec.description)

    def later(self, spec: PictureSpec, then: Callable[[Picture], Awaitable[None]]) -> None:
        """Draw `spec` in the background and hand the picture to `then` (which edits it into an answer
        already sent); a picture late by LATER_TIMEOUT_S or failed is left out, as `draw` logs, and so
        is one asked for while LATER_WAITING others wait."""
        if len(self._later) >= LATER_WAITING:
            self.late += 1
            return

        async def edit_in() -> None:
            picture = await self.draw(spec, timeout=LATER_TIMEOUT_S)
            if picture is None:
                return
            try:
                async with self._editing:
                    await then(picture)
            except Exception:  # a background task: nobody else would hear of it
                log.exception("could not edit %s into its answer", spec.filename)

        task = asyncio.create_task(edit_in(), name=f"picture-later-{spec.filename}")
        self._later.add(task)
        task.add_done_callback(self._later.discard)

    async def _render(self, spec: PictureSpec) -> bytes:
        async with self._turns:
            executor = self._pool()
            try:
                return await asyncio.get_running_loop().run_in_executor(executor, self._draw, spec)
            except BrokenProcessPool:
                # A worker died (killed, out of memory): the next draw starts a new pool.
                log.warning("a picture worker died drawing %s: answered in text", spec.filename)
                if self._executor is executor:
                    self._executor = None
                    executor.shutdown(wait=False, cancel_futures=True)
                raise
            except Exception as error:
                log.warning(
                    "drawing %s failed (%s: %s): answered in text", spec.filename, type(error).__name__, error
                )
                raise

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=drawing.start_worker,
                max_tasks_per_child=TASKS_PER_WORKER,
            )
        return self._executor

    async def close(self) -> None:
        """Stop the workers; draws still queued are dropped (their askers get None), and so are the
        pictures not yet edited into their answers."""
        for task in list(self._later):
            task.cancel()
        await asyncio.gather(*self._later, return_exceptions=True)
        executor, self._executor = self._executor, None
        if executor is not None:
            await asyncio.to_thread(executor.shutdown, wait=True, cancel_futures=True)


def pictures_of(client: object) -> Pictures | None:
    """The bot's picture pool; None where pictures are not drawn (the offline console answers in text)."""
    pictures = getattr(client, "pictures", None)
    return pictures if isinstance(pictures, Pictures) else None


async def draw_picture(
    client: object,
    spec: PictureSpec | None,
    *,
    timeout: float = INTERACTION_TIMEOUT_S,  # noqa: ASYNC109 - each caller has its own deadline
) -> Picture | None:
    """`spec` drawn by the client's pool; None without a spec, without a pool, or when drawing failed."""
    pictures = pictures_of(client)
    return None if pictures is None or spec is None else await pictures.draw(spec, timeout=timeout)

"""Long answers a page at a time: ◀ / ▶ buttons that only the person who asked can press.

A paged answer leaves a small entry behind, not a view: its pages as Discord JSON, who asked, and the
message to take the buttons off later, kept in the bot's `OpenPages` under the command's interaction
id. The buttons are dynamic items whose custom id names only the page to show; a press finds the
answer through its message's interaction metadata (the command that created it). So the buttons of
page 2 of 5 are one shared view, and thousands of paged answers in a few minutes leave no views, tasks
or timers for the garbage collector to walk. One sweeper takes the buttons off each message after
PAGE_TIMEOUT_S; a press after that (or after a restart) is told the pages expired.
"""

from __future__ import annotations

import asyncio
import logging
import zlib
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from re import Match
from typing import Any

import discord
import orjson

from bot.pictures.pool import draw_picture, pictures_of
from bot.pictures.specs import Picture, PictureSpec
from bot.render.memo import reuse
from bot.render.pictures import picture_file, showing

log = logging.getLogger(__name__)

# Seconds without a press before the buttons are taken off the message.
PAGE_TIMEOUT_S = 180.0
# Paged answers kept open at once, and the bytes of their packed pages; past either the oldest expire
# early, so a flood of commands cannot grow the bot without bound. A press on one of those says it
# expired. A packed answer is 1–5 KB (a 43-car results table is the largest), so thousands fit.
MAX_OPEN = 5_000
MAX_OPEN_BYTES = 4 * 1024 * 1024
# Set in `interaction.extras` to the answer id of a paged answer, so the offline console can print every page.
PAGED_ANSWER = "racebot_pages"
EXPIRED = "These pages have expired; run the command again."
PREVIOUS, NEXT = "◀", "▶"
# The page shown, between the arrows ("2/3"): a button no one can press.
PAGE_LABEL_ID = "racebot:pages:shown"
# zlib's fastest level: tens of microseconds a page, most of the saving.
PACKING = 1


def refusal(owner_id: int) -> str:
    """What someone else pressing the buttons is told, privately."""
    return f"Only <@{owner_id}> can turn these pages; run the command yourself."


@dataclass(frozen=True, slots=True)
class PagedAnswer:
    """One paged answer still open: its pages (`packed`), who asked, where it was sent."""

    owner_id: int
    pages: bytes
    count: int
    expires_at: float  # on the event loop's clock
    application_id: int
    token: str
    message_id: int | None
    # What a page's picture shows (by page index): kept as its spec, not its bytes, so thousands of
    # open answers hold no pictures; turning to the page takes it from the picture cache (or draws it).
    pictures: Mapping[int, PictureSpec] = field(default_factory=dict)
    # The page the message shows now.
    shown: int = 0

    def page(self, index: int) -> discord.Embed:
        return discord.Embed.from_dict(orjson.loads(zlib.decompress(self.pages))[index])


def packed(pages: Sequence[discord.Embed]) -> bytes:
    """The pages as compressed JSON: a fifth of the plain JSON, and one bytes object for the collector."""
    return zlib.compress(orjson.dumps([page.to_dict() for page in pages]), PACKING)


class OpenPages:
    """The paged answers whose buttons still work, oldest first, and the sweeper that ends them."""

    def __init__(self, client: discord.Client) -> None:
        self._client = client
        self._open: OrderedDict[int, PagedAnswer] = OrderedDict()
        self._bytes = 0  # of the open answers' packed pages (pages shared by answers counted each time)
        self._sweeper: asyncio.Task[None] | None = None
        self._buttons: dict[tuple[int, int], discord.ui.View] = {}

    def __len__(self) -> int:
        return len(self._open)

    def buttons(self, index: int, count: int) -> discord.ui.View:
        """The ◀ / ▶ view for page `index` of `count`, built once and shared by every such page."""
        view = self._buttons.get((index, count))
        if view is None:
            view = self._buttons[(index, count)] = page_buttons(index, count)
        return view

    def add(self, answer_id: int, answer: PagedAnswer) -> None:
        """Keep the answer's pages until it expires; starts the sweeper if it is not running."""
        self._forget(answer_id)
        self._open[answer_id] = answer
        self._bytes += len(answer.pages)
        while len(self._open) > MAX_OPEN or self._bytes > MAX_OPEN_BYTES:
            self._forget(next(iter(self._open)))
        if self._sweeper is None or self._sweeper.done():
            self._sweeper = asyncio.create_task(self._sweep(), name="racebot-page-sweeper")

    def sent(self, answer_id: int, message_id: int | None) -> None:
        """The answer's message went out as `message_id`: the one to take the buttons off."""
        answer = self._open.get(answer_id)
        if answer is not None:
            self._open[answer_id] = replace(answer, message_id=message_id)

    def turned(self, answer_id: int, index: int) -> None:
        """The answer's message now shows page `index`."""
        answer = self._open.get(answer_id)
        if answer is not None:
            self._open[answer_id] = replace(answer, shown=index)

    def get(self, answer_id: int) -> PagedAnswer | None:
        """The answer, or None once it expired (or was never opened by this process)."""
        answer = self._open.get(answer_id)
        if answer is None or answer.expires_at <= asyncio.get_running_loop().time():
            return None
        return answer

    def close(self, answer_id: int) -> None:
        """Forget the answer now, leaving its buttons as they are (the console has no message to edit)."""
        self._forget(answer_id)

    def _forget(self, answer_id: int) -> None:
        answer = self._open.pop(answer_id, None)
        if answer is not None:
            self._bytes -= len(answer.pages)

    async def stop(self) -> None:
        """On shutdown: no more sweeping (the buttons left then stop working, a press says so)."""
        if self._sweeper is not None:
            self._sweeper.cancel()
            await asyncio.gather(self._sweeper, return_exceptions=True)
            self._sweeper = None

    async def _sweep(self) -> None:
        """Take the buttons off each answer when it expires, oldest first, until none is open."""
        loop = asyncio.get_running_loop()
        while self._open:
            answer_id, answer = next(iter(self._open.items()))
            wait = answer.expires_at - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
                continue
            self._forget(answer_id)
            await self._take_buttons_off(answer)

    async def _take_buttons_off(self, answer: PagedAnswer) -> None:
        """Edit the message to have no components, leaving the page last shown."""
        if answer.message_id is None:
            return
        webhook = discord.Webhook.partial(answer.application_id, answer.token, client=self._client)
        try:
            await webhook.edit_message(answer.message_id, view=None)
        except discord.HTTPException as failure:  # the message was deleted, or its token expired
            log.info("could not remove the page buttons: %s", failure)


def pages_of(client: discord.Client) -> OpenPages:
    """The open paged answers of the bot (every racebot client has them)."""
    pages = getattr(client, "pages", None)
    if not isinstance(pages, OpenPages):
        raise TypeError(f"{type(client).__name__} keeps no paged answers")
    return pages


class PageButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"racebot:page:(?P<page>-?[0-9]+)"):
    """◀ or ▶ of a paged answer: pressing it shows page `page` of the answer on the pressed message."""

    def __init__(self, page: int, *, label: str, disabled: bool) -> None:
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.secondary,
                custom_id=f"racebot:page:{page}",
                disabled=disabled,
            )
        )
        self.page = page

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: Match[str], /
    ) -> PageButton:
        button = item if isinstance(item, discord.ui.Button) else None
        label = (button.label if button else None) or ""
        return cls(int(match["page"]), label=label, disabled=False)

    async def callback(self, interaction: discord.Interaction) -> None:
        await turn_page(interaction, answer_of(interaction), self.page)


def answer_of(press: discord.Interaction) -> int | None:
    """The paged answer a button press is on: the id of the command that created the pressed message."""
    metadata = None if press.message is None else press.message.interaction_metadata
    return None if metadata is None else metadata.id


def page_buttons(index: int, count: int) -> discord.ui.View:
    """◀, the page shown ("2/3") and ▶ for page `index` of `count`: no ◀ on the first page, no ▶ on the
    last."""
    view = discord.ui.View(timeout=None)
    view.add_item(PageButton(index - 1, label=PREVIOUS, disabled=index == 0))
    view.add_item(
        discord.ui.Button[discord.ui.View](
            label=f"{index + 1}/{count}",
            style=discord.ButtonStyle.secondary,
            custom_id=PAGE_LABEL_ID,
            disabled=True,
        )
    )
    view.add_item(PageButton(index + 1, label=NEXT, disabled=index == count - 1))
    return view


async def send_pages(
    interaction: discord.Interaction,
    pages: Sequence[discord.Embed],
    pictures: Mapping[int, PictureSpec | None] | None = None,
) -> None:
    """Answer with the first page and ◀ / ▶; a lone page goes plainly, without buttons. `pictures` (by
    page index; None for none) are shown in their pages' embeds where the bot draws pictures.

    The answer never waits on a drawing: the first page's picture goes with it if it is drawn already,
    else it is edited in once drawn (unless the message shows another page by then).
    The pages stay open for PAGE_TIMEOUT_S as it is at the call (tests shorten it).
    """
    if not pages:
        raise ValueError("no pages to send")
    pool = pictures_of(interaction.client)
    specs = {} if pool is None else {i: spec for i, spec in (pictures or {}).items() if spec is not None}
    first_spec = specs.get(0)
    ready = None if pool is None or first_spec is None else pool.kept(first_spec)
    first: dict[str, Any] = {} if ready is None else {"file": picture_file(ready)}
    shown_first = pages[0] if ready is None else showing(pages[0], ready)
    answer_id: int | None = None
    if len(pages) == 1:
        await interaction.response.send_message(embed=shown_first, **first)
    else:
        answer_id = interaction.id
        store = pages_of(interaction.client)
        answer = PagedAnswer(
            owner_id=interaction.user.id,
            pages=reuse(packed, pages),
            count=len(pages),
            expires_at=asyncio.get_running_loop().time() + PAGE_TIMEOUT_S,
            application_id=interaction.application_id,
            token=interaction.token,
            message_id=None,
            pictures=specs,
        )
        store.add(answer_id, answer)  # before sending: a quick press must find its pages
        try:
            sent = await interaction.response.send_message(
                embed=shown_first, view=store.buttons(0, len(pages)), **first
            )
        except BaseException:
            store.close(answer_id)
            raise
        store.sent(answer_id, sent.message_id)
        interaction.extras[PAGED_ANSWER] = answer_id
    if pool is not None and first_spec is not None and ready is None:
        pool.later(first_spec, partial(_edit_in, interaction, pages[0], answer_id))


async def _edit_in(
    interaction: discord.Interaction, page: discord.Embed, answer_id: int | None, picture: Picture
) -> None:
    """Show the first page's picture, drawn after the answer went out, if the message still shows that
    page (a paged answer turned or expired is left as it is)."""
    if answer_id is not None:
        answer = pages_of(interaction.client).get(answer_id)
        if answer is None or answer.shown != 0:
            return
    try:
        await interaction.edit_original_response(
            embed=showing(page, picture), attachments=[picture_file(picture)]
        )
    except discord.HTTPException as failure:  # the message was deleted, or its token expired
        log.info("could not edit the picture into the answer: %s", failure)


async def turn_page(interaction: discord.Interaction, answer_id: int | None, index: int) -> None:
    """Show page `index` of the answer in place; anyone but the person who asked, or a press after the
    pages expired, is told so privately and the message stays as it is."""
    store = pages_of(interaction.client)
    answer = None if answer_id is None else store.get(answer_id)
    if answer is None or answer_id is None:
        await interaction.response.send_message(EXPIRED, ephemeral=True)
        return
    if interaction.user.id != answer.owner_id:
        await interaction.response.send_message(refusal(answer.owner_id), ephemeral=True)
        return
    index = max(0, min(index, answer.count - 1))
    page = answer.page(index)
    # An answer without pictures leaves the message's attachments as they are; one with them shows
    # the page's own picture (from the cache, or drawn now) or none.
    uploads: dict[str, Any] = {}
    if answer.pictures:
        picture = await draw_picture(interaction.client, answer.pictures.get(index))
        uploads["attachments"] = [] if picture is None else [picture_file(picture)]
        page = page if picture is None else showing(page, picture)
    store.turned(answer_id, index)
    await interaction.response.edit_message(embed=page, view=store.buttons(index, answer.count), **uploads)

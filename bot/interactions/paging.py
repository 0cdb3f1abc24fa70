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
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from re import Match
from typing import Any

import discord
import orjson

from bot.pictures.specs import Picture
from bot.render.pictures import picture_file, showing

log = logging.getLogger(__name__)

# Seconds without a press before the buttons are taken off the message.
PAGE_TIMEOUT_S = 180.0
# Paged answers kept open at once (a few tens of MB at most); past it the oldest expire early, so a
# flood of commands cannot grow the bot without bound. A press on one of those says it expired.
MAX_OPEN = 5_000
# Set in `interaction.extras` to the answer id of a paged answer, so the offline console can print every page.
PAGED_ANSWER = "racebot_pages"
EXPIRED = "These pages have expired; run the command again."
PREVIOUS, NEXT = "◀", "▶"
# The page shown, between the arrows ("2/3"): a button no one can press.
PAGE_LABEL_ID = "racebot:pages:shown"


def refusal(owner_id: int) -> str:
    """What someone else pressing the buttons is told, privately."""
    return f"Only <@{owner_id}> can turn these pages; run the command yourself."


@dataclass(frozen=True, slots=True)
class PagedAnswer:
    """One paged answer still open: its pages (a JSON list of embeds), who asked, where it was sent."""

    owner_id: int
    pages: bytes
    count: int
    expires_at: float  # on the event loop's clock
    application_id: int
    token: str
    message_id: int | None
    # The picture shown on a page (its embed points at the upload), uploaded again when turned to.
    pictures: Mapping[int, Picture] = field(default_factory=dict)

    def page(self, index: int) -> discord.Embed:
        return discord.Embed.from_dict(orjson.loads(self.pages)[index])

    def uploads(self, index: int) -> dict[str, Any]:
        """The page's picture as the message's one attachment (none on a page without one); nothing
        for an answer without pictures (its message's attachments are left as they are)."""
        if not self.pictures:
            return {}
        picture = self.pictures.get(index)
        return {"attachments": [] if picture is None else [picture_file(picture)]}


class OpenPages:
    """The paged answers whose buttons still work, oldest first, and the sweeper that ends them."""

    def __init__(self, client: discord.Client) -> None:
        self._client = client
        self._open: OrderedDict[int, PagedAnswer] = OrderedDict()
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
        self._open[answer_id] = answer
        while len(self._open) > MAX_OPEN:
            self._open.popitem(last=False)
        if self._sweeper is None or self._sweeper.done():
            self._sweeper = asyncio.create_task(self._sweep(), name="racebot-page-sweeper")

    def sent(self, answer_id: int, message_id: int | None) -> None:
        """The answer's message went out as `message_id`: the one to take the buttons off."""
        answer = self._open.get(answer_id)
        if answer is not None:
            self._open[answer_id] = replace(answer, message_id=message_id)

    def get(self, answer_id: int) -> PagedAnswer | None:
        """The answer, or None once it expired (or was never opened by this process)."""
        answer = self._open.get(answer_id)
        if answer is None or answer.expires_at <= asyncio.get_running_loop().time():
            return None
        return answer

    def close(self, answer_id: int) -> None:
        """Forget the answer now, leaving its buttons as they are (the console has no message to edit)."""
        self._open.pop(answer_id, None)

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
            del self._open[answer_id]
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
    pictures: Mapping[int, Picture | None] | None = None,
) -> None:
    """Answer with the first page and ◀ / ▶; a lone page goes plainly, without buttons. `pictures` (by
    page index; None where drawing failed) are shown in their pages' embeds.

    The pages stay open for PAGE_TIMEOUT_S as it is at the call (tests shorten it).
    """
    if not pages:
        raise ValueError("no pages to send")
    shown = {index: picture for index, picture in (pictures or {}).items() if picture is not None}
    pages = [showing(page, shown[index]) if index in shown else page for index, page in enumerate(pages)]
    first: dict[str, Any] = {"file": picture_file(shown[0])} if 0 in shown else {}
    if len(pages) == 1:
        await interaction.response.send_message(embed=pages[0], **first)
        return
    answer_id = interaction.id
    store = pages_of(interaction.client)
    answer = PagedAnswer(
        owner_id=interaction.user.id,
        pages=orjson.dumps([page.to_dict() for page in pages]),
        count=len(pages),
        expires_at=asyncio.get_running_loop().time() + PAGE_TIMEOUT_S,
        application_id=interaction.application_id,
        token=interaction.token,
        message_id=None,
        pictures=shown,
    )
    store.add(answer_id, answer)  # before sending: a quick press must find its pages
    try:
        sent = await interaction.response.send_message(
            embed=pages[0], view=store.buttons(0, len(pages)), **first
        )
    except BaseException:
        store.close(answer_id)
        raise
    store.sent(answer_id, sent.message_id)
    interaction.extras[PAGED_ANSWER] = answer_id


async def turn_page(interaction: discord.Interaction, answer_id: int | None, index: int) -> None:
    """Show page `index` of the answer in place; anyone but the person who asked, or a press after the
    pages expired, is told so privately and the message stays as it is."""
    store = pages_of(interaction.client)
    answer = None if answer_id is None else store.get(answer_id)
    if answer is None:
        await interaction.response.send_message(EXPIRED, ephemeral=True)
        return
    if interaction.user.id != answer.owner_id:
        await interaction.response.send_message(refusal(answer.owner_id), ephemeral=True)
        return
    index = max(0, min(index, answer.count - 1))
    await interaction.response.edit_message(
        embed=answer.page(index), view=store.buttons(index, answer.count), **answer.uploads(index)
    )

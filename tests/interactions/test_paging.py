"""The pager on its own: which page shows, which buttons apply, who may press, what the timeout does."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import discord
import pytest

from bot.interactions.paging import PAGED_ANSWER, Pager, refusal, send_pages

INVOKER, SOMEONE_ELSE = 101, 202


class Response:
    """Records what the bot answered an interaction with."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    async def send_message(self, content: str | None = None, **kwargs: Any) -> None:
        self.calls.append(("send", {"content": content, **kwargs}))

    async def edit_message(self, **kwargs: Any) -> None:
        self.calls.append(("edit", kwargs))


def interaction(user_id: int = INVOKER, *, edit_fails: bool = False) -> Any:
    """A stand-in for discord.Interaction with what the pager touches."""
    edits: list[dict[str, Any]] = []

    async def edit_original_response(**kwargs: Any) -> None:
        if edit_fails:
            raise discord.NotFound(SimpleNamespace(status=404, reason="Not Found"), "Unknown Message")
        edits.append(kwargs)

    user = SimpleNamespace(id=user_id, mention=f"<@{user_id}>")
    return SimpleNamespace(
        user=user, response=Response(), extras={}, edits=edits, edit_original_response=edit_original_response
    )


def pages(count: int) -> list[discord.Embed]:
    return [discord.Embed(title=f"page {n}/{count}") for n in range(1, count + 1)]


def buttons(pager: Pager) -> dict[str, bool]:
    """Each button's label and whether it can be pressed."""
    return {item.label: not item.disabled for item in pager.children if isinstance(item, discord.ui.Button)}


async def test_a_lone_page_is_sent_without_buttons() -> None:
    """One page: a plain message, no view, nothing for the console to turn."""
    origin = interaction()
    [page] = pages(1)
    await send_pages(origin, [page])
    assert origin.response.calls == [("send", {"content": None, "embed": page})]
    assert PAGED_ANSWER not in origin.extras


async def test_several_pages_open_on_the_first_with_a_pager() -> None:
    """Page 1 goes out with ◀ (off, there is nothing before it) and ▶."""
    origin = interaction()
    three = pages(3)
    await send_pages(origin, three)
    [(kind, sent)] = origin.response.calls
    assert (kind, sent["embed"]) == ("send", three[0])
    pager = sent["view"]
    assert origin.extras[PAGED_ANSWER] is pager
    assert buttons(pager) == {"◀": False, "▶": True}
    pager.stop()


async def test_no_pages_is_a_bug() -> None:
    """A renderer always has a page to give; none is a bug, not an empty message."""
    with pytest.raises(ValueError, match="no pages"):
        await send_pages(interaction(), [])


async def test_next_and_previous_turn_the_message() -> None:
    """▶ shows page 2 in place; ◀ brings page 1 back."""
    three = pages(3)
    pager = Pager(interaction(), three, timeout=60)
    press = interaction()
    await pager.next_page.callback(press)
    await pager.previous_page.callback(press)
    assert [(kind, sent["embed"]) for kind, sent in press.response.calls] == [
        ("edit", three[1]),
        ("edit", three[0]),
    ]
    assert all(sent["view"] is pager for _, sent in press.response.calls)
    pager.stop()


@pytest.mark.parametrize(
    ("index", "expected"),
    [(0, {"◀": False, "▶": True}), (1, {"◀": True, "▶": True}), (2, {"◀": True, "▶": False})],
)
async def test_buttons_stop_at_the_ends(index: int, expected: dict[str, bool]) -> None:
    """No ◀ on the first page, no ▶ on the last, both in between."""
    pager = Pager(interaction(), pages(3), timeout=60)
    await pager.show(interaction(), index)
    assert buttons(pager) == expected
    pager.stop()


async def test_turning_past_the_ends_stays_on_the_pages() -> None:
    """A stale press beyond either end shows the last or the first page."""
    pager = Pager(interaction(), pages(2), timeout=60)
    await pager.show(interaction(), 5)
    assert pager.index == 1
    await pager.show(interaction(), -3)
    assert pager.index == 0
    pager.stop()


async def test_the_invoker_may_press() -> None:
    """The person who asked passes the check, with nothing said."""
    pager = Pager(interaction(INVOKER), pages(2), timeout=60)
    press = interaction(INVOKER)
    assert await pager.interaction_check(press)
    assert press.response.calls == []
    pager.stop()


async def test_someone_else_is_refused_privately() -> None:
    """Another user's press does nothing to the pages and gets an ephemeral word naming the invoker."""
    pager = Pager(interaction(INVOKER), pages(2), timeout=60)
    press = interaction(SOMEONE_ELSE)
    assert not await pager.interaction_check(press)
    assert press.response.calls == [
        (
            "send",
            {
                "content": f"Only <@{INVOKER}> can turn these pages; run the command yourself.",
                "ephemeral": True,
            },
        )
    ]
    assert pager.index == 0
    pager.stop()


def test_refusal_names_the_invoker() -> None:
    """The refusal says whose pages these are and what to do instead."""
    assert refusal(SimpleNamespace(mention="<@7>")) == (  # type: ignore[arg-type]
        "Only <@7> can turn these pages; run the command yourself."
    )


async def test_timeout_takes_the_buttons_off_the_original_message() -> None:
    """On timeout the command's own message is edited to have no components."""
    origin = interaction()
    pager = Pager(origin, pages(2), timeout=60)
    await pager.on_timeout()
    assert origin.edits == [{"view": None}]


async def test_timeout_on_a_deleted_message_is_quiet() -> None:
    """The message may be gone by then; that is logged, not raised."""
    pager = Pager(interaction(edit_fails=True), pages(2), timeout=60)
    await pager.on_timeout()


async def test_a_pager_needs_two_pages() -> None:
    """One page is sent plainly (see send_pages), never with buttons that go nowhere."""
    with pytest.raises(ValueError, match="two pages"):
        Pager(interaction(), pages(1), timeout=60)

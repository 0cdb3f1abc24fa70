"""Paged answers on their own: which page shows, which buttons apply, who may press, what expiry does."""

from __future__ import annotations

import asyncio
import re
from types import SimpleNamespace
from typing import Any

import discord
import pytest

from bot.interactions import paging
from bot.interactions.paging import (
    EXPIRED,
    PAGED_ANSWER,
    OpenPages,
    PageButton,
    answer_of,
    page_buttons,
    refusal,
    send_pages,
    turn_page,
)

INVOKER, SOMEONE_ELSE = 101, 202
ANSWER_ID, MESSAGE_ID = 555, 777


class Response:
    """Records what the bot answered an interaction with."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    async def send_message(self, content: str | None = None, **kwargs: Any) -> Any:
        self.calls.append(("send", {"content": content, **kwargs}))
        return SimpleNamespace(message_id=MESSAGE_ID)

    async def edit_message(self, **kwargs: Any) -> None:
        self.calls.append(("edit", kwargs))


def bot() -> Any:
    """A stand-in client holding paged answers (no HTTP: nothing here is sent to Discord)."""
    client = SimpleNamespace()
    client.pages = OpenPages(client)  # type: ignore[arg-type]
    return client


def interaction(client: Any, user_id: int = INVOKER, interaction_id: int = ANSWER_ID) -> Any:
    """A stand-in for discord.Interaction with what paging touches."""
    return SimpleNamespace(
        id=interaction_id,
        client=client,
        user=SimpleNamespace(id=user_id),
        response=Response(),
        extras={},
        application_id=1,
        token="token",
    )


def pages(count: int) -> list[discord.Embed]:
    return [discord.Embed(title=f"page {n}/{count}", description=f"body {n}") for n in range(1, count + 1)]


def buttons(view: discord.ui.View) -> dict[str, bool]:
    """Each button's label and whether it can be pressed."""
    return {
        item.item.label or "": not item.item.disabled
        for item in view.children
        if isinstance(item, PageButton)
    }


async def test_a_lone_page_is_sent_without_buttons() -> None:
    """One page: a plain message, no view, nothing kept, nothing for the console to turn."""
    client = bot()
    origin = interaction(client)
    [page] = pages(1)
    await send_pages(origin, [page])
    assert origin.response.calls == [("send", {"content": None, "embed": page})]
    assert PAGED_ANSWER not in origin.extras
    assert len(client.pages) == 0


async def test_several_pages_open_on_the_first_with_buttons() -> None:
    """Page 1 goes out with ◀ (off, there is nothing before it) and ▶; the answer is kept under the
    interaction's id with who asked and the message to take the buttons off later."""
    client = bot()
    origin = interaction(client)
    three = pages(3)
    await send_pages(origin, three)
    [(kind, sent)] = origin.response.calls
    assert (kind, sent["embed"]) == ("send", three[0])
    assert buttons(sent["view"]) == {"◀": False, "▶": True}
    assert origin.extras[PAGED_ANSWER] == ANSWER_ID
    kept = client.pages.get(ANSWER_ID)
    assert (kept.owner_id, kept.count, kept.message_id, kept.token) == (INVOKER, 3, MESSAGE_ID, "token")
    assert [kept.page(n).to_dict() for n in range(3)] == [page.to_dict() for page in three]
    await client.pages.stop()


async def test_no_pages_is_a_bug() -> None:
    """A renderer always has a page to give; none is a bug, not an empty message."""
    with pytest.raises(ValueError, match="no pages"):
        await send_pages(interaction(bot()), [])


@pytest.mark.parametrize(
    ("index", "expected"),
    [(0, {"◀": False, "▶": True}), (1, {"◀": True, "▶": True}), (2, {"◀": True, "▶": False})],
)
def test_buttons_stop_at_the_ends(index: int, expected: dict[str, bool]) -> None:
    """No ◀ on the first page, no ▶ on the last, both in between; each names the page it shows."""
    view = page_buttons(index, 3)
    assert buttons(view) == expected
    ids = [item.item.custom_id for item in view.children if isinstance(item, PageButton)]
    assert ids == [f"racebot:page:{index - 1}", f"racebot:page:{index + 1}"]
    assert all(re.fullmatch(PageButton.__discord_ui_compiled_template__, i or "") for i in ids)


def test_pages_at_one_place_share_their_buttons() -> None:
    """Every page 2 of 3 shows the same two buttons: one view, built once."""
    pages_kept = bot().pages
    assert pages_kept.buttons(1, 3) is pages_kept.buttons(1, 3)
    assert pages_kept.buttons(0, 3) is not pages_kept.buttons(1, 3)


def test_a_press_finds_its_answer_through_the_command_that_made_the_message() -> None:
    """The pressed message's interaction metadata names the command: its id is the answer's."""
    on_answer = SimpleNamespace(message=SimpleNamespace(interaction_metadata=SimpleNamespace(id=ANSWER_ID)))
    on_other = SimpleNamespace(message=SimpleNamespace(interaction_metadata=None))
    assert answer_of(on_answer) == ANSWER_ID  # type: ignore[arg-type]
    assert answer_of(on_other) is None  # type: ignore[arg-type]
    assert answer_of(SimpleNamespace(message=None)) is None  # type: ignore[arg-type]


async def test_next_and_previous_turn_the_message() -> None:
    """Page 2 shows in place with its own buttons; page 1 comes back the same as it was sent."""
    client = bot()
    three = pages(3)
    await send_pages(interaction(client), three)
    press = interaction(client, interaction_id=1)
    await turn_page(press, ANSWER_ID, 1)
    await turn_page(press, ANSWER_ID, 0)
    assert [(kind, sent["embed"].to_dict()) for kind, sent in press.response.calls] == [
        ("edit", three[1].to_dict()),
        ("edit", three[0].to_dict()),
    ]
    assert [buttons(sent["view"]) for _, sent in press.response.calls] == [
        {"◀": True, "▶": True},
        {"◀": False, "▶": True},
    ]
    await client.pages.stop()


async def test_turning_past_the_ends_stays_on_the_pages() -> None:
    """A stale press beyond either end shows the last or the first page."""
    client = bot()
    two = pages(2)
    await send_pages(interaction(client), two)
    press = interaction(client, interaction_id=1)
    await turn_page(press, ANSWER_ID, 5)
    await turn_page(press, ANSWER_ID, -3)
    assert [sent["embed"].title for _, sent in press.response.calls] == [two[1].title, two[0].title]
    await client.pages.stop()


async def test_someone_else_is_refused_privately() -> None:
    """Another user's press leaves the pages alone and gets an ephemeral word naming the invoker."""
    client = bot()
    await send_pages(interaction(client, INVOKER), pages(2))
    press = interaction(client, SOMEONE_ELSE, interaction_id=1)
    await turn_page(press, ANSWER_ID, 1)
    assert press.response.calls == [
        (
            "send",
            {
                "content": f"Only <@{INVOKER}> can turn these pages; run the command yourself.",
                "ephemeral": True,
            },
        )
    ]
    await client.pages.stop()


def test_refusal_names_the_invoker() -> None:
    """The refusal says whose pages these are and what to do instead."""
    assert refusal(7) == "Only <@7> can turn these pages; run the command yourself."


@pytest.mark.parametrize("answer_id", [ANSWER_ID, None])
async def test_a_press_on_pages_this_bot_does_not_hold_says_they_expired(answer_id: int | None) -> None:
    """After the timeout, or a restart, or on a message no command made, a press is told privately to
    ask again."""
    press = interaction(bot())
    await turn_page(press, answer_id, 1)
    assert press.response.calls == [("send", {"content": EXPIRED, "ephemeral": True})]


async def test_pages_expire_after_the_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sweeper ends an answer at its timeout: it is gone from the store and a press says it expired."""
    monkeypatch.setattr(paging, "PAGE_TIMEOUT_S", 0.05)
    client = bot()
    origin = interaction(client)
    origin.response.send_message = _sent_without_message(origin.response)
    await send_pages(origin, pages(2))
    assert client.pages.get(ANSWER_ID) is not None
    await asyncio.sleep(0.2)
    assert len(client.pages) == 0
    press = interaction(client, interaction_id=1)
    await turn_page(press, ANSWER_ID, 1)
    assert press.response.calls == [("send", {"content": EXPIRED, "ephemeral": True})]


async def test_open_answers_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past MAX_OPEN the oldest answers end early, so a flood of commands cannot grow the bot."""
    monkeypatch.setattr(paging, "MAX_OPEN", 2)
    client = bot()
    for answer_id in (1, 2, 3):
        await send_pages(interaction(client, interaction_id=answer_id), pages(2))
    assert len(client.pages) == 2
    assert client.pages.get(1) is None
    assert client.pages.get(2) is not None and client.pages.get(3) is not None
    await client.pages.stop()


def _sent_without_message(response: Response) -> Any:
    """A reply with no message id (as on the console): nothing to edit when the answer expires."""

    async def send_message(content: str | None = None, **kwargs: Any) -> Any:
        await Response.send_message(response, content, **kwargs)
        return SimpleNamespace(message_id=None)

    return send_message


async def test_open_answers_are_bounded_by_the_bytes_of_their_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the byte budget the oldest answers expire early; the newest stay whole and readable."""
    wordy = [discord.Embed(title=f"page {n}", description=f"{n} " * 1500) for n in range(4)]
    size = len(paging.packed(wordy))
    monkeypatch.setattr(paging, "MAX_OPEN_BYTES", 3 * size)
    client = bot()
    for answer_id in range(1, 6):  # distinct lists, packed apart: each answer counts its own bytes
        await send_pages(interaction(client, interaction_id=answer_id), list(wordy))
    assert [client.pages.get(n) is not None for n in range(1, 6)] == [False, False, True, True, True]
    assert client.pages.get(5).page(3).to_dict() == wordy[3].to_dict()
    client.pages.close(5)
    await send_pages(interaction(client, interaction_id=6), list(wordy))
    assert [client.pages.get(n) is not None for n in range(3, 7)] == [True, True, False, True]
    await client.pages.stop()

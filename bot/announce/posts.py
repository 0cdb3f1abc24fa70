"""What an announcement says: built from the race book with the same builders as /grid and /results."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace

import discord

from bot.answers.champions import finale_champion
from bot.pictures.specs import Picture, PictureSpec, RaceChart, grid_card
from bot.pictures.specs import digest as picture_digest
from bot.render.announcements import grid_post_embed, post_content, results_post_embed
from bot.render.standings_post import standings_post_embed
from db.store.ledger import RaceBook
from db.store.ledger.lineups import lineup_entries
from db.store.ledger.poles import margin
from db.store.ledger.races import finishing_order, starting_grid
from kernel.lineups import lineup_problem
from kernel.reports import EventInfo, GridReport, ResultsReport
from kernel.standings import StandingsReport


@dataclass(frozen=True, slots=True)
class Post:
    """A message ready to send; `digest` tells a changed grid from the one already posted."""

    content: str
    embed: discord.Embed
    allowed_mentions: discord.AllowedMentions
    digest: str
    # A grid post's card or a results post's race chart: what to draw, and once drawn, the picture (the
    # message's embed shows it; a spoiler picture goes beside the embed, named SPOILER_…).
    card: PictureSpec | None = None
    picture: Picture | None = None
    spoiler: bool = False


def _mentions(role_id: int | None) -> discord.AllowedMentions:
    """Nobody, or the one opt-in role: never @everyone, users or any other role."""
    if role_id is None:
        return discord.AllowedMentions.none()
    return discord.AllowedMentions(
        everyone=False, users=False, roles=[discord.Object(id=role_id)], replied_user=False
    )


def _post(content: str, embed: discord.Embed, role_id: int | None) -> Post:
    # The answers' freshness (last sync time) is left out of posts, so only the race's own data
    # changes the digest and a sync round never edits a post.
    body = json.dumps({"content": content, "embed": embed.to_dict()}, sort_keys=True, default=str)
    digest = hashlib.sha256(body.encode()).hexdigest()
    return Post(content, embed, _mentions(role_id), digest)


def grid_post(book: RaceBook, event: EventInfo, role_id: int | None) -> Post | None:
    """The starting-grid post, or None while the book holds no lineup for the race."""
    slots, from_qualifying = starting_grid(book, event.id)
    if not slots or from_qualifying:
        return None
    event = book.events.get(event.id, event)
    outside = slots[1] if len(slots) > 1 and slots[1].position == 2 else None
    pole_margin = margin(slots[0], outside, event.track_length_miles) if slots[0].position == 1 else None
    report = GridReport(event, slots, from_qualifying)
    post = _post(post_content("grid", event, role_id), grid_post_embed(report, pole_margin), role_id)
    return replace(post, card=grid_card(report))


def lineup_fault(book: RaceBook, event_id: int) -> str | None:
    """Why the stored lineup must be held back (a gap, a repeat, a car without a driver), or None."""
    return lineup_problem(lineup_entries(book, event_id))


def results_post(
    book: RaceBook,
    event: EventInfo,
    role_id: int | None,
    *,
    spoiler: bool,
    chart: RaceChart | None = None,
) -> Post | None:
    """The official-results post (order behind spoiler tags with `spoiler`), or None while there are none.

    With the race's `chart` (its lap times are stored) the post carries it, as a spoiler with `spoiler`;
    the chart is part of the digest, so lap times that come after the post edit it in.
    """
    lines = finishing_order(book, event.id)
    event = book.events.get(event.id, event)
    if not lines or not event.results_official:
        return None
    report = ResultsReport(
        event,
        lines,
        official=True,
        stats=book.stats.get(event.id),
        champion=finale_champion(book, event),
        changes=book.changes.get(event.id, ()),
    )
    embed = results_post_embed(report, spoiler=spoiler)
    post = _post(post_content("results", event, role_id), embed, role_id)
    if chart is None:
        return post
    with_chart = hashlib.sha256(f"{post.digest} {picture_digest(chart)}".encode()).hexdigest()
    return replace(post, digest=with_chart, card=chart, spoiler=spoiler)


def standings_post(report: StandingsReport, event: EventInfo, role_id: int | None, *, spoiler: bool) -> Post:
    """The top of the series' standings after the race (NASCAR's table, which must count it: the
    caller's `kernel.announcing.standings_decision`)."""
    embed = standings_post_embed(report, event, spoiler=spoiler)
    return _post(post_content("standings", event, role_id), embed, role_id)

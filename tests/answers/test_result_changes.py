"""/results after NASCAR changed the result: the new order, and one line saying when and why.

Richmond 2023's real payload, made official and then read again with Kyle Larson disqualified;
the expected order comes from that payload.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.answers.service import Answers
from bot.render.races import results_pages
from db.store import Store
from tests.importers.feed.richmond_amended import (
    FAILED_INSPECTION,
    OFFICIAL_AT,
    TUESDAY,
    Payloads,
    disqualified,
    official,
    store_read,
)

NOW = datetime(2023, 4, 6, tzinfo=UTC)


async def test_results_say_the_winner_was_disqualified_after_the_race(
    sqlite_store: Store, payloads: Payloads
) -> None:
    """The runner-up wins in the title; the summary opens with Tuesday's change and its reason; the full
    order puts Larson last."""
    await store_read(sqlite_store, official(payloads), OFFICIAL_AT)
    after = disqualified(payloads, "5", FAILED_INSPECTION)
    await store_read(sqlite_store, after, TUESDAY)
    answers = Answers(sqlite_store, clock=lambda: NOW)
    await answers.refresh()
    report = await answers.results("richmond", year=2023)
    order = sorted(after["weekend_race"][0]["results"], key=lambda result: result["finishing_position"])
    first, *_, last = results_pages(report)
    assert (first.title or "").startswith(f"{order[0]['driver_fullname']} won ")
    summary = (first.description or "").split("\n\n")[1].splitlines()
    assert summary[0] == (
        f"Changed after the race (<t:{int(TUESDAY.timestamp())}:d>): #5 Kyle Larson disqualified "
        f"(1st → {len(order)}th) — Failed post-race inspection: Disqualified; order updated"
    )
    assert (last.description or "").splitlines()[-1].startswith(f"{len(order)}. #5 Kyle Larson")
    assert (last.description or "").splitlines()[-1].endswith("disqualified")


async def test_a_result_that_stands_carries_no_change(sqlite_store: Store, payloads: Payloads) -> None:
    """Official and read again unchanged: the report holds no change and the page says nothing of one."""
    await store_read(sqlite_store, official(payloads), OFFICIAL_AT)
    await store_read(sqlite_store, official(payloads), TUESDAY)
    answers = Answers(sqlite_store, clock=lambda: NOW)
    await answers.refresh()
    report = await answers.results("richmond", year=2023)
    assert report.changes == ()
    assert "Changed after the race" not in (results_pages(report)[0].description or "")

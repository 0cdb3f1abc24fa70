"""The bundled sample: the article's facts only, and gone without a trace once real data arrives."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from db.importers.sample import SAMPLE_DIR, remove_sample
from db.store import Store
from db.store.models import Driver, Team, Track


def test_green_flag_is_the_articles_saturday_8_pm_eastern(shared_data: Path) -> None:
    """ "The race will air on Saturday at 8:00 p.m. ET": 2025-03-22 20:00 EDT is 2025-03-23 00:00 UTC."""
    sample = json.loads((SAMPLE_DIR / "truck_2025_homestead.json").read_text())
    article_time = datetime(2025, 3, 22, 20, 0, tzinfo=ZoneInfo("America/New_York"))
    assert datetime.fromisoformat(sample["start_time_utc"]) == article_time
    assert "Saturday at 8:00 p.m. ET" in "".join(
        p.read_text() for p in (shared_data.parent / "seeds").iterdir() if p.is_file()
    )


async def test_removing_the_sample_removes_its_names(store: Store) -> None:
    """Its drivers, teams and track go with it, so 'Tricon Garage' never lingers beside real data."""
    async with store.sessions.begin() as session:
        assert await remove_sample(session) is True
    async with store.sessions() as session:
        counts = [
            await session.scalar(select(func.count()).select_from(model)) for model in (Driver, Team, Track)
        ]
    assert counts == [0, 0, 0]

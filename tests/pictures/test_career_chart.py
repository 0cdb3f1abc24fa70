"""Kyle Larson's Cup career as a chart, drawn from the full history and checked against the raw CSV."""

from __future__ import annotations

import csv
import gzip
from collections import defaultdict
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.pictures.career_chart import WIDTH, career_figure, chart_height, draw_career_chart
from bot.pictures.charts import png
from bot.pictures.specs import CareerChart, career_chart
from kernel.reports import DriverReport
from tests.fulldata import history_answers
from tests.pictures.pixels import SAME, chart_text_difference, decoded, not_blank

pytestmark = [pytest.mark.fulldata, pytest.mark.asyncio(loop_scope="module")]


@pytest.fixture(scope="module")
def larson_seasons(shared_data: Path) -> dict[int, list[int]]:
    """Season -> [starts, wins, top 5s, top 10s] of Kyle Larson in Cup, counted from the raw CSV."""
    seasons: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    with gzip.open(shared_data / "nascar" / "cup_series.csv.gz", "rt", newline="") as stream:
        for row in csv.DictReader(stream):
            if row["Driver"] != "Kyle Larson" or not row["Finish"]:
                continue
            finish, tally = int(row["Finish"]), seasons[int(row["Season"])]
            tally[0] += 1
            tally[1] += finish == 1
            tally[2] += finish <= 5
            tally[3] += finish <= 10
    return dict(seasons)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def larson(history_db: str, history_snapshots: Path) -> AsyncIterator[DriverReport]:
    async with history_answers(history_db, history_snapshots) as answers:
        yield await answers.driver("kyle larson", series="cup")


@pytest.fixture(scope="module")
def chart(larson: DriverReport) -> CareerChart:
    spec = career_chart(larson)
    assert spec is not None
    return spec


async def test_the_chart_has_its_size_and_is_drawn(chart: CareerChart) -> None:
    """One Cup panel: 800 pixels wide, a title and one panel high, not blank."""
    picture = decoded(draw_career_chart(chart))
    assert picture.size == (WIDTH, chart_height(1))
    not_blank(picture)


async def test_the_title_reads_the_drivers_name(chart: CareerChart) -> None:
    """The title's pixels are "Kyle Larson" drawn there, and not another name."""
    figure = career_figure(chart)
    drawn = png(figure)
    title = figure.texts[0]
    assert chart_text_difference(figure, drawn, title, "Kyle Larson") < SAME
    assert chart_text_difference(figure, drawn, title, "Kyle Busch") > 5 * SAME


async def test_the_bars_are_the_raw_seasons(chart: CareerChart, larson_seasons: dict[int, list[int]]) -> None:
    """Each season's starts, wins, top 5s and top 10s are the raw CSV's, season by season in order."""
    (panel,) = chart.panels
    assert [bar.season for bar in panel.seasons] == sorted(larson_seasons)
    drawn = {bar.season: [bar.starts, bar.wins, bar.top5, bar.top10] for bar in panel.seasons}
    assert drawn == larson_seasons
    axes = career_figure(chart).axes[0]
    heights = {
        label: [patch.get_height() for patch in bars]
        for bars, label in zip(axes.containers, ("s", "t10", "t5", "w"), strict=True)
    }
    assert heights["w"] == [larson_seasons[season][1] for season in sorted(larson_seasons)]


async def test_the_legend_names_what_the_bars_count(chart: CareerChart) -> None:
    """Starts, top 10s, top 5s, wins and the average finish, in that order, read in the legend's pixels."""
    figure = career_figure(chart)
    drawn = png(figure)
    legend = figure.axes[0].get_legend()
    assert legend is not None
    texts = legend.get_texts()
    expected = ["Starts", "Top 10s", "Top 5s", "Wins", "Avg finish"]
    assert [text.get_text() for text in texts] == expected
    for text, label in zip(texts, expected, strict=True):
        assert chart_text_difference(figure, drawn, text, label) < SAME

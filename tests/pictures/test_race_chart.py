"""The race chart from NASCAR's real lap-times payloads: positions by lap for the top ten at the finish,
the legend read back in finishing order; and payloads racebot refuses, with where and why."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from bot.pictures.charts import png
from bot.pictures.lap_times import LapTimesError, race_chart, read_lap_times
from bot.pictures.race_chart import HEIGHT, WIDTH, draw_race_chart, race_figure
from kernel.laps import parse_lap_times
from tests.pictures.pixels import SAME, chart_text_difference, decoded, not_blank

PAYLOADS = ["lap-times_2020_1_4973.json.gz", "lap-times_2023_2_5314.json.gz"]


def _raw(shared_data: Path, name: str) -> dict[str, Any]:
    with gzip.open(shared_data / "nascar-feed" / name, "rt") as stream:
        payload: dict[str, Any] = json.load(stream)
    return payload


def _expected_labels(payload: dict[str, Any]) -> list[str]:
    """The top ten at the finish (final RunningPos, ties in feed order), as "place #car name"."""
    cars = sorted(payload["laps"], key=lambda car: car["RunningPos"])[:10]
    names = [car["FullName"].removesuffix("(i)").removesuffix("#").strip() for car in cars]
    return [
        f"{place} #{car['Number']} {name}"
        for place, (car, name) in enumerate(zip(cars, names, strict=True), 1)
    ]


@pytest.mark.parametrize("name", PAYLOADS)
def test_the_chart_has_its_size_and_is_drawn(shared_data: Path, name: str) -> None:
    """960 × 520, not blank."""
    spec = race_chart(read_lap_times(shared_data / "nascar-feed" / name), title="Race")
    picture = decoded(draw_race_chart(spec))
    assert picture.size == (WIDTH, HEIGHT)
    not_blank(picture)


@pytest.mark.parametrize("name", PAYLOADS)
def test_the_legend_reads_the_top_ten_in_finishing_order(shared_data: Path, name: str) -> None:
    """Each legend line's pixels are the expected "place #car driver", in finishing order."""
    expected = _expected_labels(_raw(shared_data, name))
    figure = race_figure(race_chart(read_lap_times(shared_data / "nascar-feed" / name), title="Race"))
    drawn = png(figure)
    legend = figure.axes[0].get_legend()
    assert legend is not None
    texts = legend.get_texts()
    assert len(texts) == len(expected) == 10
    for text, label in zip(texts, expected, strict=True):
        assert chart_text_difference(figure, drawn, text, label) < SAME, label
    assert chart_text_difference(figure, drawn, texts[0], expected[1]) > 5 * SAME


def test_the_winners_line_is_his_running_position_lap_by_lap(shared_data: Path) -> None:
    """Truex's line (2020 Martinsville) is the payload's RunningPos at every lap 0–500."""
    payload = _raw(shared_data, PAYLOADS[0])
    winner = min(payload["laps"], key=lambda car: car["RunningPos"])
    spec = race_chart(read_lap_times(shared_data / "nascar-feed" / PAYLOADS[0]), title="Race")
    assert spec.laps == 500
    assert list(spec.lines[0].positions) == [
        lap["RunningPos"] for lap in sorted(winner["Laps"], key=lambda lap: lap["Lap"])
    ]


def test_caution_periods_are_the_yellow_laps(shared_data: Path) -> None:
    """Every lap completed under yellow is in exactly one caution period, and no other lap is."""
    payload = _raw(shared_data, PAYLOADS[0])
    yellow = {flag["LapsCompleted"] for flag in payload["flags"] if flag["FlagState"] == 2}
    shaded = {lap for first, last in parse_lap_times(payload).cautions() for lap in range(first, last + 1)}
    assert shaded == yellow


@pytest.mark.parametrize(
    ("payload", "where"),
    [
        ({"flags": []}, "$: missing key 'laps'"),
        ({"laps": [{"Number": "1"}], "flags": []}, "$.laps[0]: missing key 'RunningPos'"),
        (
            {
                "laps": [{"Number": "1", "FullName": "A", "RunningPos": 1, "Laps": [{"Lap": "1"}]}],
                "flags": [],
            },
            "$.laps[0].Laps[0].Lap: expected int, got str",
        ),
        ({"laps": [], "flags": []}, "$.laps: 0 cars"),
    ],
)
def test_a_payload_of_the_wrong_shape_is_refused_with_its_path(payload: Any, where: str) -> None:
    """The refusal names the JSON path of the first fault."""
    with pytest.raises(
        LapTimesError, match=where.replace("[", r"\[").replace("]", r"\]").replace("$", r"\$")
    ):
        race_chart(payload, title="Race")


def test_a_file_over_the_limit_is_refused(tmp_path: Path) -> None:
    """More than 8 MiB is not read as lap times."""
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (8 * 1024 * 1024 + 1))
    with pytest.raises(LapTimesError, match="over the 8,388,608-byte limit"):
        read_lap_times(big)

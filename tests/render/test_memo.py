"""Reusing built embeds: only for the very same report object, and only the latest few."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.render import memo
from bot.render.memo import reuse


@dataclass(frozen=True)
class Report:
    name: str


def test_the_same_report_is_built_once() -> None:
    """A second call with the very same report gets what the first built, without building again."""
    built: list[str] = []

    def build(report: Report) -> list[str]:
        built.append(report.name)
        return [report.name.upper()]

    report = Report("larson")
    first = reuse(build, report)
    assert reuse(build, report) is first
    assert built == ["larson"]


def test_an_equal_but_new_report_is_built_again() -> None:
    """Reuse goes by identity: a new report object (fresh data, a new footer) is built anew."""
    built: list[str] = []

    def build(report: Report) -> str:
        built.append(report.name)
        return report.name

    reuse(build, Report("elliott"))
    reuse(build, Report("elliott"))
    assert built == ["elliott", "elliott"]


def test_builders_are_remembered_apart() -> None:
    """Two builders given one report each build their own output."""
    report = Report("byron")
    assert reuse(lambda r: "title " + r.name, report) == "title byron"
    assert reuse(lambda r: "page " + r.name, report) == "page byron"


def test_only_the_latest_reports_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past SIZE the oldest report is let go (and built again if it comes back)."""
    monkeypatch.setattr(memo, "SIZE", 2)
    built: list[str] = []

    def build(report: Report) -> str:
        built.append(report.name)
        return report.name

    oldest, middle, newest = Report("a"), Report("b"), Report("c")
    for report in (oldest, middle, newest, newest, middle, oldest):
        reuse(build, report)
    assert built == ["a", "b", "c", "a"]

"""Spans of seasons (`from_year`, `to_year`) as options check and answers word them."""

from __future__ import annotations

from bot.answers.errors import NoData


def check_span(from_year: int | None, to_year: int | None) -> None:
    if from_year is not None and to_year is not None and from_year > to_year:
        raise NoData(f"from_year {from_year} is after to_year {to_year}: swap them.")


def span_text(from_year: int | None, to_year: int | None) -> str:
    """ " from 2010 to 2020", " from 2010", " up to 2020" or nothing."""
    if from_year and to_year:
        return f" from {from_year} to {to_year}"
    if from_year:
        return f" from {from_year}"
    return f" up to {to_year}" if to_year else ""

"""A choice option at the console takes what Discord's client can send, and lists the choices otherwise."""

from __future__ import annotations

import pytest

from bot.cli.console import ConsoleError, interaction_payload
from cogs.leaders import Leaders

# /leaders' stat choices, as Discord shows them.
STATS_SHOWN = (
    "Wins, Poles, Top 5s, Top 10s, Laps led, Starts, Races led, Average finish, Points earned, Driver rating"
)


def test_a_bad_choice_lists_the_choices(racebot, capsys: pytest.CaptureFixture[str]) -> None:
    """/leaders stat:top_5s is refused, as Discord's client would, naming every choice as Discord shows it."""
    assert racebot("ask", "/leaders stat:top_5s") == 2
    assert capsys.readouterr().err.strip() == (
        f"racebot: Option 'stat' takes one of: {STATS_SHOWN}; not 'top_5s'."
    )


@pytest.mark.parametrize("typed", ["top5", "Top 5s", "top 5s"])
def test_a_choice_by_value_or_by_name(typed: str) -> None:
    """The value Discord sends or the name it shows (in any case) both become the choice's value."""
    [option] = interaction_payload(Leaders.leaders, {"stat": typed})["data"]["options"]
    assert option == {"name": "stat", "type": 3, "value": "top5"}


def test_a_long_bad_choice_is_clipped() -> None:
    """A 5,000-character value is echoed clipped, like every value an error repeats."""
    with pytest.raises(ConsoleError) as raised:
        interaction_payload(Leaders.leaders, {"stat": "x" * 5000})
    assert len(str(raised.value)) < 250 and str(raised.value).endswith("…'.")

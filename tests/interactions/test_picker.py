"""The pick list's re-run: which option a pick replaces, and the options a pick ran with."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from bot.answers.errors import Ambiguous
from bot.interactions.picker import RERUN, rerun_options


def interaction(**options: Any) -> Any:
    """What `rerun_options` reads of an interaction: its namespace and extras."""
    return SimpleNamespace(namespace=SimpleNamespace(**options), extras={}, command=None)


def test_the_ambiguous_driver_b_is_replaced_and_driver_a_kept() -> None:
    asked = interaction(driver_a="kyle busch", driver_b=" busch ", series="cup", from_year=2010)
    error = Ambiguous("driver", "busch", ["Kyle Busch", "Kurt Busch"])
    assert rerun_options(asked, error, "Kurt Busch") == {
        "driver_a": "kyle busch",
        "driver_b": "Kurt Busch",
        "series": "cup",
        "from_year": 2010,
    }


def test_a_pick_that_asks_again_reruns_with_the_first_pick_kept() -> None:
    """A button press has no options of its own: those its pick ran with stand in."""
    press = interaction()
    press.extras[RERUN] = ("compare", {"driver_a": "Kyle Busch", "driver_b": "busch"})
    error = Ambiguous("driver", "busch", ["Kyle Busch", "Kurt Busch"])
    assert rerun_options(press, error, "Kurt Busch") == {"driver_a": "Kyle Busch", "driver_b": "Kurt Busch"}


def test_no_option_holds_the_name_is_none() -> None:
    error = Ambiguous("driver", "busch", ["Kyle Busch", "Kurt Busch"])
    assert rerun_options(interaction(name="larson"), error, "Kurt Busch") is None

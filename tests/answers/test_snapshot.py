"""Start-up snapshots: a second start on the same data loads the names and race book instead of
rebuilding them, and never loads a snapshot of other data, another store or other code."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest

import bot.answers.service as service_module
from bot.answers.service import Answers
from bot.answers.snapshot import Derived, Snapshots, code_fingerprint
from bot.config import Settings
from db.store import Store
from db.store.state import DataStamp, bump_data_version, data_stamp

CLOCK = datetime(2026, 1, 1, tzinfo=UTC)


def _snapshots(folder: Path, store: Store) -> Snapshots:
    return Snapshots(folder, str(store.engine.url))


def _saved(folder: Path) -> set[Path]:
    return set(folder.glob("*.pickle"))


def _corrupt(path: Path) -> None:
    path.write_bytes(b"not a pickle")


def _no_rebuild(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on a rebuild fails the test: the answers must come from the snapshot."""

    async def refuse(*_: object) -> None:
        raise AssertionError("rebuilt instead of loading the snapshot")

    monkeypatch.setattr(service_module, "build_name_index", refuse)
    monkeypatch.setattr(service_module, "load_race_book", refuse)


async def test_a_second_start_loads_the_snapshot_and_answers_alike(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = Answers(store, clock=lambda: CLOCK, snapshots=_snapshots(tmp_path, store))
    await first.refresh()
    assert len(_saved(tmp_path)) == 1
    _no_rebuild(monkeypatch)
    second = Answers(store, clock=lambda: CLOCK, snapshots=_snapshots(tmp_path, store))
    await second.refresh()
    assert await second.pole("homestead") == await first.pole("homestead")
    assert await second.driver("heim") == await first.driver("heim")
    assert second.names.complete_driver("cor") == first.names.complete_driver("cor")


async def test_new_data_is_rebuilt_and_replaces_the_old_snapshot(store: Store, tmp_path: Path) -> None:
    answers = Answers(store, clock=lambda: CLOCK, snapshots=_snapshots(tmp_path, store))
    await answers.refresh()
    before = _saved(tmp_path)
    async with store.sessions.begin() as session:
        await bump_data_version(session)
    await answers.refresh()
    after = _saved(tmp_path)
    assert len(after) == 1 and after != before
    stamp = await data_stamp(store.sessions)
    assert after == {_snapshots(tmp_path, store).path(stamp)}


def test_a_snapshot_belongs_to_one_store_and_one_version_of_its_data(tmp_path: Path) -> None:
    """Two stores never share one; nor does a store imported anew whose counter came back to the same
    version (its time differs)."""
    one = Snapshots(tmp_path, "sqlite+aiosqlite:///one.db")
    other = Snapshots(tmp_path, "sqlite+aiosqlite:///other.db")
    stamp = DataStamp(3, datetime(2026, 1, 1, tzinfo=UTC))
    again = DataStamp(3, datetime(2026, 2, 1, tzinfo=UTC))
    paths = {one.path(stamp), other.path(stamp), one.path(again), one.path(DataStamp(4, stamp.changed_at))}
    assert len(paths) == 4


def test_changed_code_has_another_fingerprint(tmp_path: Path) -> None:
    """An upgrade (any source or data file of the packages changed) never loads an older snapshot."""
    module = tmp_path / "db" / "store" / "book.py"
    module.parent.mkdir(parents=True)
    module.write_text("A = 1\n")
    (tmp_path / "bot").mkdir()
    (tmp_path / "bot" / "aliases.csv").write_text("alias,target\n")
    before = code_fingerprint(tmp_path)
    module.write_text("A = 12\n")
    assert code_fingerprint(tmp_path) != before


async def test_an_unreadable_snapshot_is_rebuilt_and_replaced(
    store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    snapshots = _snapshots(tmp_path, store)
    _corrupt(snapshots.path(await data_stamp(store.sessions)))
    answers = Answers(store, clock=lambda: CLOCK, snapshots=snapshots)
    with caplog.at_level(logging.WARNING):
        await answers.refresh()
    assert "unreadable" in caplog.text
    assert (await answers.pole("homestead")).pole.driver == "Corey Heim"
    assert snapshots.load(await data_stamp(store.sessions)) is not None


async def test_a_folder_that_cannot_be_written_still_answers(
    store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "a-file"
    _corrupt(blocked)
    answers = Answers(store, clock=lambda: CLOCK, snapshots=_snapshots(blocked / "snapshots", store))
    with caplog.at_level(logging.WARNING):
        await answers.refresh()
    assert "could not save the start-up snapshot" in caplog.text
    assert (await answers.pole("homestead")).pole.driver == "Corey Heim"


def test_a_saved_snapshot_loads_whole(sample_derived: Derived, tmp_path: Path) -> None:
    snapshots = Snapshots(tmp_path, "sqlite+aiosqlite:///x.db")
    stamp = DataStamp(1, datetime(2026, 1, 1, tzinfo=UTC))
    snapshots.save(stamp, sample_derived)
    loaded = snapshots.load(stamp)
    assert loaded is not None
    assert loaded.book.events == sample_derived.book.events
    assert list(loaded.book.car[0 : len(loaded.book.car)]) == list(
        sample_derived.book.car[0 : len(sample_derived.book.car)]
    )


@pytest.fixture
async def sample_derived(store: Store) -> Derived:
    answers = Answers(store, clock=lambda: CLOCK)
    await answers.refresh()
    return Derived(answers.names, answers.book)


def test_the_snapshot_folder_is_the_users_cache_and_can_be_turned_off(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert Settings(_env_file=None).snapshot_folder == tmp_path / "racebot"  # type: ignore[call-arg]
    monkeypatch.setenv("SNAPSHOT_FOLDER", "")
    assert Settings(_env_file=None).snapshot_folder is None  # type: ignore[call-arg]

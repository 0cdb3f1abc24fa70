"""The compact tables of the name index give back each key's ids as given, also after pickling."""

from __future__ import annotations

import pickle

from bot.resolve.postings import Groups, Postings, WordPostings


def test_each_key_gives_back_its_ids_in_the_order_given() -> None:
    """Ids keep their order and repeats: the order ranks ties between equal hits."""
    table = Postings({"busch": [1, 2], "kyle": [3, 1, 3], "larson": [3]})
    assert [list(table.ids(key)) for key in ("busch", "kyle", "larson")] == [[1, 2], [3, 1, 3], [3]]


def test_a_key_not_in_the_table_has_no_ids() -> None:
    """An unknown key, or a prefix of a known one, finds nothing."""
    table = Postings({"busch": [1, 2]})
    assert (list(table.ids("larson")), list(table.ids("busc")), "larson" in table) == ([], [], False)


def test_a_key_with_no_ids_is_still_a_key() -> None:
    """A key given an empty group is in the table, with no ids, and the next key's ids are its own."""
    table = Postings({"ghost": [], "busch": [7]})
    assert ("ghost" in table, list(table.ids("ghost")), list(table.ids("busch"))) == (True, [], [7])


def test_keys_iterate_in_the_order_given() -> None:
    """Iterating gives the keys as they were given, as a dict would."""
    assert list(Postings({"kyle": [1], "busch": [1], "austin": [2]})) == ["kyle", "busch", "austin"]


def test_groups_are_found_by_their_number() -> None:
    """Group k holds the k-th group given."""
    groups = Groups([[5], [], [6, 7]])
    assert [list(groups.at(slot)) for slot in range(3)] == [[5], [], [6, 7]]


def test_each_id_comes_with_its_word() -> None:
    """(id, word) pairs come back as given; an unknown key has none."""
    table = WordPostings({"LRSN": [(3, "larson"), (4, "larsen")], "BX": [(1, "busch")]})
    assert list(table.pairs("LRSN")) == [(3, "larson"), (4, "larsen")]
    assert (list(table.pairs("BX")), list(table.pairs("KN"))) == ([(1, "busch")], [])


def test_tables_come_back_alike_from_a_pickle() -> None:
    """Start-up snapshots pickle the tables: keys, ids and words survive."""
    table = pickle.loads(pickle.dumps(WordPostings({"LRSN": [(3, "larson")], "BX": [(1, "busch")]})))
    assert (list(table), list(table.pairs("LRSN")), list(table.ids("BX"))) == (
        ["LRSN", "BX"],
        [(3, "larson")],
        [1],
    )

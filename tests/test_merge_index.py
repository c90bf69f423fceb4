"""catalog update's fuzzy index at its edges (written against mutants that survived
test_catalog_merge.py; see benchmarks/mutation.py)."""

from __future__ import annotations

import polib

from locnews.catalogs.merge import FuzzyIndex, similarity


def _entry(msgid: str) -> polib.POEntry:
    return polib.POEntry(msgid=msgid, msgstr=f"T:{msgid}")


def test_two_empty_strings_are_identical():
    assert similarity("", "") == 1.0
    assert similarity("", "a") == 0.0


def test_short_query_finds_short_messages_of_every_compatible_length():
    # a query under 4 characters is compared with the short messages whose length could reach the
    # threshold: from len/(2/0.6 - 1) up to len*(2/0.6 - 1) bytes, both ends included
    index = FuzzyIndex([_entry("Yaa!"), _entry("Baca"), _entry("OK!")])
    assert index.search(None, "Ya").msgid == "Yaa!"  # 4 bytes: the upper end for a 2-byte query
    assert index.search(None, "Ok!").msgid == "OK!"
    assert index.search(None, "Bac").msgid == "Baca"
    assert FuzzyIndex([_entry("Yaaaa!")]).search(None, "Ya") is None  # 6 bytes: too long to match

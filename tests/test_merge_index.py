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


def test_a_query_of_only_common_words_still_finds_its_message():
    # every word of the query is in more than the index's cap of messages: the rarest one is used
    index = FuzzyIndex([_entry(f"Berita hari {k} dari redaksi") for k in range(300)])
    assert index.search(None, "Berita hari 7 dari redaksi kami").msgid == "Berita hari 7 dari redaksi"
    assert index.search(None, "Berita hari dari redaksi").msgid.startswith("Berita hari ")  # no rare word


def test_candidates_are_the_messages_sharing_the_most_words_not_the_last_ones():
    query = ("Pemerintah provinsi menyiapkan anggaran tambahan untuk perbaikan jalan rusak di seluruh "
             "kabupaten setelah musim hujan panjang tahun ini menurut kepala dinas pekerjaan umum")
    near = query.replace("panjang", "lebat")
    # more messages sharing one word each than the index scores, all after the near one
    others = [f"Catatan {k} tentang anggaran" for k in range(100)]
    assert FuzzyIndex([_entry(near), *map(_entry, others)]).search(None, query).msgid == near


def test_a_message_in_the_same_context_wins_a_tie():
    old = [polib.POEntry(msgctxt="menu", msgid="Berita terbaru hari ini", msgstr="a"),
           polib.POEntry(msgctxt="footer", msgid="Berita terbaru hari ini", msgstr="b")]
    assert FuzzyIndex(old).search("footer", "Berita terbaru hari itu").msgstr == "b"
    assert FuzzyIndex(old).search("menu", "Berita terbaru hari itu").msgstr == "a"

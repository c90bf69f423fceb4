"""catalog update's merge in detail: the header, revived and reshaped entries, plural previous
msgids, an empty msgid with a context (written against mutants that survived test_catalog_merge.py)."""

from __future__ import annotations

import polib

from locnews.catalogs.merge import merge


def _po(*entries: polib.POEntry, **metadata: str) -> polib.POFile:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", **metadata}
    for e in entries:
        po.append(e)
    return po


def test_language_header_is_filled_when_missing():
    new, _ = merge(_po(), _po(polib.POEntry(msgid="Berita")), "en")
    assert new.metadata["Language"] == "en"
    kept, _ = merge(_po(Language="en_GB"), _po(polib.POEntry(msgid="Berita")), "en")
    assert kept.metadata["Language"] == "en_GB"


def test_an_obsolete_entry_whose_msgid_returns_is_revived_and_counted():
    old = _po(polib.POEntry(msgid="Berita", msgstr="News", obsolete=True), Language="en")
    new, stats = merge(old, _po(polib.POEntry(msgid="Berita")), "en")
    assert new.find("Berita").msgstr == "News" and not new.find("Berita").obsolete
    assert (stats.revived, stats.kept) == (1, 1)


def test_a_reshaped_plural_keeps_its_plural_previous_msgid():
    # a two-form Indonesian catalog: the entry gets one form, is fuzzy, and says what it was
    old = _po(polib.POEntry(msgid="{n} komentar", msgid_plural="{n} komentar-komentar",
                            msgstr_plural={0: "satu", 1: "banyak"}),
              Language="id", **{"Plural-Forms": "nplurals=2; plural=(n != 1);"})
    pot = _po(polib.POEntry(msgid="{n} komentar", msgid_plural="{n} komentar-komentar"))
    new, _ = merge(old, pot, "id")
    e = new.find("{n} komentar")
    assert e.msgstr_plural == {0: "banyak"} and "fuzzy" in e.flags
    assert (e.previous_msgid, e.previous_msgid_plural) == ("{n} komentar", "{n} komentar-komentar")


def test_a_fuzzy_match_from_a_plural_entry_keeps_its_plural_previous_msgid():
    old = _po(polib.POEntry(msgid="%(n)s artikel baru hari ini", msgid_plural="%(n)s artikel baru hari ini",
                            msgstr_plural={0: "%(n)s new article today", 1: "%(n)s new articles today"}),
              Language="en", **{"Plural-Forms": "nplurals=2; plural=(n != 1);"})
    pot = _po(polib.POEntry(msgid="%(n)s artikel terbaru hari ini", msgid_plural="%(n)s artikel terbaru hari ini"))
    new, stats = merge(old, pot, "en")
    e = new.find("%(n)s artikel terbaru hari ini")
    assert stats.fuzzy_matched == 1 and "fuzzy" in e.flags
    assert e.previous_msgid_plural == "%(n)s artikel baru hari ini"


def test_an_empty_msgid_with_a_context_is_an_entry_not_the_header():
    pot = _po(polib.POEntry(msgctxt="menu", msgid=""), polib.POEntry(msgid="Berita"))
    new, _ = merge(_po(Language="en"), pot, "en")
    assert [(e.msgctxt, e.msgid) for e in new] == [("menu", ""), (None, "Berita")]

"""Translation memory details: where the memory lives, its keys and timestamps, and TMX files
from other tools (written against mutants that survived test_tm.py; see benchmarks/mutation.py)."""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest

from locnews.errors import LocnewsError
from locnews.mt.tm import TranslationMemory, default_tm_path, normalise, read_tmx


def test_default_memory_outside_a_project_is_in_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("LOCNEWS_TM", raising=False)
    monkeypatch.chdir(tmp_path)
    assert default_tm_path() == tmp_path.resolve() / ".locnews" / "tm.sqlite"
    (tmp_path / "locales").mkdir()
    (tmp_path / "sub").mkdir()
    assert default_tm_path(tmp_path / "sub") == tmp_path.resolve() / ".locnews" / "tm.sqlite"
    monkeypatch.setenv("LOCNEWS_TM", str(tmp_path / "x.sqlite"))
    assert default_tm_path() == tmp_path / "x.sqlite"


def test_the_fuzzy_key_sets_numbers_aside():
    assert normalise("  Harga naik 5,5 persen   menjadi Rp 2.000.") == "harga naik # persen menjadi rp #."


def test_timestamps_are_utc_whatever_the_local_zone(tmp_path, monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Jakarta")  # UTC+7
    time.tzset()
    try:
        with TranslationMemory(tmp_path / "m.sqlite") as m:
            m.add("Satu.", "One.", "id", "en", "x")
            stamp = m.db.execute("SELECT updated FROM units").fetchone()[0]
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    written = dt.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)
    assert abs(written - dt.datetime.now(dt.timezone.utc)) < dt.timedelta(hours=1)


def _tmx(tmp_path, body: str, header: str = 'srclang="id"') -> os.PathLike:
    p = tmp_path / "vendor.tmx"
    p.write_text(f'<?xml version="1.0"?>\n<tmx version="1.4"><header {header} datatype="plaintext"/>\n'
                 f"<body>{body}</body></tmx>\n", encoding="utf-8")
    return p


def test_tmx_source_language_comes_from_the_header_when_a_unit_has_none(tmp_path):
    p = _tmx(tmp_path, '<tu><tuv xml:lang="en"><seg>One.</seg></tuv><tuv xml:lang="id"><seg>Satu.</seg></tuv></tu>')
    assert read_tmx(p) == [("Satu.", "One.", "id", "en", "tmx:vendor.tmx")]


def test_tmx_unit_with_an_unknown_source_language_uses_its_first_variant(tmp_path):
    p = _tmx(tmp_path, '<tu srclang="fr"><tuv xml:lang="id-ID"><seg>Satu.</seg></tuv>'
                       '<tuv xml:lang="en_GB"><seg>One.</seg></tuv></tu>')
    assert read_tmx(p) == [("Satu.", "One.", "id", "en", "tmx:vendor.tmx")]


def test_tmx_origin_old_lang_attribute_and_inline_markup(tmp_path):
    p = _tmx(tmp_path, '<tu><prop type="x-origin">en/articles/a.po</prop>'
                       '<tuv lang="id"><seg>Harga <hi>naik</hi> 5 persen.</seg></tuv>'
                       '<tuv lang="en"><seg>Prices <hi>rose</hi> 5 percent.</seg></tuv></tu>')
    assert read_tmx(p) == [("Harga naik 5 persen.", "Prices rose 5 percent.", "id", "en", "en/articles/a.po")]


def test_tmx_errors_name_the_file_and_line(tmp_path):
    with pytest.raises(LocnewsError, match="no such TMX file"):
        read_tmx(tmp_path / "missing.tmx")
    broken = tmp_path / "broken.tmx"
    broken.write_text("<tmx>\n<body>\n<tu>\n", encoding="utf-8")
    with pytest.raises(LocnewsError) as err:
        read_tmx(broken)
    assert err.value.line and err.value.line >= 3 and "not valid TMX" in err.value.message
    other = tmp_path / "other.tmx"
    other.write_text("<?xml version='1.0'?>\n<html/>", encoding="utf-8")
    with pytest.raises(LocnewsError) as err:
        read_tmx(other)
    assert err.value.message == "not a TMX file (root element is not <tmx>)" and err.value.line == 2


def test_long_units_sharing_every_word_do_not_crowd_out_the_neighbour(tmp_path):
    # the index query ranks by shared words before the length filter: it must ask for enough
    # candidates that 20 far longer units sharing every word leave room for the real neighbour
    probe = "warga kota itu mengungsi ke masjid"
    with TranslationMemory(tmp_path / "m.sqlite") as m:
        filler = " ".join(f"kata{k}" for k in range(20))
        m.add_many([(f"{probe} {filler} ulang{k}", f"long {k}", "id", "en", "x") for k in range(20)])
        m.add("warga kota itu mengungsi ke gereja", "The townspeople fled to the church.", "id", "en", "x")
        hit = m.lookup(probe, "id", "en", min_score=0.7)
    assert hit is not None and hit.target == "The townspeople fled to the church."


def test_a_throwaway_memory_and_errors_that_name_the_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with TranslationMemory(":memory:", create=False) as m:  # one run's session memory: never a file
        m.add("Satu.", "One.", "id", "en")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(LocnewsError) as err:
        TranslationMemory(tmp_path / "none.sqlite", create=False)
    assert err.value.path == str(tmp_path / "none.sqlite") and "tm import" in err.value.message
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(LocnewsError) as err:
        TranslationMemory(junk)
    assert err.value.path == str(junk) and "not a locnews translation memory" in err.value.message


@pytest.mark.parametrize("new, english", [("ke-11", "11th"), ("ke-13", "13th"), ("ke-22", "22nd"), ("ke-21", "21st"),
                                          ("ke-45", "45th")])
def test_an_ordinal_carried_into_the_memory_target_gets_its_english_suffix(new, english):
    from locnews.mt.tm import substitute_numbers

    out = substitute_numbers(f"Peringatan {new} dibuka.", "Peringatan ke-32 dibuka.", "The 32nd commemoration opened.",
                             "id", "en")
    assert out == f"The {english} commemoration opened."


def test_a_changed_number_after_an_unchanged_one_is_carried_over():
    from locnews.mt.tm import substitute_numbers

    out = substitute_numbers("Harga naik 5 persen menjadi 12 ton.", "Harga naik 5 persen menjadi 10 ton.",
                             "Prices rose 5 percent to 10 tons.", "id", "en")
    assert out == "Prices rose 5 percent to 12 tons."


def test_a_fuzzy_score_is_given_to_three_decimals(tmp_path):
    """The score goes into the catalog comment and the JSON report as it is: 0.955, not 0.95454…"""
    with TranslationMemory(tmp_path / "tm.sqlite") as m:
        m.add_many([("Anak-anak tiba di Moskwa pada Senin malam.", "The children arrived in Moscow late Monday.",
                     "id", "en", "a.po")])
        hit = m.lookup("Anak-anak itu tiba di Moskwa pada Senin malam.", "id", "en")
    assert hit is not None and 0.8 <= hit.score < 1 and hit.score == round(hit.score, 3)

"""Translation memory: exact and fuzzy (>= 0.8, numbers substituted) lookups, TMX both ways, CLI."""

import random

import pytest

from locnews.errors import LocnewsError
from locnews.mt.tm import TranslationMemory, read_tmx, substitute_numbers

PAIRS = [
    ("Harga naik 5 persen menjadi Rp 2.000 per liter.", "The price rose 5 percent to Rp 2,000 per liter."),
    ("Anak-anak tiba di Moskwa pada Senin malam.", "The children arrived in Moscow late Monday."),
    ("Mereka dibawa langsung ke rumah sakit.", "They were taken directly to the hospital."),
]


@pytest.fixture
def mem(tmp_path):
    with TranslationMemory(tmp_path / "tm.sqlite") as m:
        m.add_many((s, t, "id", "en", "en/articles/a.po") for s, t in PAIRS)
        yield m


def test_exact_match(mem):
    m = mem.lookup(PAIRS[1][0], "id", "en")
    assert m.exact and m.score == 1.0 and m.target == PAIRS[1][1]
    assert mem.lookup(PAIRS[1][0], "en", "id") is None  # direction matters


def test_fuzzy_match_substitutes_numbers_in_target_format(mem):
    m = mem.lookup("Harga naik 7 persen menjadi Rp 3.500 per liter.", "id", "en")
    assert not m.exact and m.score >= 0.8
    assert m.target == "The price rose 7 percent to Rp 3,500 per liter."


def test_fuzzy_threshold(mem):
    m = mem.lookup("Anak-anak itu tiba di Moskwa pada Senin malam.", "id", "en")
    assert m is not None and 0.8 <= m.score < 1
    assert mem.lookup("Presiden menolak memberi komentar soal itu.", "id", "en") is None


def test_number_mismatch_is_not_offered():
    assert substitute_numbers("naik 5 dan 6 persen", "naik 5 persen", "up 5 percent", "id", "en") is None
    assert substitute_numbers("naik 2.500 orang", "naik 1.000 orang", "up 1,000 people", "id", "en") == "up 2,500 people"


def test_lookup_uses_the_index_not_all_pairs(tmp_path, monkeypatch):
    """A large memory still finds the near neighbour, and scores only the index's few candidates."""
    import locnews.mt.tm as tm_module

    scored = []

    class CountingMatcher(tm_module.SequenceMatcher):
        def __init__(self, *args, **kwargs):
            scored.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(tm_module, "SequenceMatcher", CountingMatcher)
    rng = random.Random(1)
    words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(6)) for _ in range(3000)]
    with TranslationMemory(tmp_path / "big.sqlite") as m:
        rows = []
        for k in range(5000):
            s = " ".join(rng.choice(words) for _ in range(12))
            rows.append((s, s.upper(), "id", "en", "x"))
        m.add_many(rows)
        probe = rows[1234][0].split()
        probe[5] = "lain"
        hit = m.lookup(" ".join(probe), "id", "en")
        assert hit is not None and hit.target == rows[1234][1] and hit.score >= 0.8
        assert 1 <= len(scored) <= tm_module._CANDIDATES  # never a scan of the 5,000 units
        scored.clear()
        assert m.lookup("kata yang tidak ada di memori sama sekali", "id", "en") is None
        assert scored == []  # no shared words: nothing is scored at all


def test_a_lone_add_is_kept_when_the_with_block_ends(tmp_path):
    with TranslationMemory(tmp_path / "one.sqlite") as m:
        assert m.add(*PAIRS[0], "id", "en", "x")
    with TranslationMemory(tmp_path / "one.sqlite") as m:
        assert len(m) == 1 and m.lookup(PAIRS[0][0], "id", "en").target == PAIRS[0][1]


def test_newer_translation_replaces_older(mem):
    assert mem.add(PAIRS[2][0], "They went straight to hospital.", "id", "en", "b") is True
    assert mem.lookup(PAIRS[2][0], "id", "en").target == "They went straight to hospital."
    assert len(mem) == 3


def test_tmx_roundtrip(mem, tmp_path):
    out = tmp_path / "x.tmx"
    assert mem.export_tmx(out) == 3
    rows = read_tmx(out)
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [(s, t, "id", "en") for s, t in PAIRS]
    with TranslationMemory(tmp_path / "copy.sqlite") as other:
        assert other.import_tmx(out) == 3
        assert other.lookup(PAIRS[0][0], "id", "en").target == PAIRS[0][1]


def test_tmx_foreign_file_and_escaping(tmp_path):
    p = tmp_path / "f.tmx"
    p.write_text(
        '<?xml version="1.0"?><tmx version="1.4"><header srclang="en-US" datatype="plaintext" segtype="sentence"'
        ' adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/><body>'
        '<tu><tuv xml:lang="en-US"><seg>A &amp; B &lt;tag&gt;</seg></tuv><tuv xml:lang="id-ID"><seg>A &amp; B</seg></tuv></tu>'
        "</body></tmx>",
        encoding="utf-8",
    )
    assert read_tmx(p)[0][:4] == ("A & B <tag>", "A & B", "en", "id")


def test_broken_tmx_is_a_clean_error(tmp_path):
    p = tmp_path / "bad.tmx"
    p.write_text("<tmx><body><tu>", encoding="utf-8")
    with pytest.raises(LocnewsError) as e:
        read_tmx(p)
    assert str(p) in str(e.value)


def test_not_a_database(tmp_path):
    p = tmp_path / "tm.sqlite"
    p.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(LocnewsError):
        TranslationMemory(p)


def _catalog(path, entries, lang="en", src="id"):
    import polib

    po = polib.POFile()
    po.metadata = {"Language": lang, "X-Source-Language": src, "X-Locnews-Article": "a",
                   "Content-Type": "text/plain; charset=UTF-8"}
    for ctx, s, t, fuzzy in entries:
        e = polib.POEntry(msgctxt=ctx, msgid=s, msgstr=t)
        if fuzzy:
            e.flags.append("fuzzy")
        po.append(e)
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))


def test_cli_import_export_import_tmx(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "locales").mkdir()
    _catalog(tmp_path / "locales/en/articles/a.po",
             [("p1.1", "Satu.", "One.", False), ("p1.2", "Dua.", "Two?", True), ("p1.3", "Tiga.", "", False)])
    r = cli("tm", "import")
    assert r.exit_code == 0, r.stderr
    assert (tmp_path / ".locnews" / "tm.sqlite").exists()  # default: inside the project
    r = cli("tm", "export", "out.tmx")
    assert r.exit_code == 0
    rows = read_tmx(tmp_path / "out.tmx")
    assert [(s, t) for s, t, *_ in rows] == [("Satu.", "One.")]  # only the reviewed entry
    r = cli("tm", "import-tmx", "out.tmx", "--tm", "other.sqlite")
    assert r.exit_code == 0 and (tmp_path / "other.sqlite").exists()
    r = cli("tm", "lookup", "Satu.", "--from", "id", "--to", "en")
    assert r.exit_code == 0 and "One." in r.stdout


def test_cli_import_corrupt_catalog_writes_nothing(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    good = tmp_path / "locales/en/articles/a.po"
    _catalog(good, [("p1.1", "Satu.", "One.", False)])
    bad = tmp_path / "locales/en/articles/b.po"
    bad.write_text('msgid "x"\nmsgstr "y\n', encoding="utf-8")
    r = cli("tm", "import")
    assert r.exit_code == 2
    assert "b.po" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / ".locnews" / "tm.sqlite").exists()


def test_a_changed_number_outside_the_number_reader_is_carried_over_or_not_100(mem):
    """'ke-32' is no number to the number reader; a lookup of 'ke-45' must not offer 32 at 100 %."""
    mem.add("Ini balita ke-32 yang dipulangkan.", "This is the 32nd toddler to be repatriated.", "id", "en")
    m = mem.lookup("Ini balita ke-45 yang dipulangkan.", "id", "en")
    assert m is not None and m.target == "This is the 45th toddler to be repatriated." and m.score < 1
    mem.add("ke-32 balita", "the 32 toddlers", "id", "en")
    m = mem.lookup("ke-45 balita", "id", "en")
    assert m is None or ("32" not in m.target and m.score < 1)
    mem.add("Sebanyak 3 balita ke-32.", "3 toddlers, the 32nd.", "id", "en")
    assert mem.lookup("Sebanyak 3 balita ke-40.", "id", "en").target == "3 toddlers, the 40th."


def test_lookup_and_translate_never_write_the_memory_they_read(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    r = cli("tm", "lookup", "Satu.", "--from", "id", "--to", "en", "--tm", str(empty))
    assert r.exit_code == 2 and "not a locnews translation memory" in r.stderr
    assert empty.read_bytes() == b"" and sorted(p.name for p in tmp_path.iterdir()) == ["empty.sqlite"]
    with TranslationMemory(tmp_path / "tm.sqlite") as m:
        m.add_many([("Satu.", "One.", "id", "en", "")])
    before = (tmp_path / "tm.sqlite").read_bytes()
    r = cli("tm", "lookup", "Satu.", "--from", "id", "--to", "en", "--tm", str(tmp_path / "tm.sqlite"))
    assert r.exit_code == 0 and "One." in r.stdout
    assert (tmp_path / "tm.sqlite").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.sqlite", "tm.sqlite"]  # no journal left


def test_import_a_folder_of_article_catalogs(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _catalog(tmp_path / "locales/en/articles/a.po", [("p1.1", "Satu.", "One.", False)])
    for folder in ("locales/en/articles", "locales/en", "locales"):
        r = cli("tm", "import", folder, "--tm", "m.sqlite")
        assert r.exit_code == 0, r.stderr
        assert "1 reviewed pairs in 1 catalog(s)" in r.stderr


def test_reviewed_obsolete_entries_go_to_the_memory_too(cli, tmp_path, monkeypatch):
    """A reviewed pair kept as #~ (its source was edited) is still reviewed work: the memory keeps it."""
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "locales/en/articles/a.po"
    _catalog(path, [("p1.1", "Satu.", "One.", False), ("p1.2", "Dua.", "Two.", False)])
    import polib

    po = polib.pofile(str(path))
    po.find("Dua.").obsolete = True
    po.save(str(path))
    assert cli("tm", "import", "--tm", "m.sqlite").exit_code == 0
    with TranslationMemory(tmp_path / "m.sqlite", create=False) as m:
        assert m.lookup("Dua.", "id", "en").target == "Two."


def test_invalid_utf8_catalog_is_an_error_not_cp1252(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    bad = tmp_path / "locales/en/articles/a.po"
    _catalog(bad, [("p1.1", "Satu.", "One.", False)])
    bad.write_bytes(bad.read_bytes().replace(b"One.", b"One \xe9."))
    r = cli("tm", "import", "--tm", "m.sqlite")
    assert r.exit_code == 2 and "invalid UTF-8 byte 0xe9" in r.stderr and "a.po:" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "m.sqlite").exists()


def test_forget_removes_only_the_pair_the_retracted_approval_stored(tmp_path):
    from locnews.mt.tm import TranslationMemory

    with TranslationMemory(tmp_path / "tm.sqlite") as mem, mem.db:
        mem.add("Harga beras naik.", "Rice prices rose.", "id", "en", "en/articles/a.po")
        mem.add("Harga gula naik.", "Sugar prices rose.", "id", "en", "en/articles/b.po")
        assert not mem.forget("Harga gula naik.", "id", "en", "en/articles/a.po")  # b.po's approval stands
        assert mem.forget("Harga beras naik.", "id", "en", "en/articles/a.po")
        assert mem.lookup("Harga beras naik.", "id", "en", min_score=1.0) is None
        assert mem.lookup("Harga gula naik.", "id", "en").target == "Sugar prices rose."
        # the word index went with the unit: a fuzzy lookup finds no ghost of it
        assert mem.db.execute("SELECT COUNT(*) FROM words WHERE unit NOT IN (SELECT id FROM units)").fetchone()[0] == 0

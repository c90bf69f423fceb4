"""Catalog benchmark: locnews's compile/check/update against GNU gettext and Babel, in one run.

    python benchmarks/bench_catalog.py [--entries 20000] [--pybabel-update-timeout 120]

Generates a realistic catalog (msgctxt, plurals, python-format, multi-line strings, 5% fuzzy,
5% untranslated, 2% obsolete) and a new template with 5% of the msgids slightly changed, then
times, in this order and on the same files:

* compile: ``locnews catalog compile`` vs ``msgfmt`` and ``pybabel compile``;
* check:   ``locnews catalog check`` vs ``msgfmt --check --statistics``;
* update:  ``locnews catalog update`` vs ``msgmerge --previous`` and ``pybabel update --previous``
  (fuzzy matching on everywhere), plus how often locnews chose the same fuzzy source as msgmerge.

Every tool runs as a command (a fresh process), so start-up cost is counted for all. Results go to
``benchmarks/results/catalog.json`` and ``catalog.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"

# --------------------------------------------------------------------------- generator

_ONSETS = ["b", "d", "k", "m", "n", "p", "s", "t", "r", "l", "j", "g", "h", "ng", "ny", "w", "y", "c", ""]
_VOWELS = ["a", "i", "u", "e", "o", "a", "a", "i"]
_CODAS = ["", "", "n", "ng", "r", "k", "t", "s", "l", "m", "h"]
_NAMES = ["name", "count", "date", "author", "city", "total", "title", "user", "n", "year"]


def _vocab(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        w = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(rng.choice([1, 2, 2, 3, 3, 4])))
        if len(w) >= 2:
            words.add(w)
    return sorted(words)


def _zipf_pick(rng: random.Random, words: list[str]) -> str:
    # frequent function words and a long tail, like real UI text
    i = int(len(words) * (rng.random() ** 3))
    return words[i]


def _sentence(rng: random.Random, words: list[str], lo: int, hi: int) -> str:
    n = rng.randint(lo, hi)
    s = " ".join(_zipf_pick(rng, words) for _ in range(n))
    return s[0].upper() + s[1:]


def _po_quote(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n")


def _po_field(keyword: str, s: str, width: int = 76) -> str:
    if "\n" not in s[:-1] and len(keyword) + len(s) + 3 <= width:
        return f'{keyword} "{_po_quote(s)}"\n'
    # multi-line: split after each \n and at spaces, as msgmerge/polib wrap
    parts: list[str] = []
    for chunk in re.split(r"(?<=\n)", s):
        if not chunk:
            continue
        line = ""
        for tok in re.split(r"(?<= )", chunk):
            if line and len(_po_quote(line + tok)) > width - 2:
                parts.append(line)
                line = ""
            line += tok
        if line:
            parts.append(line)
    return f'{keyword} ""\n' + "".join(f'"{_po_quote(p)}"\n' for p in parts)


def _change(rng: random.Random, s: str, words: list[str]) -> str:
    """A slight edit, as a developer makes: a word swapped, added or removed, or punctuation."""
    toks = s.split(" ")
    kind = rng.randrange(4)
    plain = [i for i, t in enumerate(toks) if "%" not in t and "{" not in t]
    if kind == 0 and plain:
        toks[rng.choice(plain)] = _zipf_pick(rng, words)
    elif kind == 1:
        toks.insert(rng.randrange(len(toks) + 1), _zipf_pick(rng, words))
    elif kind == 2 and len(plain) > 2:
        del toks[rng.choice(plain)]
    else:
        return s.rstrip(".!?:") + rng.choice(["!", "?", "...", ":"])
    out = " ".join(toks)
    return out if out != s else s + "!"


HEADER_PO = """\
# Benchmark catalog.
msgid ""
msgstr ""
"Project-Id-Version: bench 1.0\\n"
"Report-Msgid-Bugs-To: \\n"
"POT-Creation-Date: 2026-01-01 00:00+0000\\n"
"PO-Revision-Date: 2026-01-02 00:00+0000\\n"
"Last-Translator: Bench <bench@example.org>\\n"
"Language-Team: English <en@li.org>\\n"
"Language: en\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"""

HEADER_POT = """\
# Benchmark template.
#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version: bench 1.0\\n"
"Report-Msgid-Bugs-To: \\n"
"POT-Creation-Date: 2026-02-01 00:00+0000\\n"
"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\\n"
"Last-Translator: FULL NAME <EMAIL@ADDRESS>\\n"
"Language-Team: LANGUAGE <LL@li.org>\\n"
"Language: \\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"
"""


def make_catalog(n: int = 20000, seed: int = 5, changed: float = 0.05) -> dict:
    """Generate (po text, new pot text, {new msgid: old msgid} of the changed entries)."""
    rng = random.Random(seed)
    src_words = _vocab(rng, 3000)
    tgt_words = _vocab(rng, 3000)
    entries = []
    seen: set[tuple] = set()
    while len(entries) < n:
        r = rng.random()
        ctxt = rng.choice(["menu", "button", "heading", "aria", "title"]) if rng.random() < 0.08 else None
        multi = rng.random() < 0.08
        msgid = _sentence(rng, src_words, 12, 40) if multi else _sentence(rng, src_words, 1, 12)
        if multi and rng.random() < 0.5:
            msgid = msgid + ".\n" + _sentence(rng, src_words, 4, 12) + "."
        fmt = None
        if r < 0.15:
            names = rng.sample(_NAMES, rng.randint(1, 2))
            msgid = msgid + " " + " ".join(f"%({x})s" for x in names)
            fmt = "python-format"
        elif r < 0.2:
            msgid = msgid + " %s"
            fmt = "python-format"
        elif r < 0.25:
            msgid = msgid + " {n}"
            fmt = "python-brace-format"
        key = (ctxt, msgid)
        if key in seen:
            continue
        seen.add(key)
        plural = msgid + " " + _zipf_pick(rng, src_words) if rng.random() < 0.08 else None
        refs = [f"src/app/module{rng.randrange(400)}.py:{rng.randrange(1, 900)}" for _ in range(rng.choice([1, 1, 1, 2, 3]))]

        def tr(s: str) -> str:
            # a "translation" keeping the placeholders and line breaks of the source
            out = []
            for tok in re.split(r"(%\(\w+\)s|%s|\{n\}|\n)", s):
                if re.fullmatch(r"%\(\w+\)s|%s|\{n\}|\n", tok):
                    out.append(tok)
                elif tok.strip():
                    out.append(" ".join(_zipf_pick(rng, tgt_words) for _ in tok.split()))
                    out.append(" " if tok.endswith(" ") else "")
            return ("".join(out) if out else "x").strip(" ") or "x"

        state = rng.random()
        status = "fuzzy" if state < 0.05 else "untranslated" if state < 0.10 else "obsolete" if state < 0.12 else "ok"
        entries.append(
            {
                "ctxt": ctxt,
                "id": msgid,
                "plural": plural,
                "fmt": fmt,
                "refs": refs,
                "status": status,
                "str": [tr(msgid), tr(plural)] if plural else [tr(msgid)],
                "comment": "Translators: keep it short." if rng.random() < 0.05 else None,
            }
        )

    def render(e: dict, *, pot: bool, msgid: str | None = None, previous: str | None = None) -> str:
        mid = msgid if msgid is not None else e["id"]
        out = []
        if e["comment"]:
            out.append(f"#. {e['comment']}\n")
        if e["status"] == "obsolete" and not pot:
            pre = "#~ "
        else:
            pre = ""
            out.append("#: " + " ".join(e["refs"]) + "\n")
        flags = [f for f in ([("fuzzy" if e["status"] == "fuzzy" and not pot else None), e["fmt"]]) if f]
        if flags and not pre:
            out.append("#, " + ", ".join(flags) + "\n")
        body = ""
        if e["ctxt"]:
            body += _po_field("msgctxt", e["ctxt"])
        body += _po_field("msgid", mid)
        blank = pot or e["status"] == "untranslated"
        if e["plural"]:
            body += _po_field("msgid_plural", e["plural"])
            for i, s in enumerate(e["str"]):
                body += _po_field(f"msgstr[{i}]", "" if blank else s)
        else:
            body += _po_field("msgstr", "" if blank else e["str"][0])
        if pre:
            body = "".join(pre + ln + "\n" for ln in body.splitlines())
        return "".join(out) + body

    po = HEADER_PO + "".join("\n" + render(e, pot=False) for e in entries)
    live = [e for e in entries if e["status"] != "obsolete"]
    n_change = int(len(live) * changed)
    change_idx = set(rng.sample(range(len(live)), n_change))
    pot_parts = []
    changes: dict[tuple, str] = {}
    new_keys = {(e["ctxt"], e["id"]) for e in entries}
    for i, e in enumerate(live):
        if i in change_idx:
            new = _change(rng, e["id"], src_words)
            while (e["ctxt"], new) in new_keys:
                new = new + "!"
            new_keys.add((e["ctxt"], new))
            changes[(e["ctxt"], new)] = e["id"]
            pot_parts.append("\n" + render(e, pot=True, msgid=new))
        else:
            pot_parts.append("\n" + render(e, pot=True))
    pot = HEADER_POT + "".join(pot_parts)
    return {"po": po, "pot": pot, "changes": changes, "entries": entries}


# --------------------------------------------------------------------------- timing


def _run(cmd: list[str], timeout: float | None = None, cwd: Path | None = None) -> tuple[float, subprocess.CompletedProcess | None]:
    t = time.perf_counter()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=cwd)
    except subprocess.TimeoutExpired:
        return float("inf"), None
    return time.perf_counter() - t, p


def _cpu_of_children() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _best_both(cmd: list[str], repeat: int, cwd: Path | None = None, before=None) -> dict:
    """Best of ``repeat`` runs, wall-clock and CPU (user + system of the command): on a machine
    shared with other work, CPU time is what the tool itself costs. ``before`` runs before each."""
    wall = cpu = float("inf")
    for _ in range(repeat):
        if before:
            before()
        c0 = _cpu_of_children()
        dt, p = _run(cmd, cwd=cwd)
        assert p is not None and p.returncode == 0, p and p.stderr
        wall, cpu = min(wall, dt), min(cpu, _cpu_of_children() - c0)
    return {"wall": wall, "cpu": cpu}


def _best_pair(runs: dict[str, dict], repeat: int) -> dict[str, dict]:
    """``_best_both`` for two (or more) tools, their runs interleaved (A B A B …) so that a drift
    in the machine's speed (a shared cloud CPU varies by tens of percent over minutes) hits them
    alike. ``runs``: {name: {"cmd": [...], "cwd": Path | None, "before": callable | None}}."""
    best = {name: {"wall": float("inf"), "cpu": float("inf")} for name in runs}
    for _ in range(repeat):
        for name, r in runs.items():
            b = _best_both(r["cmd"], 1, cwd=r.get("cwd"), before=r.get("before"))
            best[name] = {k: min(best[name][k], b[k]) for k in ("wall", "cpu")}
    return best


def _best(cmd: list[str], repeat: int, cwd: Path | None = None) -> tuple[float, subprocess.CompletedProcess]:
    best, last = float("inf"), None
    for _ in range(repeat):
        dt, p = _run(cmd, cwd=cwd)
        best = min(best, dt)
        last = p
    assert last is not None
    return best, last


def _cpu_model() -> str:
    """The CPU's model name (/proc/cpuinfo): ratios between Python and C tools differ between CPUs."""
    from locnews.train.config import cpuinfo_field

    return cpuinfo_field("model name") or platform.processor() or "?"


def _locnews() -> list[str]:
    return [sys.executable, "-m", "locnews"]


def _fmt_s(x: float | None, cap: float | None = None) -> str:
    if x is None:
        return "n/a"
    if x == float("inf"):
        return f">{cap:g} s" if cap else "timeout"
    return f"{x:.2f} s"


def _fuzzy_sources(po_text: str) -> dict[tuple, tuple]:
    """{(msgctxt, msgid): translation} of the live fuzzy entries that have one.

    The translation identifies the old entry a fuzzy match came from (msgmerge writes no ``#|``
    when its source was itself fuzzy without one, so the previous msgid cannot be used)."""
    import polib

    out = {}
    for e in polib.pofile(po_text):
        if e.obsolete or "fuzzy" not in e.flags:
            continue
        forms = tuple(e.msgstr_plural[k] for k in sorted(e.msgstr_plural)) if e.msgid_plural else (e.msgstr,)
        if forms[0]:
            out[(e.msgctxt, e.msgid)] = forms
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=5, help="best of N for the fast commands")
    ap.add_argument("--pybabel-update-timeout", type=float, default=120.0)
    ap.add_argument("--skip-pybabel-update", action="store_true")
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)

    for tool in ("msgfmt", "msgmerge"):
        if not shutil.which(tool):
            print(f"bench_catalog: {tool} not found (apt-get install gettext)", file=sys.stderr)
            return 2
    pybabel = shutil.which("pybabel") or str(Path(sys.executable).with_name("pybabel"))

    t0 = time.perf_counter()
    data = make_catalog(args.entries)
    work = Path(tempfile.mkdtemp(prefix="bench_catalog."))
    try:
        proj = work / "proj"
        loc = proj / "locales"
        po_dir = loc / "en" / "LC_MESSAGES"
        po_dir.mkdir(parents=True)
        po_file = po_dir / "messages.po"
        pot_file = loc / "messages.pot"
        po_file.write_text(data["po"], encoding="utf-8")
        pot_file.write_text(data["pot"], encoding="utf-8")
        orig_po = data["po"]
        res: dict = {
            "entries": args.entries,
            "changed_msgids": len(data["changes"]),
            "python": platform.python_version(),
            "machine": platform.machine(),
            "cpu_model": _cpu_model(),
            "cpus": os.cpu_count(),
            "load_average_at_start": [round(x, 1) for x in os.getloadavg()],
            "generated_in_s": round(time.perf_counter() - t0, 2),
        }
        print(f"catalog: {args.entries} entries, {po_file.stat().st_size / 1e6:.1f} MB, {len(data['changes'])} msgids changed in the new template")

        # ---- compile
        r = {}
        r["msgfmt"], _ = _best(["msgfmt", "-o", str(work / "gnu.mo"), str(po_file)], args.repeat)
        r["locnews"], p = _best([*_locnews(), "catalog", "compile", str(po_file)], args.repeat, cwd=proj)
        assert p.returncode == 0, p.stderr
        r["pybabel"], p = _best([pybabel, "compile", "-i", str(po_file), "-o", str(work / "babel.mo")], 1)
        res["compile"] = {k: round(v, 3) for k, v in r.items()}
        res["compile"]["locnews_vs_msgfmt"] = round(r["locnews"] / r["msgfmt"], 2)
        res["compile"]["pybabel_vs_msgfmt"] = round(r["pybabel"] / r["msgfmt"], 2)
        res["compile"]["same_answers_as_msgfmt"] = _same_mo(work / "gnu.mo", po_file.with_suffix(".mo"), po_file)
        print("compile:", res["compile"])

        # ---- check
        r = {}
        r["msgfmt"], pg = _best(["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po_file)], args.repeat)
        r["locnews"], pl = _best([*_locnews(), "catalog", "check", "--json", str(po_file)], args.repeat, cwd=proj)
        res["check"] = {k: round(v, 3) for k, v in r.items()}
        res["check"]["locnews_vs_msgfmt"] = round(r["locnews"] / r["msgfmt"], 2)
        res["check"]["msgfmt_statistics"] = pg.stderr.strip().splitlines()[-1]
        cat = json.loads(pl.stdout)["catalogs"][0]
        res["check"]["locnews_counts"] = {k: cat[k] for k in ("translated", "fuzzy", "untranslated", "obsolete", "percent")}
        print("check:", res["check"])

        # ---- update (fuzzy matching on)
        r = {}
        gnu_out = work / "msgmerge.po"
        r["msgmerge"], p = _run(["msgmerge", "--previous", "-q", "-o", str(gnu_out), str(po_file), str(pot_file)])
        assert p is not None and p.returncode == 0, p and p.stderr
        po_file.write_text(orig_po, encoding="utf-8")
        r["locnews"], p = _run([*_locnews(), "catalog", "update"], cwd=proj)
        assert p is not None and p.returncode == 0, p and p.stderr
        ours = po_file.read_text(encoding="utf-8")
        po_file.write_text(orig_po, encoding="utf-8")
        if args.skip_pybabel_update:
            r["pybabel"] = None
        else:
            # pybabel cannot read xgettext's standard "nplurals=INTEGER" template header: give it
            # a copy without that line, so what is timed is its merge
            babel_pot = work / "babel.pot"
            babel_pot.write_text(data["pot"].replace('"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"\n', ""), encoding="utf-8")
            r["pybabel"], p = _run(
                [pybabel, "update", "--previous", "-i", str(babel_pot), "-o", str(po_file), "-l", "en"],
                timeout=args.pybabel_update_timeout,
            )
            if p is not None and p.returncode != 0:
                r["pybabel_error"] = (p.stderr.strip().splitlines() or ["failed"])[-1]
        po_file.write_text(orig_po, encoding="utf-8")
        # the trap: pybabel update on the template as xgettext/locnews write it
        _, p = _run([pybabel, "update", "-i", str(pot_file), "-o", str(work / "trap.po"), "-l", "en"], timeout=60)
        if p is not None and p.returncode != 0:
            r["pybabel_standard_header"] = (p.stderr.strip().splitlines() or ["failed"])[-1][:200]
        gnu_src = _fuzzy_sources(gnu_out.read_text(encoding="utf-8"))
        our_src = _fuzzy_sources(ours)
        changed = data["changes"]
        truth = _true_sources(data)
        agree = sum(1 for k in changed if k in gnu_src and our_src.get(k) == gnu_src[k])
        gnu_matched = sum(1 for k in changed if k in gnu_src)
        ours_right = sum(1 for k in changed if k in truth and our_src.get(k) == truth[k])
        gnu_right = sum(1 for k in changed if k in truth and gnu_src.get(k) == truth[k])
        res["update"] = {
            "msgmerge": round(r["msgmerge"], 2),
            "locnews": round(r["locnews"], 2),
            "pybabel": _fmt_s(r["pybabel"], args.pybabel_update_timeout) if r["pybabel"] is not None else "skipped",
            "pybabel_timeout_s": args.pybabel_update_timeout,
            "locnews_vs_msgmerge": round(r["locnews"] / r["msgmerge"], 3),
            "changed_entries": len(changed),
            "msgmerge_fuzzy_matched": gnu_matched,
            "same_source_as_msgmerge": agree,
            "same_source_pct": round(100 * agree / max(1, gnu_matched), 2),
            "locnews_found_true_source": ours_right,
            "msgmerge_found_true_source": gnu_right,
        }
        for k in ("pybabel_error", "pybabel_standard_header"):
            if k in r:
                res["update"][k] = r[k]
        print("update:", res["update"])
        res["update_real_text"] = _real_text_agreement(work)
        print("update, real sentences:", res["update_real_text"])
        if VLC.is_file():
            res["real_catalog"] = _real_catalog(work, args.repeat)
            print("real catalog:", res["real_catalog"])
    finally:
        shutil.rmtree(work, ignore_errors=True)

    res["total_s"] = round(time.perf_counter() - t0, 1)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "catalog.json").write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    (args.out / "catalog.md").write_text(_markdown(res), encoding="utf-8")
    print(f"wrote {args.out / 'catalog.json'} and catalog.md ({res['total_s']} s)")
    return 0


SHARED = HERE.parent.parent / "shared" / "corpora"
REAL_TEXT = [("bppt.dev", SHARED / "bppt" / "bppt.dev"), ("news.valid", SHARED / "extra" / "news.valid")]


VLC = HERE.parent.parent / "shared" / "catalogs" / "vlc-3.0.9" / "vlc-3.0.9-id.po"


def _scaled(text: str, k: int) -> str:
    """The catalog k times over: copies 2..k get a msgctxt of their own, so none is a duplicate."""
    head, sep, body = text.partition("\n\n")
    copies = []
    for i in range(2, k + 1):
        out, prev = [], ""
        for line in body.split("\n"):
            for mark in ("", "#~ "):
                if line.startswith(mark + 'msgctxt "'):
                    line = line.replace('msgctxt "', f'msgctxt "copy {i}·', 1)
                elif line.startswith(mark + 'msgid "') and not prev.startswith(mark + "msgctxt"):
                    out.append(f'{mark}msgctxt "copy {i}"')
            out.append(line)
            if line.strip() and not line.startswith('"') and not line.startswith('#~ "'):
                prev = line
        copies.append("\n".join(out))
    return head + sep + body + "".join("\n\n" + c for c in copies)


def _real_catalog(work: Path, repeat: int) -> dict:
    """The real VLC Indonesian catalog (ISO C 99 formats, 6,010 entries): compile and check per entry
    against msgfmt at ×1 and ×4 (the ×4 - ×1 difference leaves start-up out), update into VLC's
    own template against msgmerge, and the start-up of `catalog check` on a small catalog."""
    out: dict = {}
    raw = VLC.read_bytes()
    text = raw.decode("utf-8")
    pot = VLC.with_name("vlc-3.0.9.pot")
    pot_text = pot.read_text(encoding="utf-8")
    n1 = text.count("\nmsgid ")
    d = work / "vlc"
    d.mkdir()
    for k in (1, 4):
        po = d / f"vlc{k}.po"
        po.write_text(_scaled(text, k), encoding="utf-8")
        potk = d / f"vlc{k}.pot"
        potk.write_text(_scaled(pot_text, k), encoding="utf-8")
        both = {
            "update": _update_times(po, potk, d / f"update{k}", max(1, min(repeat, 5))),
            "compile": _best_pair({"msgfmt": {"cmd": ["msgfmt", "-o", str(d / "gnu.mo"), str(po)]},
                                   "locnews": {"cmd": [*_locnews(), "catalog", "compile", str(po)], "cwd": d}}, repeat),
            "check": _best_pair({"msgfmt": {"cmd": ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)]},
                                 "locnews": {"cmd": [*_locnews(), "catalog", "check", "--min-translated", "0", str(po)], "cwd": d}},
                                repeat),
        }
        out[f"x{k}"] = {t: {tool: v["wall"] for tool, v in r.items()} for t, r in both.items()}
        out[f"x{k}_cpu"] = {t: {tool: v["cpu"] for tool, v in r.items()} for t, r in both.items()}
        if k == 1:
            out["same_mo_bytes_as_msgfmt"] = (d / "gnu.mo").read_bytes() == po.with_suffix(".mo").read_bytes()
    for task, gnu in (("compile", "msgfmt"), ("check", "msgfmt"), ("update", "msgmerge")):
        for suffix in ("", "_cpu"):
            per = {tool: (out["x4" + suffix][task][tool] - out["x1" + suffix][task][tool]) / (3 * n1) * 1e6 for tool in (gnu, "locnews")}
            out[f"{task}_us_per_entry{suffix}"] = {k: round(v, 2) for k, v in per.items()}
            out[f"{task}_per_entry_vs_{gnu}{suffix}"] = round(per["locnews"] / per[gnu], 2) if per[gnu] > 0 else None
    small = d / "small.po"
    small.write_text(text.split("\n\n", 1)[0] + '\n\nmsgid "a"\nmsgstr "b"\n', encoding="utf-8")
    out["startup_check_small"] = {"msgfmt": round(_best(["msgfmt", "--check", "-o", "/dev/null", str(small)], repeat)[0], 3),
                                  "locnews": round(_best([*_locnews(), "catalog", "check", "--min-translated", "0", str(small)], repeat, cwd=d)[0], 3)}
    for suffix in ("", "_cpu"):
        u = out["x1" + suffix]["update"]
        out["update" + suffix] = {"msgmerge": round(u["msgmerge"], 3), "locnews": round(u["locnews"], 3),
                                  "locnews_vs_msgmerge": round(u["locnews"] / u["msgmerge"], 2)}
        out["update_x4_vs_msgmerge" + suffix] = round(out["x4" + suffix]["update"]["locnews"] / out["x4" + suffix]["update"]["msgmerge"], 2)
    for key in ("x1", "x4", "x1_cpu", "x4_cpu"):
        out[key] = {t: {tool: round(v, 3) for tool, v in r.items()} for t, r in out[key].items()}
    edited_pot = _edited_template(pot_text)
    for k in (1, 4):
        out["update_edited" + ("" if k == 1 else "_x4")] = _edited_update(
            _scaled(text, k), _scaled(edited_pot[0], k), edited_pot[1] * k, d / f"edited{k}", max(1, min(repeat, 5)))
    e1, e4 = out["update_edited"], out["update_edited_x4"]
    for unit in ("cpu", "wall"):
        per = {tool: (e4[unit][tool] - e1[unit][tool]) / (3 * n1) * 1e6 for tool in ("msgmerge", "locnews")}
        out[f"update_edited_us_per_entry_{unit}"] = {t: round(v, 2) for t, v in per.items()}
        out[f"update_edited_per_entry_vs_msgmerge_{unit}"] = round(per["locnews"] / per["msgmerge"], 2)
    return out


def _edited_template(pot_text: str, share: float = 0.05) -> tuple[str, int]:
    """VLC's template with ``share`` of the msgids edited as a developer edits a source string (a
    word swapped, added or removed, punctuation; words from the catalog itself); (text, edits)."""
    import polib

    rng = random.Random(7)
    pot = polib.pofile(pot_text)
    words = sorted({w for e in pot for w in e.msgid.split() if w.isalpha()})
    changed = 0
    taken = {(e.msgctxt, e.msgid) for e in pot}
    for e in pot:
        if e.msgid and not e.msgid_plural and rng.random() < share:
            new = _change(rng, e.msgid, words)
            if (e.msgctxt, new) not in taken:  # an edit that lands on another message is no edit
                taken.add((e.msgctxt, new))
                e.msgid, changed = new, changed + 1
    return str(pot), changed


def _edited_update(po_text: str, pot_text: str, changed: int, d: Path, repeat: int) -> dict:
    """The catalog into an edited template, so fuzzy matching has real work: both tools timed, and
    how often they pick the same old entry."""
    d.mkdir(parents=True)
    po, potf = d / "vlc.po", d / "edited.pot"
    po.write_text(po_text, encoding="utf-8")
    potf.write_text(pot_text, encoding="utf-8")
    times = _update_times(po, potf, d / "u", repeat)
    ours = (d / "u" / "locales" / "id" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    gnu_src, our_src = _fuzzy_sources((d / "u" / "gnu.po").read_text(encoding="utf-8")), _fuzzy_sources(ours)
    agree = sum(1 for k in gnu_src if our_src.get(k) == gnu_src[k])
    return {"changed_msgids": changed, "msgmerge_fuzzy": len(gnu_src), "locnews_fuzzy": len(our_src),
            "same_source_as_msgmerge": agree, "same_source_pct": round(100 * agree / max(1, len(gnu_src)), 2),
            "wall": {k: round(v["wall"], 3) for k, v in times.items()},
            "cpu": {k: round(v["cpu"], 3) for k, v in times.items()},
            "locnews_vs_msgmerge_cpu": round(times["locnews"]["cpu"] / times["msgmerge"]["cpu"], 2),
            "locnews_vs_msgmerge_wall": round(times["locnews"]["wall"] / times["msgmerge"]["wall"], 2)}


def _update_times(po: Path, pot: Path, d: Path, repeat: int) -> dict:
    """Best of ``repeat``: ``msgmerge --previous`` and ``locnews catalog update`` of one catalog into
    one template (the catalog put back before each run)."""
    loc = d / "locales"
    target = loc / "id" / "LC_MESSAGES" / "messages.po"
    target.parent.mkdir(parents=True)
    (loc / "messages.pot").write_bytes(pot.read_bytes())
    return _best_pair({"msgmerge": {"cmd": ["msgmerge", "--previous", "-q", "-o", str(d / "gnu.po"), str(po), str(pot)]},
                       "locnews": {"cmd": [*_locnews(), "catalog", "update"], "cwd": d,
                                   "before": lambda: target.write_bytes(po.read_bytes())}}, repeat)


def _real_text_agreement(work: Path) -> dict:
    """Fuzzy-source agreement with msgmerge on real Indonesian sentences (dev/valid sets only)
    as msgids, 5% of them slightly edited, translated by their English side."""
    import polib

    sys.path.insert(0, str(HERE.parent / "src"))
    from locnews.catalogs.merge import merge
    from locnews.catalogs.pofile import dump_po

    out = {}
    for name, stem in REAL_TEXT:
        src, tgt = Path(str(stem) + ".id"), Path(str(stem) + ".en")
        if not (src.is_file() and tgt.is_file()):
            continue
        ids = src.read_text(encoding="utf-8").splitlines()
        ens = tgt.read_text(encoding="utf-8").splitlines()
        pairs = {i.strip(): t.strip() for i, t in zip(ids, ens) if i.strip() and t.strip()}
        rng = random.Random(7)
        words = [w for s in pairs for w in s.split()]
        po, pot, changes = [HEADER_PO], [HEADER_POT], {}
        seen = set(pairs)
        for s, t in pairs.items():
            po.append("\n" + _po_field("msgid", s) + _po_field("msgstr", t))
            new = s
            if rng.random() < 0.05:
                new = _change(rng, s, words)
                while new in seen:
                    new += "!"
                seen.add(new)
                changes[(None, new)] = s
            pot.append("\n" + _po_field("msgid", new) + 'msgstr ""\n')
        (work / f"{name}.po").write_text("".join(po), encoding="utf-8")
        (work / f"{name}.pot").write_text("".join(pot), encoding="utf-8")
        gnu = work / f"{name}.gnu.po"
        subprocess.run(["msgmerge", "--previous", "-q", "-o", str(gnu), str(work / f"{name}.po"), str(work / f"{name}.pot")], check=True)
        new_po, _ = merge(polib.pofile("".join(po)), polib.pofile("".join(pot)), "en")
        g, o = _fuzzy_sources(gnu.read_text(encoding="utf-8")), _fuzzy_sources(dump_po(new_po))
        keys = [k for k in changes if k in g]
        agree = sum(1 for k in keys if o.get(k) == g[k])
        out[name] = {
            "entries": len(pairs),
            "changed": len(changes),
            "msgmerge_fuzzy_matched": len(keys),
            "same_source_as_msgmerge": agree,
            "same_source_pct": round(100 * agree / max(1, len(keys)), 2),
        }
    return out


def _true_sources(data: dict) -> dict[tuple, tuple]:
    """{new key: translation of the entry it was edited from} for changed entries that had one."""
    by_id = {(e["ctxt"], e["id"]): e for e in data["entries"]}
    out = {}
    for (ctxt, new), old in data["changes"].items():
        e = by_id[(ctxt, old)]
        if e["status"] in ("ok", "fuzzy"):
            out[(ctxt, new)] = tuple(e["str"])
    return out


def _same_mo(gnu: Path, ours: Path, po_file: Path) -> bool:
    """Both .mo files answer every message of the catalog the same through Python's gettext."""
    import gettext

    import polib

    with open(gnu, "rb") as a, open(ours, "rb") as b:
        ga, gb = gettext.GNUTranslations(a), gettext.GNUTranslations(b)
    for e in polib.pofile(str(po_file)):
        if e.obsolete:
            continue
        if e.msgid_plural:
            for n in (0, 1, 2, 5):
                if e.msgctxt is None:
                    x, y = ga.ngettext(e.msgid, e.msgid_plural, n), gb.ngettext(e.msgid, e.msgid_plural, n)
                else:
                    x, y = ga.npgettext(e.msgctxt, e.msgid, e.msgid_plural, n), gb.npgettext(e.msgctxt, e.msgid, e.msgid_plural, n)
                if x != y:
                    return False
        else:
            x = ga.gettext(e.msgid) if e.msgctxt is None else ga.pgettext(e.msgctxt, e.msgid)
            y = gb.gettext(e.msgid) if e.msgctxt is None else gb.pgettext(e.msgctxt, e.msgid)
            if x != y:
                return False
    return True


def _markdown(res: dict) -> str:
    c, k, u = res["compile"], res["check"], res["update"]
    return f"""# Catalog benchmark ({res['entries']} entries, {res['changed_msgids']} msgids changed)

Python {res['python']}, {res['cpus']} CPUs ({res['machine']}, {res.get('cpu_model', '?')}), load average {res.get('load_average_at_start', '?')} at the start; each tool run as a command, best of N for compile/check.

| task | locnews | GNU gettext | Babel | locnews / gettext |
| --- | --- | --- | --- | --- |
| compile | {c['locnews']:.3f} s | msgfmt {c['msgfmt']:.3f} s | pybabel compile {c['pybabel']:.3f} s | {c['locnews_vs_msgfmt']}× |
| check + statistics | {k['locnews']:.3f} s | msgfmt --check --statistics {k['msgfmt']:.3f} s | – | {k['locnews_vs_msgfmt']}× |
| update, fuzzy matching | {u['locnews']:.2f} s | msgmerge --previous {u['msgmerge']:.2f} s | pybabel update {u['pybabel']} | {u['locnews_vs_msgmerge']}× |

- compile: locnews's .mo gives the same answers as msgfmt's for every entry: {c['same_answers_as_msgfmt']}.
- check counts: locnews {k['locnews_counts']}; msgfmt: "{k['msgfmt_statistics']}".
- update: of {u['changed_entries']} changed msgids, msgmerge matched {u['msgmerge_fuzzy_matched']} fuzzily; locnews chose the same
  source for {u['same_source_as_msgmerge']} ({u['same_source_pct']}%). True source found: locnews {u['locnews_found_true_source']},
  msgmerge {u['msgmerge_found_true_source']}.
- same fuzzy source as msgmerge on real Indonesian sentences (shared corpora dev/valid sets, 5%
  edited): {', '.join(f"{k}: {v['same_source_as_msgmerge']}/{v['msgmerge_fuzzy_matched']} ({v['same_source_pct']}%)" for k, v in res.get('update_real_text', {}).items()) or 'n/a (shared/ not found)'}
- pybabel update was timed on a copy of the template without xgettext's standard
  `Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;` header line; on the template as written it
  fails: {u.get('pybabel_standard_header', 'n/a')}
""" + _real_markdown(res.get("real_catalog"))


def _real_markdown(r: dict | None) -> str:
    if not r:
        return "\n(real catalog: ../shared/catalogs/vlc-3.0.9 not found)\n"
    rows = "\n".join(
        f"| {task} ×{k} | {r[f'x{k}'][task]['locnews']:.3f} s | {r[f'x{k}_cpu'][task]['locnews']:.3f} s | "
        f"{r[f'x{k}'][task][gnu]:.3f} s | {r[f'x{k}_cpu'][task][gnu]:.3f} s |"
        for task, gnu in (("compile", "msgfmt"), ("check", "msgfmt"), ("update", "msgmerge")) for k in (1, 4)
    )
    return f"""
## Real catalog: VLC 3.0.9 Indonesian (6,010 entries), side by side with the synthetic one

Best of N, wall-clock and CPU (user + system of the command: what the tool itself costs when the
machine is shared with other work). GNU gettext is msgfmt for compile and check, msgmerge
--previous for update.

| task | locnews wall | locnews CPU | GNU wall | GNU CPU |
| --- | --- | --- | --- | --- |
{rows}

- per entry (×4 − ×1, start-up left out), CPU: compile {r['compile_us_per_entry_cpu']['locnews']} µs vs msgfmt
  {r['compile_us_per_entry_cpu']['msgfmt']} µs ({r['compile_per_entry_vs_msgfmt_cpu']}×); check {r['check_us_per_entry_cpu']['locnews']} µs vs
  {r['check_us_per_entry_cpu']['msgfmt']} µs ({r['check_per_entry_vs_msgfmt_cpu']}×); wall-clock: compile {r['compile_per_entry_vs_msgfmt']}×,
  check {r['check_per_entry_vs_msgfmt']}×. The .mo is byte-identical to msgfmt's: {r['same_mo_bytes_as_msgfmt']}.
- start-up, `catalog check` on a one-message catalog: locnews {r['startup_check_small']['locnews']} s, msgfmt {r['startup_check_small']['msgfmt']} s.
- update of the catalog into VLC's template (fuzzy matching on; copies 2..4 of the ×4 catalog go into
  the ×4 template), best of 5, the two tools' runs interleaved. CPU: ×1 {r['update_cpu']['locnews_vs_msgmerge']}× msgmerge, ×4
  {r['update_x4_vs_msgmerge_cpu']}×, per entry {r['update_us_per_entry_cpu']['locnews']} µs vs msgmerge
  {r['update_us_per_entry_cpu']['msgmerge']} µs ({r['update_per_entry_vs_msgmerge_cpu']}×). Wall-clock: ×1
  {r['update']['locnews_vs_msgmerge']}×, ×4 {r['update_x4_vs_msgmerge']}×, per entry {r['update_per_entry_vs_msgmerge']}×.
{_edited_markdown(r.get('update_edited'))}{_edited_x4_markdown(r)}"""


def _edited_markdown(e: dict | None) -> str:
    if not e:
        return ""
    return f"""- update with fuzzy matching to do: the VLC catalog into its template with {e['changed_msgids']} msgids edited
  (5 %: a word swapped, added or removed, or punctuation), best of 5: locnews {e['cpu']['locnews']} s CPU
  ({e['wall']['locnews']} s wall), msgmerge --previous {e['cpu']['msgmerge']} s ({e['wall']['msgmerge']} s):
  **{e['locnews_vs_msgmerge_cpu']}×** CPU, {e['locnews_vs_msgmerge_wall']}× wall. Fuzzy entries: msgmerge
  {e['msgmerge_fuzzy']}, locnews {e['locnews_fuzzy']}; same old entry chosen for {e['same_source_as_msgmerge']} of
  msgmerge's ({e['same_source_pct']} %).
"""


def _edited_x4_markdown(r: dict) -> str:
    e = r.get("update_edited_x4")
    if not e:
        return ""
    c, w = r["update_edited_us_per_entry_cpu"], r["update_edited_us_per_entry_wall"]
    return f"""- the same ×4 (each copy edited alike, {e['changed_msgids']} edited msgids): locnews {e['cpu']['locnews']} s CPU
  ({e['wall']['locnews']} s wall), msgmerge {e['cpu']['msgmerge']} s ({e['wall']['msgmerge']} s); same old entry
  for {e['same_source_pct']} % of msgmerge's {e['msgmerge_fuzzy']} fuzzy entries. **Per entry** (×4 − ×1, start-up
  left out): locnews {c['locnews']} µs vs msgmerge {c['msgmerge']} µs CPU
  (**{r['update_edited_per_entry_vs_msgmerge_cpu']}×**); wall {w['locnews']} µs vs {w['msgmerge']} µs
  ({r['update_edited_per_entry_vs_msgmerge_wall']}×). msgmerge's search compares a new msgid with every old one
  sharing a 4-gram, so its cost grows with the catalog; locnews compares a bounded number of candidates.
"""


if __name__ == "__main__":
    raise SystemExit(main())

"""Mutation testing of the core with mutmut: does the test suite notice when the code is wrong?

    python benchmarks/mutation.py [MODULE ...] [--jobs N]

For each module, mutmut makes small wrong versions of it (a `<` turned `<=`, a constant changed, a
call dropped) and runs the tests that cover it against each one; a mutant the tests pass on has
*survived*. Each module runs in its own scratch copy of the repository, against only the test files
listed for it below, so a run fits a small shared machine. Survivors that cannot change behaviour
are listed in EQUIVALENT with the reason and left out of the score (killed ÷ non-equivalent).
Writes benchmarks/results/mutation.{json,md}. Not part of the test suite or CI: it takes a while.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = REPO.parent / "shared"

# module (under src/locnews) -> the test files that exercise it
MODULES: dict[str, list[str]] = {
    "catalogs/merge.py": ["tests/test_catalog_merge.py", "tests/test_merge_index.py", "tests/test_merge_details.py"],
    "catalogs/check.py": ["tests/test_catalog_check.py", "tests/test_check_details.py"],
    "catalogs/articles.py": ["tests/test_articles.py", "tests/test_articles_details.py"],
    "mt/protect.py": ["tests/test_protect.py", "tests/test_protect_markup.py", "tests/test_markup_repair.py"],
    "text/segment.py": ["tests/test_segment.py", "tests/test_segment_rules.py"],
    "mt/tm.py": ["tests/test_tm.py", "tests/test_tm_formats.py"],
}

# Surviving mutants that behave exactly like the original, by mutmut name, with the reason.
EQUIVALENT: dict[str, str] = {
    "locnews.catalogs.check.x__check_header_entry__mutmut_67": "a missing Language is then None instead of \"\": "
        "both falsy, so neither is judged as a language code",
    "locnews.catalogs.check.x__compare_entry__mutmut_17": "only translated entries are compared, and a translated "
        "singular entry's msgstr is never empty, so the `or` never applies",
    "locnews.mt.protect.x__number_re__mutmut_17": "no scale word is a prefix of another and the alternation "
        "ends at \\b, so its order cannot change a match",
    "locnews.catalogs.check.x__format_kinds__mutmut_7": "an empty msgid and \"XXXX\" both hold no % or {",
    "locnews.mt.protect.x__repair_pairs__mutmut_7": "unmask drops a repeated markup token, so each tag occurs "
        "at most once in the text and find() = rfind()",
    "locnews.mt.protect.x__edges__mutmut_57": "with no trailing whitespace text[end - 0:] is text[end:]",
    "locnews.mt.protect.x_mask__mutmut_77": "pos is only a slice start: text[None:start] is text[0:start]",
    "locnews.mt.protect.x_needs_mt__mutmut_17": "placeholder tokens hold no letters and are replaced by a space, "
        "so leaving them in cannot make or break a run of two letters",
    "locnews.catalogs.merge.x__set_forms__mutmut_27": "forms[n-1:] holds forms[-2] and forms[-1] (more forms "
        "than n): all equal to forms[-1] exactly when all equal to forms[-2]",
    "locnews.catalogs.merge.x_merge__mutmut_187": "_copy_flags tests fuzzy for truth only: None and False alike",
    "locnews.catalogs.merge.xǁFuzzyIndexǁ_best__mutmut_17": "the skip test is an upper bound used only to save "
        "work; a looser bound (3·min instead of 2·min) skips fewer candidates and picks the same winner",
    "locnews.mt.tm.xǁTranslationMemoryǁunits__mutmut_7": "SQLite column names are case-insensitive (SRC_LANG = src_lang)",
    "locnews.mt.tm.xǁTranslationMemoryǁunits__mutmut_17": "SQL keywords are case-insensitive (and = AND)",
    "locnews.mt.tm.xǁTranslationMemoryǁadd__mutmut_47": "SQL keywords are case-insensitive (values = VALUES)",
    "locnews.mt.tm.xǁTranslationMemoryǁexport_tmx__mutmut_17":
        "XML encoding names are case-insensitive: encoding=\"utf-8\" declares the same as \"UTF-8\"",
    "locnews.catalogs.articles.x_new_catalog__mutmut_17": "SOURCE_DATE_EPOCH's default \"\" and \"XXXX\" are "
        "both not digits: the current time either way",
    "locnews.catalogs.articles.x_reviewed_pairs__mutmut_17": "every caller (harvest, review rows, translate's "
        "memory) discards the context; article entries always have one anyway",
    "locnews.catalogs.articles.x__reference__mutmut_7": "for a relative path relpath(p, cwd) is p itself, only "
        "normalised (no ./ or a/../): the #: reference names the same file",
    "locnews.mt.tm.xǁTranslationMemoryǁ__init____mutmut_57": "how long a read-only open waits for a writer's "
        "lock (30 or 31 s): only time, which tests never assert on",
    "locnews.mt.tm.x_read_tmx__mutmut_17": "no_network only guards loading external DTDs and entities, which this "
        "parser never does (no load_dtd, resolve_entities=False); kept as defence in depth",
}

SAMPLE_DIGIT = 7  # a sampled run tests the mutants numbered ...7 (about 1 in 10); --all tests every one

# A mutant that makes the tests run past their time limit (an endless loop) is detected, not survived.
DETECTED = ("killed", "timeout")

# Survivors of the committed run that a test added after it now kills (shown beside them).
KILLED_SINCE: dict[str, str] = {}

COPY = ["src", "tests", "benchmarks", "locales", "samples", "babel.cfg"]


def mutmut_config(module: str, tests: list[str]) -> str:
    def toml_list(items: list[str]) -> str:
        return "[" + ", ".join(json.dumps(i) for i in items) + "]"

    return (
        "\n[tool.mutmut]\n"
        f"only_mutate = {toml_list(['src/locnews/' + module])}\n"
        'source_paths = ["src"]\n'
        f"also_copy = {toml_list(['tests', 'benchmarks', 'locales', 'samples', 'babel.cfg'])}\n"
        f"pytest_add_cli_args_test_selection = {toml_list(tests)}\n"
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-x", "-q"]\n'
    )


def run_module(module: str, tests: list[str], jobs: int, sample: bool, keep: Path | None) -> dict:
    scratch = Path(tempfile.mkdtemp(prefix="locnews-mutation-"))
    root = scratch / "repo"
    root.mkdir()
    for name in COPY:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, root / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif src.exists():
            shutil.copy2(src, root / name)
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    (root / "pyproject.toml").write_text(pyproject + mutmut_config(module, tests), encoding="utf-8")
    if SHARED.exists():
        # tests look for ../shared beside the repository; mutmut runs them from repo/mutants
        (root / "shared").symlink_to(SHARED)
    mutmut = [str(Path(sys.executable).with_name("mutmut")), "run", "--max-children", str(jobs)]
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "CI")}
    t0 = time.perf_counter()
    # A systematic sample: every mutant whose number ends in one digit (about 1 in 10 of each
    # function's mutants), chosen by pattern so mutmut never generates-and-discards a second time.
    names = [f"*__mutmut_*{SAMPLE_DIGIT}"] if sample else []
    proc = subprocess.run([*mutmut, *names], check=False, cwd=root, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    statuses = read_statuses(root)
    if proc.returncode != 0 or not statuses:
        sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-4000:])
        raise SystemExit(f"mutmut failed on {module}")
    generated = len(statuses)
    if sample:
        statuses = {n: s for n, s in statuses.items() if n.endswith(str(SAMPLE_DIGIT))}
    if keep is not None:
        shutil.copytree(root / "mutants", keep / module.replace("/", "_"), dirs_exist_ok=True)
    shutil.rmtree(scratch)
    survived = sorted(n for n, s in statuses.items() if s not in DETECTED)
    equivalent = [n for n in survived if n in EQUIVALENT]
    killed = sum(1 for s in statuses.values() if s in DETECTED)
    non_equivalent = len(statuses) - len(equivalent)
    return {
        "module": "locnews/" + module,
        "tests": tests,
        "generated": generated,
        "tested": len(statuses),
        "killed": killed,
        "survived": len(survived) - len(equivalent),
        "equivalent": len(equivalent),
        "score": round(killed / max(1, non_equivalent), 3),
        "seconds": round(seconds, 1),
        "survivors": {n: statuses[n] for n in survived if n not in EQUIVALENT},
        "equivalent_mutants": {n: EQUIVALENT[n] for n in equivalent},
    }


def read_statuses(root: Path) -> dict[str, str]:
    """mutant name -> killed / survived / no tests / timeout …, from mutmut's .meta files."""
    codes = {0: "survived", 1: "killed", 3: "killed", -24: "timeout", 24: "timeout", 152: "timeout",
             33: "no tests", 34: "skipped", 35: "suspicious", 36: "timeout", 37: "caught by type check",
             -11: "segfault", -9: "killed"}
    out: dict[str, str] = {}
    for meta in (root / "mutants").rglob("*.meta"):
        data = json.loads(meta.read_text(encoding="utf-8"))
        for name, code in data.get("exit_code_by_key", {}).items():
            out[name] = "not checked" if code is None else codes.get(code, f"exit {code}")
    return out


def render(results: dict) -> str:
    rows = ["| module | test files | generated | tested | killed | survived | equivalent | score |",
            "|---|---|---|---|---|---|---|---|"]
    for m in results["modules"]:
        tests = ", ".join(Path(t).name for t in m["tests"])
        rows.append(f"| {m['module']} | {tests} | {m['generated']} | {m['tested']} | {m['killed']} | {m['survived']} | "
                    f"{m['equivalent']} | {m['score']:.2f} |")
    done = {m["module"] for m in results["modules"]}
    for module, tests in MODULES.items():
        if "locnews/" + module not in done:
            rows.append(f"| locnews/{module} | {', '.join(Path(t).name for t in tests)} | "
                        f"not run yet: `python benchmarks/mutation.py {module}` | | | | | |")
    out = ["# Mutation testing (benchmarks/mutation.py)", "",
           f"{results['tool']}; one scratch copy per module, only the listed test files run. "
           + (f"A systematic sample is tested, the {results['sample']} of each function (about 1 in 10); "
              if results["sample"] else "Every generated mutant is tested; ")
           + "killed counts timeouts (a mutant looping forever is caught); score = killed ÷ (tested − equivalent). Repeat with `python benchmarks/mutation.py` "
           "(`--all` for every mutant: hours on 2 cores).", "",
           *([results["note"], ""] if results.get("note") else []),
           "\n".join(rows), ""]
    for m in results["modules"]:
        if m["survivors"] or m["equivalent_mutants"]:
            out.append(f"## {m['module']}\n")
            for n, s in m["survivors"].items():
                out.append(f"- `{n}`: {s}" + (f" — killed since by {KILLED_SINCE[n]}" if n in KILLED_SINCE else ""))
            for n, why in m["equivalent_mutants"].items():
                out.append(f"- `{n}`: equivalent — {why}")
            out.append("")
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("modules", nargs="*", help=f"default: all of {', '.join(MODULES)}")
    ap.add_argument("--jobs", type=int, default=max(1, (os.cpu_count() or 2) - 1))
    ap.add_argument("--all", action="store_true", help="test every generated mutant (hours on 2 cores)")
    ap.add_argument("--keep", type=Path, help="copy mutmut's mutants/ folders here (to read survivors)")
    ap.add_argument("--no-write", action="store_true", help="print only; leave benchmarks/results alone")
    ap.add_argument("--render", action="store_true",
                    help="no run: apply EQUIVALENT to the stored survivors and rewrite mutation.{json,md}")
    args = ap.parse_args()
    if args.render:  # re-read the survivors against EQUIVALENT (a reading, not a rerun), rewrite both files
        path = HERE / "results" / "mutation.json"
        results = json.loads(path.read_text(encoding="utf-8"))
        for m in results["modules"]:
            for n in [n for n in m["survivors"] if n in EQUIVALENT]:
                del m["survivors"][n]
                m["equivalent_mutants"][n] = EQUIVALENT[n]
            m["survived"], m["equivalent"] = len(m["survivors"]), len(m["equivalent_mutants"])
            m["score"] = round(m["killed"] / max(1, m["tested"] - m["equivalent"]), 3)
        path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        (HERE / "results" / "mutation.md").write_text(render(results), encoding="utf-8")
        return
    from importlib.metadata import version

    results = {"tool": f"mutmut {version('mutmut')}", "sample": None if args.all else f"mutants numbered *{SAMPLE_DIGIT}",
               "modules": []}
    for module in args.modules or list(MODULES):
        r = run_module(module, MODULES[module], args.jobs, not args.all, args.keep)
        print(f"{r['module']}: {r['killed']}/{r['tested']} killed ({r['generated']} generated), {r['survived']} survived, "
              f"{r['equivalent']} equivalent, score {r['score']} ({r['seconds']} s)", flush=True)
        results["modules"].append(r)
        if not args.no_write:
            write(results, partial=bool(args.modules))
    if args.no_write:
        print(json.dumps(results, indent=2))


def write(results: dict, partial: bool) -> None:
    """Write the results; a run of some modules replaces only their rows of the file."""
    out = HERE / "results"
    previous = out / "mutation.json"
    results = dict(results)
    if partial and previous.exists():
        old = json.loads(previous.read_text(encoding="utf-8"))
        if old.get("tool") == results["tool"] and old.get("sample") == results["sample"]:
            mine = {m["module"] for m in results["modules"]}
            order = ["locnews/" + m for m in MODULES]
            results["modules"] = sorted([m for m in old["modules"] if m["module"] not in mine] + results["modules"],
                                        key=lambda m: order.index(m["module"]))
    previous.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (out / "mutation.md").write_text(render(results), encoding="utf-8")


if __name__ == "__main__":
    main()

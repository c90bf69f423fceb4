"""Format-string parsing for the placeholder checks: Python ``%``, Python ``{}`` and C printf.

Each parser returns a :class:`Spec` (the arguments a string refers to, by name or by position, with a
type class) or an ``invalid`` reason, following GNU gettext's ``format-python.c``,
``format-python-brace.c`` and ``format-c.c`` closely enough to agree with ``msgfmt --check``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

_INT, _FLOAT, _CHAR, _STR, _PTR, _COUNT = "int", "float", "char", "str", "pointer", "count"
_ANY = "any"  # an argument whose type the directive does not say (Boost's %1%)

_PY_TYPES = {
    **dict.fromkeys("diouxX", _INT),
    **dict.fromkeys("eEfFgG", _FLOAT),
    "c": _CHAR,
    **dict.fromkeys("sra", _STR),
}
_PY_CONVS = frozenset(_PY_TYPES) | {"%"}
_PY_RE = re.compile(r"%(?:\((?P<name>[^)]*)\))?(?P<flags>[-#0 +]*)(?P<width>\*|\d+)?(?:\.(?P<prec>\*|\d*))?(?P<len>[hlL])?(?P<conv>.?)", re.S)

_C_TYPES = {
    **dict.fromkeys("diouxX", _INT),
    **dict.fromkeys("eEfFgGaA", _FLOAT),
    "c": _CHAR,
    "s": _STR,
    "p": _PTR,
    "n": _COUNT,
}
_C_RE = re.compile(
    r"%(?:(?P<pos>\d+)\$)?(?P<flags>[-#0 +'I]*)(?P<width>\*(?:\d+\$)?|\d+)?(?:\.(?P<prec>\*(?:\d+\$)?|\d*))?"
    r"(?P<len>hh|h|ll|l|L|q|j|z|Z|t)?(?P<conv>.?)",
    re.S,
)


@dataclass
class Spec:
    named: dict[str, str] = field(default_factory=dict)
    positional: list[str] = field(default_factory=list)
    invalid: str | None = None
    unchecked: bool = False  # a construct this parser does not follow: nothing is compared
    shape: object = None  # Lisp/Scheme: the constraints on the whole argument list (format_lisp)

    @property
    def empty(self) -> bool:
        return not self.named and not self.positional


class _BadDirective(Exception):
    """msgfmt's reason for calling a string an invalid format string."""


def _percent_directives(s: str, regex: re.Pattern, convs, is_literal) -> Iterator[tuple[int, re.Match]]:
    """The ``%`` directives of ``s`` (matched by ``regex`` from each ``%``), numbered as msgfmt
    numbers them in its messages (a literal ``%%`` counts), without the literal ones. Raises
    :class:`_BadDirective` at an unfinished directive or a conversion not in ``convs``."""
    i = s.find("%")
    n = 0
    while i != -1:
        m = regex.match(s, i)
        assert m is not None
        conv = m.group("conv")
        if conv == "":
            raise _BadDirective("the string ends in the middle of a directive")
        n += 1
        if not is_literal(m):
            if conv not in convs:
                raise _BadDirective(f"in the directive number {n}, the character '{conv}' is not a valid conversion specifier")
            yield n, m
        i = s.find("%", m.end())


def _python_literal(m: re.Match) -> bool:
    return m.group("conv") == "%" and m.group("name") is None


def parse_python(s: str) -> Spec:
    spec = Spec()
    try:
        for _n, m in _percent_directives(s, _PY_RE, _PY_CONVS, _python_literal):
            t = _PY_TYPES.get(m.group("conv"), _STR)  # "%(name)%" takes an argument too
            name = m.group("name")
            if name is not None:
                if m.group("width") == "*" or m.group("prec") == "*":
                    return Spec(invalid="a named directive cannot take its width or precision from an argument")
                if spec.positional:
                    return Spec(invalid="the string refers to arguments both through names and through positions")
                old = spec.named.get(name)
                if old is not None and old != t:
                    return Spec(invalid=f"the string refers to the argument named '{name}' in incompatible ways")
                spec.named[name] = t
            else:
                if spec.named:
                    return Spec(invalid="the string refers to arguments both through names and through positions")
                for star in (m.group("width"), m.group("prec")):
                    if star == "*":
                        spec.positional.append(_INT)
                spec.positional.append(t)
    except _BadDirective as exc:
        return Spec(invalid=str(exc))
    return spec


def parse_brace(s: str) -> Spec:
    spec = Spec()
    i, L = 0, len(s)
    n = 0
    while i < L:
        c = s[i]
        if c == "}":
            if i + 1 < L and s[i + 1] == "}":
                i += 2
                continue
            return Spec(invalid="a single '}' outside a directive (write '}}')")
        if c != "{":
            i += 1
            continue
        if i + 1 < L and s[i + 1] == "{":
            i += 2
            continue
        n += 1
        depth, j = 1, i + 1
        while j < L and depth:
            if s[j] == "{":
                depth += 1
            elif s[j] == "}":
                depth -= 1
            j += 1
        if depth:
            return Spec(invalid=f"in the directive number {n}, there is an unterminated format directive")
        body = s[i + 1 : j - 1]
        if "!" in body:
            return Spec(invalid=f"in the directive number {n}, there is an unterminated format directive")
        field_name = re.split(r"[!:]", body, maxsplit=1)[0]
        base = re.split(r"[.\[]", field_name, maxsplit=1)[0]
        if base == "":
            # msgfmt knows no automatic numbering: "{}" is not a valid directive for it
            return Spec(invalid=f"in the directive number {n}, '}}' cannot start a field name")
        elif not (base.isdigit() or base.isidentifier()):
            return Spec(invalid=f"in the directive number {n}, '{base}' is not a valid argument name")
        spec.named[field_name] = _STR  # msgfmt names the argument with its attributes ("a.b")
        i = j
    return spec


# msgfmt's argument types carry the size: %ld and %d, %zu and %u take different arguments
_C_INT_SIZES = {None: "", "hh": "char ", "h": "short ", "l": "long ", "ll": "long long ", "q": "long long ",
                "L": "long long ", "j": "intmax_t ", "z": "size_t ", "Z": "size_t ", "t": "ptrdiff_t "}


def _c_type(conv: str, size: str | None) -> str:
    t = _C_TYPES[conv]
    if t in (_INT, _COUNT):
        return ("unsigned " if conv in "ouxX" else "") + _C_INT_SIZES.get(size, "") + t
    if t == _FLOAT and size == "L":
        return "long double"
    if t in (_CHAR, _STR) and size == "l":
        return "wide " + t
    return t


def _arguments(by_pos: dict[int, str], seq: list[str]) -> Spec:
    """The argument list of a printf-like string: numbered (every number up to the highest used)
    or in sequence."""
    if not by_pos:
        return Spec(positional=seq)
    top = max(by_pos)
    missing = [k for k in range(1, top + 1) if k not in by_pos]
    if missing:
        return Spec(invalid=f"the argument {missing[0]} is not used by any directive")
    return Spec(positional=[by_pos[k] for k in range(1, top + 1)])


def parse_c(s: str) -> Spec:
    by_pos: dict[int, str] = {}
    seq: list[str] = []
    try:
        for _n, m in _percent_directives(s, _C_RE, _C_TYPES, lambda m: m.group("conv") == "%"):
            t = _c_type(m.group("conv"), m.group("len"))
            if m.group("pos"):
                if seq:
                    return Spec(invalid="the string mixes numbered and unnumbered arguments")
                p = int(m.group("pos"))
                for star in (m.group("width"), m.group("prec")):
                    if star and star.startswith("*") and star.endswith("$"):
                        by_pos[int(star[1:-1])] = _INT  # a width or precision taken from argument N
                if by_pos.get(p, t) != t:
                    return Spec(invalid=f"the string refers to argument {p} in incompatible ways")
                by_pos[p] = t
            else:
                if by_pos:
                    return Spec(invalid="the string mixes numbered and unnumbered arguments")
                for star in (m.group("width"), m.group("prec")):
                    if star and star.startswith("*"):
                        seq.append(_INT)
                seq.append(t)
    except _BadDirective as exc:
        return Spec(invalid=str(exc))
    return _arguments(by_pos, seq)


def _printf(
    convs: str, *, numbered: bool | str = True, sizes: str = "hlLqjzt", types: dict[str, str] | None = None,
    noarg: str = "", typed_sizes: bool = False, flags: str = "-+ #0'",
) -> "callable":
    """A parser for a printf-like format (awk, lua, php, tcl, perl, elisp, …): ``%[N$]flags
    width.precision[size]conversion``; arguments by position, typed by conversion letter
    (``types`` for the letters a format types apart, ``noarg`` for directives that take none,
    ``typed_sizes`` when the size letters are part of the type)."""
    # numbered: %N$ (C), ":" for Object Pascal's %N: (from 0), False: no positions (Lua)
    pat = re.compile(r"%(?:(?P<pos>\d+):)?" if numbered == ":" else r"%(?:(?P<pos>\d+)\$)?" if numbered else r"%(?P<pos>)")
    base = 0 if numbered == ":" else 1
    body = re.compile(
        f"(?P<flags>[{re.escape(flags)}]*)" + r"(?P<width>\*|\d+)?(?:\.(?P<prec>\*|\d*))?"
        + (f"(?P<size>[{re.escape(sizes)}]*)" if sizes else "(?P<size>)") + r"(?P<conv>.?)",
        re.S,
    )
    types = types or {}

    def parse(s: str) -> Spec:
        by_pos: dict[int, str] = {}
        seq: list[str] = []
        i = s.find("%")
        n = 0
        while i != -1:
            m = pat.match(s, i)
            b = body.match(s, m.end())
            conv = b.group("conv")
            if conv == "%" and not m.group("pos"):
                i = s.find("%", b.end())
                continue
            n += 1
            if conv == "":
                return Spec(invalid="the string ends in the middle of a directive")
            if conv not in convs:
                return Spec(invalid=f"in the directive number {n}, the character '{conv}' is not a valid conversion specifier")
            if conv in noarg:
                i = s.find("%", b.end())
                continue
            t = types.get(conv) or (_FLOAT if conv in "eEfFgGaA" else _INT if conv in "diouxXbc" else _STR)
            if typed_sizes and b.group("size"):
                t = b.group("size") + " " + t
            if "v" in b.group("flags"):
                t = "vector of " + t
            if m.group("pos"):
                if seq:
                    return Spec(invalid="the string mixes numbered and unnumbered arguments")
                by_pos[int(m.group("pos")) + 1 - base] = t
            else:
                if by_pos:
                    return Spec(invalid="the string mixes numbered and unnumbered arguments")
                seq.extend(_INT for g in (b.group("width"), b.group("prec")) if g == "*")
                seq.append(t)
            i = s.find("%", b.end())
        return _arguments(by_pos, seq)

    return parse


def _numbered(regex: str) -> "callable":
    """A parser for formats that name arguments by number, untyped: Qt's %1, C#'s {0}, YCP's %1…"""
    rx = re.compile(regex)

    def parse(s: str) -> Spec:
        return Spec(named={m.group(1): _STR for m in rx.finditer(s) if m.group(1)})

    return parse


def _named(regex: str) -> "callable":
    """A parser for formats with named arguments: shell $name, Ruby %{name}, …"""
    rx = re.compile(regex)

    def parse(s: str) -> Spec:
        return Spec(named={next(g for g in m.groups() if g): _STR for m in rx.finditer(s) if any(m.groups())})

    return parse


def _ruby(s: str) -> Spec:
    """Ruby's format: %<name>conv and %{name} by name, else printf-like by position."""
    named = {m.group(1): (_STR if m.group(2) is None else _FLOAT if m.group(2) in "eEfgGaA" else _INT if m.group(2) in "diouxXbBc" else _STR)
             for m in re.finditer(r"%<(\w+)>[-+ #0*\d.]*([a-zA-Z])|%\{(\w+)\}", s) if m.group(1)}
    named.update({m.group(1): _STR for m in re.finditer(r"%\{(\w+)\}", s)})
    if named:
        return Spec(named=named)
    return _RUBY_PRINTF(s)


def _boost(s: str) -> Spec:
    """Boost.Format: %N% (printed as a string) and %|N$spec| (typed by its conversion), else
    printf directives."""
    rx = re.compile(r"%(\d+)%|%\|(\d+)\$([^|]*)\|")
    by_pos: dict[int, str] = {}
    for m in rx.finditer(s):
        if m.group(1):
            by_pos[int(m.group(1))] = _STR
        else:
            inner = _BOOST_PRINTF("%" + m.group(3))
            by_pos[int(m.group(2))] = inner.positional[-1] if not inner.invalid and inner.positional else _ANY
    if not by_pos:
        return _BOOST_PRINTF(s)
    return Spec(positional=[by_pos.get(k, _ANY) for k in range(1, max(by_pos) + 1)])


def _lisp_like(scheme: bool) -> "callable":
    """Lisp / Scheme FORMAT: the argument-list constraints msgfmt derives (see format_lisp)."""

    def parse(s: str) -> Spec:
        from locnews.catalogs import format_lisp

        try:
            return Spec(shape=format_lisp.parse(s, scheme=scheme))
        except ValueError as exc:
            return Spec(invalid=str(exc))
        except format_lisp.Unknown:
            return Spec(unchecked=True)

    return parse


_JAVA_TYPES = {"time": "date"}  # one argument type for both: a Date


def _java(s: str) -> Spec:
    """Java MessageFormat: {N[,type[,style]]}; text between single quotes is literal."""
    s = re.sub(r"'[^']*'", "", s)
    return Spec(named={m.group(1): _JAVA_TYPES.get((m.group(2) or "").strip(), (m.group(2) or "").strip()) or "plain" for m in re.finditer(r"\{(\d+)(?:,\s*(\w+)[^}]*)?\}", s)})


def _qt_complex(s: str) -> bool:
    return re.search(r"%(?:L\d|\d\d)", s) is not None


def _qt_plural(s: str) -> Spec:
    return Spec(named={"n": _INT} if re.search(r"%L?n", s) else {})


# One parser per format flag msgfmt checks (gettext-tools/src/format-*.c), each as strict as the
# common case needs: argument count, order where the format has positions, conversion types.
PARSERS = {
    "python-format": (parse_python, "Python format"),
    "python-brace-format": (parse_brace, "Python brace format"),
    "c-format": (parse_c, "C format"),
    "objc-format": (parse_c, "Objective C format"),
    "gcc-internal-format": (
        _printf("diouxXcspmeEfFgG<>'HLTDEFVZ", sizes="hlqwz", flags="-+ #0q", noarg="<>'m", typed_sizes=True),
        "GCC internal format",
    ),
    "gfc-internal-format": (_printf("dicsuCL", sizes="l", noarg="C", types={"L": "locus"}), "GFC internal format"),
    "perl-format": (
        _printf("csdiouxXeEfgGbBpnaAF", sizes="hlqLV", flags="-+ #0v", types=dict.fromkeys("uoxXbB", "unsigned int")),
        "Perl format",
    ),
    "php-format": (_printf("bcdeEfFgGosuxX"), "PHP format"),
    "awk-format": (_printf("cdiouxXeEfFgGs"), "awk format"),
    "lua-format": (_printf("diouxXcaAeEfgGqs", numbered=False, sizes="", types={"q": "quoted string"}), "Lua format"),
    "tcl-format": (_printf("duioxXcseEfgG", sizes="hl"), "Tcl format"),
    "elisp-format": (_printf("sSdoxXcefg", types={"S": "object", "c": _CHAR}), "Emacs Lisp format"),
    "librep-format": (_printf("dxXocsS", types={"S": "object"}), "librep format"),
    "javascript-format": (_printf("bcdfjosxX", sizes="", types={"j": "json", "o": "object"}), "JavaScript format"),
    "object-pascal-format": (_printf("dumefgnpsxDUMEFGNPSX", numbered=":", sizes=""), "Object Pascal format"),
    "boost-format": (_boost, "Boost format"),
    "sh-format": (_named(r"\$\{([A-Za-z_]\w*)\}|\$([A-Za-z_]\w*)"), "Shell format"),
    "ruby-format": (_ruby, "Ruby format"),
    "qt-format": (_numbered(r"%L?(\d\d?)"), "Qt format"),
    "qt-plural-format": (_qt_plural, "Qt plural format"),
    "kde-format": (_numbered(r"%(\d\d?)"), "KDE format"),
    "ycp-format": (_numbered(r"%(\d)"), "YCP format"),
    "smalltalk-format": (_numbered(r"%(\d+)"), "Smalltalk format"),
    "lisp-format": (_lisp_like(False), "Lisp format"),
    "scheme-format": (_lisp_like(True), "Scheme format"),
    "csharp-format": (_numbered(r"(?<!\{)\{(\d+)(?:,[^}:]*)?(?::[^}]*)?\}"), "C# format"),
    "java-format": (_java, "Java MessageFormat"),
}
_RUBY_PRINTF = _printf("bBdiouxXeEfgGaAcsp", sizes="")
_BOOST_PRINTF = _printf("diouxXeEfFgGaAcsSpn")
# Formats whose msgfmt check wants every argument in every plural form (no leniency for the
# forms used for one number only).
ALWAYS_STRICT = frozenset({"lua-format", "lisp-format", "scheme-format"})


# Formats msgfmt checks by comparing the constraints on the whole argument list (format_lisp)
WHOLE_LIST = frozenset({"lisp-format", "scheme-format"})


def _compare_whole(a: Spec, b: Spec, label: str, field_name: str) -> list[str]:
    if a.invalid:
        return []
    if b.invalid:
        return [f"'{field_name}' is not a valid {label} string, unlike 'msgid': {b.invalid}"]
    if a.unchecked or b.unchecked:
        return []
    from locnews.catalogs.format_lisp import equivalent

    # every plural form too: msgfmt wants the same list whatever the form
    if equivalent(a.shape, b.shape) is False:
        return [f"format specifications in 'msgid' and '{field_name}' are not equivalent"]
    return []


def _show(kind: str, name: str) -> str:
    if kind == "python-format":
        return f"%({name})s"
    if kind == "python-brace-format":
        return "{" + name + "}"
    return name


def compare(kind: str, msgid: str, msgstr: str, *, strict: bool = True, field_name: str = "msgstr") -> list[str]:
    """Problems with ``msgstr``'s placeholders against ``msgid``'s (empty list: none).

    ``strict``: the translation must use exactly the same arguments. Otherwise (a plural form used
    for a single number, like English "one comment") it may leave some out, but add none.
    """
    parse, label = PARSERS[kind]
    strict = strict or kind in ALWAYS_STRICT
    if kind in WHOLE_LIST:
        return _compare_whole(parse(msgid), parse(msgstr), label, field_name)
    a = parse(msgid)
    if a.invalid or a.unchecked:
        return []  # msgfmt checks nothing when the source itself is not a valid format string
    b = parse(msgstr)
    if b.unchecked:
        return []
    if b.invalid:
        return [f"'{field_name}' is not a valid {label} string, unlike 'msgid': {b.invalid}"]
    if kind == "qt-format" and _qt_complex(msgstr) and not _qt_complex(msgid):
        # Qt's QString::arg() reads a simple string one way and an L flag or %10 another
        return [f"'msgid' is a simple Qt format string, but '{field_name}' is not: it has an 'L' flag or a two-digit argument number"]
    out: list[str] = []
    if a.named or b.named:
        if (a.positional and b.named) or (a.named and b.positional):
            return [f"placeholders in 'msgid' are named, in '{field_name}' positional (or the other way round)"]
        missing = [k for k in a.named if k not in b.named]
        extra = [k for k in b.named if k not in a.named]
        if strict:
            for k in missing:
                out.append(f"placeholder {_show(kind, k)} of 'msgid' is missing in '{field_name}'")
        for k in extra:
            hint = f" (renamed from {_show(kind, missing[0])}?)" if len(missing) == 1 and len(extra) == 1 else ""
            out.append(f"placeholder {_show(kind, k)} in '{field_name}' does not exist in 'msgid'{hint}")
        for k, t in b.named.items():
            if k in a.named and a.named[k] != t and _ANY not in (t, a.named[k]):
                out.append(f"placeholder {_show(kind, k)} has another type in '{field_name}' than in 'msgid' ({t} vs {a.named[k]})")
        return out
    pa, pb = a.positional, b.positional
    if (strict and len(pa) != len(pb)) or len(pb) > len(pa):
        return [f"'msgid' has {len(pa)} placeholder(s) and '{field_name}' {len(pb)}"]
    for i, (x, y) in enumerate(zip(pa, pb), 1):
        if x != y and _ANY not in (x, y):
            out.append(f"placeholder {i} has another type in '{field_name}' than in 'msgid' ({y} vs {x})")
    return out


def named_placeholders(kind: str, s: str) -> set[str] | None:
    """Names a string uses in this format (None when it is not a valid one)."""
    spec = PARSERS[kind][0](s)
    return None if spec.invalid else set(spec.named)

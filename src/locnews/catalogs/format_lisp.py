"""Lisp and Scheme FORMAT strings, checked as msgfmt checks them (gettext's format-lisp.c and
format-scheme.c).

A format string is read into the constraints it puts on its argument list: for each argument,
its type (a small lattice: any object, character, integer, real, list, format string, function,
and the unions with NIL that conditionals produce) and whether the list may end before it. Both
strings of an entry must give the same constraints ("format specifications … are not
equivalent"). Conditionals (``~[ ~; ~:; ~]``, ``~:[``, ``~@[``) give the union of their
alternatives, ``~^`` an optional rest, ``~*`` moves the cursor, ``V`` parameters take an argument.

Left out, where msgfmt goes further (such strings are left unchecked, never reported): the
element constraints of iterations (``~{ ~}`` — two iterations are taken as equivalent when their
bodies read the same, and as "cannot tell" otherwise), what ``~@{`` and ``~@?`` do to the
arguments after them, and the intersection of two different list constraints.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field

OBJ, CIN, CN, CHR, IN, INT, REAL, FMT, FUN = (
    "object", "character, integer or nil", "character or nil", "character", "integer or nil", "integer",
    "real", "format string", "function",
)
NIL = ("list", "()")  # NIL is the empty list
# the types made of characters (c), integers (i), other reals (r) and nil (n): an integer is a real
_ATOMS = {CIN: frozenset("cin"), CN: frozenset("cn"), CHR: frozenset("c"), IN: frozenset("in"), INT: frozenset("i"),
          NIL: frozenset("n"), REAL: frozenset("ir")}
_BY_ATOMS = {v: k for k, v in _ATOMS.items()}


class Unknown(Exception):
    """A construct whose constraints this module does not work out: nothing is compared."""


# set while parsing when a constraint could not be worked out; the string is still read to its end
# (it may be invalid further on, which msgfmt reports)
_unsure: ContextVar[bool] = ContextVar("_unsure", default=False)


class Contradiction(Exception):
    """The string asks one argument to be of two incompatible types (msgfmt: invalid)."""


def _intersect(a, b):
    if a == b or b == OBJ:
        return a
    if a == OBJ:
        return b
    if a in _ATOMS and b in _ATOMS:
        both = _ATOMS[a] & _ATOMS[b]
        if not both:
            raise Contradiction
        return _BY_ATOMS[both]
    if isinstance(a, tuple) and isinstance(b, tuple):
        _unsure.set(True)  # two list constraints: msgfmt intersects their elements
        return a
    raise Contradiction


def _union(a, b):
    if a == b:
        return a
    if OBJ in (a, b):
        return OBJ
    if a in _ATOMS and b in _ATOMS:
        both = _ATOMS[a] | _ATOMS[b]
        return _BY_ATOMS.get(both, OBJ)
    if isinstance(a, tuple) and isinstance(b, tuple):
        return ("list", tuple(sorted((a[1], b[1]), key=repr)))
    return OBJ


@dataclass
class ArgList:
    """Constraints on an argument list: ``elements`` [type, required] from the first argument;
    ``tail``: unconstrained optional arguments may follow (else the list ends there)."""

    elements: list = field(default_factory=list)
    tail: bool = True

    def copy(self) -> "ArgList":
        return ArgList([list(e) for e in self.elements], self.tail)

    def _reach(self, pos: int) -> None:
        if pos >= len(self.elements):
            if not self.tail:
                raise Contradiction  # the list has ended before this argument
            self.elements += [[OBJ, False] for _ in range(pos + 1 - len(self.elements))]

    def constrain(self, pos: int, t) -> None:
        self._reach(pos)
        for e in self.elements[: pos + 1]:
            e[1] = True
        self.elements[pos][0] = _intersect(self.elements[pos][0], t)

    def require(self, pos: int) -> None:
        self._reach(pos)
        for e in self.elements[: pos + 1]:
            e[1] = True

    def is_required(self, pos: int) -> bool:
        return pos < len(self.elements) and self.elements[pos][1]

    def ended_at(self, pos: int) -> "ArgList | None":
        """This list, ending right before argument ``pos`` (None: it cannot)."""
        if any(req for _, req in self.elements[pos:]):
            return None
        if pos > len(self.elements) and not self.tail:
            return None
        out = self.copy()
        out._reach(pos - 1) if pos > 0 else None
        out.elements = out.elements[:pos]
        out.tail = False
        return out

    def normalized(self) -> "ArgList":
        out = self.copy()
        while out.tail and out.elements and out.elements[-1] == [OBJ, False]:
            out.elements.pop()
        return out

    def key(self) -> tuple:
        n = self.normalized()
        return tuple((t, req) for t, req in n.elements), n.tail


def _con(lst: ArgList | None, pos: int, t) -> ArgList | None:
    """``lst`` with argument ``pos`` of type ``t`` (None: impossible, as msgfmt's NULL list)."""
    if lst is None:
        return None
    try:
        lst.constrain(pos, t)
    except Contradiction:
        return None
    return lst


def _req(lst: ArgList | None, pos: int) -> ArgList | None:
    if lst is None:
        return None
    try:
        lst.require(pos)
    except Contradiction:
        return None
    return lst


def _copy(lst: ArgList | None) -> ArgList | None:
    return None if lst is None else lst.copy()


def union(a: ArgList | None, b: ArgList | None) -> ArgList | None:
    if a is None:
        return b
    if b is None:
        return a
    out = ArgList(tail=a.tail or b.tail)
    for i in range(max(len(a.elements), len(b.elements))):
        ea = a.elements[i] if i < len(a.elements) else ([OBJ, False] if a.tail else None)
        eb = b.elements[i] if i < len(b.elements) else ([OBJ, False] if b.tail else None)
        if ea is None or eb is None:
            e = ea or eb
            out.elements.append([e[0], False])
        else:
            out.elements.append([_union(ea[0], eb[0]), ea[1] and eb[1]])
    return out


def equivalent(a: ArgList, b: ArgList) -> bool | None:
    """Do two strings put the same constraints on their arguments (None: cannot tell)?"""
    (ea, ta), (eb, tb) = a.key(), b.key()
    if ta != tb or len(ea) != len(eb):
        return False
    unsure = False
    for (x, rx), (y, ry) in zip(ea, eb):
        if rx != ry:
            return False
        if x != y:
            if not (isinstance(x, tuple) and isinstance(y, tuple)):
                return False
            if _iteration_kinds_differ(x[1], y[1]):
                return False  # ~:{ (a list of lists) against ~{ (a list of arguments)
            unsure = True  # two iterations whose bodies differ: msgfmt compares their elements
    return None if unsure else True


def _iteration_kinds_differ(a, b) -> bool:
    """Both are iteration bodies that take arguments, one over sublists and one over arguments."""
    return (isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b) == 3 and a[0] in ("lists", "args")
            and b[0] in ("lists", "args") and a[0] != b[0] and a[2] > 0 and b[2] > 0)


# parameter kinds of each directive (format-lisp.c's check_params): I integer, C character, ? any
LISP_PARAMS = {
    **dict.fromkeys("AS", "IIIC"), "W": "", **dict.fromkeys("DBOX", "ICCI"), "R": "IICCI", "P": "", "C": "",
    "F": "IIICC", **dict.fromkeys("EG", "IIIICCC"), "$": "IIIC", **dict.fromkeys("%&|~I", "I"), "\n": "", "_": "",
    "T": "II", "*": "I", "?": "", "/": "", "(": "", ")": "", "[": "", ";": "", "]": "", "{": "I", "}": "", "<": "IIIC",
    ">": "", "^": "???",
    "!": None,  # CLISP's ~!: any parameters
}
# Guile's format (format-scheme.c): no ~W ~< ~> ~! ~/; ~I complex numbers, ~Y pretty, ~K = ~?, ~Q and ~! take nothing
SCHEME_PARAMS = {
    **{k: v for k, v in LISP_PARAMS.items() if k not in "W<>!/I"},
    "I": "IIIICCC", "Y": "", "K": "", "Q": "", "!": "",
}
COMPLEX = "complex"


@dataclass
class _State:
    params_table: dict
    scheme: bool
    directives: int = 0


def _params(s: str, i: int, position: int, lst: ArgList, st: _State):
    """The parameters of a directive at s[i:] (after the ~): [(kind, value, v_position)], the index
    after them and the modifiers, and the new cursor (each V takes an argument)."""
    params = []
    n = len(s)
    while True:
        kind, value, vpos = "nil", None, -1
        c = s[i] if i < n else ""
        if c and (c in "+-" or c.isdigit()):
            j = i + 1
            while j < n and s[j].isdigit():
                j += 1
            if not s[i:j].lstrip("+-").isdigit():
                raise _Invalid("the string ends in the middle of a directive" if j >= n else "a sign without digits")
            kind, value, i = "int", int(s[i:j]), j
        elif c == "'":
            if i + 1 >= n:
                raise _Invalid("the string ends in the middle of a directive")
            kind, value, i = "char", s[i + 1], i + 2
        elif c in ("v", "V"):
            kind, vpos, i = "v", position, i + 1
            if position >= 0:
                position += 1
        elif c == "#":
            kind, i = "argcount", i + 1
        params.append((kind, value, vpos))
        if i < n and s[i] == ",":
            i += 1
            continue
        break
    while params and params[-1][0] == "nil":
        params.pop()  # "~A" and "~,A" have no parameter that counts
    colon = at = False
    while i < n and s[i] in ":@":
        colon, at = colon or s[i] == ":", at or s[i] == "@"
        i += 1
    return params, i, colon, at, position


class _Invalid(Exception):
    pass


def _check_params(lst: ArgList | None, params: list, kinds: str | None) -> ArgList | None:
    if kinds is None:
        return lst
    if len(params) > len(kinds):
        raise _Invalid(f"too many parameters (at most {len(kinds)})")
    for (kind, _value, vpos), want in zip(params, kinds):
        if kind == "v" and vpos >= 0:
            lst = _con(lst, vpos, IN if want == "I" else CN if want == "C" else OBJ)
        elif kind == "int" and want == "C":
            raise _Invalid("a parameter is an integer where a character is expected")
        elif kind == "char" and want == "I":
            raise _Invalid("a parameter is a character where an integer is expected")
    return lst


def _parse_upto(s: str, i: int, position: int, lst: ArgList, escape, st: _State, terminator: str, separator: bool):
    """format-lisp.c's parse_upto: read directives up to ``terminator`` (``""``: the end).

    Returns (index, position, list, escape, separator seen: 0, 1 for ~;, 2 for ~:;)."""
    n = len(s)
    table = st.params_table
    while i < n:
        if s[i] != "~":
            i += 1
            continue
        st.directives += 1
        params, i, colon, at, position = _params(s, i + 1, position, lst, st)
        if i >= n:
            raise _Invalid("the string ends in the middle of a directive")
        d = s[i].upper()
        i += 1
        if d not in table:
            raise _Invalid(f"'{s[i - 1]}' is not a valid directive")
        kinds = table[d]
        if d == ";":
            if not separator:
                raise _Invalid("'~;' is used in an invalid position")
            lst = _check_params(lst, params, "I" if terminator == ">" else "")
            return i, position, lst, escape, 2 if colon else 1
        if d == "[" and not (at or colon):
            kinds = "I"
        lst = _check_params(lst, params, kinds)
        if d in "ASW" or (d == "/" and not st.scheme) or d == "Y":
            if d == "/":
                j = s.find("/", i)
                if j < 0:
                    raise _Invalid("the string ends in the middle of a ~/.../ directive")
                i = j + 1
            if position >= 0:
                lst = _con(lst, position, OBJ)
                position += 1
        elif d in "DBOXR":
            if position >= 0:
                lst = _con(lst, position, INT)
                position += 1
        elif d == "P":
            if colon and position > 0:
                position -= 1
            if position >= 0:
                lst = _con(lst, position, OBJ)
                position += 1
        elif d == "C":
            if position >= 0:
                lst = _con(lst, position, CHR)
                position += 1
        elif d in "FEG$":
            if position >= 0:
                lst = _con(lst, position, REAL)
                position += 1
        elif d == "I" and st.scheme:
            if position >= 0:
                lst = _con(lst, position, COMPLEX)
                position += 1
        elif d == "*":
            k = params[0] if params else ("nil", None, -1)
            if k[0] == "nil":
                m = 0 if at else 1
            elif k[0] == "int":
                m = k[1]
            else:
                position = -1
                continue
            if m < 0:
                raise _Invalid("a negative argument count for ~*")
            if at:
                position = m
            elif colon:
                if m > 0:
                    position = (position - m if position >= m else 0) if position >= 0 else -1
            elif position >= 0:
                position += m
        elif d in ("?", "K"):
            if position >= 0:
                lst = _con(lst, position, FMT)
                position += 1
            if at:
                position = -1
            elif position >= 0:
                lst = _con(lst, position, ("list", "any"))
                position += 1
        elif d == "!" and not st.scheme:
            if position >= 0:
                lst = _con(lst, position, FUN)
                lst = _con(lst, position + 1, OBJ)
                position += 2
        elif d == "(":
            i, position, lst, escape, _ = _parse_upto(s, i, position, lst, escape, st, ")", False)
        elif d == "[":
            i, position, lst, escape = _conditional(s, i, position, lst, escape, st, params, colon, at)
        elif d == "{":
            i, position, lst = _iteration(s, i, position, lst, st, colon, at)
        elif d == "<":
            sub_escape = None
            while True:
                i, position, lst, sub_escape, sep = _parse_upto(s, i, position, lst, sub_escape, st, ">", True)
                if not sep:
                    break
            if sub_escape is not None:
                position = -1
            lst = union(lst, sub_escape)
        elif d in ")]}>":
            if terminator != d:
                opener = {")": "(", "]": "[", "}": "{", ">": "<"}[d]
                raise _Invalid(f"'~{d}' without a matching '~{opener}'")
            return i, position, lst, escape, 0
        elif d == "^":
            if position >= 0 and lst is not None and lst.is_required(position):
                continue  # this ~^ can never be executed
            this = _copy(lst) if position < 0 or lst is None else lst.ended_at(position)
            escape = union(escape, this)
            if position >= 0:
                lst = _req(lst, position)
        # the rest (~% ~& ~| ~~ ~newline ~T ~_ ~I in Lisp, ~Q ~! in Scheme) take no argument
    if terminator:
        raise _Invalid(f"'~{ {')': '(', ']': '[', '}': '{', '>': '<'}[terminator]}' without a matching '~{terminator}'")
    return i, position, lst, escape, 0


def _conditional(s, i, position, lst, escape, st, params, colon, at):
    if at and colon:
        raise _Invalid("both the @ and the : modifiers are given for ~[")
    if at:
        nil_list = _copy(lst)
        if position >= 0:
            nil_list = _con(nil_list, position, NIL)
        sub_pos = position
        i, sub_pos, sub, escape, _ = _parse_upto(s, i, sub_pos, _copy(lst), escape, st, "]", False)
        if position >= 0:
            position = position + 1 if sub is None or sub_pos == position + 1 else -1
        return i, position, union(nil_list, sub), escape
    if colon:
        if position >= 0:
            lst = _con(lst, position, OBJ)
            position += 1
        first = _copy(lst)
        if position >= 0:
            first = _con(first, position - 1, NIL)
        i, p1, first, escape, sep = _parse_upto(s, i, position, first, escape, st, "]", True)
        if not sep:
            raise _Invalid("'~:[' is not followed by two clauses, separated by '~;'")
        i, p2, second, escape, _ = _parse_upto(s, i, position, _copy(lst), escape, st, "]", False)
        # an impossible alternative (a contradiction in it) does not count
        ends = [p for p, alt in ((p1, first), (p2, second)) if alt is not None]
        new_pos = position if not ends else ends[0] if all(p == ends[0] and p >= 0 for p in ends) else -1
        return i, new_pos, union(first, second), escape
    arg = -1
    if not (params and params[0][0] != "nil"):
        if position >= 0:
            arg = position
            lst = _con(lst, position, OBJ)
            position += 1
    out, out_pos, last = None, -2, False
    while True:
        i, sub_pos, sub, escape, sep = _parse_upto(s, i, position, _copy(lst), escape, st, "]", not last)
        if not last and arg >= 0:
            sub = _con(sub, arg, INT)
        if sub is not None:
            out_pos = sub_pos if out_pos == -2 else (out_pos if sub_pos == out_pos and sub_pos >= 0 else -1)
        out = union(out, sub)
        if sep == 2:
            last = True
        if not sep:
            break
    if not last:  # an implicit default alternative: no clause is chosen
        out_pos = position if out_pos == -2 else -1 if out_pos != position or position < 0 else out_pos
        out = union(out, _copy(lst))
    return i, (position if out_pos == -2 else out_pos), out, escape


def _iteration(s, i, position, lst, st, colon, at):
    start = i
    sub_st = _State(st.params_table, st.scheme)
    i, sub_pos, sub, sub_escape, _ = _parse_upto(s, i, 0, ArgList(), None, sub_st, "}", False)
    st.directives += sub_st.directives
    if s[start] == "~" and sub_st.directives == 1:
        # an empty body: the format string is an argument
        if position >= 0:
            lst = _con(lst, position, FMT)
            position += 1
    sub = union(sub, sub_escape)
    body = ("list", ("lists" if colon else "args", sub.key() if sub is not None else None, sub_pos))
    if at:
        if position >= 0:
            _unsure.set(True)  # ~@{: the iteration takes the remaining arguments
        return i, -1, lst
    if position >= 0:
        lst = _con(lst, position, body)
        position += 1
    return i, position, lst


def parse(s: str, *, scheme: bool = False) -> ArgList:
    """The argument constraints of a Lisp (or Guile Scheme) format string.

    Raises ``ValueError`` (with msgfmt's reason, roughly) for an invalid string and
    :class:`Unknown` for one this module leaves unchecked."""
    st = _State(SCHEME_PARAMS if scheme else LISP_PARAMS, scheme)
    token = _unsure.set(False)
    try:
        _i, _pos, lst, escape, _ = _parse_upto(s, 0, 0, ArgList(), None, st, "", False)
        lst = union(lst, escape)
        if lst is None:
            raise Contradiction
    except _Invalid as exc:
        raise ValueError(str(exc)) from None
    except Contradiction:
        raise ValueError("the string refers to some argument in incompatible ways") from None
    finally:
        unsure = _unsure.get()
        _unsure.reset(token)
    if unsure:
        raise Unknown
    return lst.normalized()

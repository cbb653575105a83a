"""First tokens of a regex: which words (or digit runs) a match can begin with, read off the parse tree.

The engine indexes rules by these tokens, so the trigger table is derived from the patterns themselves.
A token is a lowercase run of letters, ``#4`` / ``#s`` / ``#n`` for a run of 4, 1-2 or any other number
of digits, or a single punctuation character the match opens with ("'" of "'90s").
"""

from __future__ import annotations

import re
from re import _constants as C  # noqa: N812
from re import _parser as P  # noqa: N812

_INF = 1 << 30
_CAP = 4000  # partial tokens followed at once; more means the pattern opens with a free word


class OpenWordError(ValueError):
    """The pattern can start with an arbitrary word, so it cannot be indexed by its first token."""


def _is_letter(ch: str) -> bool:
    return ch.isalpha()


def _class_chars(items) -> tuple[set[str], bool, bool]:
    """(letters, digits?, other?) a character class can match; open letter classes raise."""
    letters: set[str] = set()
    digits = other = False
    negate = False
    for op, av in items:
        if op is C.NEGATE:
            negate = True
        elif op is C.LITERAL or op is C.RANGE:
            lo, hi = (av, av) if op is C.LITERAL else av
            for code in range(lo, hi + 1):
                ch = chr(code)
                if ch.isdigit():
                    digits = True
                elif _is_letter(ch):
                    letters.add(ch.lower())
                else:
                    other = True
        elif op is C.CATEGORY:
            if av in (C.CATEGORY_DIGIT,):
                digits = True
            elif av in (C.CATEGORY_SPACE, C.CATEGORY_NOT_WORD):
                other = True
            else:  # \w, \D, \S: any letter
                raise OpenWordError("a word class")
        else:
            raise OpenWordError(f"class item {op}")
    if negate:
        raise OpenWordError("a negated class")
    if len(letters) > 8:
        raise OpenWordError("a wide letter class")
    return letters, digits, other


class _States:
    """Open partial tokens (letters so far, or a digit run's (lo, hi) length) and closed tokens.

    ``every``: collect every token of the match, not just the first (a closed token starts a new one).
    ``pairs``: open tokens are (first, current) pairs and ``closed`` collects (first, second) pairs, with
    second None where a match can end before a second token (implies ``every``).
    """

    __slots__ = ("open", "closed", "every", "pairs")

    def __init__(self, open_: set, closed: set, every: bool = False, pairs: bool = False) -> None:
        self.open = open_
        self.closed = closed
        self.every = every or pairs
        self.pairs = pairs


def _close(tok) -> set[str]:
    if isinstance(tok, tuple):
        lo, hi = tok
        keys = set()
        if lo <= 2:
            keys.add("#s")
        if lo <= 4 <= hi:
            keys.add("#4")
        if lo <= 3 <= hi or hi >= 5:
            keys.add("#n")
        return keys
    return {tok}


def _step_char(
    open_: set,
    closed: set,
    letters: set[str],
    digits: bool,
    other: bool,
    others: str = "",
    every: bool = False,
) -> set:
    """Advance every open token by one character of the given kinds; returns the new open set."""
    new: set = set()
    for tok in open_:
        if isinstance(tok, tuple):
            if digits:
                new.add((tok[0] + 1, min(tok[1] + 1, _INF)))
            if letters or other:
                closed |= _close(tok)
                if every:
                    new.update(letters)
                    if other:
                        new.add("")
            continue
        if tok == "":
            if digits:
                new.add((1, 1))
            for ch in letters:
                new.add(ch)
            if other:
                if every:
                    new.add("")
                else:
                    for ch in others or "?":
                        closed.add(ch)
            continue
        for ch in letters:
            new.add(tok + ch)
        if digits or other:
            closed.add(tok)
            if every:
                if digits:
                    new.add((1, 1))
                if other:
                    new.add("")
    if len(new) > _CAP:
        raise OpenWordError("too many first words")
    return new


def _step_pairs(
    open_: set, closed: set, letters: set[str], digits: bool, other: bool, others: str = ""
) -> set:
    """``_step_char`` on (first, current) pairs: a closing first token pairs with the token it opens, a
    closing second token is recorded in ``closed``; third tokens are not followed."""
    new: set = set()
    for first, cur in open_:
        more = other
        if first is None and cur == "" and other:  # the match opens with punctuation, as in first_tokens
            new.update((ch, "") for ch in others or "?")
            more = False
        shut: set = set()
        nxt = _step_char({cur}, shut, letters, digits, more, others, every=True)
        for tok in nxt:
            if cur == "" or _continues(cur, tok):
                new.add((first, tok))
            elif first is None:
                new.update((k, tok) for k in shut)
        if first is not None:
            closed.update((first, k) for k in shut)
    if len(new) > _CAP:
        raise OpenWordError("too many first words")
    return new


def _continues(cur, tok) -> bool:
    """``tok`` (a step's result) extends the partial token ``cur`` rather than starting a new one."""
    if isinstance(cur, tuple):
        return isinstance(tok, tuple)
    return isinstance(tok, str) and len(tok) == len(cur) + 1


def _step(st: _States, letters: set[str], digits: bool, other: bool, others: str = "") -> set:
    if st.pairs:
        return _step_pairs(st.open, st.closed, letters, digits, other, others)
    return _step_char(st.open, st.closed, letters, digits, other, others, every=st.every)


def _lettered(tok) -> bool:
    """An open token made of letters so far (of a pair: its current token)."""
    if isinstance(tok, tuple) and len(tok) == 2 and not isinstance(tok[0], int):
        tok = tok[1]
    return isinstance(tok, str) and tok != ""


def _walk(items, st: _States) -> _States:
    for op, av in items:
        if not st.open:
            return st
        if op is C.LITERAL:
            ch = chr(av)
            if ch.isdigit():
                st.open = _step(st, set(), True, False)
            elif _is_letter(ch):
                st.open = _step(st, {ch.lower()}, False, False)
            else:
                st.open = _step(st, set(), False, True, ch)
        elif op is C.NOT_LITERAL or op is C.ANY:
            raise OpenWordError("any character")
        elif op is C.IN:
            letters, digits, other = _class_chars(av)
            others = "".join(chr(a) for o, a in av if o is C.LITERAL and not chr(a).isalnum())
            st.open = _step(st, letters, digits, other, others)
        elif op is C.SUBPATTERN:
            st = _walk(av[3], st)
        elif op is C.ATOMIC_GROUP:
            st = _walk(av, st)
        elif op is C.BRANCH:
            start = set(st.open)
            opens: set = set()
            for alt_items in av[1]:
                sub = _walk(alt_items, _States(set(start), st.closed, st.every, st.pairs))
                opens |= sub.open
            st.open = opens
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            lo, hi, sub_items = av
            digit_only = _digit_only(sub_items)
            if digit_only and not st.every and all(isinstance(t, tuple) or t == "" for t in st.open):
                new: set = set()
                for tok in st.open:
                    if tok == "":
                        if lo == 0:
                            new.add("")
                        new.add((max(lo, 1), min(hi, _INF)))
                    else:
                        new.add((tok[0] + lo, min(tok[1] + hi, _INF)))
                st.open = new
                continue
            acc = set(st.open) if lo == 0 else set()
            cur = set(st.open)
            n = 0
            stable = False
            while cur and n < max(lo, 1) + 3 and n < hi:
                nxt = _walk(sub_items, _States(cur, st.closed, st.every, st.pairs)).open
                n += 1
                if n >= lo:
                    acc |= nxt
                stable, cur = nxt == cur, nxt
                if stable:  # "\s+" between words: more rounds add nothing
                    break
            if cur and n < hi and not stable and any(_lettered(t) for t in cur):
                raise OpenWordError("a repeated letter")
            st.open = acc
        elif op is C.ASSERT and st.pairs and av[0] == 1:
            _walk(list(av[1]), _States(set(st.open), st.closed, pairs=True))  # pairs a lookahead closes
        elif op is C.ASSERT and st.every and av[0] == 1:
            ahead = _walk(list(av[1]), _States(set(st.open), st.closed, True))  # words a lookahead requires
            for tok in ahead.open:
                if tok != "":
                    st.closed |= _close(tok)
        elif op is C.ASSERT_NOT and not list(av[1]):
            st.open = set()  # (?!) never matches: an empty word list
        elif op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue  # zero width
        elif op is C.GROUPREF:
            raise OpenWordError("a back reference at the start")
        elif op is C.CATEGORY:
            letters, digits, other = _class_chars([(op, av)])
            st.open = _step(st, letters, digits, other)
        else:
            raise OpenWordError(f"node {op}")
    return st


def _digit_only(items) -> bool:
    if len(items) != 1:
        return False
    op, av = items[0]
    if op is C.IN:
        try:
            letters, digits, other = _class_chars(av)
        except OpenWordError:
            return False
        return digits and not letters and not other
    if op is C.LITERAL:
        return chr(av).isdigit()
    return False


def first_tokens(pattern: str) -> set[str]:
    """Every token a match of ``pattern`` can begin with (raises OpenWordError when unbounded)."""
    tree = P.parse(pattern)
    st = _walk(list(tree), _States({""}, set()))
    for tok in st.open:
        if tok == "":
            raise OpenWordError("the pattern can match the empty string")
        st.closed |= _close(tok)
    return st.closed


def all_tokens(pattern: str) -> set[str]:
    """Every word (and digit-run class) a match of ``pattern`` can contain; raises OpenWordError when a
    free word can occur in it (the engine then does not pre-check what follows a first word)."""
    tree = P.parse(pattern)
    st = _walk(list(tree), _States({""}, set(), every=True))
    for tok in st.open:
        if tok != "":
            st.closed |= _close(tok)
    return {t for t in st.closed if t.startswith("#") or is_word(t)}


def second_tokens(pattern: str) -> dict[str, set[str | None]]:
    """For each first token of ``pattern``: every token that can come second in a match (as all_tokens
    spells it, digit runs as ``#``), and None when a match can end before a second token. Raises
    OpenWordError when that is unbounded."""
    tree = P.parse(pattern)
    st = _walk(list(tree), _States({(None, "")}, set(), pairs=True))
    out: dict[str, set[str | None]] = {}
    for first, second in st.closed:
        out.setdefault(first, set()).add(second)
    for first, cur in st.open:
        if first is None:
            if cur == "":
                raise OpenWordError("the pattern can match the empty string")
            for k in _close(cur):
                out.setdefault(k, set()).add(None)
        elif cur == "":
            out.setdefault(first, set()).add(None)
        else:
            out.setdefault(first, set()).update(_close(cur))
    return {
        k: {
            None if t is None else "#" if t.startswith("#") else t
            for t in v
            if t is None or t.startswith("#") or is_word(t)
        }
        for k, v in out.items()
    }


def is_word(tok: str) -> bool:
    return bool(re.fullmatch(r"[^\W\d_]+", tok))

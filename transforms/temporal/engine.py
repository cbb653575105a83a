"""The one temporal engine: compiles a language's data files into a fast scan and applies its rules.

A language is ``resources/<lang>/{lexicon,rules}.toml`` (see resources/FORMAT.md). ``compiled(lang)``
builds, once per process, the rule patterns (macros expanded), the trigger index derived from the
rules' first tokens, and the anchor scanner; ``run(text, day, lang)`` returns the timexes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from transforms.lexicon import RESOURCES, alt, cased, load, norm, read_toml

from .context import Ctx, TenseReader
from .first import OpenWordError, all_tokens, first_tokens, is_word, second_tokens
from .model import Timex
from .normalisers import EXTENSIONS, NORMALISERS, Hit, Result

_MACRO = re.compile(r"\{([A-Za-z_][\w+]*)(?::(\w+))?\}")
_GROUP = re.compile(r"\(\?P<(\w+)>|\(\?P=(\w+)\)")
_DIGIT_GATE_DEFAULT = r"[./:-]\d|\.?\s*[^\W\d_]|\s*['’(]|-[^\W\d_]|[\s-]+[^\W\d_]"
_BAD_BEFORE = frozenset("$€£¥₴₽#@/._")
_BAD_WEAK = frozenset("$€£¥₴₽#@/._-")
_NEXT = re.compile(r"[\W_]*([^\W\d_]+|\d)")
# the token after the one at a position (a digit run, a word or punctuation): a word, or a digit
_SECOND = re.compile(r"(?:\d+|[^\W\d_]*)[\W_]*([^\W\d_]+|\d)")
# [^\w] with the ASCII non-word characters listed first: the same set, but the regex engine decides most
# characters of a text by a bitmap instead of a Unicode category lookup (the scans test every character)
_SEP = r"[\x00-/:-@\[-^`{-\x7f\W]"
# the same set within ASCII, decided by the bitmap alone (no Unicode lookup for the letters either): the
# scanners built with it serve texts that are ASCII throughout
_SEP_ASCII = r"[\x00-/:-@\[-^`{-\x7f]"


@dataclass(slots=True)
class Rule:
    """One compiled rule; ``prefix`` namespaces its groups in the shared alternations."""

    name: str
    pattern: str
    normalise: Callable[..., Result | None]
    params: dict[str, Any]
    extend: tuple[str, ...]
    anchor: bool
    before: re.Pattern | None
    not_before: re.Pattern | None
    not_after: re.Pattern | None
    reject: bool
    prefix: str
    shift: str | None = None  # what "last"/"next" re-anchors (determiner): weekday, month or season
    approx: bool = False  # the modifier may add "about"-like mods (a year, a decade: not a day)
    guarded: bool = False
    first: frozenset[str] = field(default_factory=frozenset)
    alone: re.Pattern | None = None


class Selection:
    """Rules a candidate may start, in file order, and their one regex, compiled on first use: most of
    a language's selections (a key's rules by the token that follows) are never needed by a text, and
    compiling them all up front doubled the time a language takes to load."""

    __slots__ = ("_rx", "rules")

    def __init__(self, rules: tuple[Rule, ...]):
        self.rules = rules
        self._rx: re.Pattern | None = None

    @property
    def rx(self) -> re.Pattern:
        if self._rx is None:
            self._rx = _alternation(list(self.rules))
        return self._rx


@dataclass(slots=True)
class Language:
    """Everything one language needs at tagging time, built once."""

    code: str
    lex: dict[str, Any]
    rules: list[Rule]
    by_group: dict[str, Rule]
    context: dict[str, re.Pattern]
    tense: TenseReader
    scan_low: re.Pattern  # on " " + text.lower(): a separator, then a number, anchor word or punctuation
    scan_punct: frozenset[str]  # the first characters of scan_low's punctuation anchors
    scan_raw: re.Pattern
    weak_low: re.Pattern
    scan_ascii: re.Pattern  # scan_low and weak_low for ASCII texts
    weak_ascii: re.Pattern
    keys: dict[str, tuple[Rule, ...]]
    key_rules: dict[str, Selection]  # key -> every rule it starts (keys not in ``split``)
    # key -> (second token -> selection, selection for any other): only the rules that can continue
    # with the text's next token, for keys whose rules differ in it
    split: dict[str, tuple[dict[str, Selection], Selection]]
    gates: dict[str, frozenset[str]]
    digit_gate: re.Pattern
    lookback_words: int
    lookback_chars: int
    hyphen_prefixes: tuple[str, ...]
    range_marks: frozenset[str]  # after a digit, these may precede a range's second number ("1939/40")
    settings: dict[str, Any]
    date_after: re.Pattern  # the rules of setting date_after_time, for the day after a clock time


def _expand(text: str, macros: dict[str, str], lex: dict[str, Any], seen: tuple[str, ...] = ()) -> str:
    def sub(m: re.Match) -> str:
        name, opt = m.group(1), m.group(2)
        if name in macros and "+" not in name:
            if name in seen:
                raise ValueError(f"macro {name} refers to itself")
            return _expand(macros[name], macros, lex, (*seen, name))
        words: list[str] = []
        for part in name.split("+"):
            if part not in lex:
                raise KeyError(f"unknown macro or table {{{part}}}")
            table = lex[part]
            words.extend(table.keys() if isinstance(table, dict) else table)
        if opt == "cased":
            return cased(words)
        if opt == "title":
            return alt({" ".join(w[:1].upper() + w[1:] for w in entry.split()) for entry in words})
        if opt is None:
            return alt(words, "i")
        raise ValueError(f"unknown macro option :{opt}")

    return _MACRO.sub(sub, text)


def _prefix_groups(pattern: str, prefix: str) -> str:
    def sub(m: re.Match) -> str:
        if m.group(1):
            return f"(?P<{prefix}{m.group(1)}>"
        return f"(?P={prefix}{m.group(2)})"

    return _GROUP.sub(sub, pattern)


def _guard(src: str | None, macros: dict[str, str], lex: dict[str, Any]) -> re.Pattern | None:
    return re.compile(_expand(src, macros, lex)) if src else None


@cache
def _shared_macros() -> dict[str, str]:
    return read_toml(RESOURCES / "macros.toml").get("macros", {})


def _anchor_words(lex: dict[str, Any], tables: list[str]) -> set[str]:
    """Words of the anchor tables: every one-word entry; of a phrase, its words that are one-word entries
    themselves, else its last word ("the day after tomorrow" -> day, tomorrow; "the near future" -> future),
    so function words inside phrases never become triggers."""
    entries = []
    for name in tables:
        table = lex[name]
        entries.extend(
            re.findall(r"[^\W\d_]+", e) for e in (table.keys() if isinstance(table, dict) else table)
        )
    single = {toks[0] for toks in entries if len(toks) == 1}
    out = set(single)
    for toks in entries:
        if len(toks) > 1 and not single.intersection(toks):
            out.add(toks[-1])
    return out


def _case_forms(words: set[str]) -> set[str]:
    return {f for w in words for f in (w, w.capitalize(), w.upper())}


@cache
def compiled(lang: str) -> Language:
    """Compile one language's rules and scanner (cached for the process lifetime)."""
    lex = load(lang)
    spec = read_toml(RESOURCES / lang / "rules.toml")
    macros = {**_shared_macros(), **spec.get("macros", {})}
    rules: list[Rule] = []
    for i, r in enumerate(spec.get("rule", [])):
        name = r["name"]
        prefix = f"{name}__" if name.isidentifier() else f"r{i}__"
        body = _expand(r["pattern"], macros, lex)
        normalise = "reject" if r.get("normalise") == "reject" else r["normalise"]
        if normalise not in NORMALISERS:
            raise KeyError(f"{lang} rule {name}: no normaliser {normalise!r}")
        for ext in r.get("extend", ()):
            if ext not in EXTENSIONS:
                raise KeyError(f"{lang} rule {name}: no extension {ext!r}")
        rule = Rule(
            name=name,
            pattern=_prefix_groups(body, prefix),
            normalise=NORMALISERS[normalise],
            params={k: tuple(v) if isinstance(v, list) else v for k, v in r.get("params", {}).items()},
            extend=tuple(r.get("extend", ())),
            anchor=bool(r.get("anchor", False)),
            before=_guard(r.get("before"), macros, lex),
            not_before=_guard(r.get("not_before"), macros, lex),
            # matched at the match's end with ``match(text, end)``, where ``^`` could never hold
            not_after=_guard((r.get("not_after") or "").removeprefix("^"), macros, lex),
            reject=normalise == "reject",
            prefix=prefix,
            shift=r.get("shift"),
            approx=bool(r.get("approx", False)),
        )
        rule.guarded = any(g is not None for g in (rule.before, rule.not_before, rule.not_after))
        try:
            rule.first = frozenset(first_tokens(body))
        except OpenWordError as exc:
            raise ValueError(f"{lang} rule {name}: cannot index its first words ({exc})") from exc
        rules.append(rule)
    scan = spec.get("scan", {})
    strong = _anchor_words(lex, scan.get("anchors", [])) | set(scan.get("anchor_words", ()))
    for i, r in enumerate(rules):
        if spec["rule"][i].get("anchor_first"):  # its own first tokens, where no other rule starts
            others = {t for o in rules if o is not r for t in o.first}
            strong |= {t for t in r.first if not t.startswith("#") and t not in others}
    keys: dict[str, tuple[Rule, ...]] = {}
    for r in rules:
        for tok in r.first:
            keys[tok] = (*keys.get(tok, ()), r)
    weak = {k for k in keys if k not in strong and not k.startswith("#")}
    strong_words = {w for w in strong if is_word(w)}
    strong_punct = {w for w in strong if not is_word(w)}
    if any(p[0].isalnum() or p[0] == "_" for p in strong_punct):
        raise ValueError(f"{lang}: a scan anchor that is no word must open with punctuation")
    punct = "|".join(re.escape(p) for p in sorted(strong_punct)) or "(?!)"
    # No groups: the character after the separator tells a number, a word and punctuation apart, and
    # every alternative opens with a character, so the regex engine rejects it without entering it.
    scan_tail = (
        "(?:"
        + "|".join(
            [r"\d\d*", *_by_first_letter(strong_words, r"(?![^\W\d_])")]
            + ([r"(?:" + punct + r")(?=\w)"] if strong_punct else [])
        )
        + ")"
    )
    scan_raw = re.compile(
        r"(?<!\w)(?:(?P<d>\d+)|(?P<w>"
        + alt(_case_forms(strong_words))
        + r")(?![^\W\d_])|(?P<k>"
        + alt(_case_forms({w for w in weak if is_word(w)}))
        + r")(?![^\W\d_]))|(?P<p>"
        + punct
        + r")(?=\w)"
    )
    # the separator is consumed, not looked behind at: a leading class lets the regex skip letters fast
    weak_tail = r"(?P<k>" + alt({w for w in weak if is_word(w)}) + r")(?![^\W\d_])"
    by_rules: dict[tuple[str, ...], Selection] = {}  # keys that start the same rules share one regex

    def select(rs: tuple[Rule, ...]) -> Selection:
        names = tuple(r.name for r in rs)
        if names not in by_rules:
            by_rules[names] = Selection(rs)
        return by_rules[names]

    split = {
        k: ({w: select(rs) for w, rs in by_word.items()}, select(rest))
        for k, (by_word, rest) in _splits(keys).items()
    }
    key_rules = {k: select(rs) for k, rs in keys.items() if k not in split}
    gates = _gates(keys, weak)
    context = {k: re.compile(_expand(v, macros, lex)) for k, v in spec.get("context", {}).items()}
    return Language(
        code=lang,
        lex=lex,
        rules=rules,
        by_group={r.prefix: r for r in rules},
        context=context,
        tense=TenseReader(spec.get("tense", {}), context),
        scan_low=re.compile(_SEP + scan_tail),
        scan_punct=frozenset(p[0] for p in strong_punct),
        scan_raw=scan_raw,
        weak_low=re.compile(_SEP + weak_tail),
        scan_ascii=re.compile(_SEP_ASCII + scan_tail),
        weak_ascii=re.compile(_SEP_ASCII + weak_tail),
        keys=keys,
        key_rules=key_rules,
        split=split,
        gates=gates,
        digit_gate=re.compile(_expand(scan.get("digit_gate", _DIGIT_GATE_DEFAULT), macros, lex)),
        lookback_words=int(scan.get("lookback_words", 3)),
        lookback_chars=int(scan.get("lookback_chars", 28)),
        hyphen_prefixes=tuple(f"{p}-" for p in scan.get("hyphen_prefixes", ())),
        range_marks=frozenset(scan.get("range_marks", ())),
        settings={k: frozenset(v) if isinstance(v, list) else v for k, v in spec.get("settings", {}).items()},
        date_after=_alternation(
            [r for r in rules if r.name in spec.get("settings", {}).get("date_after_time", ())]
        ),
    )


def _by_first_letter(words: set[str], tail: str) -> list[str]:
    """The alternation of ``words`` as one alternative per first letter, each followed by ``tail``."""
    rests: dict[str, set[str]] = {}
    for w in words:
        rests.setdefault(w[0], set()).add(w[1:])
    return [re.escape(c) + (alt(r) if r != {""} else "") + tail for c, r in sorted(rests.items())]


def _alternation(rules: list[Rule]) -> re.Pattern:
    """One regex trying ``rules`` in file order; ``lastgroup`` names the rule (its prefix) that matched."""
    return re.compile("|".join(f"(?P<{r.prefix}>{r.pattern})" for r in rules) or "(?!)")


def _splits(
    keys: dict[str, tuple[Rule, ...]],
) -> dict[str, tuple[dict[str, tuple[Rule, ...]], tuple[Rule, ...]]]:
    """For keys whose rules differ in the token they continue with: second token -> the rules (in file
    order) that can continue with it or end before it, and those for any other token. A rule whose
    second tokens cannot be read off its pattern is in every selection."""
    seconds: dict[str, dict[str, set[str | None]] | None] = {}
    out = {}
    for key, rules in keys.items():
        if len(rules) < 2:
            continue
        nexts: dict[str, set[str | None] | None] = {}
        for r in rules:
            if r.name not in seconds:
                try:
                    seconds[r.name] = second_tokens(r.pattern)
                except OpenWordError:
                    seconds[r.name] = None
            table = seconds[r.name]
            nexts[r.name] = None if table is None or key not in table else table[key]
        always = tuple(r for r in rules if nexts[r.name] is None or None in nexts[r.name])
        words = {w for n in nexts.values() if n for w in n if w is not None}
        by_word = {w: tuple(r for r in rules if r in always or w in nexts[r.name]) for w in words}
        if len(always) < len(rules) and any(len(rs) < len(rules) for rs in by_word.values()):
            out[key] = (by_word, always)
    return out


def _gates(keys: dict[str, tuple[Rule, ...]], weak: set[str]) -> dict[str, frozenset[str]]:
    """For each first word that is no anchor: every word its rules can contain. A candidate at such a
    word is only tried when the next word of the text is one of them ("the" + "government" is not)."""
    vocab: dict[str, frozenset[str]] = {}
    out: dict[str, frozenset[str]] = {}
    for key in weak:
        words: set[str] = set()
        try:
            for rule in keys[key]:
                if rule.name not in vocab:
                    vocab[rule.name] = frozenset(all_tokens(rule.pattern))
                words |= vocab[rule.name]
        except OpenWordError:
            continue
        out[key] = frozenset({"#"} if any(w.startswith("#") for w in words) else ()) | words
    return out


def _start_ok(L: Language, text: str, p: int) -> bool:
    """An expression cannot start inside a word, after money/number signs, or after a hyphen (but "mid-")."""
    if not p:
        return True
    b = text[p - 1]
    if b.isalnum() or (b in _BAD_BEFORE and not (b in L.range_marks and _after_number(text, p - 1))):
        return False
    return b != "-" or text[max(0, p - 8) : p].lower().endswith(L.hyphen_prefixes or ("\0",))


def _after_number(text: str, p: int) -> bool:
    """A number (an ordinal's dot allowed: "27./28.") ends right before ``p``."""
    q = p - 1 if p and text[p - 1] == "." else p
    return q > 0 and text[q - 1].isdigit()


def _digit_key(L: Language, text: str, p: int, n: int) -> str | None:
    if n == 4:
        return "#4"
    if L.digit_gate.match(text, p + n):
        return "#s" if n <= 2 else "#n"
    return None


def _candidates(L: Language, text: str, floor: list[int]) -> Iterator[tuple[int, int, str]]:
    """Yield (start, trigger, key) in text order: first tokens just before an anchor, then the anchor."""
    low = " " + text.lower()
    weak: list[tuple[int, str]] = []
    weak_rx = L.weak_low
    if len(low) == len(text) + 1:
        if text.isascii():
            scan = L.scan_ascii.finditer(low)
            weak_rx = L.weak_ascii
        else:
            scan = L.scan_low.finditer(low)
        shift = 1  # offsets in ``low`` are one more than in ``text``; match.start() is the separator
    else:  # lower() changed offsets (rare scripts): scan the original text instead
        low = text
        scan = L.scan_raw.finditer(text)
        shift = 0
    back_chars, back_words, gates = L.lookback_chars, L.lookback_words, L.gates
    last_end = 0
    punct = L.scan_punct
    for tm in scan:
        if shift:
            p = tm.start()  # the separator's offset in ``low`` is the token's in ``text``
            c = low[p + 1]
            kind = "d" if c.isdecimal() else "p" if c in punct else "w"
            ps = p + 1
            ws_lo = ps - back_chars if ps - back_chars > last_end else last_end
            last_end = tm.end()
            f = floor[0]
            if p < f:  # inside an accepted expression: neither this anchor nor words before it start one
                continue
            if ws_lo < ps - 1:
                for wm in weak_rx.finditer(low, (ws_lo if ws_lo > f else f) - 1, ps):
                    weak.append((wm.start(), wm.group("k")))  # the separator's offset is the word's in text
        else:
            kind = tm.lastgroup
            p = tm.start(kind)
            if kind == "k":
                weak.append((p, tm.group(kind).lower()))
                continue
            f = floor[0]
            if p < f:
                weak.clear()
                continue
        if weak:
            lo = p - back_chars if p - back_chars > f else f
            for ws, key in weak:
                if ws < lo or (ws and text[ws - 1] in _BAD_WEAK) or text.count(" ", ws, p) > back_words:
                    continue
                gate = gates.get(key)
                if gate is not None:
                    nm = _NEXT.match(low, ws + len(key) + shift)
                    if nm is None:
                        continue
                    nxt = nm.group(1)
                    if not (
                        nxt in gate or (nxt.isdigit() and "#" in gate) or (not shift and nxt.lower() in gate)
                    ):
                        continue
                yield ws, p, key
            weak.clear()
            if p < floor[0]:
                continue
        if p and text[p - 1] != " " and not _start_ok(L, text, p):
            continue
        if kind == "d":
            key = _digit_key(L, text, p, tm.end() - ps if shift else len(tm.group(kind)))
            if key is None:
                continue
        elif shift:
            key = low[ps : tm.end()]
        else:
            key = tm.group(kind) if kind == "p" else tm.group(kind).lower()
        yield p, p, key


def _guards_ok(rule: Rule, text: str, s: int, e: int) -> bool:
    if rule.before is not None and not rule.before.search(text, max(0, s - 40), s):
        return False
    if rule.not_before is not None and rule.not_before.search(text, max(0, s - 40), s):
        return False
    return rule.not_after is None or not rule.not_after.match(text, e)


def _match(L: Language, key: str, text: str, p: int) -> tuple[Rule, re.Match] | None:
    """The first rule (in file order) of this key that matches at ``p`` and passes its guards."""
    sp = L.split.get(key)
    if sp is not None:
        nm = _SECOND.match(text, p)
        if nm is None:
            sel = sp[1]
        else:
            nxt = nm.group(1)
            sel = sp[0].get("#" if nxt.isdigit() else nxt.lower(), sp[1])
        if not sel.rules:
            return None
    else:
        sel = L.key_rules.get(key)
        if sel is None:
            return None
    rules = sel.rules
    m = sel.rx.match(text, p)
    if m is None:
        return None
    rule = L.by_group[m.lastgroup]
    if not rule.guarded or _guards_ok(rule, text, m.start(), m.end()):
        return rule, m
    for other in rules[rules.index(rule) + 1 :]:
        if other.alone is None:
            other.alone = re.compile(f"(?P<{other.prefix}>{other.pattern})")
        m = other.alone.match(text, p)
        if m is not None and _guards_ok(other, text, m.start(), m.end()):
            return other, m
    return None


def run(text: str, day: date | None, lang: str) -> list[Timex]:
    """Try the rules only where a rule can start; accepted hits become non-overlapping Timex records."""
    L = compiled(lang)
    ctx = Ctx(text, day, L)
    out: list[Timex] = []
    floor = [0]
    for p, trigger, key in _candidates(L, text, floor):
        if p < floor[0]:
            continue
        found = _match(L, key, text, p)
        if found is None:
            continue
        rule, m = found
        if m.end() <= trigger:
            continue
        if rule.reject:  # a look-alike: none of its text is tagged, not even from a later anchor inside it
            floor[0] = max(floor[0], m.end())
            continue
        hit = Hit(m, rule.prefix)
        res = rule.normalise(ctx, hit, **rule.params)
        if res is None:
            continue
        typ, value, mod = res.type, res.value, res.mod
        s = res.start if res.start is not None else m.start()
        e = res.end if res.end else m.end()
        if typ in ("DATE", "TIME"):
            for ext in rule.extend:
                s, value, mod = EXTENSIONS[ext](ctx, rule, s, value, mod)
        if out and s < out[-1].end:
            s = m.start()
            if s < out[-1].end:
                continue
        t = Timex(s, e, text[s:e], typ, value, mod)
        out.append(t)
        ctx.prev = t
        if value and typ in ("DATE", "TIME") and value[:4].isdigit() and value[:4] in t.text:
            ctx.year_ref = int(value[:4])
        if rule.anchor and value and len(value) == 10 and value[0] != "X":
            ctx.anchor = date.fromisoformat(value)
            ctx.anchor_end = e
        floor[0] = e
    return out


def lookup(L: Language, table: str, surface: str) -> Any:
    """Value of a matched surface in a lexicon table (normalised like the keys)."""
    return L.lex[table][norm(surface)]

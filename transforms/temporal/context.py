"""Per-call state and the tense reader: which side of the DCT a bare "Friday" or "15 May" lies on.

The reader is configured by the ``[tense]`` section of a language's rules.toml (resources/FORMAT.md).
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from .model import Timex

if TYPE_CHECKING:
    from .engine import Language

_NEVER = re.compile(r"(?!)")
_TOKEN_GAP = re.compile(r"([^\w']*)([\w']+)")
_KINDS_MAX = 50_000  # tokens whose reading is remembered, per language and table


class TenseReader:
    """Future (+1) / past (-1) cue words, phrases and suffixes of one language, read word by word."""

    def __init__(self, spec: dict[str, Any], context: dict[str, re.Pattern]) -> None:
        self.future = frozenset(w.lower() for w in spec.get("future", ()))
        self.past = frozenset(w.lower() for w in spec.get("past", ()))
        self.not_past = frozenset(w.lower() for w in spec.get("not_past", ()))
        self.participle_after = frozenset(w.lower() for w in spec.get("participle_after", ()))
        self.phrases: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        for key, sign in (("future_phrases", 1), ("past_phrases", -1)):
            for phrase in spec.get(key, ()):
                words = phrase.lower().split()
                self.phrases.setdefault(words[0], []).append((tuple(words[1:]), sign))
        self.past_suffix = re.compile(spec["past_suffix"]) if spec.get("past_suffix") else None
        self.future_suffix = re.compile(spec["future_suffix"]) if spec.get("future_suffix") else None
        self.clause_starts = frozenset(w.lower() for w in spec.get("clause_starts", ()))
        self.apostrophe_words = {k.lower(): v for k, v in spec.get("apostrophe_words", {}).items()}
        self.apostrophe_suffixes = {k.lower(): v for k, v in spec.get("apostrophe_suffixes", {}).items()}
        self.breaks_before = tuple(spec.get("breaks_before", (". ", "\n", "? ", "! ")))
        self.stop_after = re.compile(spec.get("stop_after", r"\. "))
        self.window_before = int(spec.get("window_before", 70))
        self.window_after = int(spec.get("window_after", 50))
        self.immediate = context.get("immediate_future")
        self.nearest = context.get("nearest_before")
        self._kinds: dict[str, Any] = {}
        self._split: dict[str, tuple[str, ...]] = {}

    def words(self, window: str) -> tuple[list[str], list[bool]]:
        """The words of ``window`` (apostrophe forms split, "won't"/"'ll" read as "will") and, per word,
        whether only white space separates it from the previous one (phrases need that)."""
        if "'" not in window:  # the common case: one C-level pass
            pairs = _TOKEN_GAP.findall(window)
            glued = [gap.isspace() for gap, _ in pairs]
            if glued:
                glued[0] = False
            return [word for _, word in pairs], glued
        words: list[str] = []
        glued: list[bool] = []
        split = self._split
        after_word = False  # a lone apostrophe is no word, and it parts the words around it
        for gap, tok in _TOKEN_GAP.findall(window):
            parts = split.get(tok)
            if parts is None:
                parts = self.split(tok)
            if not parts:
                after_word = False
                continue
            words.extend(parts)
            glued.append(after_word and gap.isspace())  # a gap between two tokens is never empty
            if len(parts) > 1:
                glued.extend([True] * (len(parts) - 1))
            after_word = True
        return words, glued

    def split(self, tok: str) -> tuple[str, ...]:
        """The words one token stands for ("won't" -> will, "they'll" -> will, they, ll), memoised."""
        low = tok.lower()
        if low in self.apostrophe_words:
            parts: tuple[str, ...] = (self.apostrophe_words[low],)
        else:
            extra = [v for k, v in self.apostrophe_suffixes.items() if low.endswith(k)]
            parts = (*extra, *(p for p in tok.split("'") if p))
        if len(self._split) >= _KINDS_MAX:
            self._split.clear()
        self._split[tok] = parts
        return parts

    def kind(self, word: str) -> int | tuple[list[tuple[tuple[str, ...], int]], int]:
        """What ``word`` (as written: the suffix patterns see its case) says on its own, memoised: 1 future,
        -1 past, 2 clause start, 0 nothing; a word that starts a phrase is (its phrases, that code)."""
        k = self._kinds.get(word)
        if k is not None:
            return k
        lw = word.lower()
        if lw in self.future:
            k = 1  # decides before any phrase the word starts
        else:
            if lw in self.past or (
                self.past_suffix is not None and lw not in self.not_past and self.past_suffix.fullmatch(word)
            ):
                k = -1
            elif self.future_suffix is not None and self.future_suffix.fullmatch(word):
                k = 1
            else:
                k = 2 if lw in self.clause_starts else 0
            phrases = self.phrases.get(lw)
            if phrases:
                k = (phrases, k)
        if len(self._kinds) >= _KINDS_MAX:  # memory stays flat on an open vocabulary
            self._kinds.clear()
        self._kinds[word] = k
        return k

    def cues(self, window: str, first: bool) -> int:
        """+1/-1 for the last (or ``first``) future/past cue among the words of ``window``, 0 for none.

        Walks from the nearer end and stops at the first cue; reading backwards may start inside a phrase,
        but no word that can end a future phrase is a past cue, so the verdict equals a forward walk's.
        A clause start ("that", "dass") ends a backward walk: cues before it belong to another clause.
        A past form right after a ``participle_after`` word ("be", "is") is a participle, no cue.
        """
        words, glued = self.words(window)
        n = len(words)
        kinds = self._kinds
        for i in range(n) if first else range(n - 1, -1, -1):
            w = words[i]
            k = kinds.get(w)
            if k is None:
                k = self.kind(w)
            if not k:
                continue
            if k.__class__ is tuple:
                phrases, k = k
                for rest, sign in phrases:
                    j = len(rest)
                    if i + j < n and all(
                        glued[i + x + 1] and words[i + x + 1].lower() == rest[x] for x in range(j)
                    ):
                        return sign
                if not k:
                    continue
            if k == 2:
                if not first:
                    return 0
                continue
            if k == -1 and i and glued[i] and words[i - 1].lower() in self.participle_after:
                continue  # a participle ("to be completed"): no cue
            return k
        return 0

    def direction(self, text: str, s: int, e: int, weekday: bool = False) -> int:
        """+1/-1 when the nearest tense/plan cue points to the future/past, 0 without a cue: the last cue
        of the sentence before ``text[s:e]``, else the first after it. A weekday right after an
        ``immediate_future`` context ("from Friday") looks forward whatever the tense; a date right after a
        ``nearest_before`` context ("payable Dec. 7", "until March") is never read as past (a past verb
        there reports a deadline: its nearest occurrence)."""
        if weekday and self.immediate is not None and self.immediate.search(text, max(0, s - 16), s):
            return 1
        low = -1  # the lowest verdict: 0 after a deadline word ("payable", "until")
        if not weekday and self.nearest is not None and self.nearest.search(text, max(0, s - 40), s):
            low = 0
        window = text[max(0, s - self.window_before) : s]
        cut = -1
        for b in self.breaks_before:
            k = window.rfind(b)
            if k > cut:
                cut = k
        if cut >= 0:
            window = window[cut + 1 :]
        found = self.cues(window, False)
        if found:
            return max(low, found)
        after = text[e : e + self.window_after]
        stop = self.stop_after.search(after)
        if stop is not None:
            after = after[: stop.start()]
        return max(low, self.cues(after, True))


class Ctx:
    """Per-call state; tiny and built once per ``tag`` call."""

    __slots__ = ("text", "day", "L", "prev", "last_q", "anchor", "anchor_end", "year_ref", "modifier_at")

    def __init__(self, text: str, day: date | None, L: Language) -> None:
        self.text = text
        self.day = day
        self.L = L
        self.prev: Timex | None = None
        self.last_q: tuple[int, int] | None = None
        self.anchor: date | None = None  # last explicit calendar date: the narrative's reference time
        self.anchor_end = 0
        self.year_ref: int | None = None  # year of the last dated expression (narrative_year)
        self.modifier_at: tuple[int, bool] = (-1, False)  # the last answer of "a modifier word before s?"

    def reference(self, s: int) -> date | None:
        """The last explicit date if it is in this or the previous sentence (anaphoric "that day")."""
        if self.anchor is None or not self.near(self.anchor_end, s):
            return None
        return self.anchor

    def near(self, end: int, s: int) -> bool:
        """Whether text ending at ``end`` lies in the sentence of ``s`` or the one before (no paragraph
        break between): how far back an anaphor ("that day", "by then") may look."""
        gap = self.text[end:s]
        return gap.count(". ") + gap.count("? ") + gap.count("! ") <= 1 and "\n\n" not in gap

    def narrative_year(self, direction: int = 0) -> int | None:
        """The year a year-less date takes from the text rather than the DCT ("In 1941 ... on 22 June" is
        1941-06-22): the year of the last dated expression when it lies more than ``[settings]
        narrative_year_gap`` years before the DCT (``narrative_year = true``: 1) and the clause is not in
        the future. None: resolve against the DCT."""
        gap = self.L.settings.get("narrative_year_gap")
        if gap is None and self.L.settings.get("narrative_year"):
            gap = 1
        y = self.year_ref
        if gap is None or y is None or direction > 0 or self.day is None:
            return None
        return y if self.day.year - y > gap else None

    def cx(self, name: str) -> re.Pattern:
        """A named context pattern of the language's rules.toml; one the language does not define
        never matches (a cue the language has no words for)."""
        return self.L.context.get(name, _NEVER)

    def direction(self, s: int, e: int, weekday: bool = False) -> int:
        return self.L.tense.direction(self.text, s, e, weekday)

"""Article extraction from HTML: trafilatura for the body, page metadata for title/date/language/URL.

The HTML is parsed once (trafilatura's lxml loader); metadata is read from that tree, trafilatura
extracts from its own copy, and the extracted text gets the same boilerplate pass as plain text,
because trafilatura keeps "Read also" lists that sit inside the article markup.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.utils import load_html

from transforms.boilerplate import strip_text
from transforms.boilerplate.strip import cues_for, is_cue_line
from transforms.language import language_code

# Chosen on the 181-page article-extraction eval (`boilerplate_eval --sweep` prints the comparison): no
# comments + favor_precision scored best; fast, no_tables, dedup and favor_recall all scored lower.
EXTRACT_SETTINGS: dict[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "favor_precision": True,
    "favor_recall": False,
    "deduplicate": False,
}


@dataclass(frozen=True)
class HtmlDoc:
    """An extracted article: body text after boilerplate removal plus page metadata.

    ``removed`` lists the related-content widgets cut from the markup first (cue heading and its links),
    then the blocks `strip_text` removed from the extracted text, each group in document order.
    ``language`` is the primary subtag (``en``); ``published`` keeps the page's own UTC offset.
    """

    title: str | None
    body: str
    removed: list[str] = field(default_factory=list)
    published: str | None = None
    published_from: str | None = None
    language: str | None = None
    url: str | None = None


_META_DATE_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "article.published",
    "datepublished",
    "published_time",
    "publish-date",
    "publishdate",
    "pubdate",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
    "sailthru.date",
    "parsely-pub-date",
)
_DATE_RE = re.compile(
    r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?\s*$"
)


def normalise_datetime(value: str) -> tuple[str, int] | None:
    """ISO 8601 form of a page date and its precision rank (2 = time with offset, 1 = time, 0 = date).

    Keeps the page's own offset rather than converting to UTC, so the local date of the event survives.
    """
    m = _DATE_RE.match(value or "")
    if not m:
        return _rfc2822(value)
    year, month, day, hour, minute, second, tz = m.groups()
    try:
        datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError:
        return None
    if hour is None:
        return f"{year}-{month}-{day}", 0
    iso = f"{year}-{month}-{day}T{hour}:{minute}:{second or '00'}"
    if tz is None:
        return iso, 1
    if tz == "Z":
        return iso + "+00:00", 2
    tz = tz if ":" in tz else f"{tz[:3]}:{tz[3:]}"
    if not (0 <= int(tz[1:3]) <= 14 and 0 <= int(tz[4:6]) < 60):
        return None
    return iso + tz, 2


def _rfc2822(value: str | None) -> tuple[str, int] | None:
    """Mail-style dates some sites put in meta tags ("Thu, 26 Jun 2025 09:15:00 +0300")."""
    if not value or not re.search(r"\d{1,2}:\d{2}", value):
        return None
    try:
        parsed = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is None:
        return parsed.strftime("%Y-%m-%dT%H:%M:%S"), 1
    return parsed.isoformat(), 2


def _meta_dates(tree: HtmlElement) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key in _META_DATE_KEYS and meta.get("content"):
            found.append((meta.get("content", ""), "html_meta"))
    for elem in tree.xpath('//*[@itemprop="datePublished"][not(self::meta)]'):
        value = elem.get("datetime") or elem.get("content")
        if value:
            found.append((value, "html_meta"))
    return found


def _jsonld_objects(tree: HtmlElement) -> list[dict[str, Any]]:
    objects: list[dict[str, Any]] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                objects.append(item)
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])
    return objects


def _jsonld_dates(objects: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(o["datePublished"], "html_jsonld") for o in objects if isinstance(o.get("datePublished"), str)]


def _time_dates(tree: HtmlElement) -> list[tuple[str, str]]:
    return [(t.get("datetime", ""), "html_time") for t in tree.iter("time") if t.get("datetime")]


def find_published(tree: HtmlElement, objects: list[dict[str, Any]]) -> tuple[str | None, str | None]:
    """Best publication datetime on the page and where it came from.

    Sources in order of trust (meta, JSON-LD, ``<time>``); the most precise value wins (an offset beats a
    bare time beats a bare date), ties go to the more trusted source.
    """
    best: tuple[int, int, str, str] | None = None
    for rank, (value, source) in enumerate(_meta_dates(tree) + _jsonld_dates(objects) + _time_dates(tree)):
        parsed = normalise_datetime(value)
        if parsed is None:
            continue
        key = (parsed[1], -rank, parsed[0], source)
        if best is None or key[:2] > best[:2]:
            best = key
    return (best[2], best[3]) if best else (None, None)


def _meta_content(tree: HtmlElement, *keys: str) -> str | None:
    wanted = set(keys)
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("http-equiv") or "").strip().lower()
        if key in wanted and (meta.get("content") or "").strip():
            return meta.get("content", "").strip()
    return None


def find_language(tree: HtmlElement) -> str | None:
    """Primary language subtag from ``<html lang>``, og:locale or Content-Language (``en-GB`` -> ``en``)."""
    candidates = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    candidates += [_meta_content(tree, "og:locale"), _meta_content(tree, "content-language", "language")]
    for value in candidates:
        code = language_code((value or "").split(",")[0])
        if code is not None:
            return code
    return None


def find_url(tree: HtmlElement, url: str | None) -> str | None:
    """Canonical URL (``<link rel=canonical>``, then og:url), resolved against the fetch URL.

    A relative reference that cannot be resolved (no fetch URL) is skipped rather than returned.
    """
    candidates = [
        (link.get("href") or "").strip()
        for link in tree.iter("link")
        if "canonical" in (link.get("rel") or "").lower().split()
    ]
    candidates.append(_meta_content(tree, "og:url") or "")
    for href in candidates:
        resolved = urljoin(url or "", href) if href else ""
        if urlsplit(resolved).scheme in ("http", "https") and urlsplit(resolved).netloc:
            return resolved
    return url


def find_title(tree: HtmlElement, objects: list[dict[str, Any]]) -> str | None:
    """og:title, JSON-LD headline, first ``<h1>``, then ``<title>``: the site-name-free forms first."""
    og = _meta_content(tree, "og:title", "twitter:title")
    if og:
        return " ".join(og.split())
    for obj in objects:
        if isinstance(obj.get("headline"), str) and obj["headline"].strip():
            return " ".join(obj["headline"].split())
    for tag in ("h1", "title"):
        for elem in tree.iter(tag):
            text = " ".join(elem.text_content().split())
            if text:
                return text
    return None


_CUE_TAGS = frozenset(
    {"h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "span", "strong", "b", "em", "header", "li", "dt"}
)
_LIST_TAGS = frozenset({"ul", "ol", "dl"})
# Text nodes short enough to be a cue line, selected by libxml2 so that paragraphs never reach Python.
_SHORT_TEXT_NODES = etree.XPath(
    "//text()[string-length(normalize-space()) > 2][string-length(normalize-space()) <= 60]"
)
_KEEP_CONTAINERS = frozenset({"html", "body", "article", "main"})
MIN_SENTENCE_WORDS = 6
MIN_ARTICLE_CHARS = 200
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”»)」]*$")


def _text(elem: HtmlElement) -> str:
    return " ".join(elem.text_content().split())


def _link_ratio(elem: HtmlElement) -> float:
    total = len(_text(elem))
    linked = sum(len(" ".join(a.text_content().split())) for a in elem.iter("a"))
    return linked / total if total else 0.0


def prune_related(tree: HtmlElement, language: str | None) -> list[str]:
    """Delete related-content widgets (a cue heading and the link list under it) from the tree.

    Trafilatura often drops the "Read also"/"Mehr zum Thema" heading but keeps the list under it, which
    leaves orphaned headlines the text pass can no longer attribute; cutting them from the markup first
    keeps the cue and its list together. Returns the removed blocks as text, cue first.
    """
    cues = cues_for(language)
    plans: list[list[HtmlElement]] = []
    claimed: set[HtmlElement] = set()
    for node in _SHORT_TEXT_NODES(tree):
        elem = node.getparent()
        if not node.is_text or elem is None or elem.tag not in _CUE_TAGS or elem in claimed:
            continue
        if not is_cue_line(node, cues) or _text(elem) != " ".join(node.split()):
            continue
        text = _text(elem)
        anchor = elem
        while (
            (parent := anchor.getparent()) is not None
            and parent.tag not in _KEEP_CONTAINERS
            and _text(parent) == text
        ):
            anchor = parent
        group = [anchor]
        sibling = anchor.getnext()
        while sibling is not None and (
            sibling.tag in _LIST_TAGS or (len(_text(sibling).split()) <= 30 and _link_ratio(sibling) >= 0.6)
        ):
            group.append(sibling)
            sibling = sibling.getnext()
        parent = anchor.getparent()
        if (
            len(group) == 1
            and parent is not None
            and parent.tag not in _KEEP_CONTAINERS
            and len(_text(parent).split()) <= 150
            and _link_ratio(parent) >= 0.5
        ):
            group = [parent]
        plans.append(group)
        for member in group:
            claimed.update(member.iter())
    removed: list[str] = []
    for group in plans:
        lines = []
        for member in group:
            if member.getparent() is None:
                continue
            items = [_text(c) for c in member.iterchildren()] if member.tag in _LIST_TAGS else [_text(member)]
            lines.extend(i for i in items if i)
            member.drop_tree()
        if lines:
            removed.append("\n".join(lines))
    return removed


def prune_link_lists(tree: HtmlElement) -> list[str]:
    """Delete lists whose every item is one linked headline: related stories without a cue heading.

    Menus have one- or two-word items and content lists carry text around their links, so a list of at
    least two items, each 3-30 words and at least 80% link text, is taken for a headline list.
    """
    removed: list[str] = []
    for lst in list(tree.iter("ul", "ol")):
        if lst.getparent() is None:
            continue
        items = [child for child in lst.iterchildren() if child.tag == "li"]
        if len(items) < 2 or len(items) != len(lst):
            continue
        texts = [_text(item) for item in items]
        if all(
            3 <= len(t.split()) <= 30 and _link_ratio(item) >= 0.8
            for item, t in zip(items, texts, strict=True)
        ):
            removed.append("\n".join(texts))
            lst.drop_tree()
    return removed


def has_article_text(text: str) -> bool:
    """Enough text, or one sentence-like line: navigation leftovers ("Home About") are not an article."""
    return len(text.strip()) >= MIN_ARTICLE_CHARS or any(
        len(line.split()) >= MIN_SENTENCE_WORDS and _SENTENCE_END.search(line.strip())
        for line in text.split("\n")
    )


def extract_body(tree: HtmlElement, url: str | None, settings: dict[str, Any] | None = None) -> str:
    """Trafilatura's plain-text body of a parsed page ('' when it finds no article)."""
    doc = bare_extraction(tree, url=url, **(EXTRACT_SETTINGS if settings is None else settings))
    return (doc.text or "") if doc is not None else ""


def _fallback_date(tree: HtmlElement, url: str | None) -> str | None:
    from htmldate import find_date  # imported lazily: only pages without any date markup need it

    try:
        value = find_date(tree, url=url, original_date=True, extensive_search=False)
    except Exception:  # htmldate raises assorted errors on odd markup; no date is the honest answer
        return None
    parsed = normalise_datetime(value) if value else None
    return parsed[0] if parsed else None


def extract_html(html: str | bytes, url: str | None = None) -> HtmlDoc:
    """Extract the article of one HTML page; ValueError when there is none."""
    tree = load_html(html)
    if tree is None:
        raise ValueError(f"not parseable as HTML: {url or 'page'}")
    objects = _jsonld_objects(tree)
    title = find_title(tree, objects)
    published, published_from = find_published(tree, objects)
    language = find_language(tree)
    canonical = find_url(tree, url)
    pruned = prune_related(tree, language) + prune_link_lists(tree)
    text = extract_body(tree, canonical or url)
    if not has_article_text(text):
        raise ValueError(f"no extractable article text: {url or 'page'}")
    stripped = strip_text(text, language)
    if not has_article_text(stripped.body):
        raise ValueError(f"no extractable article text once boilerplate is removed: {url or 'page'}")
    if published is None:
        published = _fallback_date(tree, canonical or url)
        published_from = "trafilatura" if published else None
    return HtmlDoc(
        title=title,
        body=stripped.body,
        removed=pruned + stripped.removed,
        published=published,
        published_from=published_from,
        language=language,
        url=canonical,
    )

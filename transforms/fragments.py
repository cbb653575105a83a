"""HTML fragments (feed entry content, JSONL text with markup) to plain text lines.

A fragment already is the article: finding the body in a page is trafilatura's job and too costly
(and too eager to discard short texts) here. Block elements become lines and list items keep a
``- `` marker, so the plain-text boilerplate pass sees the same structure as in a ``.txt`` file.
"""

from __future__ import annotations

import re

import lxml.etree
import lxml.html

_BLOCKS = frozenset(
    "p div br li h1 h2 h3 h4 h5 h6 blockquote tr ul ol table figure figcaption section article header footer pre".split()
)
_DROP = ("script", "style", "noscript", "template")
_SPACES = re.compile(r"[ \t\r\f\v\xa0]+")


def fragment_text(html: str) -> str:
    """Visible text of an HTML fragment, one block a line."""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return html
    for element in root.iter(*_DROP):
        element.drop_tree()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag == "li":
            element.text = "- " + (element.text or "")
        if tag in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
            if tag != "br":
                element.text = "\n" + (element.text or "")
    lines = (_SPACES.sub(" ", line).strip() for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)

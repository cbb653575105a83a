"""RFC 9309 matching: groups, longest match, wildcards."""

from __future__ import annotations

import pytest

from transforms.fetch.robots import RobotsRules

UA = "dateline/0.1 (+https://github.com/dateline)"
TEXT = """# house rules for the harbour gazette
User-agent: otherbot
User-agent: DateLine/2.0
Disallow: /archive/          # old stuff
Allow: /archive/2026/
Disallow: /*.pdf$
Disallow: /search?
Disallow: /caf%C3%A9/
Allow: /tie
Disallow: /tie

User-agent: *
Disallow: /
"""


@pytest.mark.parametrize(
    "path, allowed",
    [
        ("/archive/1999/story.html", False),
        ("/archive/2026/ferry.html", True),  # longer Allow beats shorter Disallow
        ("/report.pdf", False),
        ("/report.pdf?download=1", True),  # "$" anchors the end
        ("/docs/a/b/c.pdf", False),
        ("/search?q=tide", False),
        ("/search", True),
        ("/café/menu", False),
        ("/caf%c3%a9/menu", False),
        ("/tie", True),  # equal length: allow wins
        ("/robots.txt", True),
        ("/", True),
    ],
)
def test_our_group(path, allowed):
    rules = RobotsRules.parse(TEXT)
    assert rules.can_fetch(UA, f"https://gazette.example.test{path}") is allowed


def test_star_group_for_others_and_missing_group():
    rules = RobotsRules.parse(TEXT)
    assert rules.can_fetch("somebot/1.0", "https://gazette.example.test/news") is False
    assert rules.can_fetch("otherbot", "https://gazette.example.test/news") is True
    only_named = RobotsRules.parse("User-agent: otherbot\nDisallow: /\n")
    assert only_named.can_fetch(UA, "https://gazette.example.test/news") is True


def test_empty_disallow_allows_everything():
    rules = RobotsRules.parse("User-agent: *\nDisallow:\n")
    assert rules.can_fetch(UA, "https://x.example.test/anything") is True

"""canonical_url: one spelling per resource."""

from __future__ import annotations

import pytest

from transforms.fetch import canonical_url


@pytest.mark.parametrize(
    "url, expected",
    [
        (
            "https://News.Example.COM/2026/11/harbour?utm_source=rss&utm_medium=feed&id=42#comments",
            "https://news.example.com/2026/11/harbour?id=42",
        ),
        ("HTTP://example.com:80/a", "http://example.com/a"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("https://example.com:8443/a", "https://example.com:8443/a"),
        ("http://example.com:443/a", "http://example.com:443/a"),
        ("https://example.com/a?fbclid=abc", "https://example.com/a"),
        ("https://example.com/a?", "https://example.com/a"),
        ("https://example.com", "https://example.com/"),
        (
            "https://example.com/a?b=2&gclid=x&a=1&mc_cid=y&mc_eid=z&ref=home&_ga=1.2&c=",
            "https://example.com/a?b=2&a=1&c=",
        ),
        ("https://example.com/a?UTM_Campaign=x&Page=2", "https://example.com/a?Page=2"),
        ("https://example.com/a?q=caf%C3%A9+bar&utm_term=x", "https://example.com/a?q=caf%C3%A9+bar"),
        ("https://example.com/Path/Case?x=1&&y=2", "https://example.com/Path/Case?x=1&y=2"),
        ("https://user:pw@Example.com:443/a", "https://user:pw@example.com/a"),
        ("http://[2001:DB8::1]:80/feed", "http://[2001:db8::1]/feed"),
        ("  https://example.com/a#  ", "https://example.com/a"),
    ],
)
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected


def test_canonical_url_is_idempotent():
    once = canonical_url("HTTPS://Example.com:443/x?utm_source=a&k=v#f")
    assert canonical_url(once) == once == "https://example.com/x?k=v"

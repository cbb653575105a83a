"""RobotsCache against the loopback server."""

from __future__ import annotations

import pickle

from transforms.fetch import RobotsCache

ROBOTS = b"""User-agent: *
Disallow: /drafts/

User-agent: dateline
Disallow: /private/
Allow: /private/press-releases/
"""


def test_disallow_for_our_agent_and_cache(server, policy):
    server.static("/robots.txt", 200, ROBOTS, {"Content-Type": "text/plain"})
    cache = RobotsCache()
    assert cache.allowed(server.url("/private/budget.html"), policy) is False
    assert cache.allowed(server.url("/private/press-releases/ferry.html"), policy) is True
    assert cache.allowed(server.url("/news/ferry.html"), policy) is True
    assert cache.allowed(server.url("/drafts/x.html"), policy) is True  # our group replaces "*"
    assert server.hits["/robots.txt"] == 1
    assert server.requests[0][1]["user-agent"] == policy.user_agent


def test_other_agents_group_applies_to_other_user_agent(server, policy):
    import dataclasses

    server.static("/robots.txt", 200, ROBOTS)
    other = dataclasses.replace(policy, user_agent="quayside-bot/2.0")
    cache = RobotsCache()
    assert cache.allowed(server.url("/drafts/x.html"), other) is False
    assert cache.allowed(server.url("/private/budget.html"), other) is True


def test_missing_robots_allows(server, policy):
    assert RobotsCache().allowed(server.url("/anything"), policy) is True
    assert server.hits["/robots.txt"] == 1


def test_server_error_allows_and_forbidden_disallows(server, policy, sleeps):
    server.static("/robots.txt", 503, b"")
    assert RobotsCache(sleep=sleeps).allowed(server.url("/a"), policy) is True
    server.static("/robots.txt", 403, b"")
    assert RobotsCache(sleep=sleeps).allowed(server.url("/a"), policy) is False


def test_unreachable_host_allows(policy, sleeps):
    # Nothing resolves under the test resolver: the page fetch will fail on its own later.
    assert RobotsCache(sleep=sleeps).allowed("http://gone.example.test/a", policy) is True


def test_pickled_cache_starts_empty(server, policy):
    server.static("/robots.txt", 200, ROBOTS)
    cache = RobotsCache()
    assert cache.allowed(server.url("/private/x"), policy) is False
    clone = pickle.loads(pickle.dumps(cache))
    assert clone.allowed(server.url("/private/x"), policy) is False
    assert server.hits["/robots.txt"] == 2

"""robots.txt per scheme+host+port, fetched once per RobotsCache instance (that is, per run and worker).

Matching is protego's (RFC 9309: groups by product token, longest match wins, ``*`` and ``$``, equal
length goes to Allow; urllib.robotparser has first-match order and no wildcards). What is ours is when
robots.txt is fetched, how much of it is read, and what a missing or failing one means.
"""

from __future__ import annotations

import dataclasses
import re
import threading
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from protego import Protego

from .charset import decode_bytes
from .client import fetch
from .throttle import HostThrottle
from .types import FetchError, FetchPolicy
from .urls import canonical_url

ROBOTS_MAX_BYTES = 512 * 1024  # what major crawlers read; the rest is ignored
_ALLOW_ALL = "allow_all"
_DISALLOW_ALL = "disallow_all"
# "User-agent: Name/2.0": the group is for the product token "Name" (RFC 9309 names tokens, not versions).
_AGENT_VERSION = re.compile(
    r"^([ \t]*user[ \t-]?agent[ \t]*:[ \t]*[^/#\s]+)/[^#\s]*", re.IGNORECASE | re.MULTILINE
)


def product_token(user_agent: str) -> str:
    """``dateline`` for ``dateline/0.1 (+https://...)``: what robots.txt groups are matched against."""
    return user_agent.split("/", 1)[0].strip().lower()


class RobotsRules:
    """One parsed robots.txt (protego underneath)."""

    def __init__(self, parsed: Protego) -> None:
        self._parsed = parsed

    @classmethod
    def parse(cls, text: str) -> RobotsRules:
        return cls(Protego.parse(_AGENT_VERSION.sub(r"\1", text)))

    def can_fetch(self, user_agent: str, url: str) -> bool:
        """Our group (product token), else ``*``, else everything allowed; /robots.txt itself always."""
        return self._parsed.can_fetch(url, product_token(user_agent))


class RobotsCache:
    """Answers ``allowed(url, policy)``; rules are matched per RFC 9309 (see RobotsRules).

    Outcomes of fetching robots.txt: 2xx -> its rules; 401/403 -> everything disallowed (the site is telling
    crawlers to stay out); other 4xx (404 and friends) -> everything allowed; 5xx, timeouts, refused or
    unreachable hosts -> everything allowed. The last is deliberate: RFC 9309 says to assume "disallow" there,
    but this pipeline reads a few public pages per site, and an outage of robots.txt alone should not drop them.
    A blocked address still fails later, in fetch() of the page itself.
    """

    def __init__(
        self, throttle: HostThrottle | None = None, sleep: Callable[[float], object] = time.sleep
    ) -> None:
        self._throttle = throttle
        self._sleep = sleep
        self._rules: dict[str, RobotsRules | str] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def __getstate__(self) -> dict:
        return {"throttle": self._throttle}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["throttle"])

    def _key_lock(self, key: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(key, threading.Lock())

    def _load(self, robots_url: str, policy: FetchPolicy) -> RobotsRules | str:
        small = dataclasses.replace(
            policy, max_bytes=min(policy.max_bytes, ROBOTS_MAX_BYTES), retries=min(policy.retries, 1)
        )
        try:
            result = fetch(robots_url, small, throttle=self._throttle, sleep=self._sleep)
        except FetchError as exc:
            if exc.kind == "http_status" and exc.status in (401, 403):
                return _DISALLOW_ALL
            return _ALLOW_ALL
        return RobotsRules.parse(decode_bytes(result.body, result.text_encoding))

    def rules_for(self, url: str, policy: FetchPolicy) -> RobotsRules | str:
        parts = urlsplit(canonical_url(url))
        key = f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"
        cached = self._rules.get(key)
        if cached is not None:
            return cached
        with self._key_lock(key):
            cached = self._rules.get(key)
            if cached is None:
                cached = self._load(f"{key}/robots.txt", policy)
                self._rules[key] = cached
        return cached

    def allowed(self, url: str, policy: FetchPolicy) -> bool:
        """Whether ``policy.user_agent`` may fetch ``url``; /robots.txt itself is always allowed."""
        if urlsplit(url).path == "/robots.txt":
            return True
        rules = self.rules_for(url, policy)
        if rules == _ALLOW_ALL:
            return True
        if rules == _DISALLOW_ALL:
            return False
        assert isinstance(rules, RobotsRules)
        return rules.can_fetch(policy.user_agent, url)

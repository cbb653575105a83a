"""robots.txt rules as RFC 9309 reads them: grouped by user agent, longest match wins, ``*`` and ``$`` wildcards.

urllib.robotparser uses first-match order and no wildcards, so ``Disallow: /private/`` followed by
``Allow: /private/press/`` would block the press page that the site meant to open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urlsplit

_SAFE = "/:@!$&'()*+,;=?~-._"


def _normalize(path: str) -> str:
    """Same percent-encoding for rule and URL, so ``/caf%C3%A9`` and ``/café`` compare equal."""
    return quote(unquote(path), safe=_SAFE)


@dataclass(frozen=True)
class Rule:
    allow: bool
    pattern: str
    regex: re.Pattern[str] = field(compare=False, repr=False)

    @classmethod
    def build(cls, allow: bool, raw: str) -> Rule:
        pattern = _normalize(raw)
        anchored = pattern.endswith("$")
        body = pattern[:-1] if anchored else pattern
        regex = ".*".join(re.escape(part) for part in body.split("*")) + ("$" if anchored else "")
        return cls(allow, pattern, re.compile(regex))


@dataclass
class RobotsRules:
    """Parsed robots.txt: rules per lower-cased agent token, ``*`` included."""

    groups: dict[str, list[Rule]] = field(default_factory=dict)

    @classmethod
    def parse(cls, text: str) -> RobotsRules:
        groups: dict[str, list[Rule]] = {}
        agents: list[str] = []
        in_rules = False
        for line in text.splitlines():
            line = line.split("#", 1)[0].strip()
            if ":" not in line:
                continue
            key, value = (part.strip() for part in line.split(":", 1))
            key = key.lower()
            if key in ("user-agent", "useragent"):
                if in_rules:
                    agents, in_rules = [], False
                agent = value.split("/", 1)[0].strip().lower()
                agents.append(agent)
                groups.setdefault(agent, [])
            elif key in ("allow", "disallow"):
                in_rules = True
                if value and agents:
                    rule = Rule.build(key == "allow", value)
                    for agent in agents:
                        groups[agent].append(rule)
        return cls(groups)

    def rules_for(self, user_agent: str) -> list[Rule] | None:
        """Our group (product token before '/'), else the ``*`` group, else None (no applicable group)."""
        token = user_agent.split("/", 1)[0].strip().lower()
        if token in self.groups:
            return self.groups[token]
        return self.groups.get("*")

    def can_fetch(self, user_agent: str, url: str) -> bool:
        parts = urlsplit(url)
        path = _normalize(parts.path or "/") + (f"?{_normalize(parts.query)}" if parts.query else "")
        if path == "/robots.txt":
            return True
        best: Rule | None = None
        for rule in self.rules_for(user_agent) or []:
            if rule.regex.match(path) and (
                best is None
                or len(rule.pattern) > len(best.pattern)
                or (len(rule.pattern) == len(best.pattern) and rule.allow)
            ):
                best = rule
        return best is None or best.allow

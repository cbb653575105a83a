"""Value types shared by the fetch layer: the policy the pipeline builds, the result, the error."""

from __future__ import annotations

from dataclasses import dataclass, field

ERROR_KINDS = frozenset(
    {
        "scheme",
        "blocked_address",
        "dns",
        "connect",
        "timeout",
        "too_large",
        "inflate_too_large",
        "redirects",
        "http_status",
        "protocol",
    }
)


@dataclass(frozen=True)
class FetchPolicy:
    """Limits for one run; frozen and picklable so it can travel to Beam workers unchanged.

    ``total_timeout`` bounds one attempt end to end, so a host that drips a byte just inside
    ``read_timeout`` cannot hold a worker for hours; ``total_budget`` bounds one ``fetch()`` call
    (every attempt, redirect and backoff sleep together).
    """

    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    max_bytes: int = 10 * 2**20
    max_inflated_bytes: int = 50 * 2**20
    max_redirects: int = 5
    user_agent: str = "dateline/0.1 (+https://github.com/dateline)"
    retries: int = 3
    backoff_base: float = 0.5
    backoff_max: float = 30.0
    allow_private_hosts: bool = False
    per_host_concurrency: int = 2
    per_host_delay: float = 1.0
    total_timeout: float = 120.0
    total_budget: float = 300.0


@dataclass(frozen=True)
class FetchResult:
    """A successful (2xx) or not-modified (304) response with its body already size-checked and decoded."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    text_encoding: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    attempts: int = 1


# Kinds decided before any connection is opened: nothing was sent to anyone.
REFUSAL_KINDS = frozenset({"scheme", "blocked_address"})


class FetchError(Exception):
    """A refusal or final failure; the pipeline turns it into a reject row, so it must pickle and print on one line."""

    def __init__(
        self, url: str, reason: str, status: int | None = None, kind: str = "protocol", attempts: int = 0
    ):
        if kind not in ERROR_KINDS:
            raise ValueError(f"unknown FetchError kind {kind!r}")
        self.url = url
        self.reason = " ".join(str(reason).split())
        self.status = status
        self.kind = kind
        self.attempts = attempts
        super().__init__(url, self.reason, status, kind, attempts)

    def __reduce__(self):
        return (type(self), (self.url, self.reason, self.status, self.kind, self.attempts))

    def __str__(self) -> str:
        status = f" {self.status}" if self.status is not None else ""
        if self.kind in REFUSAL_KINDS:
            return f"fetch {self.kind}{status}: {self.reason}; refused before connecting, nothing was sent <{self.url}>"
        tries = f" after {self.attempts} attempts" if self.attempts > 1 else ""
        return f"fetch {self.kind}{status}: {self.reason}{tries} <{self.url}>"

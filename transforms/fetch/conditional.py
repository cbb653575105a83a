"""ETag / Last-Modified per feed URL between runs, as one small JSON document.

Where the document lives is the caller's business: ``load`` and ``save`` take the functions that read
and atomically replace a JSON file (the pipeline passes the store's, which handle local and remote
outputs), so the fetch layer knows nothing about file systems.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

FORMAT_VERSION = 1

ReadJson = Callable[[str], dict | None]  # the document at a path, None when there is none yet
WriteJson = Callable[[str, dict], None]  # replace the document at a path in one step


class ConditionalState:
    """Validators to send next run; thread-safe updates, picklable."""

    def __init__(self, entries: dict[str, dict[str, str | None]] | None = None) -> None:
        self._entries: dict[str, dict[str, str | None]] = dict(entries or {})
        self._lock = threading.Lock()

    def __getstate__(self) -> dict:
        return {"entries": self.snapshot()}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["entries"])

    @classmethod
    def from_json(cls, data: dict | None) -> ConditionalState:
        """The state in a saved document; an empty one for None (first run) or anything unexpected."""
        feeds = data.get("feeds", {}) if isinstance(data, dict) else {}
        return cls(
            {
                str(url): {"etag": v.get("etag"), "last_modified": v.get("last_modified")}
                for url, v in feeds.items()
                if isinstance(v, dict)
            }
        )

    def to_json(self) -> dict:
        return {"version": FORMAT_VERSION, "feeds": dict(sorted(self.snapshot().items()))}

    @classmethod
    def load(cls, path: str, read: ReadJson) -> ConditionalState:
        return cls.from_json(read(path))

    def save(self, path: str, write: WriteJson) -> None:
        write(path, self.to_json())

    def get(self, url: str) -> tuple[str | None, str | None]:
        entry = self._entries.get(url)
        if entry is None:
            return None, None
        return entry.get("etag"), entry.get("last_modified")

    def update(self, url: str, etag: str | None, last_modified: str | None) -> None:
        """Remember validators; both None forgets the URL (a server that stopped sending them)."""
        with self._lock:
            if etag is None and last_modified is None:
                self._entries.pop(url, None)
            else:
                self._entries[url] = {"etag": etag, "last_modified": last_modified}

    def snapshot(self) -> dict[str, dict[str, str | None]]:
        with self._lock:
            return {url: dict(v) for url, v in self._entries.items()}

    def __len__(self) -> int:
        return len(self._entries)

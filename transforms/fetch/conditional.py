"""ETag / Last-Modified per feed URL between runs, in one small JSON file (local path or gs://).

Beam's FileSystems is imported on use, so importing transforms.fetch stays cheap outside a pipeline.
"""

from __future__ import annotations

import json
import threading
import uuid

FORMAT_VERSION = 1


class ConditionalState:
    """Validators to send next run; thread-safe updates, picklable, saved atomically (temp name, then rename)."""

    def __init__(self, entries: dict[str, dict[str, str | None]] | None = None) -> None:
        self._entries: dict[str, dict[str, str | None]] = dict(entries or {})
        self._lock = threading.Lock()

    def __getstate__(self) -> dict:
        return {"entries": self.snapshot()}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["entries"])

    @classmethod
    def load(cls, path: str) -> ConditionalState:
        """The saved state, or an empty one when ``path`` does not exist yet (first run)."""
        from apache_beam.io.filesystem import CompressionTypes
        from apache_beam.io.filesystems import FileSystems

        if not FileSystems.exists(path):
            return cls()
        with FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED) as handle:
            data = json.loads(handle.read().decode("utf-8"))
        feeds = data.get("feeds", {}) if isinstance(data, dict) else {}
        entries = {
            str(url): {"etag": v.get("etag"), "last_modified": v.get("last_modified")}
            for url, v in feeds.items()
            if isinstance(v, dict)
        }
        return cls(entries)

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

    def save(self, path: str) -> None:
        """Write to a unique temp name next to ``path``, then rename over it, so readers never see half a file.

        Locally the rename is os.rename (atomic); on gs:// it is copy+delete, whose copy replaces the target whole.
        """
        from apache_beam.io.filesystem import CompressionTypes
        from apache_beam.io.filesystems import FileSystems

        payload = json.dumps(
            {"version": FORMAT_VERSION, "feeds": dict(sorted(self.snapshot().items()))},
            indent=1,
            ensure_ascii=False,
        ).encode("utf-8")
        temp = f"{path}.tmp-{uuid.uuid4().hex}"
        try:
            with FileSystems.create(
                temp, mime_type="application/json", compression_type=CompressionTypes.UNCOMPRESSED
            ) as out:
                out.write(payload)
            FileSystems.rename([temp], [path])
        except BaseException:
            try:
                if FileSystems.exists(temp):
                    FileSystems.delete([temp])
            except Exception:
                pass
            raise

"""Local runs in batches of input files, so memory stays flat however large the backfill.

Beam's local FnApiRunner holds each collection that crosses a stage boundary in memory, whole, until the
next stage has read it, so a run's peak grows with its input (~17 MiB a MiB of text in-process): a
10,000-document run peaks near 1 GiB and a 100,000-document one would need ten times that.
Managed runners shuffle to disk and need none of this. Locally the launcher lists the input files
(the same listing the pipeline would do) and runs the same graph once per batch of about
``--local-batch-mb`` of input, one after another, into the same output. Later batches find earlier
ones' documents through the incremental dedupe, like a later run would: a document repeated in two
batches is counted ``unchanged`` rather than ``duplicate``, and when the copies differ the later
batch's version replaces the earlier one. The index of documents already written is remembered
between batches (``transforms.store.index.IndexCache``), so a batch reads only the files the previous
one wrote, not all of them again.
"""

from __future__ import annotations

from collections.abc import Sequence

from schemas import Reject, Skip
from transforms.beam.sources import InputSpec, expand_spec

_GLOB_CHARS = frozenset("*?[")


def plan_batches(specs: Sequence[InputSpec], max_bytes: int) -> list[list[InputSpec]]:
    """Input specs split into batches of about ``max_bytes`` of files each, in a stable order.

    URLs and patterns that match nothing (the pipeline rejects those itself) go to the first batch;
    each file becomes a spec of its own path. A file larger than ``max_bytes`` is a batch by itself.
    Returns one batch holding the original specs when there is nothing to split, or a file name holds
    glob characters (a literal path would be read as a pattern).
    """
    first: list[InputSpec] = []
    files: list[tuple[InputSpec, int]] = []
    for spec in specs:
        for item in expand_spec(spec):
            if isinstance(item, Reject | Skip):  # the run accounts for it again, with the same input_ref
                if item.input_ref == spec.pattern:
                    first.append(spec)
                else:
                    files.append((InputSpec(spec.kind, item.input_ref), 0))
            elif item.kind == "feed_url":
                first.append(spec)
            else:
                files.append((InputSpec(spec.kind, item.ref), max(item.size, 0)))
    if any(_GLOB_CHARS & set(s.pattern) for s, _ in files):
        return [list(specs)]
    batches: list[list[InputSpec]] = [first]
    size = 0
    for spec, nbytes in files:
        if batches[-1] and size + nbytes > max_bytes:
            batches.append([])
            size = 0
        batches[-1].append(spec)
        size += nbytes
    return [b for b in batches if b] or [list(specs)]

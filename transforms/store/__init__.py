"""The output store: three Delta Lake tables with one commit per run, and a plain Parquet view of them.

Beam-free: workers write data files (:mod:`.files`), one process commits them (:mod:`.commit`), readers
open the last committed state (:mod:`.snapshot`). ``docs/storage.md`` says why it is built this way.
"""

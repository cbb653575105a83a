"""Beam's coders for our record types: the Beam layer's side of ``schemas``.

The records are plain ``typing.NamedTuple`` classes so the core (readers, extraction, tagging, storage)
imports without Apache Beam. Registering them with ``RowCoder`` (compact, schema-aware, deterministic
as a grouping key) is Beam's business, done here when the Beam layer (``transforms.beam``) is imported.
"""

from __future__ import annotations

import apache_beam as beam

from schemas import TABLES, RawDoc, Skip

RECORDS = (RawDoc, Skip, *(table.record for table in TABLES))

for _record in RECORDS:
    beam.coders.registry.register_coder(_record, beam.coders.RowCoder)

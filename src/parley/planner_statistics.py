"""The statistics SQLite's query planner chooses indexes by, kept up to date.

SQLite analyses nothing by itself: with no `sqlite_stat1` table its planner guesses, and
for the document page, person pages and comment feeds it guessed a scan of every approved
comment on the site (issue 23: one ANALYZE made those pages 5 to 10 times faster); for the
duplicate check of a new comment it walked every comment of the discussion. So `parley
migrate` analyses the database after migrating (`parley.apps`, on the `post_migrate`
signal), and `parley clock` once a day.

A full ANALYZE reads every index: 0.07 to 0.9 s for 150,000 comments (a 60 MB database)
on a shared 2-core machine, while writers wait (readers do not, in WAL mode). A sampled
one (`PRAGMA analysis_limit`) took 0.02 s but guessed 501 comments per discussion where
there were 50,000 and 100,000, which is the figure the planner needs right; so it is
full, and daily rather than hourly (docs/performance.md).

PostgreSQL's autovacuum analyses its tables itself: there, this does nothing.
"""

from django.db import DEFAULT_DB_ALIAS, connections


def refresh(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Analyse an SQLite database's tables and indexes; False, doing nothing, on any
    other database."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA analysis_limit = 0")  # every row: see above
        cursor.execute("ANALYZE")
    return True

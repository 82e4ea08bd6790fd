"""Full-text search over comments: an FTS5 table on SQLite, a GIN index on PostgreSQL.

Each database gets only its own; the other is skipped (see parley.insights.search)."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

FTS_TABLE = "insights_comment_fts"
PG_INDEX = "insights_comment_body_search"


def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} "
            "USING fts5(body, tokenize = 'porter unicode61 remove_diacritics 2')"
        )
        # Comments already posted on consultations: guidance and clause discussions.
        schema_editor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, body) "  # noqa: S608 constant names  # nosec B608
            "SELECT c.id, c.body_markdown FROM discussions_comment c "
            "JOIN discussions_discussion d ON d.id = c.discussion_id "
            "WHERE d.kind IN ('guidance', 'clause') AND c.status = 'approved' "
            "AND c.deleted_at IS NULL"
        )
    elif vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON discussions_comment USING GIN "
            "(to_tsvector('english'::regconfig, COALESCE(body_markdown, '')))"
        )


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    elif vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0001_campaigns_themes_placements"),
        ("discussions", "0005_idempotency_key"),
    ]

    operations = [migrations.RunPython(create, drop)]

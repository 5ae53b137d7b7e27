"""PostgreSQL search indexes: Norwegian full text and trigrams. Nothing on SQLite."""

from django.db import migrations

FTS_INDEX = "group_search_fts"
TRGM_INDEX = "group_search_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {FTS_INDEX} ON groups_selfhelpgroup "
        "USING gin (to_tsvector('norwegian'::regconfig, COALESCE(search_document, '')))"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TRGM_INDEX} ON groups_selfhelpgroup USING gin (search_document gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {FTS_INDEX}")
    schema_editor.execute(f"DROP INDEX IF EXISTS {TRGM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("groups", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]

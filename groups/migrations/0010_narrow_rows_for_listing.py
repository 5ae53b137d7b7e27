"""PostgreSQL only: keep the group table's rows narrow, and give the directory an index it can
list from without reading the table.

Profiled at 100,000 groups, the directory's queries read the whole table (321 MB) to sort and
count a few columns: a row carried its description, search document and search vector inline
(about 2 kB of the 3.2 kB). Stored out of line (TOAST) from a row size of 512 bytes, the table is
a quarter of that, and those columns are read only where used. The partial covering index holds
every column the listing filters and sorts on, so PostgreSQL can answer from the index alone
(an index-only scan) once autovacuum has marked the pages visible.
"""

from django.db import migrations

FORWARD = [
    "ALTER TABLE groups_selfhelpgroup ALTER COLUMN description SET STORAGE EXTERNAL, "
    "ALTER COLUMN search_document SET STORAGE EXTERNAL, ALTER COLUMN search_vector SET STORAGE EXTERNAL",
    "ALTER TABLE groups_selfhelpgroup SET (toast_tuple_target = 512)",
    "CREATE INDEX IF NOT EXISTS group_listing ON groups_selfhelpgroup (status) "
    "INCLUDE (id, attendance, municipality_id, weekday, start_time, audience, name) WHERE live",
]
BACKWARD = [
    "DROP INDEX IF EXISTS group_listing",
    "ALTER TABLE groups_selfhelpgroup RESET (toast_tuple_target)",
    "ALTER TABLE groups_selfhelpgroup ALTER COLUMN description SET STORAGE EXTENDED, "
    "ALTER COLUMN search_document SET STORAGE EXTENDED, ALTER COLUMN search_vector SET STORAGE EXTENDED",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)
        # Rows already stored keep their layout until rewritten; new and updated rows follow the
        # new one. (`VACUUM FULL groups_selfhelpgroup` rewrites them all at once, outside a
        # transaction, if a large table should shrink at once.)

    return run


class Migration(migrations.Migration):
    dependencies = [("groups", "0009_search_documents_without_theme_search_words")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False)]

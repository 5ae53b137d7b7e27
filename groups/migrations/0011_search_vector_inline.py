"""PostgreSQL only: keep each group's search vector in its row, not out of line.

Profiled at 100,000 groups ("sorg", 13,914 matches; EXPLAIN ANALYZE): of the 220 ms the result
query took, about 110 ms went to fetching every match's vector back from the TOAST table for
ts_rank, one index look-up per row, where migration 0010 had moved it with the description and the
search document. Ranked from the row itself the same query takes 150 ms, and 82 ms once the match
is tested on the row (`search_vector @@ query`) instead of through a list of ids from the GIN index
(groups.search._text_condition). Storage MAIN keeps a vector in the row (compressed when the row is
long) and moves it out only when the row could not fit a page otherwise; the description and the
search document, read only on a group's page and for upkeep, stay out of line.

Existing vectors are rewritten so they move back into their rows: a full pass over the table
(about 25 s at 100,000 groups, seconds at Norway's few thousand).
"""

from django.db import migrations

FORWARD = [
    "ALTER TABLE groups_selfhelpgroup ALTER COLUMN search_vector SET STORAGE MAIN",
    "UPDATE groups_selfhelpgroup SET search_vector = to_tsvector('norwegian'::regconfig, search_document)",
]
BACKWARD = ["ALTER TABLE groups_selfhelpgroup ALTER COLUMN search_vector SET STORAGE EXTERNAL"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("groups", "0010_narrow_rows_for_listing")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False)]

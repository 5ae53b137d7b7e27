"""The directory page now lives in home (home/migrations/0003): only Django's state forgets it
here; the table and the pages are home's."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("directory", "0002_theme_permissions_for_editors"),
        ("home", "0003_directory_page_moves_here"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="DirectoryPage")],
            database_operations=[],
        ),
    ]

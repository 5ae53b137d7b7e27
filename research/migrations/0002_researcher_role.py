"""The researcher role as a Django group. Researchers have no admin permissions: they work on
Min side, where research.scope decides what they see. The name is written out rather than
imported, so this migration keeps meaning what it meant if the constant is renamed."""

from django.db import migrations

RESEARCHER = "Forsker"


def create_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=RESEARCHER)


def remove_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=RESEARCHER).delete()


class Migration(migrations.Migration):
    dependencies = [("research", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_role, remove_role)]

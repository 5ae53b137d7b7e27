"""Documents are now words only, with æ/ø/å words also folded (pårørende → parorende)."""

from django.db import migrations


def rebuild(apps, schema_editor):
    from groups.search import build_document

    SelfHelpGroup = apps.get_model("groups", "SelfHelpGroup")
    groups = SelfHelpGroup.objects.select_related("municipality__county").prefetch_related("themes")
    for group in groups.iterator(chunk_size=500):
        SelfHelpGroup.objects.filter(pk=group.pk).update(search_document=build_document(group))
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "UPDATE groups_selfhelpgroup SET search_vector = to_tsvector('norwegian'::regconfig, search_document)"
        )


class Migration(migrations.Migration):
    dependencies = [("groups", "0005_search_vector")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]

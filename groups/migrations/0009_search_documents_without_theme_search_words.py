"""Rebuild every group's search document: theme search words are no longer written into it
(groups.search matches them through the group's themes, so an edited word takes effect at
once). The documents are made from the historical models, with the same function."""

from django.db import migrations


def rebuild(apps, schema_editor):
    from groups.search import build_document, index_vectors

    SelfHelpGroup = apps.get_model("groups", "SelfHelpGroup")
    for group in SelfHelpGroup.objects.select_related("municipality__county").prefetch_related("themes"):
        document = build_document(group)
        if document != group.search_document:
            changed = SelfHelpGroup.objects.filter(pk=group.pk)
            changed.update(search_document=document)
            index_vectors(changed)


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0008_contact_requests_counted_by_the_limiter"),
        ("directory", "0005_fill_parallel_names_and_search_words"),
    ]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]

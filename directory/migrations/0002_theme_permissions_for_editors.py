"""Editors own the themes: Wagtail's Editors and Moderators may add, change and delete them."""

from django.db import migrations


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    theme_type, _ = ContentType.objects.get_or_create(app_label="directory", model="theme")
    permissions = [
        Permission.objects.get_or_create(
            content_type=theme_type, codename=f"{action}_theme", defaults={"name": f"Can {action} theme"}
        )[0]
        for action in ("add", "change", "delete")
    ]
    for name in ("Editors", "Moderators"):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0001_initial"),
        ("wagtailcore", "0094_alter_page_locale"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

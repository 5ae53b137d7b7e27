"""Regional coordinators and national administrators decide facilitator applications.

Names are written out (see 0003_roles) so this keeps meaning what it meant."""

from django.db import migrations

STAFF_ROLES = ["Regional koordinator", "Nasjonal administrator"]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="facilitators", model="facilitatorapplication")
    change, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="change_facilitatorapplication",
        defaults={"name": "Can change facilitator application"},
    )
    for role in Group.objects.filter(name__in=STAFF_ROLES):
        role.permissions.add(change)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permission = Permission.objects.filter(
        content_type__app_label="facilitators", codename="change_facilitatorapplication"
    ).first()
    if permission is not None:
        for role in Group.objects.filter(name__in=STAFF_ROLES):
            role.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("facilitators", "0004_facilitator_application"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

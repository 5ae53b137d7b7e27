"""National administrators manage accounts in Settings → Users (with the counties and
municipalities people work in). Only superusers can make superusers (facilitators/viewsets/users.py).

The start-up overview and the record are opened through permission policies built on
facilitators.scope (facilitators/viewsets/policies.py), so they need no Django permissions.

Names are written out (see 0003_roles) so this keeps meaning what it meant."""

from django.db import migrations

NATIONAL_ADMINISTRATOR = "Nasjonal administrator"
USER_PERMISSIONS = [
    ("add_user", "Can add user"),
    ("change_user", "Can change user"),
    ("view_user", "Can view user"),
]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    user_type, _ = ContentType.objects.get_or_create(app_label="facilitators", model="user")
    permissions = [
        Permission.objects.get_or_create(content_type=user_type, codename=codename, defaults={"name": name})[0]
        for codename, name in USER_PERMISSIONS
    ]
    for role in Group.objects.filter(name=NATIONAL_ADMINISTRATOR):
        role.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="facilitators", codename__in=[codename for codename, _ in USER_PERMISSIONS]
    )
    for role in Group.objects.filter(name=NATIONAL_ADMINISTRATOR):
        role.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("facilitators", "0008_use_county_approval"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

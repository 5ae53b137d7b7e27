"""The four roles as Django groups.

Regional coordinators and national administrators work in the Wagtail admin: they may open
it, edit and publish self-help groups, and approve groups in the moderation workflow.
Facilitators and group contacts get no permissions here: they use "Min side".

The names are written out rather than imported from facilitators.roles, so this migration
keeps meaning what it meant if a constant is renamed later.
"""

from django.db import migrations

FACILITATOR = "Igangsetter"
GROUP_CONTACT = "Kontaktperson"
REGIONAL_COORDINATOR = "Regional koordinator"
NATIONAL_ADMINISTRATOR = "Nasjonal administrator"
STAFF_ROLES = [REGIONAL_COORDINATOR, NATIONAL_ADMINISTRATOR]
ALL_ROLES = [FACILITATOR, GROUP_CONTACT, *STAFF_ROLES]

APPROVAL_TASK_NAME = "Koordinator godkjenner"  # groups/migrations/0003_group_moderation_workflow.py
GROUP_PERMISSIONS = [
    ("add_selfhelpgroup", "Can add self-help group"),
    ("change_selfhelpgroup", "Can change self-help group"),
    ("delete_selfhelpgroup", "Can delete self-help group"),
    ("publish_selfhelpgroup", "Can publish self-help group"),
    ("lock_selfhelpgroup", "Can lock self-help group"),
    ("unlock_selfhelpgroup", "Can unlock self-help group"),
]


def create_roles(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    group_type, _ = ContentType.objects.get_or_create(app_label="groups", model="selfhelpgroup")
    group_permissions = [
        Permission.objects.get_or_create(content_type=group_type, codename=codename, defaults={"name": name})[0]
        for codename, name in GROUP_PERMISSIONS
    ]

    roles = {name: Group.objects.get_or_create(name=name)[0] for name in ALL_ROLES}
    staff = [roles[name] for name in STAFF_ROLES]
    for role in staff:
        role.permissions.add(access_admin, *group_permissions)

    task = GroupApprovalTask.objects.filter(name=APPROVAL_TASK_NAME).first()
    if task is not None:
        task.groups.add(*staff)


def remove_roles(apps, schema_editor):
    # Deleting the groups also removes their permissions, memberships and task assignments.
    apps.get_model("auth", "Group").objects.filter(name__in=ALL_ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("facilitators", "0002_login_attempt"),
        ("groups", "0003_group_moderation_workflow"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0094_alter_page_locale"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]

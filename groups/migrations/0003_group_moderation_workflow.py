"""A new group is published only after approval: a one-step workflow for the group snippet.

Editors may draft and submit groups; Moderators approve (publish) them. The roles of the
facilitators issue refine who belongs to which.
"""

from django.db import migrations

WORKFLOW_NAME = "Godkjenning av selvhjelpsgruppe"
TASK_NAME = "Koordinator godkjenner"


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    group_type, _ = ContentType.objects.get_or_create(app_label="groups", model="selfhelpgroup")
    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    editors, _ = Group.objects.get_or_create(name="Editors")

    def permission(codename, name):
        perm, _ = Permission.objects.get_or_create(
            content_type=group_type, codename=codename, defaults={"name": name}
        )
        return perm

    add = permission("add_selfhelpgroup", "Can add self-help group")
    change = permission("change_selfhelpgroup", "Can change self-help group")
    delete = permission("delete_selfhelpgroup", "Can delete self-help group")
    publish = permission("publish_selfhelpgroup", "Can publish self-help group")
    lock = permission("lock_selfhelpgroup", "Can lock self-help group")
    unlock = permission("unlock_selfhelpgroup", "Can unlock self-help group")
    editors.permissions.add(add, change, lock)
    moderators.permissions.add(add, change, delete, publish, lock, unlock)

    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
        task.groups.set([moderators])
    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if created:
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowContentType.objects.update_or_create(content_type=group_type, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0002_postgres_search"),
        ("wagtailcore", "0094_alter_page_locale"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_workflow, migrations.RunPython.noop)]

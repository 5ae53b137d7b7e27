"""New groups are approved by the coordinators of their county: the group workflow's task
becomes a CountyApprovalTask for the coordinator and administrator roles, replacing the
all-moderators task of groups/migrations/0003."""

from django.db import migrations

WORKFLOW_NAME = "Godkjenning av selvhjelpsgruppe"
OLD_TASK_NAME = "Koordinator godkjenner"
NEW_TASK_NAME = "Koordinator for fylket godkjenner"
STAFF_ROLES = ["Regional koordinator", "Nasjonal administrator"]


def use_county_task(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Task = apps.get_model("wagtailcore", "Task")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    CountyApprovalTask = apps.get_model("facilitators", "CountyApprovalTask")

    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        return
    task_type, _ = ContentType.objects.get_or_create(app_label="facilitators", model="countyapprovaltask")
    task = CountyApprovalTask.objects.filter(name=NEW_TASK_NAME).first()
    if task is None:
        task = CountyApprovalTask.objects.create(name=NEW_TASK_NAME, content_type=task_type, active=True)
    task.groups.set(Group.objects.filter(name__in=STAFF_ROLES))
    WorkflowTask.objects.filter(workflow=workflow).delete()
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    Task.objects.filter(name=OLD_TASK_NAME).update(active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("facilitators", "0007_county_approval_task"),
        ("groups", "0003_group_moderation_workflow"),
    ]

    operations = [migrations.RunPython(use_county_task, migrations.RunPython.noop)]

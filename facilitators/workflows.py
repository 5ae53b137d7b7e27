"""What an approval publishes: the version the reviewer saw (WAGTAIL_FINISH_WORKFLOW_ACTION).

Wagtail's default publishes the latest revision. A facilitator may change a draft group on
Min side after sending it for approval, and that revision is the latest: approving from the
dashboard or the listing would publish a change nobody reviewed, and record it as approved.

What the reviewer saw:

- From the editor, Wagtail first saves the editor's form as a new revision by the reviewer,
  then approves: the latest revision, theirs, made after the task started, is what they saw.
- From the dashboard or the listing, nothing is saved: they reviewed the revision the task
  was started on (the one sent, whose preview the dashboard shows), or a draft they saved
  themselves since, if nobody saved one after it.

So: the latest revision if it is the task's own or was made by the deciding person after the
task started; otherwise the task's revision. A later change stays a draft revision ("live +
draft" in the admin), and the start-up overview flags the group as changed since approved.

Imported by wagtail.models while it loads: import nothing from models at module level."""


def reviewed_revision(task_state, obj, user):
    """The revision `user` reviewed when deciding `task_state` of `obj`."""
    latest = obj.get_latest_revision()
    if task_state is None or task_state.revision_id is None:
        return latest
    if latest is None or latest.pk == task_state.revision_id:
        return task_state.revision
    made_by_decider = user is not None and latest.user_id == user.pk
    if made_by_decider and latest.created_at >= task_state.started_at:
        return latest
    return task_state.revision


def publish_reviewed_revision(workflow_state, user=None):
    """Finish a successful workflow by publishing what was reviewed (see the module doc)."""
    obj = workflow_state.content_object
    revision = reviewed_revision(workflow_state.current_task_state, obj, user)
    revision.publish(user=user)
